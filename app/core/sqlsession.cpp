#include "core/sqlsession.h"

#include "core/conninfo.h"
#include "core/secretmask.h"

#include <QElapsedTimer>
#include <QRegularExpression>
#include <QUrl>
#include <algorithm>
#include <libpq-fe.h>
#include <poll.h>
#include <thread>

namespace {
constexpr int kSliceMs = 20;

// Waits up to timeoutMs for the socket; poll() rather than select() so high descriptors work too.
int waitSocket(int fd, bool forWrite, int timeoutMs)
{
    pollfd p { fd, short(forWrite ? POLLOUT : POLLIN), 0 };
    const int rc = ::poll(&p, 1, timeoutMs);
    if (rc < 0)
        return errno == EINTR ? 0 : -1;
    return rc;
}

int sliceUntil(const QDeadlineTimer& deadline)
{
    if (deadline.isForever())
        return kSliceMs;
    return int(std::clamp<qint64>(deadline.remainingTime(), 0, kSliceMs));
}

QString libpqMessage(PGconn* conn)
{
    // libpq's messages are multi-line ("...failed: Connection refused\n\tIs the server running...").
    QString m = QString::fromUtf8(PQerrorMessage(conn)).trimmed();
    m.replace(QRegularExpression(QStringLiteral("\\s*\\n\\s*")), QStringLiteral(" "));
    return m;
}

QString field(const PGresult* r, int code)
{
    const char* v = PQresultErrorField(r, code);
    return v ? QString::fromUtf8(v).trimmed() : QString();
}

bool isConnectionState(const QString& sqlstate)
{
    return sqlstate.startsWith(QLatin1String("08")) || sqlstate == QLatin1String("57P01")
        || sqlstate == QLatin1String("57P02") || sqlstate == QLatin1String("57P03");
}
} // namespace

SqlSession::SqlSession() = default;

SqlSession::~SqlSession()
{
    close();
}

QString SqlSession::maskSecrets(const QString& text, const QString& conninfo)
{
    if (text.isEmpty() || conninfo.isEmpty())
        return text;
    // What libpq itself understands, plus a lenient scan for a conninfo it cannot parse (whose
    // fragments its error messages may quote).
    QStringList secrets = passwordsInConninfo(conninfo);
    if (const auto params = Conninfo::parse(conninfo); params && !params->value(QStringLiteral("password")).isEmpty())
        secrets << params->value(QStringLiteral("password"));
    return ::maskSecrets(text, secrets);
}

bool SqlSession::fail(SqlError error)
{
    error.message = maskSecrets(error.message, m_conninfo);
    error.detail = maskSecrets(error.detail, m_conninfo);
    m_error = std::move(error);
    return false;
}

bool SqlSession::connect(const QString& conninfo, int defaultConnectTimeoutSeconds, QDeadlineTimer deadline)
{
    close();
    m_conninfo = conninfo;
    m_error = {};
    if (isCancelled())
        return fail({ QStringLiteral("cancelled"), {}, {}, false, true, false });

    const QByteArray info = conninfo.toUtf8();
    const QByteArray timeout = QByteArray::number(defaultConnectTimeoutSeconds);
    // With expand_dbname a conninfo in dbname is expanded in place, and later keywords override
    // earlier ones: our defaults go first so the node's conninfo wins.
    const char* keywords[] = { "application_name", "connect_timeout", "dbname", nullptr };
    const char* values[] = { "runbook-console", timeout.constData(), info.constData(), nullptr };
    m_conn = PQconnectStartParams(keywords, values, 1);
    if (!m_conn)
        return fail({ QStringLiteral("out of memory starting a connection"), {}, {}, true, false, false });
    if (PQstatus(m_conn) == CONNECTION_BAD) {
        SqlError e { libpqMessage(m_conn), {}, {}, true, false, false };
        freeConnection();
        return fail(e);
    }
    // connect_timeout as libpq would apply it (minimum 2 s), but for the whole attempt.
    int seconds = defaultConnectTimeoutSeconds;
    if (PQconninfoOption* opts = PQconninfo(m_conn)) {
        for (PQconninfoOption* o = opts; o->keyword; ++o)
            if (o->val && qstrcmp(o->keyword, "connect_timeout") == 0)
                seconds = QByteArray(o->val).toInt();
        PQconninfoFree(opts);
    }
    QDeadlineTimer connectDeadline = deadline;
    if (seconds > 0) {
        const QDeadlineTimer own(qint64(std::max(seconds, 2)) * 1000);
        if (own < connectDeadline)
            connectDeadline = own;
    }

    PostgresPollingStatusType poll = PGRES_POLLING_WRITING;
    while (poll != PGRES_POLLING_OK) {
        if (poll == PGRES_POLLING_FAILED) {
            SqlError e { libpqMessage(m_conn), {}, {}, true, false, false };
            freeConnection();
            return fail(e);
        }
        const int fd = PQsocket(m_conn); // may change between hosts of a multi-host conninfo
        int ready = 0;
        while (ready == 0) {
            if (isCancelled()) {
                freeConnection();
                return fail({ QStringLiteral("cancelled while connecting"), {}, {}, false, true, false });
            }
            if (connectDeadline.hasExpired()) {
                freeConnection();
                const bool own = connectDeadline != deadline;
                return fail(
                    { own ? QStringLiteral("could not connect within %1 s (connect_timeout)").arg(std::max(seconds, 2))
                          : QStringLiteral("timed out while connecting"),
                        {}, {}, true, false, !own });
            }
            ready = fd < 0 ? 1 : waitSocket(fd, poll == PGRES_POLLING_WRITING, sliceUntil(connectDeadline));
            if (ready < 0)
                ready = 1; // let PQconnectPoll report the socket's error
        }
        poll = PQconnectPoll(m_conn);
    }
    PQsetNoticeReceiver(m_conn, &SqlSession::noticeReceiver, this);
    {
        std::shared_ptr<pg_cancel> handle(PQgetCancel(m_conn), [](pg_cancel* c) {
            if (c)
                PQfreeCancel(c);
        });
        std::lock_guard lock(m_cancelMutex);
        m_cancelHandle = std::move(handle);
    }
    m_cancelSent = false;
    return true;
}

bool SqlSession::isConnected() const
{
    return m_conn && PQstatus(m_conn) == CONNECTION_OK;
}

int SqlSession::serverVersion() const
{
    return m_conn ? PQserverVersion(m_conn) : 0;
}

void SqlSession::freeConnection()
{
    {
        std::lock_guard lock(m_cancelMutex);
        m_cancelHandle.reset(); // a cancel request still in flight keeps its own reference
    }
    if (m_conn) {
        PQfinish(m_conn);
        m_conn = nullptr;
    }
}

void SqlSession::close()
{
    freeConnection();
}

void SqlSession::cancel()
{
    // A second cancel means: stop waiting for the server now.
    if (m_cancelled.exchange(true, std::memory_order_acq_rel))
        m_escalated.store(true, std::memory_order_release);
    sendCancel();
}

bool SqlSession::sendCancel()
{
    std::shared_ptr<pg_cancel> handle;
    {
        std::lock_guard lock(m_cancelMutex);
        handle = m_cancelHandle;
    }
    if (!handle || m_cancelSent.exchange(true))
        return false;
    // PQcancel is thread-safe and asks the server, over a separate connection, to stop the
    // statement; it blocks until the server answers, which a hung server never does. So it runs
    // on a thread of its own that nobody waits for; the handle lives as long as that thread.
    std::thread([handle] {
        char err[256];
        PQcancel(handle.get(), err, sizeof err);
    }).detach();
    return true;
}

void SqlSession::noticeReceiver(void* arg, const PGresult* result)
{
    auto* self = static_cast<SqlSession*>(arg);
    if (!self->m_noticeHandler)
        return;
    QString severity = field(result, PG_DIAG_SEVERITY);
    if (severity.isEmpty())
        severity = QStringLiteral("NOTICE");
    self->m_noticeHandler(
        maskSecrets(severity + QStringLiteral(": ") + field(result, PG_DIAG_MESSAGE_PRIMARY), self->m_conninfo));
}

std::optional<QList<SqlResultSet>> SqlSession::exec(const QString& sql, QDeadlineTimer deadline)
{
    m_error = {};
    if (isCancelled()) {
        fail({ QStringLiteral("cancelled"), {}, {}, false, true, false });
        return std::nullopt;
    }
    if (!isConnected()) {
        fail({ QStringLiteral("not connected"), {}, {}, true, false, false });
        return std::nullopt;
    }
    m_cancelSent = false;
    if (!PQsendQuery(m_conn, sql.toUtf8().constData())) {
        fail({ libpqMessage(m_conn), {}, {}, PQstatus(m_conn) != CONNECTION_OK, false, false });
        return std::nullopt;
    }
    // From here on a broken connection leaves the statement's fate unknown.
    const auto lost = [](SqlError e) {
        e.mayHaveCommitted = true;
        return e;
    };

    QList<SqlResultSet> results;
    std::optional<SqlError> firstError;
    bool timedOut = false;
    QElapsedTimer sinceCancel;
    const int fd = PQsocket(m_conn);
    for (;;) {
        while (PQisBusy(m_conn)) {
            // Cancel requested before the handle existed, or the deadline passed: interrupt here.
            if (!m_cancelSent && (isCancelled() || deadline.hasExpired())) {
                timedOut = !isCancelled();
                sendCancel();
                sinceCancel.start();
            }
            if (m_cancelSent && !sinceCancel.isValid())
                sinceCancel.start();
            if (sinceCancel.isValid() && (sinceCancel.hasExpired(m_cancelGraceMs) || m_escalated.load(std::memory_order_acquire))) {
                freeConnection();
                fail(lost({ QStringLiteral("the server did not confirm the cancel within %1 s, so the connection was closed: the "
                                           "statement may still be running, or have committed; check")
                                .arg(QString::number(m_cancelGraceMs / 1000.0, 'g', 3)),
                    {}, {}, true, isCancelled(), timedOut }));
                return std::nullopt;
            }
            const int slice = m_cancelSent ? kSliceMs : std::min(kSliceMs, std::max(1, sliceUntil(deadline)));
            if (waitSocket(fd, false, slice) != 0 && !PQconsumeInput(m_conn)) {
                SqlError e = lost({ libpqMessage(m_conn), {}, {}, true, isCancelled(), timedOut });
                freeConnection();
                fail(e);
                return std::nullopt;
            }
        }
        PGresult* r = PQgetResult(m_conn);
        if (!r)
            break;
        const ExecStatusType status = PQresultStatus(r);
        if (status == PGRES_EMPTY_QUERY) {
            // a statement list ending in ";" or a comment: nothing ran
        } else if (status == PGRES_TUPLES_OK || status == PGRES_COMMAND_OK) {
            SqlResultSet set;
            set.command = QString::fromUtf8(PQcmdStatus(r));
            const char* tuples = PQcmdTuples(r);
            if (tuples && *tuples)
                set.affectedRows = QByteArray(tuples).toLongLong();
            if (status == PGRES_TUPLES_OK) {
                const int ncols = PQnfields(r);
                const int nrows = PQntuples(r);
                set.rowCount = nrows;
                for (int c = 0; c < ncols; ++c)
                    set.columns << QString::fromUtf8(PQfname(r, c));
                for (int row = 0; row < std::min(nrows, m_maxRows); ++row) {
                    QStringList values;
                    for (int c = 0; c < ncols; ++c)
                        values << QString::fromUtf8(PQgetvalue(r, row, c), PQgetlength(r, row, c));
                    set.rows << values;
                }
            }
            results << set;
        } else if (status == PGRES_COPY_IN || status == PGRES_COPY_OUT || status == PGRES_COPY_BOTH) {
            // Steps have no data stream to feed or drain: refuse, and drop the connection (the
            // simplest way out of COPY state).
            PQclear(r);
            freeConnection();
            fail({ QStringLiteral(
                       "COPY FROM STDIN/TO STDOUT is not supported in a sql step; use a shell step with psql"),
                {}, {}, false, false, false });
            return std::nullopt;
        } else if (!firstError) {
            SqlError e;
            e.sqlstate = field(r, PG_DIAG_SQLSTATE);
            e.message = field(r, PG_DIAG_MESSAGE_PRIMARY);
            if (e.message.isEmpty())
                e.message = QString::fromUtf8(PQresultErrorMessage(r)).trimmed();
            const QString detail = field(r, PG_DIAG_MESSAGE_DETAIL);
            const QString hint = field(r, PG_DIAG_MESSAGE_HINT);
            if (!detail.isEmpty())
                e.detail = QStringLiteral("DETAIL: ") + detail;
            if (!hint.isEmpty())
                e.detail += (e.detail.isEmpty() ? QString() : QStringLiteral("\n")) + QStringLiteral("HINT: ") + hint;
            const bool ourCancel = e.sqlstate == QLatin1String("57014") && m_cancelSent;
            e.cancelled = ourCancel && isCancelled();
            e.timedOut = ourCancel && timedOut;
            if (e.timedOut)
                e.message = QStringLiteral("statement did not finish before its deadline (%1)").arg(e.message);
            e.connectionFailure = isConnectionState(e.sqlstate) || PQstatus(m_conn) != CONNECTION_OK;
            // The server said it ended the statement (an error it reports, the session alive): it did
            // not commit. A session that died under it (terminated, shut down) leaves that unknown.
            e.mayHaveCommitted = e.connectionFailure;
            firstError = e;
        }
        PQclear(r);
    }
    if (firstError) {
        fail(*firstError);
        return std::nullopt;
    }
    return results;
}

std::optional<QString> SqlSession::scalar(const QString& sql, QDeadlineTimer deadline)
{
    const auto results = exec(sql, deadline);
    if (!results)
        return std::nullopt;
    if (results->isEmpty() || !results->last().hasRows())
        return QString();
    return results->last().value();
}

bool SqlSession::prepare(const QStringList& statements)
{
    return statements.isEmpty() || exec(statements.join(QStringLiteral("; "))).has_value();
}

bool SqlSession::setTimeouts(int statementTimeoutMs, int lockTimeoutMs)
{
    QStringList settings;
    if (statementTimeoutMs > 0)
        settings << QStringLiteral("SET statement_timeout = %1").arg(statementTimeoutMs);
    if (lockTimeoutMs > 0)
        settings << QStringLiteral("SET lock_timeout = %1").arg(lockTimeoutMs);
    return settings.isEmpty() || exec(settings.join(QStringLiteral("; "))).has_value();
}
