#include "sandbox.h"

#include "core/pgconnection.h"
#include "core/systemcommand.h"
#include "sandbox/sandboxpasswordauth.h"
#include "sandbox/sandboxnetwork.h"
#include "sandbox/seeddata.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QStorageInfo>
#include <QTcpServer>
#include <QThread>
#include <QVersionNumber>
#include <yaml-cpp/yaml.h>

#include <csignal>
#include <grp.h>
#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace {

const QString kStateFile = QStringLiteral("sandbox.json");
const QStringList kServerNodes { QStringLiteral("db1"), QStringLiteral("db2"), QStringLiteral("db3") };
const QStringList kSpareNodes { QStringLiteral("db_a"), QStringLiteral("db_a_replica") };
// --hosts: one more spare (a second runbook can move on from DB_A), two application hosts, and the
// console's own host, from which the operator (and the console) reach the others.
const QStringList kHostsSpareNodes { QStringLiteral("db_a"), QStringLiteral("db_a_replica"), QStringLiteral("db_b") };
const QStringList kAppHosts { QStringLiteral("app1"), QStringLiteral("app2") };
const QString kConsoleHost = QStringLiteral("console");
// Two PgBouncers in front of the local sandbox: a switch must move both.
const QStringList kPgbouncers { QStringLiteral("pgbouncer"), QStringLiteral("pgbouncer2") };
// The names application hosts resolve through their /etc/hosts: the primary's and the replicas'.
const QStringList kHostnames { QStringLiteral("db.sandbox"), QStringLiteral("db-ro.sandbox") };
const QString kSshAlias = QStringLiteral("rbc-sandbox");
constexpr int kHostsPort = 5432; // every host has a port space of its own
constexpr qint64 kMinFreeBytes = 512LL * 1024 * 1024;

struct SandboxError {
    QString message;
};

// Everything `up` needs to know, and everything `down`/`status` read back from sandbox.json.
// In --hosts mode each node has a directory of its own, DIR/hosts/NODE, which its processes see
// at the same path on every host, DIR/host (a bind mount in the host's own mount namespace): like
// separate machines, every host has the same paths and none sees another's files.
struct State {
    QString dir;
    QString user; // servers run as this user; empty: ourselves
    QString newBindir;
    QString oldBindir;
    bool ssh = false;
    bool hosts = false;
    QString netPrefix; // --hosts: the namespaces' prefix
    bool netnsMountOurs = false; // --hosts: /run/netns became a mount point when we made our namespaces
    QMap<QString, int> ports; // local: node names, the PgBouncers, "sshd"
    QMap<QString, QString> addresses; // --hosts: host -> address

    QStringList spareNodes() const { return hosts ? kHostsSpareNodes : kSpareNodes; }
    QStringList nodes() const { return kServerNodes + spareNodes(); }
    QStringList allHosts() const { return nodes() + kAppHosts + QStringList { kConsoleHost }; }

    // Paths as this process sees them.
    QString hostDir(const QString& node) const { return dir + QStringLiteral("/hosts/") + node; }
    QString commonDir() const { return dir + QStringLiteral("/host"); }
    QString dataDir(const QString& node) const { return hosts ? hostDir(node) + QStringLiteral("/data") : dir + QStringLiteral("/data/") + node; }
    QString confDir(const QString& node) const { return hosts ? hostDir(node) + QStringLiteral("/etc") : dir + QStringLiteral("/etc/") + node; }
    // The sandbox's own run and log directories, or in --hosts mode those of a node's host.
    QString runDir(const QString& node = QString()) const { return hosts && !node.isEmpty() ? hostDir(node) + QStringLiteral("/run") : dir + QStringLiteral("/run"); }
    QString logDir(const QString& node = QString()) const { return hosts && !node.isEmpty() ? hostDir(node) + QStringLiteral("/log") : dir + QStringLiteral("/log"); }
    // The same path as the node's own host sees it.
    QString onHost(const QString& node, const QString& path) const
    {
        return hosts && path.startsWith(hostDir(node)) ? commonDir() + path.mid(hostDir(node).size()) : path;
    }
    QString sshDir() const { return dir + QStringLiteral("/ssh"); }
    QString pgbouncerIni(const QString& name = kPgbouncers.first()) const { return dir + QLatin1Char('/') + name + QStringLiteral("/pgbouncer.ini"); }
    QString pgbouncerPidFile(const QString& name = kPgbouncers.first()) const { return runDir() + QLatin1Char('/') + name + QStringLiteral(".pid"); }
    QString sshdPidFile(const QString& host = QString()) const
    {
        return hosts ? hostDir(host) + QStringLiteral("/ssh/sshd.pid") : sshDir() + QStringLiteral("/sshd.pid");
    }
    QString sshAlias(const QString& host) const { return hosts ? QStringLiteral("rbc-") + host : kSshAlias; }
    QString bindirOf(const QString& node) const { return kServerNodes.contains(node) ? oldBindir : newBindir; }
    int portOf(const QString& node) const { return hosts ? kHostsPort : ports.value(node); }
    // How clients reach the node.
    QString conninfo(const QString& node, const QString& db = QStringLiteral("app")) const
    {
        return QStringLiteral("host=%1 port=%2 dbname=%3 user=postgres")
            .arg(hosts ? addresses.value(node) : QStringLiteral("127.0.0.1"))
            .arg(portOf(node))
            .arg(db);
    }
    // How the sandbox itself reaches it: in --hosts mode through the node's unix socket, which
    // this machine's filesystem reaches though its network does not.
    QString adminConninfo(const QString& node, const QString& db = QStringLiteral("app")) const
    {
        if (!hosts)
            return conninfo(node, db);
        return QStringLiteral("host=%1 port=%2 dbname=%3 user=postgres").arg(runDir(node)).arg(kHostsPort).arg(db);
    }

    QJsonObject toJson() const
    {
        QJsonObject p;
        for (auto it = ports.begin(); it != ports.end(); ++it)
            p[it.key()] = it.value();
        QJsonObject a;
        for (auto it = addresses.begin(); it != addresses.end(); ++it)
            a[it.key()] = it.value();
        return { { QStringLiteral("format"), 1 }, { QStringLiteral("user"), user }, { QStringLiteral("new_bindir"), newBindir },
            { QStringLiteral("old_bindir"), oldBindir }, { QStringLiteral("ssh"), ssh }, { QStringLiteral("hosts"), hosts },
            { QStringLiteral("net_prefix"), netPrefix }, { QStringLiteral("netns_mount_ours"), netnsMountOurs }, { QStringLiteral("ports"), p },
            { QStringLiteral("addresses"), a } };
    }
    static std::optional<State> load(const QString& dir)
    {
        QFile f(dir + QLatin1Char('/') + kStateFile);
        if (!f.open(QIODevice::ReadOnly))
            return std::nullopt;
        const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
        if (o.value(QStringLiteral("format")).toInt() != 1)
            return std::nullopt;
        State s;
        s.dir = dir;
        s.user = o.value(QStringLiteral("user")).toString();
        s.newBindir = o.value(QStringLiteral("new_bindir")).toString();
        s.oldBindir = o.value(QStringLiteral("old_bindir")).toString();
        s.ssh = o.value(QStringLiteral("ssh")).toBool();
        s.hosts = o.value(QStringLiteral("hosts")).toBool();
        s.netPrefix = o.value(QStringLiteral("net_prefix")).toString();
        s.netnsMountOurs = o.value(QStringLiteral("netns_mount_ours")).toBool();
        const QJsonObject p = o.value(QStringLiteral("ports")).toObject();
        for (auto it = p.begin(); it != p.end(); ++it)
            s.ports[it.key()] = it.value().toInt();
        const QJsonObject a = o.value(QStringLiteral("addresses")).toObject();
        for (auto it = a.begin(); it != a.end(); ++it)
            s.addresses[it.key()] = it.value().toString();
        return s;
    }
};

void fail(const QString& message)
{
    throw SandboxError { message };
}

void writeFile(const QString& path, const QByteArray& content, QFile::Permissions perms = {})
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(content) != content.size() || !f.flush())
        fail(QStringLiteral("cannot write %1: %2").arg(path, f.errorString()));
    f.close();
    if (perms && !f.setPermissions(perms))
        fail(QStringLiteral("cannot set permissions on %1").arg(path));
}

void makeDir(const QString& path, const QString& owner = QString(), mode_t mode = 0755)
{
    if (!QDir().mkpath(path))
        fail(QStringLiteral("cannot create directory %1").arg(path));
    ::chmod(QFile::encodeName(path).constData(), mode);
    if (!owner.isEmpty()) {
        const passwd* pw = ::getpwnam(owner.toLocal8Bit().constData());
        if (!pw || ::chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid) != 0)
            fail(QStringLiteral("cannot give %1 to user %2").arg(path, owner));
    }
}

void chownFile(const QString& path, const QString& owner)
{
    if (owner.isEmpty())
        return;
    const passwd* pw = ::getpwnam(owner.toLocal8Bit().constData());
    if (!pw || ::chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid) != 0)
        fail(QStringLiteral("cannot give %1 to user %2").arg(path, owner));
}

// Free loopback ports, all different: every listener stays open until all are chosen.
QList<int> pickFreePorts(int count)
{
    std::vector<std::unique_ptr<QTcpServer>> servers;
    QList<int> ports;
    for (int i = 0; i < count; ++i) {
        auto server = std::make_unique<QTcpServer>();
        if (!server->listen(QHostAddress::LocalHost, 0))
            fail(QStringLiteral("no free loopback port: %1").arg(server->errorString()));
        ports << server->serverPort();
        servers.push_back(std::move(server));
    }
    return ports;
}

bool portFree(int port)
{
    QTcpServer s;
    return s.listen(QHostAddress::LocalHost, quint16(port));
}

void require(const CommandOutcome& out, const QString& what)
{
    if (!out.ok())
        fail(out.describe(what));
}

std::optional<qint64> readPid(const QString& pidFile)
{
    QFile f(pidFile);
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    bool ok = false;
    const qint64 pid = QString::fromLatin1(f.readLine()).trimmed().toLongLong(&ok);
    return ok && pid > 0 ? std::optional<qint64>(pid) : std::nullopt;
}

// True when pid is alive and its command line names the expected program (pids get reused).
bool pidIs(qint64 pid, const QString& program)
{
    QFile f(QStringLiteral("/proc/%1/cmdline").arg(pid));
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray cmd = f.readAll();
    return cmd.contains(program.toLatin1());
}

bool waitGone(qint64 pid, int timeoutMs)
{
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < timeoutMs) {
        if (::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
            return true;
        // A zombie child of ours still answers kill(0); its /proc status says so.
        QFile st(QStringLiteral("/proc/%1/stat").arg(pid));
        if (st.open(QIODevice::ReadOnly) && st.readAll().contains(") Z "))
            return true;
        QThread::msleep(50);
    }
    return false;
}

// Stops the process recorded in pidFile: `sig` first, SIGKILL if it is still there after the grace time.
bool stopRecordedProcess(const QString& pidFile, const QString& program, int sig, int graceMs)
{
    const auto pid = readPid(pidFile);
    if (!pid || !pidIs(*pid, program))
        return false;
    ::kill(pid_t(*pid), sig);
    if (!waitGone(*pid, graceMs)) {
        ::kill(pid_t(*pid), SIGKILL);
        waitGone(*pid, 5000);
    }
    return true;
}

// The process recorded in pidFile is alive (and is `program`, not a reused pid).
bool recordedProcessRunning(const QString& pidFile, const QString& program)
{
    const auto pid = readPid(pidFile);
    return pid && pidIs(*pid, program) && !waitGone(*pid, 1);
}

bool nodeRunning(const State& s, const QString& node)
{
    return recordedProcessRunning(s.dataDir(node) + QStringLiteral("/postmaster.pid"), QStringLiteral("postgres"));
}

// A program run where the node lives, as the servers' user: here, or inside the node's host.
CommandOutcome runOnNode(const State& s, const QString& node, const QString& program, const QStringList& args, int timeoutMs = 120000)
{
    SystemCommand cmd(program, args);
    cmd.asUser(s.user).withTimeout(timeoutMs);
    if (s.hosts) {
        const auto anchor = readPid(s.sshdPidFile(node));
        if (!anchor)
            fail(QStringLiteral("host %1 of the sandbox has no sshd running (its namespaces' anchor): run `runbook-console sandbox down --dir %2` and `sandbox up` again")
                     .arg(node, s.dir));
        cmd.inNamespacesOf(*anchor);
    } else {
        cmd.inDirectory(s.dir);
    }
    return cmd.run();
}

QString serverVersionOf(const QString& bindir)
{
    const auto out = SystemCommand(bindir + QStringLiteral("/postgres"), { QStringLiteral("--version") }).withTimeout(10000).run();
    if (!out.ok())
        return {};
    // "postgres (PostgreSQL) 15.18 (Debian ...)"
    const QStringList words = out.output.split(QLatin1Char(' '), Qt::SkipEmptyParts);
    return words.size() >= 3 ? words.at(2).trimmed() : QString();
}

QString majorOf(const QString& version)
{
    return version.section(QLatin1Char('.'), 0, 0);
}

void checkBindir(const QString& bindir, const QStringList& tools, const QString& what)
{
    if (bindir.isEmpty())
        fail(QStringLiteral("no PostgreSQL binaries found: install postgresql-15 (scripts/setup does) or pass %1").arg(what));
    for (const QString& tool : tools) {
        const QFileInfo fi(bindir + QLatin1Char('/') + tool);
        if (!fi.isExecutable())
            fail(QStringLiteral("%1 has no executable %2: is this a PostgreSQL bindir? (%3)").arg(bindir, tool, what));
    }
}

// ---------------------------------------------------------------------------------------------
// Servers. Debian-like layout: the data directory holds the data, the configuration lives beside
// it (etc/, with postgresql.conf, pg_hba.conf, pg_ident.conf and the SSL files), and the server is
// started with -D on that directory. Runbooks must find the configuration wherever it lives.

void writeServerConf(const State& s, const QString& node)
{
    const QString conf = s.confDir(node) + QStringLiteral("/postgresql.conf");
    QFile f(conf);
    if (!f.open(QIODevice::Append | QIODevice::Text))
        fail(QStringLiteral("cannot write %1").arg(conf));
    const QString text = QStringLiteral(
        "\n# --- runbook-console sandbox (%1) ---\n"
        "data_directory = '%4'\n"
        "hba_file = '%5/pg_hba.conf'\n"
        "ident_file = '%5/pg_ident.conf'\n"
        "listen_addresses = '%7'\n"
        "port = %2\n"
        "unix_socket_directories = '%3'\n"
        "cluster_name = '%1'\n"
        "wal_level = logical\n"
        "max_wal_senders = 16\n"
        "max_replication_slots = 16\n"
        "max_logical_replication_workers = 8\n"
        "max_prepared_transactions = 10\n"
        "hot_standby = on\n"
        "hot_standby_feedback = on\n"
        // A replica whose primary restarted (a rollback) streams again within a second.
        "wal_retrieve_retry_interval = '1s'\n"
        "wal_keep_size = '256MB'\n"
        "max_connections = 120\n"
        "shared_buffers = '64MB'\n"
        "ssl = on\n"
        "ssl_cert_file = '%5/server.crt'\n"
        "ssl_key_file = '%5/server.key'\n"
        // Every WAL file the server hands to its archive is listed (not copied: cheap), so a test
        // can tell whether another cluster's timeline ever wrote into this cluster's archive.
        "archive_mode = on\n"
        "archive_command = 'echo \"%f\" >> \"%6/archived-%1.list\"'\n"
        "log_line_prefix = '%m [%p] %q%u@%d '\n"
        "log_min_messages = warning\n")
                             .arg(node)
                             .arg(s.portOf(node))
                             .arg(s.onHost(node, s.runDir(node)), s.onHost(node, s.dataDir(node)), s.onHost(node, s.confDir(node)),
                                 s.onHost(node, s.logDir(node)), s.hosts ? QStringLiteral("*") : QStringLiteral("127.0.0.1"));
    f.write(text.toUtf8());
}

// Moves the configuration files initdb (or a copy) left in the data directory to etc/, adds the
// sandbox's own pg_hba rules and the SSL files, and appends the sandbox's settings.
void placeServerConf(const State& s, const QString& node, const QString& fromDir)
{
    const QString conf = s.confDir(node);
    makeDir(conf, s.user, 0755);
    for (const char* name : { "postgresql.conf", "pg_hba.conf", "pg_ident.conf" }) {
        const QString from = fromDir + QLatin1Char('/') + QLatin1String(name);
        const QString to = conf + QLatin1Char('/') + QLatin1String(name);
        QFile::remove(to);
        if (fromDir == s.dataDir(node) ? !QFile::rename(from, to) : !QFile::copy(from, to))
            fail(QStringLiteral("cannot move %1 to %2").arg(from, to));
        chownFile(to, s.user);
    }
    if (fromDir == s.dataDir(node)) {
        QFile hba(conf + QStringLiteral("/pg_hba.conf"));
        if (!hba.open(QIODevice::Append | QIODevice::Text))
            fail(QStringLiteral("cannot write %1").arg(hba.fileName()));
        // A rule of our own, so that a test can tell whether this file reached a new server.
        hba.write("\n# runbook-console sandbox\nhost    all             all             127.0.0.2/32            trust\n");
        if (s.hosts)
            hba.write(QStringLiteral("host    all             all             %1.0/24           trust\n"
                                     "host    replication     all             %1.0/24           trust\n")
                          .arg(SandboxNetwork::subnet())
                          .toUtf8());
    }
    for (const char* name : { "server.crt", "server.key" }) {
        const QString to = conf + QLatin1Char('/') + QLatin1String(name);
        QFile::remove(to);
        if (!QFile::copy(s.dir + QStringLiteral("/etc/") + QLatin1String(name), to))
            fail(QStringLiteral("cannot copy the sandbox's SSL files to %1").arg(conf));
        QFile::setPermissions(to, QFile::ReadOwner | QFile::WriteOwner);
        chownFile(to, s.user);
    }
    writeServerConf(s, node);
}

// A self-signed certificate the servers use for SSL (clients connect with sslmode=prefer).
void writeSslFiles(const State& s)
{
    makeDir(s.dir + QStringLiteral("/etc"), QString(), 0755);
    require(SystemCommand(QStringLiteral("openssl"),
                { QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("ec"),
                    QStringLiteral("-pkeyopt"), QStringLiteral("ec_paramgen_curve:prime256v1"), QStringLiteral("-nodes"),
                    QStringLiteral("-keyout"), s.dir + QStringLiteral("/etc/server.key"), QStringLiteral("-out"),
                    s.dir + QStringLiteral("/etc/server.crt"), QStringLiteral("-days"), QStringLiteral("3650"),
                    QStringLiteral("-subj"), QStringLiteral("/CN=rbc-sandbox") })
                .withTimeout(30000)
                .run(),
        QStringLiteral("generating the servers' SSL certificate (openssl)"));
}

// The directory pg_ctl -D takes: etc/ for the sandbox's own servers, the data directory for a
// server a runbook provisioned there.
QString startDir(const State& s, const QString& node)
{
    return QFileInfo::exists(s.confDir(node) + QStringLiteral("/postgresql.conf")) ? s.confDir(node) : s.dataDir(node);
}

QString nodeLog(const State& s, const QString& node)
{
    return s.logDir(node) + QLatin1Char('/') + (s.hosts ? QStringLiteral("postgresql") : node) + QStringLiteral(".log");
}

void startNode(const State& s, const QString& node)
{
    const QString log = nodeLog(s, node);
    require(runOnNode(s, node, s.bindirOf(node) + QStringLiteral("/pg_ctl"),
                { QStringLiteral("-D"), s.onHost(node, startDir(s, node)), QStringLiteral("-l"), s.onHost(node, log), QStringLiteral("-w"),
                    QStringLiteral("-t"), QStringLiteral("90"), QStringLiteral("start") }),
        QStringLiteral("starting %1 (log: %2)").arg(node, log));
}

// Fast shutdown by the postmaster's own pid; works whatever bindir started it, wherever.
void stopNodeDir(const QString& dataDir)
{
    stopRecordedProcess(dataDir + QStringLiteral("/postmaster.pid"), QStringLiteral("postgres"), SIGINT, 60000);
}

PgConnection connectTo(const QString& conninfo, const QString& what)
{
    PgConnection c;
    if (!c.open(conninfo, 10))
        fail(QStringLiteral("cannot connect to %1: %2").arg(what, c.lastError().message));
    return c;
}

void execOrFail(PgConnection& c, const QString& sql, const QString& what)
{
    if (!c.exec(sql))
        fail(QStringLiteral("%1: %2").arg(what, c.lastError().message));
}

void waitForReplicas(const State& s, int expected)
{
    PgConnection c = connectTo(s.adminConninfo(QStringLiteral("db1")), QStringLiteral("db1"));
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 90000) {
        const auto n = c.scalar(QStringLiteral("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"));
        if (n && n->toInt() >= expected)
            return;
        QThread::msleep(100);
    }
    fail(QStringLiteral("replicas did not start streaming within 90 s (see %1)").arg(nodeLog(s, QStringLiteral("db2"))));
}

void seed(const State& s)
{
    PgConnection admin = connectTo(s.adminConninfo(QStringLiteral("db1"), QStringLiteral("postgres")), QStringLiteral("db1"));
    execOrFail(admin, SeedData::roleSql(), QStringLiteral("creating the app role"));
    execOrFail(admin, QStringLiteral("CREATE DATABASE app"), QStringLiteral("creating database app"));
    admin.close();
    PgConnection app = connectTo(s.adminConninfo(QStringLiteral("db1")), QStringLiteral("db1/app"));
    execOrFail(app, QStringLiteral("BEGIN"), QStringLiteral("seeding"));
    execOrFail(app, SeedData::schemaSql(), QStringLiteral("creating the schema"));
    execOrFail(app, QStringLiteral("COMMIT"), QStringLiteral("seeding"));
}

void seedRows(const State& s, double scale)
{
    PgConnection app = connectTo(s.adminConninfo(QStringLiteral("db1")), QStringLiteral("db1/app"));
    execOrFail(app, SeedData::dataSql(scale), QStringLiteral("loading seed data"));
}

// ---------------------------------------------------------------------------------------------
// PgBouncer (local mode): two of them, routed alike.

void startPgbouncer(const State& s, const QString& name)
{
    require(SystemCommand(QStringLiteral("/usr/sbin/pgbouncer"), { QStringLiteral("-d"), QStringLiteral("-q"), s.pgbouncerIni(name) })
                .asUser(s.user)
                .inDirectory(s.dir)
                .withTimeout(30000)
                .run(),
        QStringLiteral("starting %1 (log: %2/%1.log)").arg(name, s.logDir()));
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 20000) {
        PgConnection c;
        if (c.open(QStringLiteral("host=127.0.0.1 port=%1 dbname=pgbouncer user=postgres").arg(s.ports.value(name)), 2)
            && c.exec(QStringLiteral("SHOW VERSION")))
            return;
        QThread::msleep(100);
    }
    fail(QStringLiteral("%1 did not accept connections (log: %2/%1.log)").arg(name, s.logDir()));
}

void writePgbouncerConfig(const State& s, const QString& name, const QString& routeTo)
{
    const QString dir = s.dir + QLatin1Char('/') + name;
    makeDir(dir, s.user);
    const QByteArray users = "\"postgres\" \"\"\n\"app\" \"\"\n";
    writeFile(dir + QStringLiteral("/userlist.txt"), users, QFile::ReadOwner | QFile::WriteOwner);
    chownFile(dir + QStringLiteral("/userlist.txt"), s.user);
    const QString ini = QStringLiteral(
        "[databases]\n"
        "app = host=127.0.0.1 port=%1 dbname=app\n"
        "\n"
        "[pgbouncer]\n"
        "listen_addr = 127.0.0.1\n"
        "listen_port = %2\n"
        "unix_socket_dir = %3\n"
        "auth_type = trust\n"
        "auth_file = %4/userlist.txt\n"
        "admin_users = postgres\n"
        "pool_mode = transaction\n"
        "max_client_conn = 500\n"
        "default_pool_size = 20\n"
        "server_connect_timeout = 5\n"
        // A server login cut short by PAUSE counts as a failed login: PgBouncer then waits
        // server_login_retry (15 s by default) before trying again, and clients stall that long.
        "server_login_retry = 1\n"
        "query_wait_timeout = 30\n"
        "ignore_startup_parameters = extra_float_digits,options\n"
        "logfile = %5/%7.log\n"
        "pidfile = %6\n")
                            .arg(s.ports.value(routeTo))
                            .arg(s.ports.value(name))
                            .arg(s.runDir(), dir, s.logDir(), s.pgbouncerPidFile(name), name);
    writeFile(s.pgbouncerIni(name), ini.toUtf8(), QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    chownFile(s.pgbouncerIni(name), s.user);
}

// ---------------------------------------------------------------------------------------------
// SSH: the project's own keys, host keys pinned in a private known_hosts, checking on.

QString loginUser(const State& s)
{
    if (!s.user.isEmpty())
        return s.user;
    const passwd* pw = ::getpwuid(::geteuid());
    return pw ? QString::fromLocal8Bit(pw->pw_name) : QString();
}

void keygen(const QString& file, const QString& comment)
{
    require(SystemCommand(QStringLiteral("ssh-keygen"), { QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"), QString(),
                                                            QStringLiteral("-C"), comment, QStringLiteral("-f"), file })
                .run(),
        QStringLiteral("generating the ssh key %1").arg(file));
}

QByteArray publicKey(const QString& file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        fail(QStringLiteral("cannot read %1").arg(file));
    const QByteArray key = f.readAll().trimmed();
    return key.left(key.lastIndexOf(' ')); // without the comment
}

// sshd_config for one sshd: where it listens, who may log in, its host key and pid file.
QByteArray sshdConfig(const State& s, const QString& listen, int port, const QString& hostKey, const QString& pidFile, const QString& users)
{
    // As root we log in as postgres, whose password is locked: only PAM's account check lets a key in
    // without touching the account.
    return QStringLiteral(
        "Port %1\n"
        "ListenAddress %2\n"
        "HostKey %3\n"
        "PidFile %4\n"
        "AuthorizedKeysFile %5/authorized_keys\n"
        "PubkeyAuthentication yes\n"
        "PasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\n"
        "UsePAM %6\n"
        "StrictModes no\n"
        "PermitRootLogin %8\n"
        "AllowUsers %7\n"
        "MaxSessions 64\n"
        "MaxStartups 64:30:128\n"
        "PrintMotd no\n"
        "LogLevel ERROR\n")
        .arg(port)
        .arg(listen, hostKey, pidFile, s.dir + QStringLiteral("/ssh-auth"), SystemCommand::runningAsRoot() ? QStringLiteral("yes") : QStringLiteral("no"),
            users, users.contains(QStringLiteral("root")) ? QStringLiteral("prohibit-password") : QStringLiteral("no"))
        .toUtf8();
}

QByteArray sshClientEntry(const State& s, const QString& alias, const QString& address, int port, const QString& user)
{
    return QStringLiteral(
        "Host %1\n"
        "    HostName %2\n"
        "    Port %3\n"
        "    User %4\n"
        "    IdentityFile %5/id_ed25519\n"
        "    IdentitiesOnly yes\n"
        "    HostKeyAlias %1\n"
        "    UserKnownHostsFile %5/known_hosts\n"
        "    StrictHostKeyChecking yes\n"
        "    BatchMode yes\n"
        "    ConnectTimeout 5\n")
        .arg(alias, address)
        .arg(port)
        .arg(user, s.sshDir())
        .toUtf8();
}

void writeClientKey(const State& s)
{
    makeDir(s.sshDir(), QString(), 0700);
    const QString authDir = s.dir + QStringLiteral("/ssh-auth");
    makeDir(authDir, s.user, 0755);
    keygen(s.sshDir() + QStringLiteral("/id_ed25519"), QStringLiteral("rbc-sandbox-client"));
    writeFile(authDir + QStringLiteral("/authorized_keys"), publicKey(s.sshDir() + QStringLiteral("/id_ed25519.pub")) + '\n',
        QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    chownFile(authDir + QStringLiteral("/authorized_keys"), s.user);
}

// Local mode: one sshd on loopback for every node.
void writeSshFiles(const State& s)
{
    writeClientKey(s);
    const QString dir = s.sshDir();
    keygen(dir + QStringLiteral("/host_ed25519_key"), QStringLiteral("rbc-sandbox-host"));
    // The host key is pinned under the alias: host-key checking stays on.
    writeFile(dir + QStringLiteral("/known_hosts"), kSshAlias.toUtf8() + ' ' + publicKey(dir + QStringLiteral("/host_ed25519_key.pub")) + '\n');
    const int port = s.ports.value(QStringLiteral("sshd"));
    writeFile(dir + QStringLiteral("/sshd_config"),
        sshdConfig(s, QStringLiteral("127.0.0.1"), port, dir + QStringLiteral("/host_ed25519_key"), s.sshdPidFile(), loginUser(s)),
        QFile::ReadOwner | QFile::WriteOwner);
    writeFile(dir + QStringLiteral("/config"), sshClientEntry(s, kSshAlias, QStringLiteral("127.0.0.1"), port, loginUser(s)),
        QFile::ReadOwner | QFile::WriteOwner);
}

bool sshWorks(const State& s, const QString& alias, const QString& fromNamespace)
{
    QStringList args { QStringLiteral("-F"), s.sshDir() + QStringLiteral("/config"), alias, QStringLiteral("true") };
    QString program = QStringLiteral("ssh");
    if (!fromNamespace.isEmpty()) {
        args = QStringList { QStringLiteral("netns"), QStringLiteral("exec"), fromNamespace, program } + args;
        program = QStringLiteral("ip");
    }
    return SystemCommand(program, args).withTimeout(10000).run().ok();
}

void startSshd(const State& s)
{
    if (SystemCommand::runningAsRoot())
        makeDir(QStringLiteral("/run/sshd"), QString(), 0755); // sshd's privilege-separation directory
    require(SystemCommand(QStringLiteral("/usr/sbin/sshd"),
                { QStringLiteral("-f"), s.sshDir() + QStringLiteral("/sshd_config"), QStringLiteral("-E"),
                    s.logDir() + QStringLiteral("/sshd.log") })
                .withTimeout(20000)
                .run(),
        QStringLiteral("starting sshd (log: %1/sshd.log)").arg(s.logDir()));
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 20000) {
        if (sshWorks(s, kSshAlias, QString()))
            return;
        QThread::msleep(200);
    }
    fail(QStringLiteral("cannot log in to the sandbox sshd (log: %1/sshd.log)").arg(s.logDir()));
}

// ---------------------------------------------------------------------------------------------
// --hosts: a network namespace per host, each with its own sshd, its own view of DIR/host, its
// own /etc/hosts.

QString hostUser(const State& s, const QString& host)
{
    // Application hosts: the switch rewrites /etc/hosts there, which takes root.
    return kAppHosts.contains(host) ? QStringLiteral("root") : loginUser(s);
}

QByteArray hostsFileOf(const State& s, const QString& host)
{
    QByteArray text = "127.0.0.1\tlocalhost\n::1\tlocalhost ip6-localhost ip6-loopback\n";
    text += QStringLiteral("%1\t%2\n").arg(s.addresses.value(host), s.sshAlias(host)).toUtf8();
    // Application hosts reach the database by name: the primary's, and the replicas'.
    if (kAppHosts.contains(host)) {
        text += QStringLiteral("%1\t%2\n").arg(s.addresses.value(QStringLiteral("db1")), kHostnames[0]).toUtf8();
        text += QStringLiteral("%1\t%2\n").arg(s.addresses.value(QStringLiteral("db2")), kHostnames[1]).toUtf8();
    }
    return text;
}

void writeHostsSshFiles(const State& s, const SandboxNetwork& net)
{
    writeClientKey(s);
    QByteArray knownHosts;
    QByteArray client;
    for (const QString& host : s.allHosts()) {
        if (host == kConsoleHost)
            continue;
        const QString sshDir = s.hostDir(host) + QStringLiteral("/ssh");
        makeDir(sshDir, QString(), 0700);
        keygen(sshDir + QStringLiteral("/host_ed25519_key"), QStringLiteral("rbc-sandbox-%1").arg(host));
        knownHosts += s.sshAlias(host).toUtf8() + ' ' + publicKey(sshDir + QStringLiteral("/host_ed25519_key.pub")) + '\n';
        writeFile(sshDir + QStringLiteral("/sshd_config"),
            sshdConfig(s, s.addresses.value(host), 22, sshDir + QStringLiteral("/host_ed25519_key"), s.sshdPidFile(host), hostUser(s, host)),
            QFile::ReadOwner | QFile::WriteOwner);
        client += sshClientEntry(s, s.sshAlias(host), s.addresses.value(host), 22, hostUser(s, host));
        QString error;
        if (!net.writeHostsFile(host, hostsFileOf(s, host), &error))
            fail(error);
    }
    QString error;
    if (!net.writeHostsFile(kConsoleHost, hostsFileOf(s, kConsoleHost), &error))
        fail(error);
    writeFile(s.sshDir() + QStringLiteral("/known_hosts"), knownHosts);
    writeFile(s.sshDir() + QStringLiteral("/config"), client, QFile::ReadOwner | QFile::WriteOwner);
}

// The host's sshd, started in the host's network namespace and in a mount namespace of its own
// where DIR/host is the host's own directory; everything on the host descends from it.
void startHostSshd(const State& s, const SandboxNetwork& net, const QString& host)
{
    if (SystemCommand::runningAsRoot())
        makeDir(QStringLiteral("/run/sshd"), QString(), 0755);
    const QString sshDir = s.hostDir(host) + QStringLiteral("/ssh");
    require(SystemCommand(QStringLiteral("ip"),
                { QStringLiteral("netns"), QStringLiteral("exec"), net.namespaceOf(host), QStringLiteral("unshare"), QStringLiteral("--mount"),
                    QStringLiteral("--propagation"), QStringLiteral("private"), QStringLiteral("--"), QStringLiteral("/bin/sh"), QStringLiteral("-c"),
                    QStringLiteral("mount --bind \"$1\" \"$2\" && exec /usr/sbin/sshd -f \"$3\" -E \"$4\""), QStringLiteral("rbc-host"),
                    s.hostDir(host), s.commonDir(), sshDir + QStringLiteral("/sshd_config"), s.logDir(host) + QStringLiteral("/sshd.log") })
                .withTimeout(20000)
                .run(),
        QStringLiteral("starting the sshd of host %1 (log: %2/sshd.log)").arg(host, s.logDir(host)));
}

void waitForHostSshds(const State& s, const SandboxNetwork& net)
{
    for (const QString& host : s.allHosts()) {
        if (host == kConsoleHost)
            continue;
        QElapsedTimer t;
        t.start();
        while (!sshWorks(s, s.sshAlias(host), net.namespaceOf(kConsoleHost))) {
            if (t.elapsed() > 20000)
                fail(QStringLiteral("cannot log in to host %1 over SSH (log: %2/sshd.log)").arg(host, s.logDir(host)));
            QThread::msleep(200);
        }
    }
}

void createHosts(State& s, const SandboxNetwork& net, const Sandbox::Progress& progress)
{
    int n = 10;
    s.addresses[kConsoleHost] = SandboxNetwork::subnet() + QStringLiteral(".2");
    for (const QString& node : s.nodes())
        s.addresses[node] = QStringLiteral("%1.%2").arg(SandboxNetwork::subnet()).arg(++n);
    n = 20;
    for (const QString& app : kAppHosts)
        s.addresses[app] = QStringLiteral("%1.%2").arg(SandboxNetwork::subnet()).arg(++n);
    s.netnsMountOurs = !SandboxNetwork::runDirMounted();
    writeFile(s.dir + QLatin1Char('/') + kStateFile, QJsonDocument(s.toJson()).toJson());
    progress(QStringLiteral("creating %1 hosts (network namespaces %2-*) on %3.0/24").arg(s.allHosts().size()).arg(s.netPrefix, SandboxNetwork::subnet()));
    QString error;
    if (!net.create(s.addresses, &error))
        fail(error);
    makeDir(s.commonDir(), QString(), 0755);
    for (const QString& host : s.allHosts()) {
        if (host == kConsoleHost)
            continue;
        makeDir(s.hostDir(host), s.user, 0755);
        for (const char* sub : { "run", "log", "etc" })
            makeDir(s.hostDir(host) + QLatin1Char('/') + QLatin1String(sub), s.user, 0755);
    }
    writeHostsSshFiles(s, net);
    for (const QString& host : s.allHosts())
        if (host != kConsoleHost)
            startHostSshd(s, net, host);
    waitForHostSshds(s, net);
}

// ---------------------------------------------------------------------------------------------
// Inventory

void writeInventory(const State& s, const QString& newVersion, const QString& oldVersion)
{
    YAML::Emitter y;
    y << YAML::Comment("Written by `runbook-console sandbox up`; every shipped runbook runs on it unchanged.");
    y << YAML::BeginMap;
    y << YAML::Key << "cluster" << YAML::Value << "sandbox";
    y << YAML::Key << "nodes" << YAML::Value << YAML::BeginMap;
    for (const QString& node : s.nodes()) {
        const bool spare = s.spareNodes().contains(node);
        y << YAML::Key << node.toStdString() << YAML::Value << YAML::BeginMap;
        y << YAML::Key << "conninfo" << YAML::Value << s.conninfo(node).toStdString();
        y << YAML::Key << "host" << YAML::Value << (s.hosts || s.ssh ? s.sshAlias(node) : QStringLiteral("local")).toStdString();
        if (!s.user.isEmpty() && !s.ssh && !s.hosts)
            y << YAML::Key << "run_as" << YAML::Value << s.user.toStdString();
        y << YAML::Key << "datadir" << YAML::Value << s.onHost(node, s.dataDir(node)).toStdString();
        y << YAML::Key << "bindir" << YAML::Value << s.bindirOf(node).toStdString();
        y << YAML::Key << "port" << YAML::Value << s.portOf(node);
        y << YAML::Key << "role" << YAML::Value << (spare ? "spare" : node == QLatin1String("db1") ? "primary" : "replica");
        if (!spare)
            y << YAML::Key << "version" << YAML::Value << oldVersion.toStdString();
        if (node == QLatin1String("db2") || node == QLatin1String("db3"))
            y << YAML::Key << "upstream" << YAML::Value << "db1";
        y << YAML::EndMap;
    }
    y << YAML::EndMap;
    y << YAML::Key << "aliases" << YAML::Value << YAML::BeginMap;
    for (const auto& [alias, node] : std::initializer_list<std::pair<const char*, const char*>> {
             { "old_primary", "db1" }, { "read_replica", "db2" }, { "other_replica", "db3" },
             { "new_primary", "db_a" }, { "new_replica", "db_a_replica" }, { "source", "db1" }, { "target", "db_a" } })
        y << YAML::Key << alias << YAML::Value << node;
    y << YAML::EndMap;
    y << YAML::Key << "endpoints" << YAML::Value << YAML::BeginMap;
    y << YAML::Key << "app" << YAML::Value << YAML::BeginMap;
    if (s.hosts) {
        // Listen Notes' way: application hosts resolve the database's names through /etc/hosts.
        y << YAML::Key << "kind" << YAML::Value << "hosts";
        y << YAML::Key << "conninfo" << YAML::Value << QStringLiteral("host=%1 port=%2 dbname=app user=app").arg(kHostnames[0]).arg(kHostsPort).toStdString();
        y << YAML::Key << "hostnames" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const QString& name : kHostnames)
            y << name.toStdString();
        y << YAML::EndSeq;
        y << YAML::Key << "hosts" << YAML::Value << YAML::Flow << YAML::BeginSeq;
        for (const QString& app : kAppHosts)
            y << s.sshAlias(app).toStdString();
        y << YAML::EndSeq;
        y << YAML::Key << "addresses" << YAML::Value << YAML::BeginMap;
        for (const QString& node : s.nodes())
            y << YAML::Key << node.toStdString() << YAML::Value << s.addresses.value(node).toStdString();
        y << YAML::EndMap;
    } else {
        const int pb = s.ports.value(kPgbouncers.first());
        y << YAML::Key << "kind" << YAML::Value << "pgbouncer";
        y << YAML::Key << "conninfo" << YAML::Value << QStringLiteral("host=127.0.0.1 port=%1 dbname=app user=app").arg(pb).toStdString();
        y << YAML::Key << "database" << YAML::Value << "app";
        y << YAML::Key << "instances" << YAML::Value << YAML::BeginSeq;
        for (const QString& name : kPgbouncers) {
            y << YAML::BeginMap;
            y << YAML::Key << "admin_conninfo" << YAML::Value
              << QStringLiteral("host=127.0.0.1 port=%1 dbname=pgbouncer user=postgres").arg(s.ports.value(name)).toStdString();
            y << YAML::Key << "config" << YAML::Value << s.pgbouncerIni(name).toStdString();
            y << YAML::Key << "host" << YAML::Value << "local";
            y << YAML::EndMap;
        }
        y << YAML::EndSeq;
    }
    y << YAML::Key << "routes_to" << YAML::Value << "db1";
    y << YAML::EndMap << YAML::EndMap;
    y << YAML::Key << "vars" << YAML::Value << YAML::BeginMap;
    y << YAML::Key << "new_bindir" << YAML::Value << s.newBindir.toStdString();
    y << YAML::Key << "old_bindir" << YAML::Value << s.oldBindir.toStdString();
    y << YAML::Key << "new_version" << YAML::Value << majorOf(newVersion).toStdString();
    y << YAML::Key << "old_version" << YAML::Value << majorOf(oldVersion).toStdString();
    y << YAML::Key << "database" << YAML::Value << "app";
    y << YAML::Key << "listen_addresses" << YAML::Value << (s.hosts ? "*" : "127.0.0.1");
    y << YAML::Key << "sandbox_dir" << YAML::Value << s.dir.toStdString();
    // On every host the same paths (each host its own, in --hosts mode).
    y << YAML::Key << "socket_dir" << YAML::Value << (s.hosts ? s.commonDir() + QStringLiteral("/run") : s.runDir()).toStdString();
    y << YAML::Key << "log_dir" << YAML::Value << (s.hosts ? s.commonDir() + QStringLiteral("/log") : s.logDir()).toStdString();
    if (s.hosts)
        y << YAML::Key << "console_netns" << YAML::Value << SandboxNetwork(s.netPrefix).namespaceOf(kConsoleHost).toStdString();
    y << YAML::EndMap;
    // Rehearsals are where the downtime clients see gets measured: the probe is on here, and in
    // --hosts mode it runs on an application host, resolving the name there.
    y << YAML::Key << "traffic_probe" << YAML::Value << YAML::BeginMap;
    y << YAML::Key << "enabled" << YAML::Value << true;
    y << YAML::Key << "endpoint" << YAML::Value << "app";
    y << YAML::Key << "interval" << YAML::Value << "50ms";
    if (s.hosts) {
        y << YAML::Key << "host" << YAML::Value << s.sshAlias(kAppHosts.first()).toStdString();
        y << YAML::Key << "psql" << YAML::Value << (s.newBindir + QStringLiteral("/psql")).toStdString();
    }
    y << YAML::EndMap;
    if (s.ssh || s.hosts) {
        y << YAML::Key << "ssh" << YAML::Value << YAML::BeginMap;
        y << YAML::Key << "config" << YAML::Value << (s.sshDir() + QStringLiteral("/config")).toStdString();
        y << YAML::EndMap;
    }
    y << YAML::EndMap;
    writeFile(s.dir + QStringLiteral("/inventory.yaml"), QByteArray(y.c_str()) + '\n');
}

// ---------------------------------------------------------------------------------------------
// Up, down

// Every data directory a server may run in: the sandbox's own and the ones runbooks provisioned
// (DB_A's, its .old, a new replica's).
QStringList dataDirectories(const State& s)
{
    QStringList dirs;
    if (s.hosts) {
        for (const QString& node : s.nodes()) {
            const QDir host(s.hostDir(node));
            for (const QString& d : host.entryList({ QStringLiteral("data*") }, QDir::Dirs | QDir::NoDotAndDotDot))
                dirs << host.filePath(d);
        }
    } else {
        const QDir data(s.dir + QStringLiteral("/data"));
        for (const QString& d : data.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
            dirs << data.filePath(d);
    }
    return dirs;
}

QStringList stopEverything(const State& s)
{
    for (const QString& name : kPgbouncers)
        stopRecordedProcess(s.pgbouncerPidFile(name), QStringLiteral("pgbouncer"), SIGINT, 10000);
    for (const QString& d : dataDirectories(s))
        stopNodeDir(d);
    if (!s.hosts) {
        // Connection masters to it exit on their own once sshd has gone.
        stopRecordedProcess(s.sshdPidFile(), QStringLiteral("sshd"), SIGTERM, 10000);
        return {};
    }
    for (const QString& host : s.allHosts())
        stopRecordedProcess(s.sshdPidFile(host), QStringLiteral("sshd"), SIGTERM, 10000);
    return s.netPrefix.isEmpty() ? QStringList() : SandboxNetwork(s.netPrefix).destroy(s.netnsMountOurs);
}

void buildFresh(State& s, const SandboxOptions& o, const Sandbox::Progress& progress)
{
    const QString newVersion = serverVersionOf(s.newBindir);
    const QString oldVersion = serverVersionOf(s.oldBindir);
    if (oldVersion.isEmpty())
        fail(QStringLiteral("%1/postgres does not run (missing libraries?)").arg(s.oldBindir));
    if (QVersionNumber::fromString(oldVersion) > QVersionNumber::fromString(newVersion))
        fail(QStringLiteral("--old-bindir runs %1, newer than the new bindir's %2").arg(oldVersion, newVersion));

    if (!s.hosts) {
        const QList<int> ports = pickFreePorts(s.nodes().size() + kPgbouncers.size() + 1);
        int i = 0;
        for (const QString& node : s.nodes())
            s.ports[node] = ports[i++];
        for (const QString& name : kPgbouncers)
            s.ports[name] = ports[i++];
        if (o.ssh)
            s.ports[QStringLiteral("sshd")] = ports[i++];
    }

    makeDir(s.dir, QString(), 0755);
    for (const QString& d : { s.runDir(), s.logDir() })
        makeDir(d, s.user, 0755);
    if (!s.hosts) {
        makeDir(s.dir + QStringLiteral("/data"), s.user, 0700);
    }
    writeFile(s.dir + QLatin1Char('/') + kStateFile, QJsonDocument(s.toJson()).toJson());
    // The server user must reach the directory (a sandbox under /root is unreachable for postgres).
    if (!s.user.isEmpty() && !SystemCommand(QStringLiteral("test"), { QStringLiteral("-w"), s.runDir() }).asUser(s.user).withTimeout(10000).run().ok())
        fail(QStringLiteral("user %1 cannot write to %2: choose a --dir it can reach, e.g. under /var/lib or /tmp")
                 .arg(s.user, s.runDir()));
    const SandboxNetwork net(s.netPrefix);
    if (s.hosts)
        createHosts(s, net, progress);

    const QString db1 = QStringLiteral("db1");
    progress(QStringLiteral("initdb db1 (PostgreSQL %1)").arg(oldVersion));
    require(runOnNode(s, db1, s.oldBindir + QStringLiteral("/initdb"),
                { QStringLiteral("-D"), s.onHost(db1, s.dataDir(db1)), QStringLiteral("-U"), QStringLiteral("postgres"),
                    QStringLiteral("-A"), QStringLiteral("trust"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                    QStringLiteral("--locale=C.UTF-8"), QStringLiteral("--data-checksums") }),
        QStringLiteral("initdb db1"));
    writeSslFiles(s);
    placeServerConf(s, db1, s.dataDir(db1));
    progress(QStringLiteral("starting db1 on %1").arg(s.hosts ? s.addresses.value(db1) : QStringLiteral("port %1").arg(s.portOf(db1))));
    startNode(s, db1);
    progress(QStringLiteral("seeding database app"));
    seed(s);
    seedRows(s, o.seedScale);

    for (const QString& node : { QStringLiteral("db2"), QStringLiteral("db3") }) {
        progress(QStringLiteral("pg_basebackup %1 from db1").arg(node));
        // The new bindir's pg_basebackup also copies older majors; the embedded ones ship none.
        require(runOnNode(s, node, s.newBindir + QStringLiteral("/pg_basebackup"),
                    { QStringLiteral("-h"), s.hosts ? s.addresses.value(db1) : QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(s.portOf(db1)),
                        QStringLiteral("-U"), QStringLiteral("postgres"), QStringLiteral("-D"), s.onHost(node, s.dataDir(node)),
                        QStringLiteral("-R"), QStringLiteral("-X"), QStringLiteral("stream"), QStringLiteral("-C"),
                        QStringLiteral("-S"), node, QStringLiteral("--checkpoint=fast"), QStringLiteral("--no-password") }),
            QStringLiteral("pg_basebackup %1").arg(node));
        placeServerConf(s, node, s.confDir(db1));
        progress(QStringLiteral("starting %1").arg(node));
        startNode(s, node);
    }
    waitForReplicas(s, 2);

    if (!s.hosts) {
        for (const QString& name : kPgbouncers) {
            progress(QStringLiteral("starting %1 on port %2").arg(name).arg(s.ports.value(name)));
            writePgbouncerConfig(s, name, db1);
            startPgbouncer(s, name);
        }
        if (o.ssh) {
            progress(QStringLiteral("starting sshd on port %1").arg(s.ports.value(QStringLiteral("sshd"))));
            writeSshFiles(s);
            startSshd(s);
        }
    }
    writeInventory(s, newVersion, oldVersion);
}

QString bindirForDataDir(const State& s, const QString& dataDir)
{
    QFile pv(dataDir + QStringLiteral("/PG_VERSION"));
    const QString major = pv.open(QIODevice::ReadOnly) ? QString::fromLatin1(pv.readAll()).trimmed() : QString();
    return major == majorOf(serverVersionOf(s.oldBindir)) ? s.oldBindir : s.newBindir;
}

void restartExisting(const State& s, const Sandbox::Progress& progress)
{
    for (const QString& node : kServerNodes) {
        if (!QFileInfo::exists(s.dataDir(node) + QStringLiteral("/PG_VERSION")))
            fail(QStringLiteral("the sandbox in %1 is incomplete (%2 has no data): run `runbook-console sandbox down --dir %1`, then `sandbox up` again")
                     .arg(s.dir, node));
    }
    if (s.hosts) {
        const SandboxNetwork net(s.netPrefix);
        if (net.existing().size() < s.allHosts().size() + 1)
            fail(QStringLiteral("the hosts of the sandbox in %1 are gone (a reboot?): run `runbook-console sandbox down --dir %1`, then `sandbox up --hosts` again").arg(s.dir));
        for (const QString& host : s.allHosts()) {
            if (host != kConsoleHost && !recordedProcessRunning(s.sshdPidFile(host), QStringLiteral("sshd"))) {
                progress(QStringLiteral("starting the sshd of host %1").arg(host));
                startHostSshd(s, net, host);
            }
        }
        waitForHostSshds(s, net);
    }
    // Spares a runbook provisioned keep running too, so bring back every data directory we know.
    for (const QString& node : s.nodes()) {
        if (!QFileInfo::exists(s.dataDir(node) + QStringLiteral("/PG_VERSION")) || nodeRunning(s, node))
            continue;
        if (!s.hosts && !portFree(s.portOf(node)))
            fail(QStringLiteral("port %1 that %2 uses is taken by another program: stop it, or run `runbook-console sandbox down --dir %3` and `sandbox up` again")
                     .arg(s.portOf(node))
                     .arg(node, s.dir));
        progress(QStringLiteral("starting %1").arg(node));
        // A spare that a runbook upgraded runs the new binaries: PG_VERSION says which.
        State local = s;
        local.oldBindir = local.newBindir = bindirForDataDir(s, s.dataDir(node));
        startNode(local, node);
    }
    if (!s.hosts) {
        for (const QString& name : kPgbouncers) {
            if (!recordedProcessRunning(s.pgbouncerPidFile(name), QStringLiteral("pgbouncer"))) {
                // A PgBouncer that was killed leaves its pid file, and refuses to start while it is there.
                QFile::remove(s.pgbouncerPidFile(name));
                progress(QStringLiteral("starting %1 on port %2").arg(name).arg(s.ports.value(name)));
                startPgbouncer(s, name);
            }
        }
        if (s.ssh && !recordedProcessRunning(s.sshdPidFile(), QStringLiteral("sshd"))) {
            progress(QStringLiteral("starting sshd on port %1").arg(s.ports.value(QStringLiteral("sshd"))));
            startSshd(s);
        }
    }
}

void enablePasswordAuth(const State& s, const QString& password, const QString& inventoryPath)
{
    SandboxPasswordSetup setup;
    setup.serverUser = s.user;
    for (const QString& node : kServerNodes) {
        setup.nodePorts.insert(node, s.ports.value(node));
        setup.nodeConfDirs.insert(node, startDir(s, node));
    }
    setup.pgbouncerPort = s.ports.value(QStringLiteral("pgbouncer"));
    setup.pgbouncerDir = s.dir + QStringLiteral("/pgbouncer");
    setup.inventoryPath = inventoryPath;
    setup.password = password;
    QString error;
    if (!SandboxPasswordAuth::enable(setup, &error))
        fail(error);
}

} // namespace

Sandbox::Sandbox(QString dir)
    : m_dir(dir.isEmpty() ? defaultDirectory() : QDir(dir).absolutePath())
{
}

QString Sandbox::defaultDirectory()
{
    // As root the servers run as postgres, which cannot enter /root: use a system location.
    if (SystemCommand::runningAsRoot())
        return QStringLiteral("/var/lib/runbook-console/sandbox");
    return QStandardPaths::writableLocation(QStandardPaths::AppLocalDataLocation) + QStringLiteral("/sandbox");
}

QString Sandbox::detectNewBindir()
{
    const QDir base(QStringLiteral("/usr/lib/postgresql"));
    QVersionNumber best;
    QString bestDir;
    for (const QString& v : base.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        const QString bin = base.filePath(v) + QStringLiteral("/bin");
        const QVersionNumber n = QVersionNumber::fromString(v);
        if (QFileInfo(bin + QStringLiteral("/postgres")).isExecutable() && n > best) {
            best = n;
            bestDir = bin;
        }
    }
    return bestDir;
}

QString Sandbox::serverUser()
{
    return SystemCommand::runningAsRoot() ? QStringLiteral("postgres") : QString();
}

QString Sandbox::inventoryPath() const
{
    return m_dir + QStringLiteral("/inventory.yaml");
}

QString Sandbox::consoleNamespace() const
{
    const auto s = State::load(m_dir);
    return s && s->hosts ? SandboxNetwork(s->netPrefix).namespaceOf(kConsoleHost) : QString();
}

QString Sandbox::hostNamespace(const QString& host) const
{
    const auto s = State::load(m_dir);
    return s && s->hosts && s->allHosts().contains(host) ? SandboxNetwork(s->netPrefix).namespaceOf(host) : QString();
}

QString Sandbox::checksumQuery()
{
    return SeedData::checksumQuery();
}

QStringList Sandbox::seededTables()
{
    return SeedData::tables();
}

bool Sandbox::up(const SandboxOptions& options, const Progress& progressIn, QString* error)
{
    const Progress progress = progressIn ? progressIn : [](const QString&) {};
    const bool existed = QFileInfo::exists(m_dir);
    State s;
    s.dir = m_dir;
    try {
        if (existed) {
            const auto previous = State::load(m_dir);
            if (!previous) {
                if (!QDir(m_dir).isEmpty())
                    fail(QStringLiteral("%1 exists and is not a sandbox: choose another --dir or remove it").arg(m_dir));
            } else {
                s = *previous;
                if (options.ssh && !s.ssh && !s.hosts)
                    fail(QStringLiteral("the sandbox in %1 was built without --ssh: run `runbook-console sandbox down --dir %1` first").arg(m_dir));
                if (options.hosts != s.hosts)
                    fail(QStringLiteral("the sandbox in %1 was built %2 --hosts: run `runbook-console sandbox down --dir %1` first")
                             .arg(m_dir, s.hosts ? QStringLiteral("with") : QStringLiteral("without")));
                const QString wantOld = options.oldBindir.isEmpty() ? QString() : QDir(options.oldBindir).absolutePath();
                if (!wantOld.isEmpty() && wantOld != s.oldBindir)
                    fail(QStringLiteral("the sandbox in %1 runs %2, not %3: run `runbook-console sandbox down --dir %1` first")
                             .arg(m_dir, s.oldBindir, wantOld));
                progress(QStringLiteral("reusing the sandbox in %1").arg(m_dir));
                restartExisting(s, progress);
                progress(QStringLiteral("sandbox up: %1").arg(inventoryPath()));
                return true;
            }
        }
        s.user = serverUser();
        if (!s.user.isEmpty() && !::getpwnam(s.user.toLocal8Bit().constData()))
            fail(QStringLiteral("running as root, the servers need the unprivileged user %1, which does not exist (install postgresql-15)").arg(s.user));
        s.newBindir = options.newBindir.isEmpty() ? detectNewBindir() : QDir(options.newBindir).absolutePath();
        s.oldBindir = options.oldBindir.isEmpty() ? s.newBindir : QDir(options.oldBindir).absolutePath();
        s.ssh = options.ssh || options.hosts;
        s.hosts = options.hosts;
        checkBindir(s.newBindir, { QStringLiteral("initdb"), QStringLiteral("pg_ctl"), QStringLiteral("postgres"), QStringLiteral("pg_basebackup"), QStringLiteral("psql") }, QStringLiteral("the new bindir"));
        checkBindir(s.oldBindir, { QStringLiteral("initdb"), QStringLiteral("pg_ctl"), QStringLiteral("postgres") }, QStringLiteral("--old-bindir"));
        if (!s.hosts && !QFileInfo(QStringLiteral("/usr/sbin/pgbouncer")).isExecutable())
            fail(QStringLiteral("pgbouncer is not installed (apt-get install pgbouncer; scripts/setup does)"));
        if (s.ssh && !QFileInfo(QStringLiteral("/usr/sbin/sshd")).isExecutable())
            fail(QStringLiteral("--ssh and --hosts need OpenSSH's server: apt-get install openssh-server (scripts/setup does)"));
        if (s.hosts && !options.password.isEmpty())
            fail(QStringLiteral("--password-auth works on the loopback sandbox only, not with --hosts"));
        if (s.hosts) {
            if (!SystemCommand::runningAsRoot())
                fail(QStringLiteral("--hosts creates network namespaces (ip netns), which takes root: run it as root"));
            // Short and random: namespace names of two sandboxes never meet.
            s.netPrefix = QStringLiteral("rbc%1").arg(QRandomGenerator::global()->generate() & 0xffffff, 6, 16, QLatin1Char('0'));
        }
        QString parent = m_dir;
        while (!QFileInfo::exists(parent) && parent != QStringLiteral("/"))
            parent = QFileInfo(parent).absolutePath();
        const QStorageInfo disk(parent);
        if (disk.isValid() && disk.bytesAvailable() < kMinFreeBytes)
            fail(QStringLiteral("only %1 MiB free on %2; the sandbox needs at least %3 MiB")
                     .arg(disk.bytesAvailable() / (1024 * 1024))
                     .arg(disk.rootPath())
                     .arg(kMinFreeBytes / (1024 * 1024)));
        progress(QStringLiteral("building the sandbox in %1").arg(m_dir));
        buildFresh(s, options, progress);
        if (!options.password.isEmpty()) {
            progress(QStringLiteral("password authentication (SCRAM-SHA-256) for %1 and app").arg(SandboxPasswordAuth::dbaRole()));
            enablePasswordAuth(s, options.password, inventoryPath());
        }
        if (s.hosts)
            progress(QStringLiteral("the hosts are reached from the console's host: ip netns exec %1 runbook-console ...")
                         .arg(SandboxNetwork(s.netPrefix).namespaceOf(kConsoleHost)));
        progress(QStringLiteral("sandbox up: %1").arg(inventoryPath()));
        return true;
    } catch (const SandboxError& e) {
        if (error)
            *error = e.message;
        if (!existed && QFileInfo::exists(m_dir)) {
            // Nothing half-running: stop what we started, remove what we made.
            stopEverything(s);
            QDir(m_dir).removeRecursively();
        } else if (!existed && s.hosts) {
            stopEverything(s);
        }
        return false;
    }
}

bool Sandbox::down(const Progress& progressIn, QString* error)
{
    const Progress progress = progressIn ? progressIn : [](const QString&) {};
    const auto s = State::load(m_dir);
    if (!s) {
        if (error)
            *error = QFileInfo::exists(m_dir) ? QStringLiteral("%1 is not a sandbox (no %2): nothing stopped, nothing removed").arg(m_dir, kStateFile)
                                              : QStringLiteral("no sandbox in %1").arg(m_dir);
        return false;
    }
    progress(QStringLiteral("stopping the sandbox in %1").arg(m_dir));
    const QStringList left = stopEverything(*s);
    if (!left.isEmpty()) {
        if (error)
            *error = QStringLiteral("could not remove: %1").arg(left.join(QStringLiteral(", ")));
        return false;
    }
    if (!QDir(m_dir).removeRecursively()) {
        if (error)
            *error = QStringLiteral("servers stopped, but %1 could not be removed entirely").arg(m_dir);
        return false;
    }
    progress(QStringLiteral("sandbox down"));
    return true;
}

SandboxStatus Sandbox::status() const
{
    SandboxStatus st;
    st.dir = m_dir;
    const auto s = State::load(m_dir);
    if (!s)
        return st;
    st.exists = true;
    st.hosts = s->hosts;
    QMap<QString, QPair<qint64, QString>> lag; // from db1's pg_stat_replication
    for (const QString& node : s->nodes()) {
        SandboxNodeStatus n;
        n.name = node;
        n.port = s->portOf(node);
        n.address = s->hosts ? s->addresses.value(node) : QStringLiteral("127.0.0.1");
        n.role = s->spareNodes().contains(node) ? QStringLiteral("spare") : node == QLatin1String("db1") ? QStringLiteral("primary") : QStringLiteral("replica");
        if (s->spareNodes().contains(node) && !QFileInfo::exists(s->dataDir(node) + QStringLiteral("/PG_VERSION")))
            continue; // not provisioned
        PgConnection c;
        if (c.open(s->adminConninfo(node), 3)) {
            n.up = true;
            n.version = c.scalar(QStringLiteral("SHOW server_version")).value_or(QString()).section(QLatin1Char(' '), 0, 0);
            n.actualRole = c.scalar(QStringLiteral("SELECT pg_is_in_recovery()")).value_or(QString()) == QLatin1String("t")
                ? QStringLiteral("replica")
                : QStringLiteral("primary");
            if (n.actualRole == QLatin1String("primary")) {
                if (auto rows = c.exec(QStringLiteral("SELECT application_name, pg_wal_lsn_diff(pg_current_wal_lsn(), replay_lsn)::bigint, "
                                                      "coalesce(replay_lag::text, '0') FROM pg_stat_replication"))) {
                    for (const QStringList& r : rows->rows)
                        lag[r.value(0)] = { r.value(1).toLongLong(), r.value(2) };
                }
            }
        } else {
            n.detail = c.lastError().message.section(QLatin1Char('\n'), 0, 0);
        }
        st.nodes << n;
    }
    for (SandboxNodeStatus& n : st.nodes) {
        if (lag.contains(n.name)) {
            n.lagBytes = lag[n.name].first;
            n.lagTime = lag[n.name].second;
        }
    }
    if (!s->hosts) {
        st.pgbouncerPort = s->ports.value(kPgbouncers.first());
        st.pgbouncerUp = true;
        for (const QString& name : kPgbouncers)
            st.pgbouncerUp = st.pgbouncerUp && recordedProcessRunning(s->pgbouncerPidFile(name), QStringLiteral("pgbouncer"));
        QFile ini(s->pgbouncerIni());
        if (ini.open(QIODevice::ReadOnly)) {
            for (const QByteArray& line : ini.readAll().split('\n')) {
                if (line.startsWith("app =")) {
                    const QByteArray port = line.mid(line.indexOf("port=") + 5).split(' ').value(0);
                    for (auto it = s->ports.begin(); it != s->ports.end(); ++it)
                        if (QByteArray::number(it.value()) == port)
                            st.pgbouncerRoute = it.key();
                }
            }
        }
        st.sshEnabled = s->ssh;
        st.sshPort = s->ports.value(QStringLiteral("sshd"));
        st.sshdUp = s->ssh && recordedProcessRunning(s->sshdPidFile(), QStringLiteral("sshd"));
    } else {
        st.sshEnabled = true;
        st.sshPort = 22;
        st.sshdUp = true;
        const SandboxNetwork net(s->netPrefix);
        for (const QString& host : s->allHosts()) {
            SandboxHostStatus h;
            h.name = host;
            h.address = s->addresses.value(host);
            h.netns = net.namespaceOf(host);
            h.sshdUp = host == kConsoleHost || recordedProcessRunning(s->sshdPidFile(host), QStringLiteral("sshd"));
            st.sshdUp = st.sshdUp && h.sshdUp;
            st.hostList << h;
        }
        st.consoleNamespace = net.namespaceOf(kConsoleHost);
    }
    return st;
}
