#pragma once
// One step of a runbook (or a step's inline rollback): what it runs, where, and its budgets.

#include "runbook/duration.h"
#include "runbook/sourcelocation.h"

#include <QHash>
#include <QMap>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>

enum class StepKind { Sql, Shell, Wait, Manual, Switch, Batch };
// A `check:` is a sql step whose result decides: rows that describe problems (none expected), or
// one boolean that must be true.
enum class CheckExpectation { None, NoRows, True };
enum class DowntimeMarker { None, WritesBegin, WritesEnd, ReadsBegin, ReadsEnd };

QString stepKindName(StepKind kind); // "sql", "shell", ...
QString downtimeMarkerName(DowntimeMarker marker); // "writes-begin", ...; empty for None

// `wait:` polls SQL or a shell command until it is true (first column true / exit status 0).
struct WaitCondition {
    bool usesSql = true;
    QString command; // the SQL or the shell command
    Duration every { 1000 };
    std::optional<Duration> timeout;
    QString progress; // SQL returning (done, total) or one text column; may be empty
};

// `switch:` repoints an endpoint at a node (runbook name).
struct SwitchTarget {
    QString endpoint;
    QString to;
    // Only in the inverse a hosts switch recorded: each host name back to the address it had
    // (names may have pointed at different nodes before the switch moved them together).
    QMap<QString, QString> restoreAddresses;
};

// `batch:` repeats SQL until it affects 0 rows.
struct BatchSpec {
    QString sql;
    Duration pause;
    QString progress; // SQL returning (done, total); may be empty
    std::optional<int> maxIterations;
};

// `capture:` values a step hands to later steps as {{ steps.ID.NAME }}: columns of the first row of
// a sql step's result (all of them, or those named), or the lines NAME=value a shell step prints.
// A secret capture (`capture_secret:`) is masked in the output, the journal and plans.
struct StepCapture {
    bool all = false; // sql: every column of the first row
    QStringList names;
    QStringList secret;

    bool isEmpty() const { return !all && names.isEmpty() && secret.isEmpty(); }
    bool captures(const QString& name) const { return all || names.contains(name) || secret.contains(name); }
    bool isSecret(const QString& name) const { return secret.contains(name); }
    QStringList declared() const { return names + secret; }
};

struct Step {
    QString id; // empty for a rollback
    QString title;
    StepKind kind = StepKind::Manual;
    // `when:` a template that renders to true or false (yes/no, on/off, 1/0, empty); when false
    // the step is skipped, journaled as such with the reason, and has nothing to undo.
    QString when;
    // `when: {sql: ..., on: NODE}`: the step runs when the query's first column of its first row is
    // true (no row or NULL: skipped). `on` defaults to the step's first node.
    QString whenSql;
    QString whenOn;
    // `for_each: {sql: ..., on: NODE}`: the step runs once per row of the query (asked once, when
    // the step starts), with the row's columns as {{ item.COLUMN }} and {{ loop.index }} (1-based),
    // {{ loop.count }}. `on` defaults to the step's first node. Sql and shell steps only.
    QString forEachSql;
    QString forEachOn;
    bool isLoop() const { return !forEachSql.isEmpty(); }

    QStringList sql; // Sql: statements run in order
    CheckExpectation check = CheckExpectation::None; // Sql written as `check:`
    QString shell; // Shell: the command
    QString manual; // Manual: what the operator must do
    WaitCondition wait;
    SwitchTarget switchTo;
    BatchSpec batch;
    StepCapture capture;

    // Runbook node names the step runs on: one or more for sql, exactly one for shell, wait and
    // batch (written inside wait:/batch: or on the step), none for manual and switch.
    QStringList on;

    std::optional<Duration> expected;
    std::optional<Duration> timeout;
    int retries = 0;
    Duration retryDelay { 1000 };
    // `retry_from: start` (sql steps): a retry runs every statement again, not only the failed one
    // and those after it (e.g. a first statement cleans up what a failed attempt left).
    bool retryFromStart = false;
    // sql: running a statement again does no harm, so one whose connection broke while it ran
    // (and so may have committed) may be retried too.
    bool idempotent = false;
    std::optional<Duration> lockTimeout;
    std::optional<Duration> statementTimeout;
    // From `defaults:`: shell text run before the command of a shell step or a wait's shell
    // command (`shell_prelude`), and settings made for the session before a step's SQL runs
    // (`session`: name, value).
    QString shellPrelude;
    QList<std::pair<QString, QString>> session;

    std::shared_ptr<const Step> rollback;
    // `on_failure: rollback`: when this step fails, the run rolls back at once, as with
    // --rollback-on-failure (e.g. a check inside a write freeze must not leave clients refused).
    bool rollbackOnFailure = false;
    bool pointOfNoReturn = false;
    // A manual step that is a go/no-go decision: passing it freezes the evidence on screen into the journal.
    bool decision = false;
    DowntimeMarker downtime = DowntimeMarker::None;

    SourceLocation location; // the step's map
    // Location of each value by key path: "id", "on", "on[1]", "sql", "sql[0]", "wait.sql",
    // "switch.to", "rollback", ...; keyLocations likewise for the keys.
    QHash<QString, SourceLocation> locations;
    QHash<QString, SourceLocation> keyLocations;

    // `command` (the shell or a wait's shell) with the shell prelude before it.
    QString withShellPrelude(const QString& command) const
    {
        return shellPrelude.isEmpty() ? command : shellPrelude + QLatin1Char('\n') + command;
    }
    bool isRollback() const { return id.isEmpty(); }
    bool runsSql() const
    {
        return kind == StepKind::Sql || kind == StepKind::Batch || (kind == StepKind::Wait && wait.usesSql);
    }
    // Location of the value at `path`, else of its key, else of the step.
    SourceLocation locationOf(const QString& path) const
    {
        if (const auto found = locations.constFind(path); found != locations.constEnd())
            return *found;
        if (const auto found = keyLocations.constFind(path); found != keyLocations.constEnd())
            return *found;
        return location;
    }
};
