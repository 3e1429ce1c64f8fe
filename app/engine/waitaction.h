#pragma once
// A wait step: polls a condition until it holds — SQL whose first column of the first row is
// true ("t"/"true"), or a shell command that exits 0 — with optional (done, total) progress from a
// second query, and its own timeout (outcome TimedOut). Cancellable between and during polls.
// A connection failure, an unreachable host or a missing table/column/schema counts as "not yet"
// (waiting for a server to come back or a replica to replay DDL is a use); any other SQL error in
// the queries fails the step at once.

#include "core/sqlerror.h"
#include "engine/action.h"
#include "engine/canceltoken.h"
#include "engine/target.h"

#include <QMap>

struct WaitActionOptions {
    QString sql; // the condition, on the target node
    QString shell; // used when sql is empty: the condition holds when it exits 0
    QMap<QString, QString> shellEnvironment; // secrets the shell condition reads from its environment
    QString progressSql; // optional: one row (done, total), on the target node
    QString progressLabel; // shown after "12/40", e.g. "tables synchronised"
    int intervalMs = 1000;
    int timeoutMs = 0; // 0: wait for ever (a StepWorker timeout may still apply)
    int connectTimeoutSeconds = 10;
    bool multiplex = true; // for shell conditions over SSH
    QStringList sessionSql; // run on each new connection (`session:` settings)
};

class WaitAction : public Action {
public:
    WaitAction(NodeTarget target, WaitActionOptions options);
    StepResult run(const ActionContext& context) override;
    void cancel() override;

    static bool isTrue(const QString& value);
    // Errors that mean "not yet" rather than "never": the connection failed, or the object the
    // condition reads (table, column, schema, database) does not exist yet on this server.
    static bool isNotYet(const SqlError& error);

private:
    NodeTarget m_target;
    WaitActionOptions m_options;
    CancelToken m_cancel;
};
