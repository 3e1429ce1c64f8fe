#pragma once
// The runs of the journal (rehearsals and production, every runbook and cluster), sortable and
// filterable by outcome, label, operator, duration and measured downtime. Picking runs shows them
// side by side (step × run, deltas against the median, each run's slowest step highlighted) and as
// a Gantt picture; a live run is drawn over the rehearsal medians. Exports to Markdown (the
// change-request shape), CSV, JSON, SVG and PNG, and copies the Markdown to the clipboard.
// Every journal read and file write happens in a RunsLoader on a thread of its own.

#include "journal/exportformat.h"

#include <QThread>
#include <QWidget>
#include <functional>
#include <memory>

class ComparisonModel;
class GanttWidget;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTabWidget;
class QTableView;
class QTimer;
class RunsFilterModel;
class RunsLoader;
class RunsModel;
struct RunSummary;
struct RunsSelection;

class RunsView : public QWidget {
    Q_OBJECT
public:
    // Where to write an export of this format ("" cancels); the default asks with a file dialog.
    using SavePathChooser = std::function<QString(ExportFormat format, const QString& suggestedName)>;

    explicit RunsView(QWidget* parent = nullptr);
    ~RunsView() override;

    void setJournalPath(const QString& path);
    QString journalPath() const { return m_journalPath; }
    // The run going on now: drawn over the rehearsal medians in the Gantt ("" for none).
    void setLiveRunId(const QString& runId);
    void setSavePathChooser(SavePathChooser chooser) { m_chooser = std::move(chooser); }
    // The picked runs, oldest first.
    QStringList selectedRunIds() const;

public slots:
    // Reads the runs again (and the picked ones, and the live run).
    void refresh();
    void exportSelection(ExportFormat format);
    void copyMarkdown();

signals:
    void runsListed(int count, const QString& error);
    // The side-by-side table and the Gantt show the picked runs (and the live one).
    void selectionLoaded(int runs, const QString& error);
    void exportFinished(const QString& path, const QString& error);
    void markdownCopied(const QString& error);

private:
    void buildControls();
    void onRunsListed(quint64 request, const QList<RunSummary>& runs, const QString& error);
    void onRunsLoaded(quint64 request, const std::shared_ptr<const RunsSelection>& selection, const QString& error);
    void loadSelection();
    void updateActions();
    void showStatus(const QString& text, bool problem = false);

    QString m_journalPath;
    QString m_liveRunId;
    SavePathChooser m_chooser;

    QThread m_thread;
    RunsLoader* m_loader = nullptr; // lives in m_thread
    quint64 m_request = 0;
    quint64 m_listRequest = 0;
    quint64 m_loadRequest = 0;
    QTimer* m_selectionTimer = nullptr;

    RunsModel* m_runsModel = nullptr;
    RunsFilterModel* m_filterModel = nullptr;
    ComparisonModel* m_comparisonModel = nullptr;

    QLineEdit* m_filter = nullptr;
    QComboBox* m_outcome = nullptr;
    QComboBox* m_label = nullptr;
    QDoubleSpinBox* m_minDuration = nullptr;
    QDoubleSpinBox* m_minDowntime = nullptr;
    QPushButton* m_refresh = nullptr;
    QTableView* m_runs = nullptr;
    QTabWidget* m_tabs = nullptr;
    QTableView* m_compare = nullptr;
    GanttWidget* m_gantt = nullptr;
    QList<QPushButton*> m_exportButtons;
    QPushButton* m_copy = nullptr;
    QLabel* m_status = nullptr;
};
