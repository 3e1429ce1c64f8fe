#include "sandbox.h"

#include "core/pgconnection.h"
#include "core/systemcommand.h"
#include "sandbox/sandboxpasswordauth.h"
#include "sandbox/seeddata.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
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
const QString kSshAlias = QStringLiteral("rbc-sandbox");
constexpr qint64 kMinFreeBytes = 512LL * 1024 * 1024;

struct SandboxError {
    QString message;
};

// Everything `up` needs to know, and everything `down`/`status` read back from sandbox.json.
struct State {
    QString dir;
    QString user; // servers run as this user; empty: ourselves
    QString newBindir;
    QString oldBindir;
    bool ssh = false;
    QMap<QString, int> ports; // node names, "pgbouncer", "sshd"

    QString dataDir(const QString& node) const { return dir + QStringLiteral("/data/") + node; }
    QString runDir() const { return dir + QStringLiteral("/run"); }
    QString logDir() const { return dir + QStringLiteral("/log"); }
    QString sshDir() const { return dir + QStringLiteral("/ssh"); }
    QString pgbouncerIni() const { return dir + QStringLiteral("/pgbouncer/pgbouncer.ini"); }
    QString pgbouncerPidFile() const { return runDir() + QStringLiteral("/pgbouncer.pid"); }
    QString sshdPidFile() const { return sshDir() + QStringLiteral("/sshd.pid"); }
    QString bindirOf(const QString& node) const { return kServerNodes.contains(node) ? oldBindir : newBindir; }
    QString conninfo(const QString& node, const QString& db = QStringLiteral("app")) const
    {
        return QStringLiteral("host=127.0.0.1 port=%1 dbname=%2 user=postgres").arg(ports.value(node)).arg(db);
    }

    QJsonObject toJson() const
    {
        QJsonObject p;
        for (auto it = ports.begin(); it != ports.end(); ++it)
            p[it.key()] = it.value();
        return { { QStringLiteral("format"), 1 }, { QStringLiteral("user"), user },
            { QStringLiteral("new_bindir"), newBindir }, { QStringLiteral("old_bindir"), oldBindir },
            { QStringLiteral("ssh"), ssh }, { QStringLiteral("ports"), p } };
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
        const QJsonObject p = o.value(QStringLiteral("ports")).toObject();
        for (auto it = p.begin(); it != p.end(); ++it)
            s.ports[it.key()] = it.value().toInt();
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

CommandOutcome runServerTool(const State& s, const QString& program, const QStringList& args, int timeoutMs = 120000)
{
    return SystemCommand(program, args).asUser(s.user).inDirectory(s.dir).withTimeout(timeoutMs).run();
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
    const auto pid = readPid(s.dataDir(node) + QStringLiteral("/postmaster.pid"));
    return pid && pidIs(*pid, QStringLiteral("postgres"));
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

void writeServerConf(const State& s, const QString& node, bool append)
{
    const QString conf = s.dataDir(node) + QStringLiteral("/postgresql.conf");
    QFile f(conf);
    if (!f.open(append ? (QIODevice::Append | QIODevice::Text) : (QIODevice::WriteOnly | QIODevice::Text)))
        fail(QStringLiteral("cannot write %1").arg(conf));
    const QString text = QStringLiteral(
        "\n# --- runbook-console sandbox (%1) ---\n"
        "listen_addresses = '127.0.0.1'\n"
        "port = %2\n"
        "unix_socket_directories = '%3'\n"
        "cluster_name = '%1'\n"
        "wal_level = logical\n"
        "max_wal_senders = 16\n"
        "max_replication_slots = 16\n"
        "max_logical_replication_workers = 8\n"
        "hot_standby = on\n"
        "hot_standby_feedback = on\n"
        "wal_keep_size = '256MB'\n"
        "max_connections = 120\n"
        "shared_buffers = '64MB'\n"
        "log_line_prefix = '%%m [%%p] %%q%%u@%%d '\n"
        "log_min_messages = warning\n")
                             .arg(node)
                             .arg(s.ports.value(node))
                             .arg(s.runDir());
    f.write(text.toUtf8());
}

void startNode(const State& s, const QString& node)
{
    const QString log = s.logDir() + QLatin1Char('/') + node + QStringLiteral(".log");
    require(runServerTool(s, s.bindirOf(node) + QStringLiteral("/pg_ctl"),
                { QStringLiteral("-D"), s.dataDir(node), QStringLiteral("-l"), log, QStringLiteral("-w"),
                    QStringLiteral("-t"), QStringLiteral("90"), QStringLiteral("start") }),
        QStringLiteral("starting %1 (log: %2)").arg(node, log));
}

// Fast shutdown by the postmaster's own pid; works whatever bindir started it.
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
    PgConnection c = connectTo(s.conninfo(QStringLiteral("db1")), QStringLiteral("db1"));
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 90000) {
        const auto n = c.scalar(QStringLiteral("SELECT count(*) FROM pg_stat_replication WHERE state = 'streaming'"));
        if (n && n->toInt() >= expected)
            return;
        QThread::msleep(100);
    }
    fail(QStringLiteral("replicas did not start streaming within 90 s (see %1)").arg(s.logDir()));
}

void startPgbouncer(const State& s)
{
    require(runServerTool(s, QStringLiteral("/usr/sbin/pgbouncer"), { QStringLiteral("-d"), QStringLiteral("-q"), s.pgbouncerIni() }, 30000),
        QStringLiteral("starting pgbouncer (log: %1/pgbouncer.log)").arg(s.logDir()));
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 20000) {
        PgConnection c;
        if (c.open(QStringLiteral("host=127.0.0.1 port=%1 dbname=pgbouncer user=postgres").arg(s.ports.value(QStringLiteral("pgbouncer"))), 2)
            && c.exec(QStringLiteral("SHOW VERSION")))
            return;
        QThread::msleep(100);
    }
    fail(QStringLiteral("pgbouncer did not accept connections (log: %1/pgbouncer.log)").arg(s.logDir()));
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
        const auto out = SystemCommand(QStringLiteral("ssh"), { QStringLiteral("-F"), s.sshDir() + QStringLiteral("/config"), kSshAlias, QStringLiteral("true") })
                             .withTimeout(10000)
                             .run();
        if (out.ok())
            return;
        QThread::msleep(200);
    }
    fail(QStringLiteral("cannot log in to the sandbox sshd (log: %1/sshd.log)").arg(s.logDir()));
}

void writePgbouncerConfig(const State& s, const QString& routeTo)
{
    makeDir(s.dir + QStringLiteral("/pgbouncer"), s.user);
    const QByteArray users = "\"postgres\" \"\"\n\"app\" \"\"\n";
    writeFile(s.dir + QStringLiteral("/pgbouncer/userlist.txt"), users, QFile::ReadOwner | QFile::WriteOwner);
    chownFile(s.dir + QStringLiteral("/pgbouncer/userlist.txt"), s.user);
    const QString ini = QStringLiteral(
        "[databases]\n"
        "app = host=127.0.0.1 port=%1 dbname=app\n"
        "\n"
        "[pgbouncer]\n"
        "listen_addr = 127.0.0.1\n"
        "listen_port = %2\n"
        "unix_socket_dir = %3\n"
        "auth_type = trust\n"
        "auth_file = %4/pgbouncer/userlist.txt\n"
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
        "logfile = %5/pgbouncer.log\n"
        "pidfile = %6\n")
                            .arg(s.ports.value(routeTo))
                            .arg(s.ports.value(QStringLiteral("pgbouncer")))
                            .arg(s.runDir(), s.dir, s.logDir(), s.pgbouncerPidFile());
    writeFile(s.pgbouncerIni(), ini.toUtf8(), QFile::ReadOwner | QFile::WriteOwner | QFile::ReadGroup | QFile::ReadOther);
    chownFile(s.pgbouncerIni(), s.user);
}

QString loginUser(const State& s)
{
    if (!s.user.isEmpty())
        return s.user;
    const passwd* pw = ::getpwuid(::geteuid());
    return pw ? QString::fromLocal8Bit(pw->pw_name) : QString();
}

void writeSshFiles(const State& s)
{
    const QString dir = s.sshDir();
    makeDir(dir, QString(), 0700);
    const QString authDir = s.dir + QStringLiteral("/ssh-auth");
    makeDir(authDir, s.user, 0755);
    require(SystemCommand(QStringLiteral("ssh-keygen"), { QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"), QString(), QStringLiteral("-C"), QStringLiteral("rbc-sandbox-host"), QStringLiteral("-f"), dir + QStringLiteral("/host_ed25519_key") }).run(),
        QStringLiteral("generating the sshd host key"));
    require(SystemCommand(QStringLiteral("ssh-keygen"), { QStringLiteral("-q"), QStringLiteral("-t"), QStringLiteral("ed25519"), QStringLiteral("-N"), QString(), QStringLiteral("-C"), QStringLiteral("rbc-sandbox-client"), QStringLiteral("-f"), dir + QStringLiteral("/id_ed25519") }).run(),
        QStringLiteral("generating the client key"));
    QFile clientPub(dir + QStringLiteral("/id_ed25519.pub"));
    QFile hostPub(dir + QStringLiteral("/host_ed25519_key.pub"));
    if (!clientPub.open(QIODevice::ReadOnly) || !hostPub.open(QIODevice::ReadOnly))
        fail(QStringLiteral("cannot read the generated ssh keys in %1").arg(dir));
    const QByteArray hostKey = hostPub.readAll().trimmed();
    writeFile(authDir + QStringLiteral("/authorized_keys"), clientPub.readAll(), QFile::ReadOwner | QFile::WriteOwner);
    chownFile(authDir + QStringLiteral("/authorized_keys"), s.user);
    // The host key is pinned under the alias: host-key checking stays on.
    writeFile(dir + QStringLiteral("/known_hosts"), kSshAlias.toUtf8() + ' ' + hostKey.left(hostKey.lastIndexOf(' ')) + '\n');
    const int port = s.ports.value(QStringLiteral("sshd"));
    const QString user = loginUser(s);
    const QString sshd = QStringLiteral(
        "Port %1\n"
        "ListenAddress 127.0.0.1\n"
        "HostKey %2/host_ed25519_key\n"
        "PidFile %3\n"
        "AuthorizedKeysFile %4/authorized_keys\n"
        "PubkeyAuthentication yes\n"
        "PasswordAuthentication no\n"
        "KbdInteractiveAuthentication no\n"
        "UsePAM %6\n"
        "StrictModes no\n"
        "PermitRootLogin no\n"
        "AllowUsers %5\n"
        "MaxSessions 64\n"
        "MaxStartups 64:30:128\n"
        "PrintMotd no\n"
        "LogLevel ERROR\n")
                             .arg(port)
                             // As root we log in as postgres, whose password is locked: only PAM's
                             // account check lets a key in without touching the account.
                             .arg(dir, s.sshdPidFile(), authDir, user,
                                 SystemCommand::runningAsRoot() ? QStringLiteral("yes") : QStringLiteral("no"));
    writeFile(dir + QStringLiteral("/sshd_config"), sshd.toUtf8(), QFile::ReadOwner | QFile::WriteOwner);
    const QString client = QStringLiteral(
        "Host %1\n"
        "    HostName 127.0.0.1\n"
        "    Port %2\n"
        "    User %3\n"
        "    IdentityFile %4/id_ed25519\n"
        "    IdentitiesOnly yes\n"
        "    HostKeyAlias %1\n"
        "    UserKnownHostsFile %4/known_hosts\n"
        "    StrictHostKeyChecking yes\n"
        "    BatchMode yes\n"
        "    ConnectTimeout 5\n")
                               .arg(kSshAlias)
                               .arg(port)
                               .arg(user, dir);
    writeFile(dir + QStringLiteral("/config"), client.toUtf8(), QFile::ReadOwner | QFile::WriteOwner);
}

void writeInventory(const State& s, const QString& newVersion, const QString& oldVersion)
{
    YAML::Emitter y;
    y << YAML::Comment("Written by `runbook-console sandbox up`; every shipped runbook runs on it unchanged.");
    y << YAML::BeginMap;
    y << YAML::Key << "cluster" << YAML::Value << "sandbox";
    y << YAML::Key << "nodes" << YAML::Value << YAML::BeginMap;
    const QString host = s.ssh ? kSshAlias : QStringLiteral("local");
    for (const QString& node : kServerNodes + kSpareNodes) {
        const bool spare = kSpareNodes.contains(node);
        y << YAML::Key << node.toStdString() << YAML::Value << YAML::BeginMap;
        y << YAML::Key << "conninfo" << YAML::Value << s.conninfo(node).toStdString();
        y << YAML::Key << "host" << YAML::Value << host.toStdString();
        if (!s.user.isEmpty() && !s.ssh)
            y << YAML::Key << "run_as" << YAML::Value << s.user.toStdString();
        y << YAML::Key << "datadir" << YAML::Value << s.dataDir(node).toStdString();
        y << YAML::Key << "bindir" << YAML::Value << s.bindirOf(node).toStdString();
        y << YAML::Key << "port" << YAML::Value << s.ports.value(node);
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
    const int pb = s.ports.value(QStringLiteral("pgbouncer"));
    y << YAML::Key << "kind" << YAML::Value << "pgbouncer";
    y << YAML::Key << "conninfo" << YAML::Value << QStringLiteral("host=127.0.0.1 port=%1 dbname=app user=app").arg(pb).toStdString();
    y << YAML::Key << "admin_conninfo" << YAML::Value << QStringLiteral("host=127.0.0.1 port=%1 dbname=pgbouncer user=postgres").arg(pb).toStdString();
    y << YAML::Key << "config" << YAML::Value << s.pgbouncerIni().toStdString();
    y << YAML::Key << "database" << YAML::Value << "app";
    y << YAML::Key << "host" << YAML::Value << "local";
    y << YAML::Key << "routes_to" << YAML::Value << "db1";
    y << YAML::EndMap << YAML::EndMap;
    y << YAML::Key << "vars" << YAML::Value << YAML::BeginMap;
    y << YAML::Key << "new_bindir" << YAML::Value << s.newBindir.toStdString();
    y << YAML::Key << "old_bindir" << YAML::Value << s.oldBindir.toStdString();
    y << YAML::Key << "new_version" << YAML::Value << majorOf(newVersion).toStdString();
    y << YAML::Key << "old_version" << YAML::Value << majorOf(oldVersion).toStdString();
    y << YAML::Key << "database" << YAML::Value << "app";
    y << YAML::Key << "listen_addresses" << YAML::Value << "127.0.0.1";
    y << YAML::Key << "sandbox_dir" << YAML::Value << s.dir.toStdString();
    y << YAML::Key << "socket_dir" << YAML::Value << s.runDir().toStdString();
    y << YAML::Key << "log_dir" << YAML::Value << s.logDir().toStdString();
    y << YAML::EndMap;
    // Rehearsals are where the downtime clients see gets measured: the probe is on here.
    y << YAML::Key << "traffic_probe" << YAML::Value << YAML::BeginMap;
    y << YAML::Key << "enabled" << YAML::Value << true;
    y << YAML::Key << "endpoint" << YAML::Value << "app";
    y << YAML::Key << "interval" << YAML::Value << "50ms";
    y << YAML::EndMap;
    if (s.ssh) {
        y << YAML::Key << "ssh" << YAML::Value << YAML::BeginMap;
        y << YAML::Key << "config" << YAML::Value << (s.sshDir() + QStringLiteral("/config")).toStdString();
        y << YAML::EndMap;
    }
    y << YAML::EndMap;
    writeFile(s.dir + QStringLiteral("/inventory.yaml"), QByteArray(y.c_str()) + '\n');
}

void stopEverything(const State& s)
{
    stopRecordedProcess(s.pgbouncerPidFile(), QStringLiteral("pgbouncer"), SIGINT, 10000);
    // Every data directory under data/, spares a runbook provisioned included.
    const QStringList dirs = QDir(s.dir + QStringLiteral("/data")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& d : dirs)
        stopNodeDir(s.dir + QStringLiteral("/data/") + d);
    // Connection masters to it exit on their own once sshd has gone.
    stopRecordedProcess(s.sshdPidFile(), QStringLiteral("sshd"), SIGTERM, 10000);
}

void seed(const State& s)
{
    PgConnection admin = connectTo(s.conninfo(QStringLiteral("db1"), QStringLiteral("postgres")), QStringLiteral("db1"));
    execOrFail(admin, SeedData::roleSql(), QStringLiteral("creating the app role"));
    execOrFail(admin, QStringLiteral("CREATE DATABASE app"), QStringLiteral("creating database app"));
    admin.close();
    PgConnection app = connectTo(s.conninfo(QStringLiteral("db1")), QStringLiteral("db1/app"));
    execOrFail(app, QStringLiteral("BEGIN"), QStringLiteral("seeding"));
    execOrFail(app, SeedData::schemaSql(), QStringLiteral("creating the schema"));
    execOrFail(app, QStringLiteral("COMMIT"), QStringLiteral("seeding"));
}

void seedRows(const State& s, double scale)
{
    PgConnection app = connectTo(s.conninfo(QStringLiteral("db1")), QStringLiteral("db1/app"));
    execOrFail(app, SeedData::dataSql(scale), QStringLiteral("loading seed data"));
}

void buildFresh(State& s, const SandboxOptions& o, const Sandbox::Progress& progress)
{
    const QString newVersion = serverVersionOf(s.newBindir);
    const QString oldVersion = serverVersionOf(s.oldBindir);
    if (oldVersion.isEmpty())
        fail(QStringLiteral("%1/postgres does not run (missing libraries?)").arg(s.oldBindir));
    if (QVersionNumber::fromString(oldVersion) > QVersionNumber::fromString(newVersion))
        fail(QStringLiteral("--old-bindir runs %1, newer than the new bindir's %2").arg(oldVersion, newVersion));

    const QList<int> ports = pickFreePorts(kServerNodes.size() + kSpareNodes.size() + 2);
    int i = 0;
    for (const QString& node : kServerNodes + kSpareNodes)
        s.ports[node] = ports[i++];
    s.ports[QStringLiteral("pgbouncer")] = ports[i++];
    if (o.ssh)
        s.ports[QStringLiteral("sshd")] = ports[i++];

    makeDir(s.dir, QString(), 0755);
    for (const QString& d : { s.dir + QStringLiteral("/data"), s.runDir(), s.logDir() })
        makeDir(d, s.user, 0755);
    ::chmod(QFile::encodeName(s.dir + QStringLiteral("/data")).constData(), 0700);
    writeFile(s.dir + QLatin1Char('/') + kStateFile, QJsonDocument(s.toJson()).toJson());
    // The server user must reach the directory (a sandbox under /root is unreachable for postgres).
    if (!s.user.isEmpty() && !runServerTool(s, QStringLiteral("test"), { QStringLiteral("-w"), s.runDir() }, 10000).ok())
        fail(QStringLiteral("user %1 cannot write to %2: choose a --dir it can reach, e.g. under /var/lib or /tmp")
                 .arg(s.user, s.runDir()));

    progress(QStringLiteral("initdb db1 (PostgreSQL %1)").arg(oldVersion));
    require(runServerTool(s, s.oldBindir + QStringLiteral("/initdb"),
                { QStringLiteral("-D"), s.dataDir(QStringLiteral("db1")), QStringLiteral("-U"), QStringLiteral("postgres"),
                    QStringLiteral("-A"), QStringLiteral("trust"), QStringLiteral("-E"), QStringLiteral("UTF8"),
                    QStringLiteral("--locale=C"), QStringLiteral("--data-checksums") }),
        QStringLiteral("initdb db1"));
    writeServerConf(s, QStringLiteral("db1"), true);
    progress(QStringLiteral("starting db1 on port %1").arg(s.ports.value(QStringLiteral("db1"))));
    startNode(s, QStringLiteral("db1"));
    progress(QStringLiteral("seeding database app"));
    seed(s);
    seedRows(s, o.seedScale);

    for (const QString& node : { QStringLiteral("db2"), QStringLiteral("db3") }) {
        progress(QStringLiteral("pg_basebackup %1 from db1").arg(node));
        // The new bindir's pg_basebackup also copies older majors; the embedded ones ship none.
        require(runServerTool(s, s.newBindir + QStringLiteral("/pg_basebackup"),
                    { QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"), QString::number(s.ports.value(QStringLiteral("db1"))),
                        QStringLiteral("-U"), QStringLiteral("postgres"), QStringLiteral("-D"), s.dataDir(node),
                        QStringLiteral("-R"), QStringLiteral("-X"), QStringLiteral("stream"), QStringLiteral("-C"),
                        QStringLiteral("-S"), node, QStringLiteral("--checkpoint=fast"), QStringLiteral("--no-password") }),
            QStringLiteral("pg_basebackup %1").arg(node));
        writeServerConf(s, node, true);
        progress(QStringLiteral("starting %1 on port %2").arg(node).arg(s.ports.value(node)));
        startNode(s, node);
    }
    waitForReplicas(s, 2);

    progress(QStringLiteral("starting pgbouncer on port %1").arg(s.ports.value(QStringLiteral("pgbouncer"))));
    writePgbouncerConfig(s, QStringLiteral("db1"));
    startPgbouncer(s);
    if (o.ssh) {
        progress(QStringLiteral("starting sshd on port %1").arg(s.ports.value(QStringLiteral("sshd"))));
        writeSshFiles(s);
        startSshd(s);
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
    // Spares a runbook provisioned keep running too, so bring back every data directory we know.
    const QStringList dirs = QDir(s.dir + QStringLiteral("/data")).entryList(QDir::Dirs | QDir::NoDotAndDotDot);
    for (const QString& node : dirs) {
        if (!QFileInfo::exists(s.dataDir(node) + QStringLiteral("/PG_VERSION")) || nodeRunning(s, node))
            continue;
        if (!s.ports.contains(node))
            continue;
        if (!portFree(s.ports.value(node)))
            fail(QStringLiteral("port %1 that %2 uses is taken by another program: stop it, or run `runbook-console sandbox down --dir %3` and `sandbox up` again")
                     .arg(s.ports.value(node))
                     .arg(node, s.dir));
        progress(QStringLiteral("starting %1 on port %2").arg(node).arg(s.ports.value(node)));
        // A spare that a runbook upgraded runs the new binaries: PG_VERSION says which.
        State local = s;
        local.oldBindir = local.newBindir = bindirForDataDir(s, s.dataDir(node));
        startNode(local, node);
    }
    if (!recordedProcessRunning(s.pgbouncerPidFile(), QStringLiteral("pgbouncer"))) {
        // A PgBouncer that was killed leaves its pid file, and refuses to start while it is there.
        QFile::remove(s.pgbouncerPidFile());
        progress(QStringLiteral("starting pgbouncer on port %1").arg(s.ports.value(QStringLiteral("pgbouncer"))));
        startPgbouncer(s);
    }
    if (s.ssh && !recordedProcessRunning(s.sshdPidFile(), QStringLiteral("sshd"))) {
        progress(QStringLiteral("starting sshd on port %1").arg(s.ports.value(QStringLiteral("sshd"))));
        startSshd(s);
    }
}

void enablePasswordAuth(const State& s, const QString& password, const QString& inventoryPath)
{
    SandboxPasswordSetup setup;
    setup.serverUser = s.user;
    for (const QString& node : kServerNodes) {
        setup.nodePorts.insert(node, s.ports.value(node));
        setup.nodeDataDirs.insert(node, s.dataDir(node));
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
                if (options.ssh && !s.ssh)
                    fail(QStringLiteral("the sandbox in %1 was built without --ssh: run `runbook-console sandbox down --dir %1` first").arg(m_dir));
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
        s.ssh = options.ssh;
        checkBindir(s.newBindir, { QStringLiteral("initdb"), QStringLiteral("pg_ctl"), QStringLiteral("postgres"), QStringLiteral("pg_basebackup") }, QStringLiteral("the new bindir"));
        checkBindir(s.oldBindir, { QStringLiteral("initdb"), QStringLiteral("pg_ctl"), QStringLiteral("postgres") }, QStringLiteral("--old-bindir"));
        if (!QFileInfo(QStringLiteral("/usr/sbin/pgbouncer")).isExecutable())
            fail(QStringLiteral("pgbouncer is not installed (apt-get install pgbouncer; scripts/setup does)"));
        if (s.ssh && !QFileInfo(QStringLiteral("/usr/sbin/sshd")).isExecutable())
            fail(QStringLiteral("--ssh needs OpenSSH's server: apt-get install openssh-server (scripts/setup does)"));
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
        progress(QStringLiteral("sandbox up: %1").arg(inventoryPath()));
        return true;
    } catch (const SandboxError& e) {
        if (error)
            *error = e.message;
        if (!existed && QFileInfo::exists(m_dir)) {
            // Nothing half-running: stop what we started, remove what we made.
            stopEverything(s);
            QDir(m_dir).removeRecursively();
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
    stopEverything(*s);
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
    QMap<QString, QPair<qint64, QString>> lag; // from db1's pg_stat_replication
    for (const QString& node : kServerNodes + kSpareNodes) {
        SandboxNodeStatus n;
        n.name = node;
        n.port = s->ports.value(node);
        n.role = kSpareNodes.contains(node) ? QStringLiteral("spare") : node == QLatin1String("db1") ? QStringLiteral("primary") : QStringLiteral("replica");
        if (kSpareNodes.contains(node) && !QFileInfo::exists(s->dataDir(node) + QStringLiteral("/PG_VERSION")))
            continue; // not provisioned
        PgConnection c;
        if (c.open(s->conninfo(node), 3)) {
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
    st.pgbouncerPort = s->ports.value(QStringLiteral("pgbouncer"));
    const auto pbPid = readPid(s->pgbouncerPidFile());
    st.pgbouncerUp = pbPid && pidIs(*pbPid, QStringLiteral("pgbouncer"));
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
    const auto sshPid = readPid(s->sshdPidFile());
    st.sshdUp = s->ssh && sshPid && pidIs(*sshPid, QStringLiteral("sshd"));
    return st;
}
