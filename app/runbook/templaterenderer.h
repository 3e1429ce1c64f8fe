#pragma once
// Fills `{{ path | filter }}` placeholders of runbook values from an inventory, the runbook's vars,
// the run and the values earlier steps captured, quoting each value for where it goes:
//   Shell: every value becomes one single-quoted word unless its last filter is raw or shell;
//   Sql:   a value needs a last filter of ident, literal or raw (quoting is never guessed);
//   Text:  titles and manual instructions, inserted as they are.
// Execution mode gives the real values; Display mode masks secrets and shows values not known yet
// (e.g. run.id in a plan) as <path>. A shell command line is visible to every user of its host
// (/proc/*/cmdline), so in Execution mode secrets never go into one: a conninfo goes in without its
// password, which goes to the command's environment as PGPASSWORD; a secret var becomes a reference
// to an environment variable ("$RBC_SECRET_1") holding its value.

#include "runbook/capturedvalues.h"
#include "runbook/inventory.h"
#include "runbook/runbook.h"
#include "runbook/runinfo.h"
#include "runbook/templatetext.h"

struct RenderResult {
    QString text;
    QList<TemplateError> errors;
    // Shell, Execution mode: variables the command needs in its environment (secrets).
    QMap<QString, QString> environment;
    bool ok() const { return errors.isEmpty(); }
};

class TemplateRenderer {
public:
    enum class Mode { Execution, Display };

    // Without an inventory only what the runbook alone decides is checked and rendered; without
    // captured values, {{ steps.ID.NAME }} is checked against the runbook only (not known yet).
    explicit TemplateRenderer(const Runbook& runbook, const Inventory* inventory = nullptr, const RunInfo* run = nullptr,
        const CapturedValues* captures = nullptr);

    // Every problem of the template for this target: syntax, filters, undefined paths; with an
    // inventory also values the inventory lacks.
    QList<TemplateError> check(const QString& text, TemplateTarget target) const;
    RenderResult render(const QString& text, TemplateTarget target, Mode mode) const;

    // Quoting used by the filters; nullopt (with `error` set) for values that cannot be quoted.
    static std::optional<QString> quoteIdentifier(const QString& value, QString* error = nullptr);
    static std::optional<QString> quoteLiteral(const QString& value, QString* error = nullptr);
    static std::optional<QString> quoteShellWord(const QString& value, QString* error = nullptr);
    // Var names holding password, secret or token are masked in Display mode.
    static bool isSecretVar(const QString& name);

private:
    struct Lookup {
        bool ok = false;
        bool known = false; // value available (else Display shows <path>)
        bool secret = false;
        QString value;
        QString error;
    };
    Lookup lookup(const TemplatePlaceholder& placeholder, bool checking) const;
    RenderResult process(const QString& text, TemplateTarget target, Mode mode, bool checkOnly) const;

    const Runbook& m_runbook;
    const Inventory* m_inventory;
    const RunInfo* m_run;
    const CapturedValues* m_captures;
};
