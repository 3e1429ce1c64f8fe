#pragma once
// The runs view's reader and writer, living on a worker thread of its own: lists the journal's
// runs, loads the ones picked (with the forecast they were measured against and their Gantt
// picture), and writes exports. It opens its own RunJournal in its thread; the view calls it with
// queued invocations and gets every answer as a signal carrying the request's number, so a late
// answer to an old request is recognised and dropped. A newer load makes an older one stop early.

#include "forecast/forecast.h"
#include "gantt/ganttdata.h"
#include "journal/exportformat.h"
#include "journal/rundetail.h"
#include "journal/runjournal.h"
#include "journal/runsummary.h"

#include <QObject>
#include <atomic>
#include <memory>
#include <optional>

// The runs picked in the view, loaded.
struct RunsSelection {
    QList<RunDetail> runs; // oldest first: the order of the lanes and columns
    std::optional<Forecast> forecast;
    GanttData gantt;
    QString liveRunId;
};

class RunsLoader : public QObject {
    Q_OBJECT
public:
    explicit RunsLoader(QObject* parent = nullptr);
    ~RunsLoader() override;

    // These run in the loader's thread (invoke them queued). `request` numbers come from the caller.
    void setJournalPath(const QString& path);
    void listRuns(quint64 request);
    void loadRuns(quint64 request, const QStringList& runIds, const QString& liveRunId);
    void exportRuns(quint64 request, const QStringList& runIds, const QString& liveRunId, ExportFormat format,
        const QString& path);
    void renderMarkdown(quint64 request, const QStringList& runIds, const QString& liveRunId);

    // Any thread: loads for requests before this one stop at the next run they read.
    void supersedeLoadsBefore(quint64 request) { m_latestLoad.store(request); }

signals:
    void runsListed(quint64 request, const QList<RunSummary>& runs, const QString& error);
    void runsLoaded(quint64 request, const std::shared_ptr<const RunsSelection>& selection, const QString& error);
    void exported(quint64 request, const QString& path, const QString& error);
    void markdownRendered(quint64 request, const QString& markdown, const QString& error);

private:
    bool ensureOpen(QString* error);
    // The runs, oldest first, with the forecast; nullptr (and why) when they cannot be read or a
    // newer load superseded this one.
    std::shared_ptr<RunsSelection> load(quint64 request, const QStringList& runIds, const QString& liveRunId, QString* error);

    QString m_path;
    std::unique_ptr<RunJournal> m_journal;
    std::atomic<quint64> m_latestLoad { 0 };
};
