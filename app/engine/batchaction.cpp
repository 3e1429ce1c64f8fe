#include "engine/batchaction.h"

#include "core/sqlsession.h"
#include "engine/outputtail.h"

#include <QElapsedTimer>

BatchAction::BatchAction(NodeTarget target, BatchActionOptions options)
    : m_target(std::move(target))
    , m_options(std::move(options))
{
}

void BatchAction::cancel()
{
    m_cancel.cancel();
}

StepResult BatchAction::run(const ActionContext& context)
{
    OutputTail tail;
    const auto emitLine = [&](const QString& line) {
        tail.append(line);
        context.output(line);
    };
    StepResult result;
    qint64 total = 0;
    const auto finish = [&](StepOutcome outcome, const SqlError* error, const QString& message = QString()) {
        result.outcome = outcome;
        result.affectedRows = total;
        if (error) {
            result.sqlstate = error->sqlstate;
            result.error = message.isEmpty() ? error->describe() : message;
        } else
            result.error = message;
        if (!result.error.isEmpty() && outcome != StepOutcome::Cancelled)
            emitLine(QStringLiteral("ERROR: ") + result.error);
        result.output = tail.text();
        return result;
    };

    SqlSession session;
    session.setMaxRows(1);
    session.setNoticeHandler(emitLine);
    CancelToken::Scope interrupt(m_cancel, [&session] { session.cancel(); });
    QElapsedTimer clock;
    clock.start();

    int iteration = 0;
    int attempt = 0; // retries of the current chunk
    for (;;) {
        if (m_cancel.isCancelled())
            return finish(StepOutcome::Cancelled, nullptr, QStringLiteral("cancelled"));
        std::optional<SqlError> failure;
        if (!session.isConnected()) {
            if (!session.connect(m_target.conninfo, m_options.connectTimeoutSeconds))
                failure = session.lastError();
            else if (!session.setTimeouts(m_options.statementTimeoutMs, m_options.lockTimeoutMs))
                failure = session.lastError();
            else if (!session.prepare(m_options.sessionSql))
                failure = session.lastError();
        }
        qint64 rows = -1;
        if (!failure) {
            if (iteration >= m_options.maxIterations)
                return finish(StepOutcome::Failed, nullptr,
                    QStringLiteral("stopped after max_iterations (%1) with rows still affected; %2 rows so far")
                        .arg(m_options.maxIterations)
                        .arg(total));
            if (const auto sets = session.exec(m_options.sql)) {
                rows = sets->isEmpty() ? -1 : sets->last().affectedRows;
                if (rows < 0)
                    return finish(StepOutcome::Failed, nullptr,
                        QStringLiteral(
                            "the batch statement reports no row count (use INSERT, UPDATE, DELETE or SELECT)"));
            } else
                failure = session.lastError();
        }
        if (failure) {
            if (failure->cancelled || m_cancel.isCancelled())
                return finish(StepOutcome::Cancelled, &*failure, QStringLiteral("cancelled"));
            if (!failure->isTransient() || attempt >= m_options.retries)
                return finish(StepOutcome::Failed, &*failure,
                    QStringLiteral("chunk %1 failed: %2").arg(iteration + 1).arg(failure->describe()));
            ++attempt;
            if (failure->connectionFailure)
                session.close();
            context.progress(attempt, m_options.retries,
                QStringLiteral("chunk %1: attempt %2/%3 after %4").arg(iteration + 1).arg(attempt + 1).arg(m_options.retries + 1).arg(failure->shortReason()));
            emitLine(QStringLiteral("retry %1/%2 of chunk %3 in %4 ms after %5")
                         .arg(attempt)
                         .arg(m_options.retries)
                         .arg(iteration + 1)
                         .arg(m_options.retryDelayMs)
                         .arg(failure->describe()));
            if (!m_cancel.pause(m_options.retryDelayMs))
                return finish(StepOutcome::Cancelled, nullptr, QStringLiteral("cancelled"));
            continue;
        }
        attempt = 0;
        ++iteration;
        total += rows;
        emitLine(QStringLiteral("chunk %1: %2 rows (%3 so far)").arg(iteration).arg(rows).arg(total));

        bool reported = false;
        if (!m_options.progressSql.isEmpty()) {
            if (const auto sets = session.exec(m_options.progressSql);
                sets && !sets->isEmpty() && sets->last().hasRows()) {
                const qint64 done = sets->last().value(0, 0).toLongLong();
                const qint64 all = sets->last().value(0, 1).toLongLong();
                QString text = QStringLiteral("%1/%2").arg(done).arg(all);
                if (!m_options.progressLabel.isEmpty())
                    text += QLatin1Char(' ') + m_options.progressLabel;
                context.progress(done, all, text);
                reported = true;
            } else if (!sets && (session.lastError().cancelled || m_cancel.isCancelled())) {
                return finish(StepOutcome::Cancelled, nullptr, QStringLiteral("cancelled"));
            } else if (!sets && !session.lastError().connectionFailure) {
                return finish(StepOutcome::Failed, &session.lastError(),
                    QStringLiteral("progress query failed: ") + session.lastError().describe());
            }
        }
        if (!reported)
            context.progress(total, 0,
                QStringLiteral("%1 %2").arg(total).arg(
                    m_options.progressLabel.isEmpty() ? QStringLiteral("rows so far") : m_options.progressLabel));

        if (rows == 0) {
            emitLine(QStringLiteral("done: %1 rows in %2 chunks, %3 s")
                         .arg(total)
                         .arg(iteration)
                         .arg(QString::number(clock.elapsed() / 1000.0, 'f', 1)));
            return finish(StepOutcome::Succeeded, nullptr);
        }
        if (m_options.pauseMs > 0 && !m_cancel.pause(m_options.pauseMs))
            return finish(StepOutcome::Cancelled, nullptr, QStringLiteral("cancelled"));
    }
}
