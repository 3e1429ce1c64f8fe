#include "engine/waitaction.h"

#include "core/sqlsession.h"
#include "engine/outputtail.h"
#include "engine/shellprocess.h"

#include <QElapsedTimer>

WaitAction::WaitAction(NodeTarget target, WaitActionOptions options)
    : m_target(std::move(target))
    , m_options(std::move(options))
{
}

void WaitAction::cancel()
{
    m_cancel.cancel();
}

bool WaitAction::isNotYet(const SqlError& error)
{
    // What a wait is often waiting for: a server coming back, or an object a replica has not
    // replayed yet. Anything else (a typo, a permission) will not fix itself: fail at once.
    static const QStringList notYet { QStringLiteral("42P01"), QStringLiteral("42703"), QStringLiteral("3F000"),
        QStringLiteral("57P03"), QStringLiteral("3D000") };
    return error.connectionFailure || notYet.contains(error.sqlstate);
}

bool WaitAction::isTrue(const QString& value)
{
    const QString v = value.trimmed().toLower();
    return v == QLatin1String("t") || v == QLatin1String("true");
}

StepResult WaitAction::run(const ActionContext& context)
{
    OutputTail tail;
    const auto emitLine = [&](const QString& line) {
        tail.append(line);
        context.output(line);
    };
    StepResult result;
    const auto finish = [&](StepOutcome outcome, const QString& error, const QString& sqlstate = QString()) {
        result.outcome = outcome;
        result.error = error;
        result.sqlstate = sqlstate;
        if (!error.isEmpty() && outcome != StepOutcome::Cancelled)
            emitLine(error);
        result.output = tail.text();
        return result;
    };
    if (m_options.sql.isEmpty() && m_options.shell.isEmpty())
        return finish(StepOutcome::Failed, QStringLiteral("a wait needs sql or shell"));

    const QDeadlineTimer deadline
        = m_options.timeoutMs > 0 ? QDeadlineTimer(m_options.timeoutMs) : QDeadlineTimer(QDeadlineTimer::Forever);
    SqlSession session;
    session.setMaxRows(1);
    session.setNoticeHandler(emitLine);
    ShellProcess process(m_target);
    process.setMultiplex(m_options.multiplex);
    process.setEnvironment(m_options.shellEnvironment);
    QStringList pollLines; // the last shell poll's output, shown when the wait ends badly
    process.setLineHandler([&](const QString& line, bool fromStderr) {
        pollLines << (fromStderr ? QStringLiteral("! ") : QString()) + line;
    });
    CancelToken::Scope interrupt(m_cancel, [&] {
        session.cancel();
        process.cancel();
    });

    QElapsedTimer clock;
    clock.start();
    const auto timedOutMessage = [&](const QString& last) {
        return QStringLiteral("condition not met within %1 s%2")
            .arg(QString::number(m_options.timeoutMs / 1000.0, 'g', 4),
                last.isEmpty() ? QString() : QStringLiteral(" (last: %1)").arg(last));
    };
    const auto ensureConnected = [&]() -> std::optional<SqlError> {
        if (session.isConnected())
            return std::nullopt;
        if (session.connect(m_target.conninfo, m_options.connectTimeoutSeconds, deadline)
            && session.prepare(m_options.sessionSql))
            return std::nullopt;
        return session.lastError();
    };

    QString last; // what the last poll saw, for the messages
    int polls = 0;
    for (;;) {
        if (m_cancel.isCancelled())
            return finish(StepOutcome::Cancelled, QStringLiteral("cancelled"));
        ++polls;
        bool met = false;
        QString seen;
        std::optional<SqlError> sqlError;
        if (!m_options.sql.isEmpty()) {
            sqlError = ensureConnected();
            if (!sqlError) {
                if (const auto v = session.scalar(m_options.sql, deadline)) {
                    met = isTrue(*v);
                    seen = v->isEmpty() ? QStringLiteral("no row") : *v;
                } else
                    sqlError = session.lastError();
            }
        } else {
            pollLines.clear();
            const ShellRunResult r = process.run(m_options.shell, deadline);
            if (r.outcome == StepOutcome::Cancelled)
                return finish(StepOutcome::Cancelled, QStringLiteral("cancelled"));
            if (r.outcome == StepOutcome::TimedOut)
                return finish(StepOutcome::TimedOut, timedOutMessage(last));
            met = r.outcome == StepOutcome::Succeeded;
            seen = met ? QStringLiteral("exit code 0") : r.error;
        }
        if (sqlError) {
            if (sqlError->cancelled || m_cancel.isCancelled())
                return finish(StepOutcome::Cancelled, QStringLiteral("cancelled"));
            if (sqlError->timedOut || deadline.hasExpired())
                return finish(StepOutcome::TimedOut, timedOutMessage(last.isEmpty() ? sqlError->describe() : last),
                    sqlError->sqlstate);
            if (!isNotYet(*sqlError))
                return finish(StepOutcome::Failed, QStringLiteral("wait query failed: ") + sqlError->describe(),
                    sqlError->sqlstate);
            if (sqlError->connectionFailure)
                session.close();
            seen = sqlError->describe();
        }
        if (seen != last)
            emitLine(QStringLiteral("poll %1 after %2 s: %3")
                         .arg(polls)
                         .arg(QString::number(clock.elapsed() / 1000.0, 'f', 1), seen));
        last = seen;

        if (!m_options.progressSql.isEmpty() && !ensureConnected()) {
            if (const auto sets = session.exec(m_options.progressSql, deadline);
                sets && !sets->isEmpty() && sets->last().hasRows()) {
                // (done, total) figures, or one column of text to show as it is.
                const bool figures = sets->last().columns.size() >= 2;
                const qint64 done = figures ? sets->last().value(0, 0).toLongLong() : 0;
                const qint64 total = figures ? sets->last().value(0, 1).toLongLong() : 0;
                QString text = figures ? QStringLiteral("%1/%2").arg(done).arg(total) : sets->last().value(0, 0);
                if (!m_options.progressLabel.isEmpty())
                    text += QLatin1Char(' ') + m_options.progressLabel;
                context.progress(done, total, text);
            } else if (!sets && !isNotYet(session.lastError()) && !session.lastError().cancelled
                && !session.lastError().timedOut) {
                return finish(StepOutcome::Failed,
                    QStringLiteral("progress query failed: ") + session.lastError().describe(),
                    session.lastError().sqlstate);
            }
        }
        if (met) {
            emitLine(QStringLiteral("condition met after %1 poll%2 in %3 s")
                         .arg(polls)
                         .arg(polls == 1 ? "" : "s")
                         .arg(QString::number(clock.elapsed() / 1000.0, 'f', 1)));
            result.outcome = StepOutcome::Succeeded;
            result.output = tail.text();
            return result;
        }
        if (deadline.hasExpired()) {
            for (const QString& l : std::as_const(pollLines))
                emitLine(l);
            return finish(StepOutcome::TimedOut, timedOutMessage(last));
        }
        if (!m_cancel.pause(m_options.intervalMs, deadline))
            return finish(StepOutcome::Cancelled, QStringLiteral("cancelled"));
        if (deadline.hasExpired()) {
            for (const QString& l : std::as_const(pollLines))
                emitLine(l);
            return finish(StepOutcome::TimedOut, timedOutMessage(last));
        }
    }
}
