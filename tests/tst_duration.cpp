#include "runbook/duration.h"

#include <QtTest>

class TestDuration : public QObject {
    Q_OBJECT
private slots:
    void parsesGoodDurations_data();
    void parsesGoodDurations();
    void rejectsBadDurations_data();
    void rejectsBadDurations();
    void printsCanonicalText_data();
    void printsCanonicalText();
};

void TestDuration::parsesGoodDurations_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<qint64>("milliseconds");
    QTest::addRow("milliseconds") << "200ms" << qint64(200);
    QTest::addRow("seconds") << "5s" << qint64(5000);
    QTest::addRow("minutes") << "10m" << qint64(600000);
    QTest::addRow("hours") << "1h" << qint64(3600000);
    QTest::addRow("minutes and seconds") << "1m30s" << qint64(90000);
    QTest::addRow("every unit") << "1h2m3s4ms" << qint64(3723004);
    QTest::addRow("zero") << "0s" << qint64(0);
    QTest::addRow("surrounding spaces") << " 5s " << qint64(5000);
    QTest::addRow("seven days") << "168h" << qint64(168LL * 3600000);
}

void TestDuration::parsesGoodDurations()
{
    QFETCH(QString, text);
    QFETCH(qint64, milliseconds);
    QString error;
    const std::optional<Duration> parsed = Duration::parse(text, &error);
    QVERIFY2(parsed, qPrintable(error));
    QCOMPARE(parsed->milliseconds(), milliseconds);
}

void TestDuration::rejectsBadDurations_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("message");
    QTest::addRow("empty") << ""
                           << "empty duration; write e.g. 5s, 200ms, 10m, 1h or 1m30s";
    QTest::addRow("no unit") << "10"
                             << "bad duration '10': the number needs a unit: ms, s, m or h (e.g. 10s)";
    QTest::addRow("word unit") << "5 seconds"
                               << "bad duration '5 seconds': unknown unit at ' seconds'; units are ms, s, m and h";
    QTest::addRow("fraction") << "1.5s"
                              << "bad duration '1.5s': unknown unit at '.5s'; units are ms, s, m and h";
    QTest::addRow("negative") << "-5s"
                              << "bad duration '-5s': expected a number at '-5s'; write e.g. 5s, 200ms or 1m30s";
    QTest::addRow("wrong order") << "30s1m"
                                 << "bad duration '30s1m': units must each appear once, largest first (e.g. 1h30m)";
    QTest::addRow("unit twice") << "1m1m"
                                << "bad duration '1m1m': units must each appear once, largest first (e.g. 1h30m)";
    QTest::addRow("unit only") << "ms"
                               << "bad duration 'ms': expected a number at 'ms'; write e.g. 5s, 200ms or 1m30s";
    QTest::addRow("trailing number") << "1m30"
                                     << "bad duration '1m30': the number needs a unit: ms, s, m or h (e.g. 30s)";
    QTest::addRow("too long") << "169h"
                              << "bad duration '169h': longer than the limit of 168h";
    QTest::addRow("huge number") << "99999999999999999999s"
                                 << "bad duration '99999999999999999999s': number too large";
    QTest::addRow("days") << "1d"
                          << "bad duration '1d': unknown unit at 'd'; units are ms, s, m and h";
    QTest::addRow("non-ascii digits") << QString::fromUtf8(
        "٣s") << QString::fromUtf8("bad duration '٣s': expected a number at '٣s'; write e.g. 5s, 200ms or 1m30s");
}

void TestDuration::rejectsBadDurations()
{
    QFETCH(QString, text);
    QFETCH(QString, message);
    QString error;
    QVERIFY(!Duration::parse(text, &error));
    QCOMPARE(error, message);
}

void TestDuration::printsCanonicalText_data()
{
    QTest::addColumn<qint64>("milliseconds");
    QTest::addColumn<QString>("text");
    QTest::addRow("zero") << qint64(0) << "0s";
    QTest::addRow("ms") << qint64(200) << "200ms";
    QTest::addRow("mixed") << qint64(90000) << "1m30s";
    QTest::addRow("all") << qint64(3723004) << "1h2m3s4ms";
}

void TestDuration::printsCanonicalText()
{
    QFETCH(qint64, milliseconds);
    QFETCH(QString, text);
    QCOMPARE(Duration(milliseconds).toString(), text);
    QCOMPARE(Duration::parse(text)->milliseconds(), milliseconds);
}

QTEST_GUILESS_MAIN(TestDuration)
#include "tst_duration.moc"
