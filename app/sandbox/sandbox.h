#pragma once
// The embedded sandbox: a real local cluster (primary db1, streaming replicas db2 and db3,
// two PgBouncers as the `app` endpoint, optionally a private sshd) built from the machine's
// PostgreSQL binaries, with seeded data and an inventory.yaml every shipped runbook runs on.
// With `hosts`, every node is a host of its own instead: a network namespace with its own
// address, sshd and /etc/hosts, and its own directory at the same path as on every other host;
// two application hosts resolve the database's names through their /etc/hosts (the `app`
// endpoint), and a console host is where the operator reaches them from.

#include <QString>
#include <QStringList>
#include <functional>
#include <optional>

struct SandboxOptions {
    QString dir; // empty: defaultDirectory()
    QString oldBindir; // bindir db1..db3 run; empty: newBindir
    QString newBindir; // empty: the newest /usr/lib/postgresql/N/bin
    bool ssh = false;
    bool hosts = false; // every node on a host of its own (network namespaces; root only)
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
    QString address;
    std::optional<qint64> lagBytes;
    QString lagTime;
    QString detail;
};

// --hosts: one host (network namespace) of the sandbox.
struct SandboxHostStatus {
    QString name; // db1, app1, console, ...
    QString address;
    QString netns;
    bool sshdUp = false;
};

struct SandboxStatus {
    QString dir;
    bool exists = false;
    bool hosts = false;
    QList<SandboxHostStatus> hostList;
    QString consoleNamespace; // --hosts: where the console must run to reach the hosts
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
    // --hosts: the network namespace of the console's host (run the console there: ip netns exec
    // NAME runbook-console ...), and of any host; empty otherwise.
    QString consoleNamespace() const;
    QString hostNamespace(const QString& host) const;

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
