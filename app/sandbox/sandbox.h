#pragma once
// The embedded sandbox: a real local cluster (primary db1, streaming replicas db2 and db3,
// PgBouncer as the `app` endpoint, optionally a private sshd) built from the machine's
// PostgreSQL binaries, with seeded data and an inventory.yaml every shipped runbook runs on.

#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

struct SandboxOptions {
    QString dir; // empty: defaultDirectory()
    QString oldBindir; // bindir db1..db3 run; empty: newBindir
    QString newBindir; // empty: the newest /usr/lib/postgresql/N/bin
    bool ssh = false;
    double seedScale = 1.0; // multiplies the seeded row counts
    // Non-empty: SCRAM password authentication with this password (SandboxPasswordAuth).
    QString password;
};

struct SandboxNodeStatus {
    QString name;
    QString role; // as configured: primary, replica, spare
    bool up = false;
    QString actualRole; // primary or replica, from pg_is_in_recovery()
    QString version;
    int port = 0;
    std::optional<qint64> lagBytes;
    QString lagTime;
    QString detail;
};

struct SandboxStatus {
    QString dir;
    bool exists = false;
    QList<SandboxNodeStatus> nodes;
    bool pgbouncerUp = false;
    int pgbouncerPort = 0;
    QString pgbouncerRoute;
    bool sshEnabled = false;
    bool sshdUp = false;
    int sshPort = 0;
};

class Sandbox {
public:
    using Progress = std::function<void(const QString&)>;

    explicit Sandbox(QString dir = QString());

    static QString defaultDirectory();
    static QString detectNewBindir();
    // The user servers run as: "postgres" when we are root (initdb refuses root), else empty.
    static QString serverUser();

    const QString& dir() const { return m_dir; }
    QString inventoryPath() const;

    // Builds and starts the sandbox, or restarts an existing one. On failure nothing is left
    // running and a freshly created directory is removed; the error says what to do.
    bool up(const SandboxOptions& options, const Progress& progress, QString* error);
    // Stops every server the sandbox started (by the pid it recorded) and removes the directory.
    bool down(const Progress& progress, QString* error);
    SandboxStatus status() const;

    // One row per seeded table: name, row count, md5 of its rows in a stable order. Comparing it
    // across servers tells whether they hold the same data.
    static QString checksumQuery();
    static QStringList seededTables();

private:
    QString m_dir;
};
