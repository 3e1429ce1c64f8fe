#include "report/runsloader.h"

#include "report/runreport.h"

#include <QFileInfo>
#include <QSaveFile>

#include <algorithm>

RunsLoader::RunsLoader(QObject* parent)
    : QObject(parent)
{
}

RunsLoader::~RunsLoader() = default;

void RunsLoader::setJournalPath(const QString& path)
{
    if (path == m_path)
        return;
    m_path = path;
    m_journal.reset();
}

bool RunsLoader::ensureOpen(QString* error)
{
    if (m_journal && m_journal->isOpen())
        return true;
    if (m_path.isEmpty()) {
        *error = QStringLiteral("no journal chosen");
        return false;
    }
    auto journal = std::make_unique<RunJournal>();
    if (!journal->open(m_path, error, RunJournal::OpenMode::MustExist))
        return false;
    m_journal = std::move(journal);
    return true;
}

void RunsLoader::listRuns(quint64 request)
{
    QString error;
    if (!m_path.isEmpty() && !QFileInfo::exists(m_path)) {
        emit runsListed(request, {}, QStringLiteral("no runs yet (no journal at %1)").arg(m_path));
        return;
    }
    if (!ensureOpen(&error)) {
        emit runsListed(request, {}, error);
        return;
    }
    bool ok = false;
    const QList<RunSummary> runs = m_journal->runs(-1, &ok);
    emit runsListed(request, runs, ok ? QString() : m_journal->lastError());
}

std::shared_ptr<RunsSelection> RunsLoader::load(
    quint64 request, const QStringList& runIds, const QString& liveRunId, QString* error)
{
    if (!ensureOpen(error))
        return nullptr;
    auto selection = std::make_shared<RunsSelection>();
    selection->liveRunId = liveRunId;
    QStringList ids = runIds;
    if (!liveRunId.isEmpty() && !ids.contains(liveRunId))
        ids << liveRunId;
    for (const QString& id : ids) {
        if (m_latestLoad.load() > request) {
            *error = QStringLiteral("superseded");
            return nullptr;
        }
        auto detail = m_journal->run(id, error);
        if (!detail)
            return nullptr;
        selection->runs << *detail;
    }
    std::sort(selection->runs.begin(), selection->runs.end(),
        [](const RunDetail& a, const RunDetail& b) { return a.run.startedAt < b.run.startedAt; });
    if (!selection->runs.isEmpty()) {
        QString forecastError;
        selection->forecast = RunReport::forecastFor(*m_journal, selection->runs, liveRunId, &forecastError);
    }
    ReportOptions options;
    options.forecast = selection->forecast;
    options.liveRunId = liveRunId;
    selection->gantt = RunReport::gantt(selection->runs, options);
    return selection;
}

void RunsLoader::loadRuns(quint64 request, const QStringList& runIds, const QString& liveRunId)
{
    QString error;
    const auto selection = load(request, runIds, liveRunId, &error);
    if (!selection && error == QLatin1String("superseded"))
        return; // a newer load answers instead
    emit runsLoaded(request, selection, selection ? QString() : error);
}

void RunsLoader::exportRuns(
    quint64 request, const QStringList& runIds, const QString& liveRunId, ExportFormat format, const QString& path)
{
    QString error;
    const auto selection = load(request, runIds, liveRunId, &error);
    if (!selection) {
        emit exported(request, path, error);
        return;
    }
    ReportOptions options;
    options.forecast = selection->forecast;
    options.liveRunId = liveRunId;
    const auto bytes = RunReport::render(selection->runs, format, options, &error);
    if (!bytes) {
        emit exported(request, path, error);
        return;
    }
    // Written whole or not at all: a half-written export never replaces a good one.
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(*bytes) != bytes->size() || !file.commit()) {
        emit exported(request, path, QStringLiteral("cannot write %1: %2").arg(path, file.errorString()));
        return;
    }
    emit exported(request, path, QString());
}

void RunsLoader::renderMarkdown(quint64 request, const QStringList& runIds, const QString& liveRunId)
{
    QString error;
    const auto selection = load(request, runIds, liveRunId, &error);
    if (!selection) {
        emit markdownRendered(request, QString(), error);
        return;
    }
    ReportOptions options;
    options.forecast = selection->forecast;
    options.liveRunId = liveRunId;
    const auto bytes = RunReport::render(selection->runs, ExportFormat::Markdown, options, &error);
    emit markdownRendered(request, bytes ? QString::fromUtf8(*bytes) : QString(), bytes ? QString() : error);
}
