#include "engine/sqlaction.h"

#include "core/secretmask.h"
#include "core/sqlsession.h"
#include "core/tableformat.h"
#include "engine/outputtail.h"

SqlAction::SqlAction(NodeTarget target, SqlActionOptions options)
    : m_target(std::move(target))
    , m_options(std::move(options))
{
}

void SqlAction::cancel()
{
    m_cancel.cancel();
}

QStringList SqlAction::formatResult(const SqlResultSet& result, int maxRows, const QStringList& masked)
{
    QStringList lines;
    if (!result.hasRows()) {
        if (!result.command.isEmpty())
            lines << result.command;
        return lines;
    }
    lines << result.columns.join(QStringLiteral(" | "));
    const int shown = std::min<qsizetype>(maxRows, result.rows.size());
    for (int i = 0; i < shown; ++i) {
        QStringList row = result.rows[i];
        for (qsizetype c = 0; c < row.size() && !masked.isEmpty(); ++c)
            if (masked.contains(result.columns.value(c)))
                row[c] = QString::fromUtf16(kSecretMask);
        lines << row.join(QStringLiteral(" | "));
    }
    lines << TableFormat::rowCountLine(result.rowCount, shown);
    return lines;
}

namespace {

// Why a check's result fails it; empty when it passes.
QString checkFailure(SqlExpectation expect, const std::optional<SqlResultSet>& last)
{
    if (expect == SqlExpectation::NoRows) {
        if (!last || !last->hasRows())
            return QStringLiteral("check failed: its query returned no result set (a check's SQL must end with a query)");
        if (last->rowCount > 0)
            return QStringLiteral("check failed: %1 row%2 found (shown above), none expected")
                .arg(last->rowCount)
                .arg(last->rowCount == 1 ? "" : "s");
        return QString();
    }
    if (expect == SqlExpectation::True) {
        if (!last || !last->hasRows() || last->rowCount == 0)
            return QStringLiteral("check failed: its query returned no row; true expected");
        const QString value = last->value();
        if (value != QLatin1String("t") && value != QLatin1String("true"))
            return QStringLiteral("check failed: returned %1; true expected").arg(value.isEmpty() ? QStringLiteral("NULL") : value);
    }
    return QString();
}

// The values `capture` takes from the first row of `last`; nullopt (with `error`) when it cannot.
std::optional<QMap<QString, QString>> captureFirstRow(const StepCapture& capture, const std::optional<SqlResultSet>& last, QString* error)
{
    if (!last || !last->hasRows() || last->rows.isEmpty()) {
        *error = QStringLiteral("capture: the step's last query returned no row to capture from");
        return std::nullopt;
    }
    QMap<QString, QString> values;
    const QStringList wanted = capture.all ? last->columns + capture.secret : capture.declared();
    for (const QString& name : wanted) {
        const qsizetype column = last->columns.indexOf(name);
        if (column < 0) {
            *error = QStringLiteral("capture: the result has no column '%1' (columns: %2)").arg(name, last->columns.join(QStringLiteral(", ")));
            return std::nullopt;
        }
        values.insert(name, last->value(0, int(column)));
    }
    return values;
}

} // namespace

StepResult SqlAction::run(const ActionContext& context)
{
    OutputTail tail;
    const auto emitLine = [&](const QString& line) {
        tail.append(line);
        context.output(line);
    };
    StepResult result;
    SqlSession session;
    session.setMaxRows(std::max(m_options.maxRowsShown, m_options.keepRows > 0 ? m_options.keepRows + 1 : 0));
    session.setNoticeHandler(emitLine);
    CancelToken::Scope interrupt(m_cancel, [&session] { session.cancel(); });

    const auto finish = [&](StepOutcome outcome, const SqlError* error) {
        result.outcome = outcome;
        if (error) {
            result.sqlstate = error->sqlstate;
            // A cancel the server never confirmed says so: the statement may still be running.
            result.error = outcome == StepOutcome::Cancelled && !error->mayHaveCommitted ? QStringLiteral("cancelled") : error->describe();
            if (outcome != StepOutcome::Cancelled) {
                emitLine(QStringLiteral("ERROR: ") + error->describe());
                if (!error->detail.isEmpty())
                    for (const QString& l : error->detail.split(QLatin1Char('\n')))
                        emitLine(l);
            }
        }
        result.output = tail.text();
        return result;
    };

    qint64 affected = 0;
    bool anyAffected = false;
    std::optional<SqlResultSet> last; // the last result set, for a check
    int next = 0; // first statement still to run
    int attempt = 0;
    for (;;) {
        std::optional<SqlError> failure;
        if (!session.isConnected()) {
            if (!session.connect(m_target.conninfo, m_options.connectTimeoutSeconds))
                failure = session.lastError();
            else if (!session.setTimeouts(m_options.statementTimeoutMs, m_options.lockTimeoutMs))
                failure = session.lastError();
            else if (!session.prepare(m_options.sessionSql))
                failure = session.lastError();
        }
        if (!failure && m_options.singleTransaction && !session.exec(QStringLiteral("BEGIN")))
            failure = session.lastError();
        while (!failure && next < m_options.statements.size()) {
            const auto sets = session.exec(m_options.statements[next]);
            if (!sets) {
                failure = session.lastError();
                break;
            }
            if (!sets->isEmpty())
                last = sets->last();
            for (const SqlResultSet& set : *sets) {
                for (const QString& line : formatResult(set, m_options.maxRowsShown, m_options.capture.secret))
                    emitLine(line);
                // A SELECT's tag counts rows too, but "affected" means rows written.
                if (set.affectedRows >= 0 && !set.hasRows()) {
                    affected += set.affectedRows;
                    anyAffected = true;
                }
            }
            ++next;
        }
        bool commitSent = false;
        if (!failure && m_options.singleTransaction) {
            commitSent = true;
            if (!session.exec(QStringLiteral("COMMIT")))
                failure = session.lastError();
        }
        if (!failure) {
            result.affectedRows = anyAffected ? affected : -1;
            if (const QString why = checkFailure(m_options.expect, last); !why.isEmpty()) {
                emitLine(why);
                result.error = why;
                return finish(StepOutcome::Failed, nullptr);
            }
            if (!m_options.firstValueAs.isEmpty() && last && last->hasRows() && !last->rows.isEmpty())
                result.captured.insert(m_options.firstValueAs, last->value());
            if (m_options.keepRows > 0 && last && last->hasRows()) {
                if (last->rowCount > m_options.keepRows) {
                    result.error = QStringLiteral("the query returned %1 rows, more than the %2 a loop takes").arg(last->rowCount).arg(m_options.keepRows);
                    emitLine(result.error);
                    return finish(StepOutcome::Failed, nullptr);
                }
                for (const QStringList& row : last->rows) {
                    QMap<QString, QString> values;
                    for (qsizetype c = 0; c < last->columns.size() && c < row.size(); ++c)
                        values.insert(last->columns[c], row[c]);
                    result.rows.append(values);
                }
            }
            if (!m_options.capture.isEmpty()) {
                QString why;
                const auto values = captureFirstRow(m_options.capture, last, &why);
                if (!values) {
                    emitLine(why);
                    result.error = why;
                    return finish(StepOutcome::Failed, nullptr);
                }
                result.captured = *values;
                result.secretCaptures = m_options.capture.secret;
            }
            return finish(StepOutcome::Succeeded, nullptr);
        }
        if (failure->cancelled || m_cancel.isCancelled())
            return finish(StepOutcome::Cancelled, &*failure);
        // Lost mid-statement: unless nothing of it can have committed (a transaction not yet told to
        // commit) or running it again is harmless, only the operator can tell what happened.
        const bool uncommitted = m_options.singleTransaction && !commitSent;
        if (failure->mayHaveCommitted && !failure->timedOut && !uncommitted && !m_options.idempotent) {
            failure->message = QStringLiteral("connection lost while %1 ran, so it may have committed: check, then resume or "
                                              "roll back (%2)")
                                   .arg(commitSent ? QStringLiteral("COMMIT") : QStringLiteral("statement %1").arg(next + 1), failure->message);
            return finish(StepOutcome::Failed, &*failure);
        }
        if (!failure->isTransient() || attempt >= m_options.retries)
            return finish(failure->timedOut ? StepOutcome::TimedOut : StepOutcome::Failed, &*failure);

        ++attempt;
        if (m_options.singleTransaction) {
            // Nothing of the transaction survived: start it over (and reset the count with it).
            if (session.isConnected())
                session.exec(QStringLiteral("ROLLBACK"));
            next = 0;
            affected = 0;
            anyAffected = false;
        } else if (m_options.retryFromStart) {
            next = 0;
        }
        if (failure->connectionFailure)
            session.close();
        context.progress(attempt, m_options.retries,
            QStringLiteral("attempt %1/%2 after %3").arg(attempt + 1).arg(m_options.retries + 1).arg(failure->shortReason()));
        emitLine(
            QStringLiteral("retry %1/%2 in %3 ms after %4%5")
                .arg(attempt)
                .arg(m_options.retries)
                .arg(m_options.retryDelayMs)
                .arg(failure->describe(),
                    m_options.singleTransaction || m_options.retryFromStart || next == 0 ? QString()
                                                             : QStringLiteral(" (from statement %1)").arg(next + 1)));
        if (!m_cancel.pause(m_options.retryDelayMs)) {
            SqlError cancelled { QStringLiteral("cancelled"), {}, {}, false, true, false };
            return finish(StepOutcome::Cancelled, &cancelled);
        }
    }
}
