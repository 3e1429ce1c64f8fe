// The runs view, offscreen: the journal's runs listed off the GUI thread, filtered and sorted from
// the keyboard and the header; picked runs side by side and as a Gantt (a live run over the
// medians); exports written through the buttons and their shortcuts; Markdown copied to the
// clipboard; every control with a shortcut and an accessible name equal to its label.
#include "gantt/ganttdata.h"
#include "report/comparisonmodel.h"
#include "runs/ganttwidget.h"
#include "runs/runsview.h"
#include "syntheticruns.h"

#include <QAbstractButton>
#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFile>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTabWidget>
#include <QTableView>
#include <QTemporaryDir>
#include <QShortcut>
#include <QTest>

namespace {
const QString Prepare = QStringLiteral("Prepare");
const QString CutOver = QStringLiteral("Cut over");

SyntheticRun run(int daysAgo, qint64 copyMs, const QString& label = QStringLiteral("rehearsal"),
    RunOutcome outcome = RunOutcome::Completed)
{
    SyntheticRun r;
    // Written now, so a run lasts from its start until now: the older, the longer.
    r.startedAt = QDateTime::currentDateTimeUtc().addSecs(-20 * daysAgo - 5);
    r.label = label;
    r.outcome = outcome;
    r.runbookName = QStringLiteral("Move with a switch");
    r.gapMs = 50;
    r.steps = { { Prepare, QStringLiteral("check"), 300 }, { Prepare, QStringLiteral("copy"), copyMs },
        { CutOver, QStringLiteral("switch"), 400 } };
    if (outcome == RunOutcome::Failed)
        r.steps.last().outcome = StepOutcome::Failed;
    return r;
}

QString plain(QString text)
{
    return text.remove(QLatin1Char('&'));
}

QPushButton* buttonNamed(QWidget& w, const QString& name)
{
    for (QPushButton* b : w.findChildren<QPushButton*>())
        if (b->accessibleName() == name)
            return b;
    return nullptr;
}

template <typename T> T* named(QWidget& w, const QString& name)
{
    for (T* c : w.findChildren<T*>())
        if (c->accessibleName() == name)
            return c;
    return nullptr;
}
} // namespace

class TstRunsView : public QObject {
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    QString m_journalPath;
    QStringList m_ids; // oldest first
    QString m_production;

    QTableView* runsTable(RunsView& v) { return named<QTableView>(v, QStringLiteral("Runs (pick two or more to compare)")); }

    bool open(RunsView& v)
    {
        QSignalSpy listed(&v, &RunsView::runsListed);
        v.setJournalPath(m_journalPath);
        return listed.wait(10000) && listed.first().at(1).toString().isEmpty();
    }

    QStringList shownIds(QTableView* table)
    {
        QStringList ids;
        for (int r = 0; r < table->model()->rowCount(); ++r)
            ids << table->model()->index(r, 0).data().toString();
        return ids;
    }

private slots:
    void initTestCase()
    {
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(m_dir.isValid());
        m_journalPath = m_dir.filePath(QStringLiteral("journal.sqlite"));
        RunJournal journal;
        QVERIFY(journal.open(m_journalPath));
        m_ids << writeSynthetic(journal, run(4, 3000));
        m_ids << writeSynthetic(journal, run(3, 3400, QStringLiteral("rehearsal"), RunOutcome::Failed));
        m_ids << writeSynthetic(journal, run(2, 3200));
        SyntheticRun night = run(1, 3100, QStringLiteral("production"));
        night.probe = true;
        night.windows = { { QStringLiteral("writes"), QStringLiteral("probe"), 3500, 420 } };
        night.events = { QStringLiteral("decision: lag 0 B on every replica: go") };
        m_production = writeSynthetic(journal, night);
        m_ids << m_production;
        for (const QString& id : m_ids)
            QVERIFY(!id.isEmpty());
    }

    void listsFiltersAndSorts()
    {
        RunsView v;
        v.resize(1200, 800);
        v.show();
        QVERIFY(open(v));
        QTableView* table = runsTable(v);
        QVERIFY(table);
        QCOMPARE(table->model()->rowCount(), 4);
        QCOMPARE(shownIds(table).first(), m_production); // newest first

        // Typing in the filter (Alt+F puts the cursor there).
        auto* filter = named<QLineEdit>(v, QStringLiteral("Filter"));
        QVERIFY(filter);
        QTest::keyClick(&v, Qt::Key_F, Qt::AltModifier);
        QTRY_VERIFY(filter->hasFocus());
        QTest::keyClicks(filter, m_production.right(4));
        QCOMPARE(shownIds(table), QStringList { m_production });
        filter->clear();
        QCOMPARE(table->model()->rowCount(), 4);

        // The outcome and the label, from the keyboard.
        auto* outcome = named<QComboBox>(v, QStringLiteral("Outcome"));
        QVERIFY(outcome);
        outcome->setFocus();
        QTest::keyClick(outcome, Qt::Key_Down); // completed
        QCOMPARE(table->model()->rowCount(), 3);
        QTest::keyClick(outcome, Qt::Key_Down); // failed
        QCOMPARE(shownIds(table), QStringList { m_ids[1] });
        QTest::keyClick(outcome, Qt::Key_Home);
        auto* label = named<QComboBox>(v, QStringLiteral("Label"));
        QCOMPARE(label->count(), 3); // any, production, rehearsal
        label->setCurrentIndex(label->findData(QStringLiteral("production")));
        QCOMPARE(shownIds(table), QStringList { m_production });
        label->setCurrentIndex(0);

        // Measured downtime over 0.1 s: only the night the probe saw writes fail.
        auto* downtime = named<QDoubleSpinBox>(v, QStringLiteral("Downtime over"));
        QVERIFY(downtime);
        downtime->setValue(0.1);
        QCOMPARE(shownIds(table), QStringList { m_production });
        downtime->setValue(0);
        auto* longer = named<QDoubleSpinBox>(v, QStringLiteral("Longer than"));
        longer->setValue(1e6);
        QCOMPARE(table->model()->rowCount(), 0);
        longer->setValue(0);

        // A click on the Started header sorts oldest first.
        QHeaderView* header = table->horizontalHeader();
        const int column = 5; // Started
        QCOMPARE(table->model()->headerData(column, Qt::Horizontal).toString(), QStringLiteral("Started"));
        QTest::mouseClick(header->viewport(), Qt::LeftButton, {},
            QPoint(header->sectionViewportPosition(column) + 5, header->height() / 2));
        QCOMPARE(shownIds(table), m_ids);
    }

    void pickedRunsSideBySideAndAsAGantt()
    {
        RunsView v;
        v.resize(1200, 800);
        v.show();
        QVERIFY(open(v));
        QTableView* table = runsTable(v);
        for (QPushButton* b : v.findChildren<QPushButton*>())
            if (b->accessibleName().startsWith(QLatin1String("Export")))
                QVERIFY(!b->isEnabled()); // nothing picked yet
        QSignalSpy loaded(&v, &RunsView::selectionLoaded);
        table->setFocus();
        QTest::keyClick(table, Qt::Key_A, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, 10000);
        QCOMPARE(loaded.first().at(0).toInt(), 4);
        QCOMPARE(v.selectedRunIds(), m_ids);
        QVERIFY(buttonNamed(v, QStringLiteral("Export Markdown"))->isEnabled());

        auto* compare = named<QTableView>(v, QStringLiteral("Side by side"));
        QVERIFY(compare);
        auto* model = qobject_cast<ComparisonModel*>(compare->model());
        QCOMPARE(model->runCount(), 4);
        QCOMPARE(model->headerData(ComparisonModel::FirstRunColumn, Qt::Horizontal).toString(), m_ids[0]);
        QCOMPARE(model->index(1, ComparisonModel::StepColumn).data().toString(), QStringLiteral("copy"));
        // Copy is each run's slowest step, but the failed run's switch took as long in the others.
        QVERIFY(model->index(1, ComparisonModel::FirstRunColumn).data(ComparisonModel::SlowestRole).toBool());

        auto* gantt = v.findChild<GanttWidget*>();
        QVERIFY(gantt);
        // The medians of the three runs before the newest, then one lane per run.
        QCOMPARE(gantt->data().lanes.size(), 5);
        QCOMPARE(gantt->data().lanes[0].title, QStringLiteral("Rehearsal medians"));
        QCOMPARE(gantt->data().lanes[1].title, m_ids[0]);
        // Alt+G shows the Gantt tab.
        auto* tabs = named<QTabWidget>(v, QStringLiteral("Selected runs"));
        QTest::keyClick(&v, Qt::Key_G, Qt::AltModifier);
        QTRY_COMPARE(tabs->currentIndex(), 1);
        QVERIFY(gantt->isVisible());
        QVERIFY(gantt->height() >= gantt->minimumHeight());

        // Picking two runs with the keyboard: two columns.
        loaded.clear();
        table->setFocus();
        QTest::keyClick(table, Qt::Key_Home, Qt::ControlModifier);
        QTest::keyClick(table, Qt::Key_Down, Qt::ShiftModifier);
        QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty() && loaded.last().at(0).toInt() == 2, 10000);
        QCOMPARE(model->runCount(), 2);
    }

    void exportsWrittenOffTheGuiThread()
    {
        RunsView v;
        v.resize(1200, 800);
        v.show();
        QVERIFY(open(v));
        QStringList asked;
        v.setSavePathChooser([this, &asked](ExportFormat format, const QString& suggested) {
            asked << suggested;
            return m_dir.filePath(QStringLiteral("export.") + exportFormatExtension(format));
        });
        QTableView* table = runsTable(v);
        QSignalSpy loaded(&v, &RunsView::selectionLoaded);
        table->setFocus();
        QTest::keyClick(table, Qt::Key_A, Qt::ControlModifier);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, 10000);

        QSignalSpy exported(&v, &RunsView::exportFinished);
        QTest::mouseClick(buttonNamed(v, QStringLiteral("Export Markdown")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, 10000);
        QCOMPARE(exported.first().at(1).toString(), QString());
        QFile md(m_dir.filePath(QStringLiteral("export.md")));
        QVERIFY(md.open(QIODevice::ReadOnly));
        const QString markdown = QString::fromUtf8(md.readAll());
        QVERIFY(markdown.startsWith(QLatin1String("# Change request: Move with a switch on sandbox")));
        QVERIFY(markdown.contains(QLatin1String("lag 0 B on every replica: go")));
        QVERIFY(markdown.contains(QLatin1String("## Forecast used")));
        QVERIFY(asked.first().endsWith(QLatin1String(".md")));

        // Alt+J: JSON; Alt+P: PNG; Alt+S: SVG.
        for (const auto& [key, ext] : { std::pair(Qt::Key_J, QStringLiteral("json")), std::pair(Qt::Key_P, QStringLiteral("png")),
                 std::pair(Qt::Key_S, QStringLiteral("svg")), std::pair(Qt::Key_C, QStringLiteral("csv")) }) {
            exported.clear();
            QTest::keyClick(&v, key, Qt::AltModifier);
            QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, 10000);
            QCOMPARE(exported.first().at(1).toString(), QString());
            QVERIFY2(QFile::exists(m_dir.filePath(QStringLiteral("export.") + ext)), qPrintable(ext));
        }
        QImage png;
        QVERIFY(png.load(m_dir.filePath(QStringLiteral("export.png"))));
        QVERIFY(png.width() > 1000);

        // Cancelling the file dialog writes nothing.
        v.setSavePathChooser([](ExportFormat, const QString&) { return QString(); });
        exported.clear();
        QTest::mouseClick(buttonNamed(v, QStringLiteral("Export CSV")), Qt::LeftButton);
        QTest::qWait(200);
        QVERIFY(exported.isEmpty());
        // A place that cannot be written: an error, no crash.
        v.setSavePathChooser([](ExportFormat, const QString&) { return QStringLiteral("/nonexistent/dir/x.csv"); });
        QTest::mouseClick(buttonNamed(v, QStringLiteral("Export CSV")), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(exported.size(), 1, 10000);
        QVERIFY(!exported.first().at(1).toString().isEmpty());
    }

    void copiesMarkdownToTheClipboard()
    {
        RunsView v;
        v.show();
        QVERIFY(open(v));
        QTableView* table = runsTable(v);
        QSignalSpy loaded(&v, &RunsView::selectionLoaded);
        QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, table->visualRect(table->model()->index(0, 1)).center());
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, 10000);
        QGuiApplication::clipboard()->clear();
        QSignalSpy copied(&v, &RunsView::markdownCopied);
        QTest::keyClick(&v, Qt::Key_Y, Qt::AltModifier);
        QTRY_COMPARE_WITH_TIMEOUT(copied.size(), 1, 10000);
        // One run: its own export.
        QCOMPARE(QGuiApplication::clipboard()->text().section(QLatin1Char('\n'), 0, 0), QStringLiteral("# Run ") + m_production);
    }

    void liveRunOverTheMedians()
    {
        QString live;
        {
            RunJournal journal;
            QVERIFY(journal.open(m_journalPath));
            SyntheticRun r = run(0, 1000, QStringLiteral("production"), RunOutcome::Running);
            r.steps = r.steps.mid(0, 2);
            r.steps.last().outcome = StepOutcome::Running;
            live = writeSynthetic(journal, r);
            QVERIFY(!live.isEmpty());
        }
        RunsView v;
        v.show();
        QVERIFY(open(v));
        QSignalSpy loaded(&v, &RunsView::selectionLoaded);
        v.setLiveRunId(live);
        QTRY_COMPARE_WITH_TIMEOUT(loaded.size(), 1, 10000);
        const GanttData& data = v.findChild<GanttWidget*>()->data();
        QCOMPARE(data.lanes.size(), 1);
        QCOMPARE(data.lanes[0].title, QStringLiteral("Live run ") + live);
        QCOMPARE(data.lanes[0].planned.size(), 3);
        QCOMPARE(data.lanes[0].bars.size(), 2);
        QCOMPARE(data.lanes[0].bars[1].outcome, GanttOutcome::Running);
        QVERIFY(buttonNamed(v, QStringLiteral("Copy Markdown"))->isEnabled());
    }

    void everyControlHasAShortcutAndItsLabelAsName()
    {
        RunsView v;
        v.show();
        QStringList problems;
        QSet<QString> mnemonics;
        const auto mnemonic = [&](const QString& text, QWidget* control) {
            const qsizetype at = text.indexOf(QLatin1Char('&'));
            if (at < 0 || at + 1 >= text.size()) {
                problems << QStringLiteral("no shortcut: %1").arg(control->accessibleName());
                return;
            }
            const QString key = text.mid(at + 1, 1).toLower();
            if (mnemonics.contains(key))
                problems << QStringLiteral("Alt+%1 used twice").arg(key);
            mnemonics << key;
        };
        for (QPushButton* b : v.findChildren<QPushButton*>()) {
            if (b->accessibleName() != plain(b->text()))
                problems << QStringLiteral("button '%1' is named '%2'").arg(b->text(), b->accessibleName());
            // Refresh has Ctrl+R (Alt+R and F5 belong to the console's Run menu and Run action).
            if (b->text() == QLatin1String("Refresh")) {
                bool ctrlR = false;
                for (QShortcut* s : v.findChildren<QShortcut*>())
                    ctrlR = ctrlR || s->key() == QKeySequence(Qt::CTRL | Qt::Key_R);
                if (!ctrlR)
                    problems << QStringLiteral("no shortcut: Refresh");
                continue;
            }
            mnemonic(b->text(), b);
        }
        // Fields and tables: named after the label that is their buddy, which carries the shortcut.
        QList<QWidget*> fields;
        for (QWidget* w : v.findChildren<QWidget*>())
            if ((qobject_cast<QLineEdit*>(w) && !qobject_cast<QAbstractSpinBox*>(w->parent())
                    && !qobject_cast<QComboBox*>(w->parent()))
                || qobject_cast<QComboBox*>(w) || qobject_cast<QAbstractSpinBox*>(w) || qobject_cast<QTabWidget*>(w)
                || w == runsTable(v))
                fields << w;
        QCOMPARE(fields.size(), 7); // filter, outcome, label, longer than, downtime over, runs, selected runs
        for (QWidget* field : fields) {
            QLabel* label = nullptr;
            for (QLabel* l : v.findChildren<QLabel*>())
                if (l->buddy() == field)
                    label = l;
            if (!label) {
                problems << QStringLiteral("no label for %1").arg(field->accessibleName());
                continue;
            }
            if (field->accessibleName() != plain(label->text()))
                problems << QStringLiteral("'%1' is named '%2'").arg(label->text(), field->accessibleName());
            mnemonic(label->text(), field);
        }
        // The tabs: their pages are named after them.
        auto* tabs = named<QTabWidget>(v, QStringLiteral("Selected runs"));
        for (int i = 0; i < tabs->count(); ++i) {
            if (tabs->widget(i)->accessibleName() != plain(tabs->tabText(i)))
                problems << QStringLiteral("tab '%1' page is named '%2'").arg(tabs->tabText(i), tabs->widget(i)->accessibleName());
            mnemonic(tabs->tabText(i), tabs->widget(i));
        }
        QCOMPARE(v.findChild<GanttWidget*>()->accessibleName(), QStringLiteral("Gantt"));
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join(QLatin1Char('\n'))));
    }

    void aFileThatIsNotAJournal()
    {
        const QString garbage = m_dir.filePath(QStringLiteral("garbage.sqlite"));
        {
            QFile f(garbage);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("this is not a journal");
        }
        RunsView v;
        v.show();
        QSignalSpy listed(&v, &RunsView::runsListed);
        v.setJournalPath(garbage);
        QVERIFY(listed.wait(10000));
        QVERIFY(listed.first().at(1).toString().contains(QLatin1String("not a run journal")));
        QCOMPARE(runsTable(v)->model()->rowCount(), 0);
        // Nothing picked: the exports say so instead of writing.
        v.setSavePathChooser([](ExportFormat, const QString&) { return QStringLiteral("/tmp/never"); });
        QSignalSpy exported(&v, &RunsView::exportFinished);
        v.exportSelection(ExportFormat::Csv);
        QVERIFY(exported.isEmpty());
        listed.clear();
        v.setJournalPath(m_dir.filePath(QStringLiteral("missing.sqlite")));
        QVERIFY(listed.wait(10000));
        QVERIFY(listed.first().at(1).toString().contains(QLatin1String("no runs yet")));
        QVERIFY(!QFile::exists(m_dir.filePath(QStringLiteral("missing.sqlite"))));
    }
};

QTEST_MAIN(TstRunsView)
#include "tst_runsview.moc"
