// The Gantt picture: its data from runs and a forecast (lanes, bars by phase and outcome, downtime
// bands, points of no return, a live run over the medians), the SVG against an expected file and
// parsed as XML with one lane per run, the PNG, and `export --format svg|png` from the command line
// without a display.
#include "forecast/forecast.h"
#include "gantt/ganttbuilder.h"
#include "gantt/ganttpainter.h"
#include "gantt/ganttrender.h"
#include "report/runreport.h"
#include "syntheticruns.h"

#include <QFile>
#include <QImage>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>
#include <QXmlStreamReader>

namespace {
const QDateTime kDay(QDate(2026, 11, 20), QTime(10, 0), Qt::UTC);
const QString Prepare = QStringLiteral("Prepare");
const QString CutOver = QStringLiteral("Cut over");

ForecastPlan plan()
{
    return syntheticPlan(QStringLiteral("Move with a switch"), { Prepare, CutOver },
        { { 0, QStringLiteral("check") }, { 0, QStringLiteral("copy") },
            { 1, QStringLiteral("freeze"), std::nullopt, QStringLiteral("writes-begin") },
            { 1, QStringLiteral("switch"), std::nullopt, QStringLiteral("writes-end"), true },
            { 1, QStringLiteral("cleanup") } });
}

SyntheticRun rehearsal(int day, qint64 copyMs, qint64 switchMs)
{
    SyntheticRun r;
    r.id = QStringLiteral("2026112%1-100000-000%1").arg(day);
    r.startedAt = kDay.addDays(day);
    r.gapMs = 100;
    r.probe = true;
    r.steps = { { Prepare, QStringLiteral("check"), 400 }, { Prepare, QStringLiteral("copy"), copyMs },
        { CutOver, QStringLiteral("freeze"), 300 }, { CutOver, QStringLiteral("switch"), switchMs },
        { CutOver, QStringLiteral("cleanup"), 500 } };
    const qint64 freezeAt = 100 + 400 + 100 + copyMs + 100;
    r.windows = { { QStringLiteral("writes"), QStringLiteral("runbook-marker"), freezeAt, 300 + 100 + switchMs },
        { QStringLiteral("writes"), QStringLiteral("probe"), freezeAt + 50, 300 + switchMs } };
    return r;
}

QList<RunDetail> runs()
{
    QList<RunDetail> out { syntheticDetail(rehearsal(0, 3000, 800)), syntheticDetail(rehearsal(1, 3400, 700)) };
    // The third failed at the switch and rolled back.
    SyntheticRun failed = rehearsal(2, 3100, 900);
    failed.outcome = RunOutcome::RolledBack;
    failed.steps[3].outcome = StepOutcome::Failed;
    failed.steps[4] = { CutOver, QStringLiteral("freeze"), 250, StepOutcome::Succeeded, QStringLiteral("sql"), {}, true };
    out << syntheticDetail(failed);
    return out;
}

Forecast forecast(const QList<RunDetail>& from)
{
    ForecastQuery q;
    q.cluster = QStringLiteral("sandbox");
    return Forecast::compute(plan(), from, q);
}

// Every <text> element of the SVG, in order.
QStringList svgTexts(const QByteArray& svg, QString* error)
{
    QStringList texts;
    QXmlStreamReader xml(svg);
    while (!xml.atEnd()) {
        if (xml.readNext() == QXmlStreamReader::StartElement && xml.name() == QLatin1String("text"))
            texts << xml.readElementText(QXmlStreamReader::IncludeChildElements).trimmed();
    }
    if (xml.hasError())
        *error = xml.errorString();
    return texts;
}

int pixelsOf(const QImage& image, const QColor& color)
{
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (image.pixelColor(x, y).rgb() == color.rgb())
                ++n;
    return n;
}
} // namespace

class TstGantt : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    void lanesBarsBandsAndPointsOfNoReturn()
    {
        const QList<RunDetail> all = runs();
        const Forecast f = forecast(all.mid(0, 2));
        const GanttData data = GanttBuilder::build(all, &f);
        QCOMPARE(data.phases, QStringList({ Prepare, CutOver }));
        QCOMPARE(data.lanes.size(), 4); // the medians, then one lane per run
        const GanttLane& medians = data.lanes[0];
        QCOMPARE(medians.title, QStringLiteral("Rehearsal medians"));
        QCOMPARE(medians.planned.size(), 5);
        QVERIFY(medians.bars.isEmpty());
        QCOMPARE(medians.planned[1].startMs, 400); // laid end to end at the medians
        QCOMPARE(medians.planned[1].durationMs, 3200);
        QCOMPARE(medians.planned[2].phaseIndex, 1);
        QVERIFY(medians.planned[3].pointOfNoReturn);
        // The runbook's writes window: from the freeze to the end of the switch.
        QCOMPARE(medians.bands.size(), 1);
        QCOMPARE(medians.bands[0].startMs, 3600);
        QCOMPARE(medians.bands[0].durationMs, 300 + 750);

        const GanttLane& first = data.lanes[1];
        QCOMPARE(first.title, all[0].run.id);
        QVERIFY(first.subtitle.startsWith(QStringLiteral("rehearsal · completed · ")));
        QCOMPARE(first.bars.size(), 5);
        QCOMPARE(first.bars[0].startMs, 100);
        QCOMPARE(first.bars[1].startMs, 600);
        QCOMPARE(first.bars[1].durationMs, 3000);
        QCOMPARE(first.bars[1].outcome, GanttOutcome::Succeeded);
        QVERIFY(first.bars[3].pointOfNoReturn);
        QCOMPARE(first.bands.size(), 2);
        QCOMPARE(first.bands[1].source, QStringLiteral("probe"));

        const GanttLane& failed = data.lanes[3];
        QCOMPARE(failed.bars[3].outcome, GanttOutcome::Failed);
        QVERIFY(!failed.bars[3].pointOfNoReturn); // a failed switch passed no point
        QVERIFY(failed.bars[4].rollback);
        QCOMPARE(data.spanMs(), all[1].run.durationMs().value()); // the longest run

        // Without a forecast: no medians lane, phases from the runs.
        const GanttData plain = GanttBuilder::build(all);
        QCOMPARE(plain.lanes.size(), 3);
        QCOMPARE(plain.phases, QStringList({ Prepare, CutOver }));
        QVERIFY(!plain.lanes[0].bars[3].pointOfNoReturn);
    }

    void liveRunOverTheMedians()
    {
        const QList<RunDetail> all = runs();
        const Forecast f = forecast(all.mid(0, 2));
        SyntheticRun live = rehearsal(5, 3300, 0);
        live.id = QStringLiteral("live");
        live.outcome = RunOutcome::Running;
        live.steps = live.steps.mid(0, 3);
        live.steps[2].outcome = StepOutcome::Running;
        live.windows = live.windows.mid(0, 1);
        RunDetail liveDetail = syntheticDetail(live);
        liveDetail.steps[2].durationMs.reset();
        liveDetail.windows[0].durationMs.reset();
        const QDateTime now = live.startedAt.addMSecs(4500);
        const GanttData data = GanttBuilder::build({ all[0], liveDetail }, &f, QStringLiteral("live"), now);
        QCOMPARE(data.lanes.size(), 2);
        QCOMPARE(data.lanes[0].title, QStringLiteral("Live run live"));
        QCOMPARE(data.lanes[0].planned.size(), 5);
        QCOMPARE(data.lanes[0].bars.size(), 3);
        QCOMPARE(data.lanes[0].bars[2].outcome, GanttOutcome::Running);
        // The running step goes on until now: started at 100 + 400 + 100 + 3300 + 100.
        QCOMPARE(data.lanes[0].bars[2].durationMs, 4500 - 4000);
        QVERIFY(data.lanes[0].bands.last().open);
        QCOMPARE(data.lanes[1].title, all[0].run.id);
    }

    void svgMatchesTheExpectedFile()
    {
        const QList<RunDetail> all = runs();
        ReportOptions options;
        options.forecast = forecast(all.mid(0, 2));
        QString error;
        const auto svg = RunReport::render(all, ExportFormat::Svg, options, &error);
        QVERIFY2(svg, qPrintable(error));
        QFile expected(QStringLiteral(RBC_TEST_DATA_DIR "/gantt/compare.svg"));
        QVERIFY2(expected.open(QIODevice::ReadOnly), qPrintable(expected.fileName()));
        const QByteArray wanted = expected.readAll();
        if (*svg != wanted) {
            QFile actual(QDir::temp().filePath(QStringLiteral("rbc-gantt-actual.svg")));
            if (actual.open(QIODevice::WriteOnly))
                actual.write(*svg);
            qWarning("actual SVG written to %s", qPrintable(actual.fileName()));
        }
        QCOMPARE(*svg, wanted);
    }

    void svgHasOneLanePerRun()
    {
        const QList<RunDetail> all = runs();
        QString error;
        for (const bool withForecast : { false, true }) {
            ReportOptions options;
            if (withForecast)
                options.forecast = forecast(all.mid(0, 2));
            const auto svg = RunReport::render(all, ExportFormat::Svg, options, &error);
            QVERIFY2(svg, qPrintable(error));
            const QStringList texts = svgTexts(*svg, &error);
            QVERIFY2(error.isEmpty(), qPrintable(error));
            for (const RunDetail& d : all)
                QCOMPARE(texts.count(d.run.id), 1); // each run's lane is labelled once
            QCOMPARE(texts.count(QStringLiteral("Rehearsal medians")), withForecast ? 1 : 0);
            QVERIFY(texts.contains(QStringLiteral("point of no return")) == withForecast);
            QVERIFY(texts.contains(QStringLiteral("writes failing (probe)")));
            QVERIFY(texts.contains(QStringLiteral("rollback step")));
            QVERIFY(texts.contains(QStringLiteral("failed")));
        }
    }

    void pngIsTheSamePicture()
    {
        const QList<RunDetail> all = runs();
        const GanttData data = RunReport::gantt(all);
        QString error;
        const auto png = RunReport::render(all, ExportFormat::Png, {}, &error);
        QVERIFY2(png, qPrintable(error));
        QImage image;
        QVERIFY(image.loadFromData(*png, "PNG"));
        const QSizeF size = GanttPainter::preferredSize(data);
        QCOMPARE(image.width(), static_cast<int>(std::ceil(size.width() * 2)));
        QCOMPARE(image.height(), static_cast<int>(std::ceil(size.height() * 2)));
        // Bars in both phases' colours and the failed switch.
        QVERIFY(pixelsOf(image, GanttPainter::phaseColor(0)) > 1000);
        QVERIFY(pixelsOf(image, GanttPainter::phaseColor(1)) > 1000);
        QVERIFY(pixelsOf(image, GanttPainter::outcomeColor(GanttOutcome::Failed)) > 100);
    }

    void picturesAreMasked()
    {
        QList<RunDetail> all = runs();
        all[0].steps[0].stepId = QStringLiteral("psql-password=s3cr3t-XYZ");
        all[0].run.label = QStringLiteral("s3cr3t-XYZ");
        ReportOptions options;
        options.knownSecrets = { QStringLiteral("s3cr3t-XYZ") };
        const auto svg = RunReport::render(all, ExportFormat::Svg, options);
        QVERIFY(svg);
        QVERIFY(!svg->contains("s3cr3t"));
    }

    void exportCommandDrawsWithoutADisplay()
    {
        QTemporaryDir dir;
        const QString journalPath = dir.filePath(QStringLiteral("journal.sqlite"));
        QStringList ids;
        {
            RunJournal journal;
            QVERIFY(journal.open(journalPath));
            for (int day = 0; day < 3; ++day) {
                SyntheticRun r = rehearsal(day, 3000 + 100 * day, 800);
                r.startedAt = QDateTime::currentDateTimeUtc().addSecs(-100 + 10 * day);
                ids << writeSynthetic(journal, r);
                QVERIFY(!ids.last().isEmpty());
            }
        }
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("DISPLAY"));
        env.remove(QStringLiteral("WAYLAND_DISPLAY"));
        env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("xcb")); // would need a display: overridden
        const auto console = [&](const QStringList& args, QByteArray* out = nullptr) {
            QProcess p;
            p.setProcessEnvironment(env);
            p.start(QStringLiteral(RBC_CONSOLE_BINARY), args);
            if (!p.waitForFinished(60000))
                return -1;
            if (out)
                *out = p.readAllStandardOutput();
            if (p.exitCode() != 0)
                qWarning("%s", p.readAllStandardError().constData());
            return p.exitCode();
        };
        QByteArray svg;
        QCOMPARE(console({ QStringLiteral("export"), ids[0], QStringLiteral("--compare"), ids[1], ids[2],
                             QStringLiteral("--format"), QStringLiteral("svg"), QStringLiteral("--journal"), journalPath },
                     &svg),
            0);
        QString error;
        const QStringList texts = svgTexts(svg, &error);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        for (const QString& id : ids)
            QCOMPARE(texts.count(id), 1);
        const QString png = dir.filePath(QStringLiteral("gantt.png"));
        QCOMPARE(console({ QStringLiteral("export"), ids[0], QStringLiteral("--compare"), ids[1], QStringLiteral("-o"),
                     png, QStringLiteral("--journal"), journalPath }),
            0);
        QImage image;
        QVERIFY(image.load(png));
        QVERIFY(image.width() >= 2000);
        // One run alone is a picture too.
        QCOMPARE(console({ QStringLiteral("export"), QStringLiteral("last"), QStringLiteral("--format"),
                             QStringLiteral("svg"), QStringLiteral("--journal"), journalPath },
                     &svg),
            0);
        QCOMPARE(svgTexts(svg, &error).count(ids[2]), 1);
    }
};

QTEST_MAIN(TstGantt)
#include "tst_gantt.moc"
