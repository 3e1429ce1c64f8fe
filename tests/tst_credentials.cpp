// Where passwords come from, without a server: who a conninfo logs in as (defaults, PG*
// environment, service file), libpq's password file read as libpq reads it (wildcards, escapes,
// first match, ignored when others can read it), the service file's order, and the lookup order
// conninfo → session → keychain → service file → password file → PGPASSWORD. No D-Bus session here,
// so the keychain is unavailable and said to be (tst_passwords has the real Secret Service).

#include "core/conninfo.h"
#include "credentials/connectionidentity.h"
#include "credentials/inventorycredentials.h"
#include "credentials/keychainstore.h"
#include "credentials/passwordlookup.h"
#include "credentials/pgpassfile.h"

#include <QFile>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

class TestCredentials : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_tmp;

    QString write(const QString& name, const QByteArray& content, QFile::Permissions perms = QFile::ReadOwner | QFile::WriteOwner)
    {
        const QString path = m_tmp.filePath(name);
        QFile f(path);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate))
            return {};
        f.write(content);
        f.close();
        QFile::setPermissions(path, perms);
        return path;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_tmp.isValid());
        for (const char* v : { "DBUS_SESSION_BUS_ADDRESS", "PGPASSWORD", "PGPASSFILE", "PGSERVICE", "PGSERVICEFILE", "PGHOST",
                 "PGPORT", "PGUSER", "PGDATABASE", "PGSYSCONFDIR" })
            qunsetenv(v);
        qputenv("XDG_RUNTIME_DIR", m_tmp.path().toLocal8Bit()); // no bus socket there
        qputenv("HOME", m_tmp.path().toLocal8Bit());
        qputenv("PGSYSCONFDIR", m_tmp.filePath(QStringLiteral("sysconf")).toLocal8Bit());
    }

    void cleanup()
    {
        for (const char* v : { "PGPASSWORD", "PGPASSFILE", "PGSERVICEFILE", "PGUSER", "PGPORT" })
            qunsetenv(v);
    }

    void identity_data()
    {
        QTest::addColumn<QString>("conninfo");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("dbname");
        QTest::addRow("keyword/value") << QStringLiteral("host=db.example port=6432 dbname=app user=dba") << QStringLiteral("dba@db.example:6432")
                                       << QStringLiteral("app");
        QTest::addRow("uri") << QStringLiteral("postgresql://dba@db.example:6433/app") << QStringLiteral("dba@db.example:6433") << QStringLiteral("app");
        QTest::addRow("socket is localhost") << QStringLiteral("host=/var/run/postgresql user=dba") << QStringLiteral("dba@localhost:5432")
                                             << QStringLiteral("dba");
        QTest::addRow("first of several hosts") << QStringLiteral("host=a,b port=1,2 user=u dbname=d") << QStringLiteral("u@a:1") << QStringLiteral("d");
    }
    void identity()
    {
        QFETCH(QString, conninfo);
        QFETCH(QString, key);
        QFETCH(QString, dbname);
        const auto id = ConnectionIdentity::of(conninfo);
        QVERIFY(id);
        QCOMPARE(id->keychainKey(), key);
        QCOMPARE(id->dbname, dbname);
    }

    void identityFromEnvironmentAndService()
    {
        qputenv("PGUSER", "envuser");
        qputenv("PGPORT", "7777");
        auto id = ConnectionIdentity::of(QStringLiteral("host=h"));
        QCOMPARE(id->keychainKey(), QStringLiteral("envuser@h:7777"));
        const QString services = write(QStringLiteral("services.conf"),
            "# ours\n[other]\nhost=nope\n[prod]\nhost=prod.example\nport=5433\nuser=svcuser\ndbname=billing\npassword=from-service\n");
        qputenv("PGSERVICEFILE", services.toLocal8Bit());
        id = ConnectionIdentity::of(QStringLiteral("service=prod"));
        QCOMPARE(id->keychainKey(), QStringLiteral("svcuser@prod.example:5433"));
        QCOMPARE(id->dbname, QStringLiteral("billing"));
        QCOMPARE(id->servicePassword, QStringLiteral("from-service"));
        // The conninfo wins over the service; an unknown service gives nothing.
        id = ConnectionIdentity::of(QStringLiteral("service=prod port=9"));
        QCOMPARE(id->port, QStringLiteral("9"));
        QVERIFY(!ConnectionIdentity::of(QStringLiteral("not a conninfo ===")));
    }

    void serviceFileOrder()
    {
        QDir().mkpath(m_tmp.filePath(QStringLiteral("sysconf")));
        write(QStringLiteral("sysconf/pg_service.conf"), "[shared]\nhost=system\n[both]\nhost=system\n");
        const QString user = write(QStringLiteral("user-services.conf"), "[both]\nhost=user\n");
        qputenv("PGSERVICEFILE", user.toLocal8Bit());
        QCOMPARE(PgServiceFile::find(QStringLiteral("both")).value(QStringLiteral("host")), QStringLiteral("user"));
        QCOMPARE(PgServiceFile::find(QStringLiteral("shared")).value(QStringLiteral("host")), QStringLiteral("system"));
        QVERIFY(PgServiceFile::find(QStringLiteral("none")).isEmpty());
    }

    void passwordFile_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("expected");
        QTest::addRow("exact") << QByteArray("db.example:6432:app:dba:pw1\n") << QStringLiteral("pw1");
        QTest::addRow("wildcards") << QByteArray("*:*:*:dba:pw2\n") << QStringLiteral("pw2");
        QTest::addRow("first match wins") << QByteArray("*:*:*:*:first\ndb.example:6432:app:dba:second\n") << QStringLiteral("first");
        QTest::addRow("comments, other users") << QByteArray("# db.example:6432:app:dba:no\n*:*:*:other:no\n*:6432:*:dba:yes\n")
                                               << QStringLiteral("yes");
        QTest::addRow("escaped colon and backslash") << QByteArray("db.example:6432:app:dba:a\\:b\\\\c:d\n") << QStringLiteral("a:b\\c:d");
        QTest::addRow("no match") << QByteArray("db.example:5432:app:dba:wrongport\n") << QString();
        QTest::addRow("crlf") << QByteArray("*:*:*:dba:pw3\r\n") << QStringLiteral("pw3");
    }
    void passwordFile()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, expected);
        const QString path = write(QStringLiteral("pgpass"), content);
        const auto id = ConnectionIdentity::of(QStringLiteral("host=db.example port=6432 dbname=app user=dba"));
        QCOMPARE(PgPassFile::find(path, *id), expected);
    }

    void passwordFileOthersCanReadIsIgnored()
    {
        const QString path = write(QStringLiteral("pgpass-open"), "*:*:*:*:secret\n", QFile::ReadOwner | QFile::WriteOwner | QFile::ReadOther);
        const auto id = ConnectionIdentity::of(QStringLiteral("host=h user=u"));
        QString warning;
        QCOMPARE(PgPassFile::find(path, *id, &warning), QString());
        QVERIFY2(warning.contains(QLatin1String("group or others")), qPrintable(warning));
        QVERIFY(!warning.contains(QLatin1String("secret")));
    }

    void passwordFilePath()
    {
        auto id = ConnectionIdentity::of(QStringLiteral("host=h user=u"));
        QCOMPARE(PgPassFile::pathFor(*id), m_tmp.filePath(QStringLiteral(".pgpass")));
        qputenv("PGPASSFILE", "/elsewhere/pgpass");
        QCOMPARE(PgPassFile::pathFor(*id), QStringLiteral("/elsewhere/pgpass"));
        id = ConnectionIdentity::of(QStringLiteral("host=h user=u passfile=/mine"));
        QCOMPARE(PgPassFile::pathFor(*id), QStringLiteral("/mine"));
    }

    void lookupOrder()
    {
        const QString conninfo = QStringLiteral("host=order.example port=5432 dbname=app user=dba");
        // Nothing anywhere: nothing, and the keychain is said to be unavailable (no session bus).
        auto r = PasswordLookup::lookup(conninfo);
        QVERIFY(r);
        QCOMPARE(r->source, PasswordSource::None);
        QVERIFY(!r->keychainAvailable);
        QCOMPARE(KeychainStore::read(QStringLiteral("x")).status, KeychainStore::Status::Unavailable);

        qputenv("PGPASSWORD", "from-env");
        r = PasswordLookup::lookup(conninfo);
        QCOMPARE(r->source, PasswordSource::Environment);
        QCOMPARE(r->password, QStringLiteral("from-env"));

        qputenv("PGPASSFILE", write(QStringLiteral("pgpass-order"), "order.example:*:*:dba:from-file\n").toLocal8Bit());
        r = PasswordLookup::lookup(conninfo);
        QCOMPARE(r->source, PasswordSource::PasswordFile);
        QCOMPARE(r->password, QStringLiteral("from-file"));

        qputenv("PGSERVICEFILE", write(QStringLiteral("order-services.conf"), "[ord]\nhost=order.example\nuser=dba\npassword=from-service\n").toLocal8Bit());
        r = PasswordLookup::lookup(QStringLiteral("service=ord"));
        QCOMPARE(r->source, PasswordSource::ServiceFile);
        QCOMPARE(r->password, QStringLiteral("from-service"));

        PasswordLookup::rememberForSession(QStringLiteral("dba@order.example:5432"), QStringLiteral("typed"));
        r = PasswordLookup::lookup(conninfo);
        QCOMPARE(r->source, PasswordSource::Session);
        QCOMPARE(r->password, QStringLiteral("typed"));

        r = PasswordLookup::lookup(conninfo + QStringLiteral(" password=inline"));
        QCOMPARE(r->source, PasswordSource::Conninfo);
    }

    void inventoryFillAndApply()
    {
        Inventory inv;
        InventoryNode a;
        a.name = QStringLiteral("a");
        a.conninfo = QStringLiteral("host=fill.example port=1 user=u dbname=d");
        InventoryNode b;
        b.name = QStringLiteral("b");
        b.conninfo = QStringLiteral("host=fill.example port=2 user=u dbname=d password=given");
        inv.nodes << a << b;
        qputenv("PGPASSWORD", "it's a secret");
        const CredentialReport report = InventoryCredentials::fill(inv, false);
        QVERIFY(report.missing.isEmpty());
        QCOMPARE(Conninfo::parse(inv.nodes[0].conninfo)->value(QStringLiteral("password")), QStringLiteral("it's a secret"));
        QCOMPARE(inv.nodes[1].conninfo, b.conninfo); // one it had is left as written
        // apply() fills only the conninfos of that identity that have none.
        inv.nodes[0].conninfo = a.conninfo;
        InventoryCredentials::apply(inv, QStringLiteral("u@fill.example:2"), QStringLiteral("other"));
        QCOMPARE(inv.nodes[0].conninfo, a.conninfo);
        QCOMPARE(inv.nodes[1].conninfo, b.conninfo);
        InventoryCredentials::apply(inv, QStringLiteral("u@fill.example:1"), QStringLiteral("typed"));
        QCOMPARE(Conninfo::parse(inv.nodes[0].conninfo)->value(QStringLiteral("password")), QStringLiteral("typed"));
    }
};

QTEST_GUILESS_MAIN(TestCredentials)
#include "tst_credentials.moc"
