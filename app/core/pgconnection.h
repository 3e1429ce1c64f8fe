#pragma once
// A blocking libpq connection for short administrative queries (sandbox set-up, probes, tests).
// Long-running step SQL goes through the engine's asynchronous worker instead.

#include <QString>
#include <QStringList>
#include <QVector>
#include <optional>

struct pg_conn;

struct PgError {
    QString message;
    QString sqlstate;
};

struct PgResult {
    QStringList columns;
    QVector<QStringList> rows; // NULL is an empty string; see nulls
    QVector<QVector<bool>> nulls;
    qint64 affectedRows = -1;
    QString value(int row = 0, int col = 0) const
    {
        return row < rows.size() && col < rows[row].size() ? rows[row][col] : QString();
    }
};

class PgConnection {
public:
    PgConnection() = default;
    ~PgConnection();
    PgConnection(const PgConnection&) = delete;
    PgConnection& operator=(const PgConnection&) = delete;
    PgConnection(PgConnection&& other) noexcept;
    PgConnection& operator=(PgConnection&& other) noexcept;

    // conninfo: libpq keyword/value string or URI. connect_timeout defaults to the given seconds,
    // application_name to runbook-console unless the conninfo says otherwise.
    bool open(const QString& conninfo, int connectTimeoutSeconds = 5);
    bool isOpen() const;
    void close();

    std::optional<PgResult> exec(const QString& sql);
    // First column of the first row, or nullopt on error.
    std::optional<QString> scalar(const QString& sql);

    const PgError& lastError() const { return m_error; }
    int serverVersion() const;

private:
    pg_conn* m_conn = nullptr;
    PgError m_error;
};

// Removes any password (keyword/value "password=..." or URI user:password@) from a conninfo.
QString maskConninfo(const QString& conninfo);
