#include "sandbox/sandboxpasswordauth.h"

#include <QElapsedTimer>
#include <QFile>
#include <QRegularExpression>
#include <QThread>
#include <libpq-fe.h>
#include <pwd.h>
#include <unistd.h>

namespace {

struct Failure {
    QString message;
};

PGconn* connectTrusted(int port, const char* dbname, bool passwordExpected = false)
{
    const QByteArray conninfo = QStringLiteral("host=127.0.0.1 port=%1 dbname=%2 user=postgres connect_timeout=10")
                                    .arg(port)
                                    .arg(QLatin1String(dbname))
                                    .toUtf8();
    PGconn* c = PQconnectdb(conninfo.constData());
    if (PQstatus(c) != CONNECTION_OK && !passwordExpected) {
        const QString why = QString::fromUtf8(PQerrorMessage(c)).trimmed();
        PQfinish(c);
        throw Failure { QStringLiteral("cannot connect to port %1: %2").arg(port).arg(why) };
    }
    return c;
}

QString exec(PGconn* c, const QString& sql, const QString& what)
{
    PGresult* r = PQexec(c, sql.toUtf8().constData());
    const ExecStatusType st = PQresultStatus(r);
    QString value;
    if (st == PGRES_TUPLES_OK && PQntuples(r) > 0)
        value = QString::fromUtf8(PQgetvalue(r, 0, 0));
    const QString error = QString::fromUtf8(PQresultErrorMessage(r)).trimmed();
    PQclear(r);
    if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK)
        throw Failure { QStringLiteral("%1: %2").arg(what, error) };
    return value;
}

// The verifier, computed here: the password itself never travels to the server or its logs.
QString verifier(PGconn* c, const QString& password, const QString& role)
{
    char* v = PQencryptPasswordConn(c, password.toUtf8().constData(), role.toUtf8().constData(), "scram-sha-256");
    if (!v)
        throw Failure { QStringLiteral("cannot compute the SCRAM verifier: %1").arg(QString::fromUtf8(PQerrorMessage(c)).trimmed()) };
    const QString out = QString::fromUtf8(v);
    PQfreemem(v);
    return out;
}

QString literal(PGconn* c, const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    char* quoted = PQescapeLiteral(c, utf8.constData(), size_t(utf8.size()));
    const QString out = QString::fromUtf8(quoted);
    PQfreemem(quoted);
    return out;
}

void writePrivate(const QString& path, const QByteArray& content, const QString& owner)
{
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(content) != content.size() || !f.flush())
        throw Failure { QStringLiteral("cannot write %1").arg(path) };
    f.setPermissions(QFile::ReadOwner | QFile::WriteOwner);
    f.close();
    if (!owner.isEmpty()) {
        const passwd* pw = ::getpwnam(owner.toLocal8Bit().constData());
        if (!pw || ::chown(QFile::encodeName(path).constData(), pw->pw_uid, pw->pw_gid) != 0)
            throw Failure { QStringLiteral("cannot give %1 to %2").arg(path, owner) };
    }
}

QByteArray readAll(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        throw Failure { QStringLiteral("cannot read %1").arg(path) };
    return f.readAll();
}

// After a reload, the server takes a moment to read pg_hba.conf: wait until rbc_dba is asked for
// a password (or PgBouncer asks app for one).
void waitUntilPasswordAsked(int port, const QString& dbname, const QString& user)
{
    const QByteArray conninfo = QStringLiteral("host=127.0.0.1 port=%1 dbname=%2 user=%3 connect_timeout=5")
                                    .arg(port)
                                    .arg(dbname, user)
                                    .toUtf8();
    QElapsedTimer t;
    t.start();
    while (t.elapsed() < 10000) {
        // Neither PGPASSWORD nor a password file may answer for us here.
        const char* keywords[] = { "dbname", "password", "passfile", nullptr };
        const char* values[] = { conninfo.constData(), "", "/nonexistent/runbook-console/no-passfile", nullptr };
        PGconn* c = PQconnectdbParams(keywords, values, 1);
        const bool asked = PQstatus(c) == CONNECTION_BAD && PQconnectionNeedsPassword(c);
        PQfinish(c);
        if (asked)
            return;
        QThread::msleep(50);
    }
    throw Failure { QStringLiteral("port %1 still lets %2 in without a password").arg(port).arg(user) };
}

} // namespace

namespace SandboxPasswordAuth {

QString dbaRole()
{
    return QStringLiteral("rbc_dba");
}

bool enable(const SandboxPasswordSetup& setup, QString* error)
{
    try {
        if (setup.password.isEmpty())
            throw Failure { QStringLiteral("an empty password") };
        const int primaryPort = setup.nodePorts.value(QStringLiteral("db1"));
        PGconn* c = connectTrusted(primaryPort, "postgres");
        QString appVerifier;
        try {
            const QString dba = verifier(c, setup.password, dbaRole());
            exec(c, QStringLiteral("CREATE ROLE %1 LOGIN SUPERUSER PASSWORD %2").arg(dbaRole(), literal(c, dba)), QStringLiteral("creating rbc_dba"));
            exec(c, QStringLiteral("ALTER ROLE app PASSWORD %1").arg(literal(c, verifier(c, setup.password, QStringLiteral("app")))),
                QStringLiteral("setting app's password"));
            appVerifier = exec(c, QStringLiteral("SELECT rolpassword FROM pg_authid WHERE rolname = 'app'"), QStringLiteral("reading app's verifier"));
        } catch (...) {
            PQfinish(c);
            throw;
        }
        PQfinish(c);

        // Every server: SCRAM on TCP, except the sandbox's own logins (postgres, replication).
        const QByteArray hba = "# runbook-console sandbox --password-auth\n"
                               "local all all trust\n"
                               "host replication all 127.0.0.1/32 trust\n"
                               "host all postgres 127.0.0.1/32 trust\n"
                               "host all all 127.0.0.1/32 scram-sha-256\n";
        for (auto it = setup.nodePorts.begin(); it != setup.nodePorts.end(); ++it) {
            writePrivate(setup.nodeConfDirs.value(it.key()) + QStringLiteral("/pg_hba.conf"), hba, setup.serverUser);
            PGconn* n = connectTrusted(it.value(), "postgres");
            try {
                exec(n, QStringLiteral("SELECT pg_reload_conf()"), QStringLiteral("reloading %1").arg(it.key()));
            } catch (...) {
                PQfinish(n);
                throw;
            }
            PQfinish(n);
        }
        for (auto it = setup.nodePorts.begin(); it != setup.nodePorts.end(); ++it)
            waitUntilPasswordAsked(it.value(), QStringLiteral("app"), dbaRole());

        // PgBouncer: the same rule, checked against app's own verifier (no plain password anywhere).
        writePrivate(setup.pgbouncerDir + QStringLiteral("/hba.conf"),
            "host all postgres 127.0.0.1/32 trust\nhost all all 127.0.0.1/32 scram-sha-256\n", setup.serverUser);
        writePrivate(setup.pgbouncerDir + QStringLiteral("/userlist.txt"),
            "\"postgres\" \"\"\n\"app\" \"" + appVerifier.toUtf8() + "\"\n", setup.serverUser);
        QString ini = QString::fromUtf8(readAll(setup.pgbouncerDir + QStringLiteral("/pgbouncer.ini")));
        static const QRegularExpression authType(QStringLiteral("^auth_type = trust$"), QRegularExpression::MultilineOption);
        if (!ini.contains(authType))
            throw Failure { QStringLiteral("pgbouncer.ini has no auth_type = trust to replace") };
        ini.replace(authType, QStringLiteral("auth_type = hba\nauth_hba_file = %1/hba.conf").arg(setup.pgbouncerDir));
        QFile iniFile(setup.pgbouncerDir + QStringLiteral("/pgbouncer.ini"));
        if (!iniFile.open(QIODevice::WriteOnly | QIODevice::Truncate) || iniFile.write(ini.toUtf8()) < 0)
            throw Failure { QStringLiteral("cannot write pgbouncer.ini") };
        iniFile.close();
        PGconn* admin = connectTrusted(setup.pgbouncerPort, "pgbouncer");
        PGresult* r = PQexec(admin, "RELOAD");
        const bool reloaded = PQresultStatus(r) == PGRES_COMMAND_OK;
        const QString why = QString::fromUtf8(PQresultErrorMessage(r)).trimmed();
        PQclear(r);
        PQfinish(admin);
        if (!reloaded)
            throw Failure { QStringLiteral("PgBouncer RELOAD: %1").arg(why) };
        waitUntilPasswordAsked(setup.pgbouncerPort, QStringLiteral("app"), QStringLiteral("app"));

        // The inventory's nodes log in as rbc_dba; PgBouncer's admin console stays postgres.
        QString inventory = QString::fromUtf8(readAll(setup.inventoryPath));
        static const QRegularExpression nodeLogin(QStringLiteral("^(\\s*conninfo: .*)\\buser=postgres\\b"), QRegularExpression::MultilineOption);
        inventory.replace(nodeLogin, QStringLiteral("\\1user=") + dbaRole());
        QFile inv(setup.inventoryPath);
        if (!inv.open(QIODevice::WriteOnly | QIODevice::Truncate) || inv.write(inventory.toUtf8()) < 0)
            throw Failure { QStringLiteral("cannot write %1").arg(setup.inventoryPath) };
        return true;
    } catch (const Failure& f) {
        if (error)
            *error = QStringLiteral("password authentication: %1").arg(f.message);
        return false;
    }
}

} // namespace SandboxPasswordAuth
