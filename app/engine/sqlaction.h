#pragma once
// A sql step on one node: runs its statements over a fresh asynchronous connection, streams
// notices and the first rows of each result to the output, retries transient failures, and stops
// within milliseconds on cancel() (flag + PQcancel).

#include "core/sqlresultset.h"
#include "engine/action.h"
#include "engine/canceltoken.h"
#include "engine/target.h"
#include "runbook/step.h"

#include <QStringList>

// What a step's last result must be for it to succeed (a runbook `check:`).
enum class SqlExpectation { Anything, NoRows, True };

struct SqlActionOptions {
    QStringList statements; // each sent as one query; one may hold several statements
    int statementTimeoutMs = 0; // SET statement_timeout before running; 0: leave the server's
    int lockTimeoutMs = 0; // SET lock_timeout before running; 0: leave the server's
    // Retried only on lock_not_available (55P03), deadlock_detected (40P01),
    // serialization_failure (40001) or a connection failure; each retry is said in the output. A
    // connection lost while a statement ran is retried only when nothing of it can have committed
    // (inside single_transaction, before COMMIT) or the step is declared idempotent; otherwise the
    // step fails with "may have committed: check".
    int retries = 0;
    int retryDelayMs = 1000;
    bool singleTransaction = false; // BEGIN ... COMMIT around all statements; a retry restarts them all
    bool retryFromStart = false; // a retry runs every statement again, not from the failed one
    bool idempotent = false; // `idempotent: true`: running a statement twice does no harm
    int connectTimeoutSeconds = 10; // default; a connect_timeout in the conninfo wins
    int maxRowsShown = 20; // rows of each result set written to the output
    QStringList sessionSql; // run on each new connection before the statements (`session:` settings)
    SqlExpectation expect = SqlExpectation::Anything; // checked on the last statement's last result
    // Columns of the first row of the last result that has rows; secret ones are masked in the output.
    StepCapture capture;
    // Not empty: the first value of the last result's first row goes to result.captured under this
    // key (nothing when there is no row), e.g. to decide a `when:` query.
    QString firstValueAs;
    // > 0: the rows of the last result that has rows (column -> value, at most this many) go to
    // result.rows, e.g. the rows of a `for_each:` query; more rows than that fail the action.
    int keepRows = 0;
};

class SqlAction : public Action {
public:
    SqlAction(NodeTarget target, SqlActionOptions options);
    StepResult run(const ActionContext& context) override;
    void cancel() override;

    // "col | col" lines for a result set, bounded, with a "(N rows)" footer; the command tag for
    // statements without rows. Shared with the other SQL-based actions.
    // Columns named in `masked` show ******** instead of their values.
    static QStringList formatResult(const SqlResultSet& result, int maxRows, const QStringList& masked = {});

private:
    NodeTarget m_target;
    SqlActionOptions m_options;
    CancelToken m_cancel;
};
