#pragma once
// A shell step: `/bin/sh -c COMMAND` on the node's host (locally, as run_as when we are root, or
// over SSH), with stdout and stderr streamed line by line. Standard error lines are prefixed with
// "! " in the output (ssh's own messages included), so both streams read in their real order.

#include "engine/action.h"
#include "engine/canceltoken.h"
#include "engine/target.h"
#include "runbook/step.h"

#include <QMap>

struct ShellActionOptions {
    QString command;
    bool multiplex = true; // reuse an SSH ControlMaster (ignored locally)
    QMap<QString, QString> environment; // secrets the command reads from its environment
    // Lines NAME=value of standard output for the names declared (the last one counts); a secret
    // one is shown as NAME=********. A name never printed fails the step.
    StepCapture capture;
};

class ShellAction : public Action {
public:
    ShellAction(NodeTarget target, ShellActionOptions options);
    StepResult run(const ActionContext& context) override;
    void cancel() override;

    static constexpr const char* kStderrPrefix = "! ";

private:
    NodeTarget m_target;
    ShellActionOptions m_options;
    CancelToken m_cancel;
};
