#include "pgconnection.h"

#include <QRegularExpression>
#include <libpq-fe.h>

namespace {
QString pgMessage(PGconn* conn)
{
    return QString::fromUtf8(PQerrorMessage(conn)).trimmed();
}
} // namespace

PgConnection::~PgConnection()
{
    close();
}

PgConnection::PgConnection(PgConnection&& other) noexcept
    : m_conn(std::exchange(other.m_conn, nullptr))
    , m_error(std::move(other.m_error))
{
}

PgConnection& PgConnection::operator=(PgConnection&& other) noexcept
{
    if (this != &other) {
        close();
        m_conn = std::exchange(other.m_conn, nullptr);
        m_error = std::move(other.m_error);
    }
    return *this;
}

bool PgConnection::open(const QString& conninfo, int connectTimeoutSeconds)
{
    close();
    const QByteArray info = conninfo.toUtf8();
    const QByteArray timeout = QByteArray::number(connectTimeoutSeconds);
    // expand_dbname=1 lets "dbname" carry a full conninfo or URI. libpq keeps the last value of
    // a repeated keyword, so putting dbname last lets the user's conninfo override our defaults.
    const char* keywords[] = { "application_name", "connect_timeout", "dbname", nullptr };
    const char* values[] = { "runbook-console", timeout.constData(), info.constData(), nullptr };
    m_conn = PQconnectdbParams(keywords, values, 1);
    if (!m_conn) {
        m_error = { QStringLiteral("out of memory creating a connection"), {} };
        return false;
    }
    if (PQstatus(m_conn) != CONNECTION_OK) {
        m_error = { pgMessage(m_conn), {} };
        close();
        return false;
    }
    m_error = {};
    return true;
}

bool PgConnection::isOpen() const
{
    return m_conn && PQstatus(m_conn) == CONNECTION_OK;
}

void PgConnection::close()
{
    if (m_conn) {
        PQfinish(m_conn);
        m_conn = nullptr;
    }
}

int PgConnection::serverVersion() const
{
    return m_conn ? PQserverVersion(m_conn) : 0;
}

std::optional<PgResult> PgConnection::exec(const QString& sql)
{
    if (!m_conn) {
        m_error = { QStringLiteral("not connected"), {} };
        return std::nullopt;
    }
    PGresult* res = PQexec(m_conn, sql.toUtf8().constData());
    const ExecStatusType status = PQresultStatus(res);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
        const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
        m_error = { res ? QString::fromUtf8(PQresultErrorMessage(res)).trimmed() : pgMessage(m_conn),
            state ? QString::fromLatin1(state) : QString() };
        if (m_error.message.isEmpty())
            m_error.message = pgMessage(m_conn);
        PQclear(res);
        return std::nullopt;
    }
    PgResult out;
    const int ncols = PQnfields(res);
    const int nrows = PQntuples(res);
    for (int c = 0; c < ncols; ++c)
        out.columns << QString::fromUtf8(PQfname(res, c));
    out.rows.reserve(nrows);
    out.nulls.reserve(nrows);
    for (int r = 0; r < nrows; ++r) {
        QStringList row;
        QVector<bool> nulls;
        for (int c = 0; c < ncols; ++c) {
            row << QString::fromUtf8(PQgetvalue(res, r, c), PQgetlength(res, r, c));
            nulls << (PQgetisnull(res, r, c) != 0);
        }
        out.rows << row;
        out.nulls << nulls;
    }
    const char* tuples = PQcmdTuples(res);
    if (tuples && *tuples)
        out.affectedRows = QByteArray(tuples).toLongLong();
    PQclear(res);
    m_error = {};
    return out;
}

std::optional<QString> PgConnection::scalar(const QString& sql)
{
    auto res = exec(sql);
    if (!res)
        return std::nullopt;
    return res->value();
}

QString maskConninfo(const QString& conninfo)
{
    QString out = conninfo;
    // keyword/value: password = 'quoted \' value' or bare value
    static const QRegularExpression kv(QStringLiteral(R"((\bpassword\s*=\s*)('(?:[^'\\]|\\.)*'|\S+))"),
        QRegularExpression::CaseInsensitiveOption);
    out.replace(kv, QStringLiteral("\\1********"));
    // URI: scheme://user:password@host
    static const QRegularExpression uri(QStringLiteral(R"(((?:postgres|postgresql)://[^:/@\s]*):[^@\s]*@)"),
        QRegularExpression::CaseInsensitiveOption);
    out.replace(uri, QStringLiteral("\\1:********@"));
    // URI query parameter ?password=...
    static const QRegularExpression query(QStringLiteral(R"(([?&]password=)[^&\s]*)"),
        QRegularExpression::CaseInsensitiveOption);
    out.replace(query, QStringLiteral("\\1********"));
    return out;
}
