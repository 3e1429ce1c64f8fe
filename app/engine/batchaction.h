#pragma once
// A batch step: runs one chunk of SQL (e.g. a DELETE or UPDATE of the next 1000 rows) again and
// again until a run affects 0 rows, with progress from an optional (done, total) query or else the
// cumulative row count, an optional pause between chunks, and a max_iterations guard. Each chunk
// commits on its own; transient failures (as for SqlAction) retry the chunk.

#include "engine/action.h"
#include "engine/canceltoken.h"
#include "engine/target.h"

struct BatchActionOptions {
    QString sql; // one chunk; its row count (command tag) decides when to stop
    QString progressSql; // optional: one row (done, total)
    QString progressLabel; // shown after the figures, e.g. "rows backfilled"
    int pauseMs = 0; // between chunks, to let replicas and vacuum keep up
    int maxIterations = 100000; // more chunks than this fails the step
    int statementTimeoutMs = 0;
    int lockTimeoutMs = 0;
    int retries = 0; // per chunk, on 55P03/40P01/40001 or a connection failure
    int retryDelayMs = 1000;
    int connectTimeoutSeconds = 10;
    QStringList sessionSql; // run on each new connection (`session:` settings)
};

class BatchAction : public Action {
public:
    BatchAction(NodeTarget target, BatchActionOptions options);
    // Progress without a progress query reports (rows so far, 0): total 0 means unknown.
    StepResult run(const ActionContext& context) override;
    void cancel() override;

private:
    NodeTarget m_target;
    BatchActionOptions m_options;
    CancelToken m_cancel;
};
