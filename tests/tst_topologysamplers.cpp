// What the topology probe's samplers make of what servers and files say, without servers: the
// probe's own conninfo, a poll's result sets, PgBouncer's SHOW output, hosts files, and how
// figures read.
#include "cluster/hostsfilesampler.h"
#include "cluster/nodesampler.h"
#include "cluster/pgbouncersampler.h"
#include "cluster/pollhealth.h"
#include "cluster/topologyformat.h"
#include "core/conninfo.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

namespace {
SqlResultSet rows(const QStringList& columns, const QList<QStringList>& values)
{
    SqlResultSet r;
    r.columns = columns;
    r.rows = QVector<QStringList>(values.begin(), values.end());
    r.rowCount = values.size();
    return r;
}
} // namespace

class TestTopologySamplers : public QObject {
    Q_OBJECT
private slots:
    void probeConninfoNamesTheProbeAndBoundsTheConnect_data()
    {
        QTest::addColumn<QString>("conninfo");
        QTest::addRow("keyword/value") << QStringLiteral("host=127.0.0.1 port=5432 dbname=app");
        QTest::addRow("own application_name and no timeout")
            << QStringLiteral("host=db1 application_name=psql connect_timeout=0");
        QTest::addRow("URI with a password") << QStringLiteral("postgresql://app:pw%20x@db1:5433/app?sslmode=disable");
    }
    void probeConninfoNamesTheProbeAndBoundsTheConnect()
    {
        QFETCH(QString, conninfo);
        QString error;
        const QString probe = NodeSampler::probeConninfo(conninfo, 3, &error);
        QVERIFY2(!probe.isEmpty(), qPrintable(error));
        const auto params = Conninfo::parse(probe);
        QVERIFY(params);
        QCOMPARE(params->value(QStringLiteral("application_name")), QStringLiteral("runbook-console-topology"));
        QCOMPARE(params->value(QStringLiteral("connect_timeout")), QStringLiteral("3"));
        const auto original = Conninfo::parse(conninfo);
        for (const QString& key :
            { QStringLiteral("host"), QStringLiteral("port"), QStringLiteral("dbname"), QStringLiteral("password") })
            QCOMPARE(params->value(key), original->value(key));
    }

    void invalidConninfoIsAnErrorWithoutItsPassword()
    {
        QString error;
        QVERIFY(
            NodeSampler::probeConninfo(QStringLiteral("host=db1 password=hunter2 'unterminated"), 3, &error).isEmpty());
        QVERIFY(!error.isEmpty());
        QVERIFY(!error.contains(QStringLiteral("hunter2")));
    }

    void pollQueryFollowsTheServerVersion()
    {
        const QString v15 = NodeSampler::pollQuery(150008, true, true);
        QVERIFY(v15.contains(QStringLiteral("wal_status")));
        QVERIFY(v15.contains(QStringLiteral("s.subconninfo")));
        QVERIFY(v15.contains(QStringLiteral("pg_control_checkpoint")));
        QVERIFY(!v15.contains(QStringLiteral("leader_pid")));
        const QString v12 = NodeSampler::pollQuery(120010, false, false);
        QVERIFY(!v12.contains(QStringLiteral("wal_status")));
        QVERIFY(!v12.contains(QStringLiteral("subconninfo")));
        QVERIFY(!v12.contains(QStringLiteral("pg_control_checkpoint")));
        QVERIFY(NodeSampler::pollQuery(160002, true, true).contains(QStringLiteral("leader_pid")));
        QCOMPARE(v15.count(QStringLiteral(";\n")), 6); // seven statements, one round trip
        const QString light = NodeSampler::pollQuery(150008, true, true, false);
        QCOMPARE(light.count(QStringLiteral(";\n")), 2);
        QVERIFY(!light.contains(QStringLiteral("pg_stat_activity")));
        QVERIFY(!light.contains(QStringLiteral("pg_stat_replication")));
    }

    void parsesAPoll()
    {
        QList<SqlResultSet> r;
        r << rows(QStringList(11, QStringLiteral("c")),
            { { QStringLiteral("150008"), QStringLiteral("15.8 (Debian 15.8-1)"), QStringLiteral("t"),
                QStringLiteral("off"), QStringLiteral("on"), QStringLiteral("0/5000060"), QStringLiteral("0/5000060"),
                QStringLiteral("0/5000000"), QStringLiteral("2"), QStringLiteral("db2"), QStringLiteral("app") } });
        r << rows(
            { QStringLiteral("state"), QStringLiteral("others"), QStringLiteral("probe"), QStringLiteral("oldest") },
            { { QStringLiteral("active"), QStringLiteral("2"), QStringLiteral("1"), QStringLiteral("3.5") },
                { QStringLiteral("idle"), QStringLiteral("4"), QStringLiteral("0"), QString() } });
        r << rows(QStringList(10, QStringLiteral("c")),
            { { QStringLiteral("db4"), QStringLiteral("10.0.0.4"), QStringLiteral("streaming"), QStringLiteral("async"),
                QString(), QStringLiteral("f"), QStringLiteral("16"), QString(), QString(), QString() } });
        r << rows(QStringList(5, QStringLiteral("c")),
            { { QStringLiteral("streaming"), QStringLiteral("127.0.0.1"), QStringLiteral("5432"), QStringLiteral("db2"),
                QStringLiteral("2") } });
        r << rows(QStringList(8, QStringLiteral("c")), {});
        r << rows(QStringList(3, QStringLiteral("c")), {});
        r << rows(QStringList(8, QStringLiteral("c")),
            { { QStringLiteral("move"), QStringLiteral("t"), QStringLiteral("move"),
                QStringLiteral("host=10.0.0.1,10.0.0.2 port=5432 dbname=app password=hunter2"), QStringLiteral("p1,p2"),
                QStringLiteral("5"), QStringLiteral("3"), QStringLiteral("t") } });
        NodeSample s;
        s.node = QStringLiteral("db2");
        QVERIFY(NodeSampler::parse(r, &s));
        QCOMPARE(s.versionNum, 150008);
        QCOMPARE(s.version, QStringLiteral("15.8"));
        QVERIFY(s.inRecovery);
        QVERIFY(!s.defaultReadOnly);
        QVERIFY(s.transactionReadOnly);
        QCOMPARE(s.timeline, 2);
        QCOMPARE(s.longestTransactionSeconds, std::optional<double>(3.5));
        QCOMPARE(s.connections.value(QStringLiteral("idle")), 4);
        QCOMPARE(s.probeConnections, 1);
        QCOMPARE(s.senders.size(), 1);
        QCOMPARE(s.senders.first().lagBytes, std::optional<qint64>(16));
        QVERIFY(!s.senders.first().replayLagMs);
        QCOMPARE(s.receiver->senderPort, 5432);
        QCOMPARE(s.subscriptions.size(), 1);
        const SubscriptionRow& sub = s.subscriptions.first();
        QCOMPARE(sub.sourceHost, QStringLiteral("10.0.0.1"));
        QCOMPARE(sub.sourceDatabase, QStringLiteral("app"));
        QCOMPARE(sub.subscription.publications, QStringList({ QStringLiteral("p1"), QStringLiteral("p2") }));
        QCOMPARE(sub.subscription.tablesReady, 3);

        // A node whose server's shared facts another node reads: this database's part only.
        QList<SqlResultSet> own { r[0], r[5], r[6] };
        NodeSample light;
        QVERIFY(NodeSampler::parse(own, &light));
        QVERIFY(!light.serverFacts);
        QVERIFY(light.senders.isEmpty() && !light.receiver && light.connections.isEmpty());
        QCOMPARE(light.subscriptions.size(), 1);
        QCOMPARE(light.versionNum, 150008);

        r.removeLast();
        NodeSample partial;
        QVERIFY(!NodeSampler::parse(r, &partial));
    }

    void readsPgBouncerRouteAndPools()
    {
        const SqlResultSet databases
            = rows({ QStringLiteral("name"), QStringLiteral("host"), QStringLiteral("port"), QStringLiteral("database"),
                       QStringLiteral("paused"), QStringLiteral("disabled") },
                { { QStringLiteral("pgbouncer"), QString(), QStringLiteral("6432"), QStringLiteral("pgbouncer"),
                      QStringLiteral("0"), QStringLiteral("0") },
                    { QStringLiteral("app"), QStringLiteral("127.0.0.1"), QStringLiteral("5433"),
                        QStringLiteral("appdb"), QStringLiteral("1"), QStringLiteral("0") } });
        const SqlResultSet pools
            = rows({ QStringLiteral("database"), QStringLiteral("user"), QStringLiteral("cl_active"),
                       QStringLiteral("cl_waiting"), QStringLiteral("maxwait"), QStringLiteral("maxwait_us") },
                { { QStringLiteral("app"), QStringLiteral("a"), QStringLiteral("2"), QStringLiteral("3"),
                      QStringLiteral("1"), QStringLiteral("500000") },
                    { QStringLiteral("app"), QStringLiteral("b"), QStringLiteral("1"), QStringLiteral("1"),
                        QStringLiteral("0"), QStringLiteral("0") },
                    { QStringLiteral("other"), QStringLiteral("a"), QStringLiteral("9"), QStringLiteral("9"),
                        QStringLiteral("9"), QStringLiteral("0") } });
        EndpointSample s;
        PgBouncerSampler::parse(databases, pools, QStringLiteral("app"), &s);
        QVERIFY(s.entryFound);
        QCOMPARE(s.targetHost, QStringLiteral("127.0.0.1"));
        QCOMPARE(s.targetPort, 5433);
        QCOMPARE(s.targetDatabase, QStringLiteral("appdb"));
        QCOMPARE(s.paused, std::optional<bool>(true));
        QCOMPARE(s.disabled, std::optional<bool>(false));
        QCOMPARE(s.clientsActive, 3);
        QCOMPARE(s.clientsWaiting, 4);
        QCOMPARE(s.maxWaitSeconds, 1.5);

        EndpointSample missing;
        PgBouncerSampler::parse(databases, pools, QStringLiteral("nope"), &missing);
        QVERIFY(!missing.entryFound);
    }

    void findsANameInAHostsFile_data()
    {
        QTest::addColumn<QByteArray>("file");
        QTest::addColumn<QString>("address");
        QTest::addRow("plain") << QByteArray("127.0.0.1 localhost\n10.0.0.5\tdb.internal db\n")
                               << QStringLiteral("10.0.0.5");
        QTest::addRow("first line wins") << QByteArray("10.0.0.5 db.internal\n10.0.0.6 db.internal\n")
                                         << QStringLiteral("10.0.0.5");
        QTest::addRow("case") << QByteArray("10.0.0.7 DB.Internal\n") << QStringLiteral("10.0.0.7");
        QTest::addRow("commented out") << QByteArray("# 10.0.0.5 db.internal\n10.0.0.6 other # db.internal\n")
                                       << QString();
        QTest::addRow("address is not a name") << QByteArray("db.internal 10.0.0.5\n") << QString();
        QTest::addRow("absent") << QByteArray("127.0.0.1 localhost\n") << QString();
    }
    void findsANameInAHostsFile()
    {
        QFETCH(QByteArray, file);
        QFETCH(QString, address);
        QCOMPARE(HostsFileSampler::addressOf(file, QStringLiteral("db.internal")), address);
    }

    void readsALocalHostsFile()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("hosts"));
        QFile f(path);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("10.1.2.3 db.internal\n");
        f.close();
        HostsFileSampler sampler(
            QStringLiteral("web"), { QStringLiteral("local") }, path, QStringLiteral("db.internal"), QString());
        const EndpointSample s = sampler.poll(QDeadlineTimer(5000));
        QVERIFY2(s.ok, qPrintable(s.error));
        QCOMPARE(s.hosts.size(), 1);
        QCOMPARE(s.hosts.first().address, QStringLiteral("10.1.2.3"));

        HostsFileSampler missing(QStringLiteral("web"), { QStringLiteral("local") },
            dir.filePath(QStringLiteral("nope")), QStringLiteral("db.internal"), QString());
        const EndpointSample m = missing.poll(QDeadlineTimer(5000));
        QVERIFY(!m.ok);
        QVERIFY(m.failingSince.isValid());
        QVERIFY(!m.hosts.first().error.isEmpty());
    }

    void backsOffThenKeepsTrying()
    {
        PollHealth h;
        QVERIFY(h.mayConnect(0));
        h.failed(QStringLiteral("refused"), 1000);
        const QDateTime since = h.failingSince();
        QVERIFY(since.isValid());
        QVERIFY(!h.mayConnect(1499));
        QVERIFY(h.mayConnect(1500));
        h.failed(QStringLiteral("refused"), 1500);
        QVERIFY(!h.mayConnect(2499));
        QVERIFY(h.mayConnect(2500));
        for (qint64 at : { 2500, 4500, 6500 }) {
            h.failed(QStringLiteral("timeout"), at);
            QVERIFY(!h.mayConnect(at + 1999));
            QVERIFY(h.mayConnect(at + 2000)); // never longer than 2 s: a server that comes back is seen soon
        }
        QCOMPARE(h.failingSince(), since); // the outage began at the first failure
        QCOMPARE(h.lastError(), QStringLiteral("timeout"));
        NodeSample s;
        h.describeFailure(s);
        QCOMPARE(s.error, QStringLiteral("timeout"));
        QCOMPARE(s.failingSince, since);
        QVERIFY(!s.ok);
        h.succeeded();
        QVERIFY(!h.failingSince().isValid());
        QVERIFY(h.mayConnect(0));
    }

    void formatsFigures_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");
        QTest::addRow("bytes") << TopologyFormat::bytes(512) << QStringLiteral("512 B");
        QTest::addRow("kB") << TopologyFormat::bytes(1536) << QStringLiteral("1.5 kB");
        QTest::addRow("MB") << TopologyFormat::bytes(40 * 1024 * 1024) << QStringLiteral("40 MB");
        QTest::addRow("ms") << TopologyFormat::duration(12.4) << QStringLiteral("12 ms");
        QTest::addRow("s") << TopologyFormat::duration(3200) << QStringLiteral("3.2 s");
        QTest::addRow("min") << TopologyFormat::duration(245000) << QStringLiteral("4 min 5 s");
        QTest::addRow("lag") << TopologyFormat::lag(0, 2.0) << QStringLiteral("0 B, 2 ms");
        QTest::addRow("elapsed") << TopologyFormat::elapsed(QDateTime(QDate(2026, 1, 1), QTime(0, 0, 0), Qt::UTC),
            QDateTime(QDate(2026, 1, 1), QTime(0, 0, 12, 700), Qt::UTC))
                                 << QStringLiteral("12 s");
        QTest::addRow("elapsed, single digit")
            << TopologyFormat::elapsed(QDateTime(QDate(2026, 1, 1), QTime(0, 0, 0), Qt::UTC),
                   QDateTime(QDate(2026, 1, 1), QTime(0, 0, 8, 20), Qt::UTC))
            << QStringLiteral("8 s");
    }
    void formatsFigures()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(text, expected);
    }
};

QTEST_GUILESS_MAIN(TestTopologySamplers)
#include "tst_topologysamplers.moc"
