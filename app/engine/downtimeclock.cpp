#include "engine/downtimeclock.h"

#include "core/durationtext.h"
#include "engine/runcontroller.h"
#include "engine/runsession.h"

namespace {
const QString kProbe = QStringLiteral("probe");

int slot(const QString& kind)
{
    return kind == QLatin1String("reads") ? 1 : 0;
}
} // namespace

DowntimeClock::DowntimeClock(QObject* parent)
    : QObject(parent)
{
}

void DowntimeClock::attach(RunSession* session)
{
    attach(session ? session->controller() : nullptr);
    if (session) {
        const DowntimeBudget& b = session->runbook().downtimeBudget;
        setBudget(b.writes ? std::optional<qint64>(b.writes->milliseconds()) : std::nullopt,
            b.reads ? std::optional<qint64>(b.reads->milliseconds()) : std::nullopt);
    }
}

void DowntimeClock::attach(RunController* controller)
{
    if (m_controller)
        disconnect(m_controller, nullptr, this, nullptr);
    m_controller = controller;
    reset();
    if (!controller)
        return;
    connect(controller, &RunController::runStarted, this, [this] {
        if (!m_startedAt.isValid())
            reset(QDateTime::currentDateTimeUtc());
    });
    connect(controller, &RunController::downtimeEvent, this, &DowntimeClock::apply);
    // The controller reports the probe's counts from the moment it starts: its figures then win.
    connect(controller, &RunController::probeStatsChanged, this, &DowntimeClock::setProbeStats);
}

void DowntimeClock::reset(const QDateTime& startedAt)
{
    m_startedAt = startedAt;
    m_windows.clear();
    m_stats = {};
    m_probeSeen = false;
    emit changed();
}

void DowntimeClock::setBudget(std::optional<qint64> writesMs, std::optional<qint64> readsMs)
{
    m_budget[0] = writesMs;
    m_budget[1] = readsMs;
    emit changed();
}

void DowntimeClock::apply(const DowntimeEvent& e)
{
    if (!m_startedAt.isValid())
        m_startedAt = e.at;
    if (e.source == kProbe)
        m_probeSeen = true;
    if (e.open) {
        if (openWindow(e.kind, e.source))
            return;
        m_windows << Window { e.kind, e.source, e.at, {}, e.error };
    } else {
        for (Window& w : m_windows) {
            if (w.kind == e.kind && w.source == e.source && !w.endedAt.isValid()) {
                // The probe's closing time is when the first request worked again; its duration
                // comes from a monotonic clock, which wins over wall-clock arithmetic.
                w.endedAt = e.durationMs >= 0 ? w.startedAt.addMSecs(e.durationMs) : e.at;
                break;
            }
        }
    }
    emit changed();
}

void DowntimeClock::setProbeStats(const ProbeStats& stats)
{
    m_stats = stats;
    m_probeSeen = true;
    emit changed();
}

const DowntimeClock::Window* DowntimeClock::openWindow(const QString& kind, const QString& source) const
{
    for (const Window& w : m_windows)
        if (w.kind == kind && w.source == source && !w.endedAt.isValid())
            return &w;
    return nullptr;
}

QString DowntimeClock::mainSource() const
{
    return m_probeSeen ? kProbe : QStringLiteral("runbook-marker");
}

qint64 DowntimeClock::unavailableMs(const QString& kind, const QString& source, const QDateTime& now) const
{
    qint64 total = 0;
    for (const Window& w : m_windows) {
        if (w.kind != kind || w.source != source)
            continue;
        const QDateTime end = w.endedAt.isValid() ? w.endedAt : now;
        total += qMax<qint64>(0, w.startedAt.msecsTo(end));
    }
    return total;
}

qint64 DowntimeClock::unavailableMs(const QString& kind, const QDateTime& now) const
{
    return unavailableMs(kind, mainSource(), now);
}

bool DowntimeClock::isOpen(const QString& kind, const QString& source) const
{
    return openWindow(kind, source) != nullptr;
}

bool DowntimeClock::isOpen(const QString& kind) const
{
    return isOpen(kind, mainSource());
}

QDateTime DowntimeClock::openSince(const QString& kind) const
{
    const Window* w = openWindow(kind, mainSource());
    return w ? w->startedAt : QDateTime();
}

std::optional<qint64> DowntimeClock::budgetMs(const QString& kind) const
{
    return m_budget[slot(kind)];
}

bool DowntimeClock::overBudget(const QString& kind, const QDateTime& now) const
{
    const auto budget = budgetMs(kind);
    return budget && unavailableMs(kind, now) > *budget;
}

QStringList DowntimeClock::summary(const QDateTime& now) const
{
    QStringList lines;
    for (const QString& kind : { QStringLiteral("writes"), QStringLiteral("reads") }) {
        QString line = QStringLiteral("%1 unavailable %2 (%3)").arg(kind, durationText(unavailableMs(kind, now)),
            m_probeSeen ? QStringLiteral("measured by the traffic probe") : QStringLiteral("runbook markers"));
        if (const auto budget = budgetMs(kind))
            line += QStringLiteral(", budget %1").arg(durationText(*budget));
        if (isOpen(kind))
            line += QStringLiteral(", STILL UNAVAILABLE");
        lines << line;
    }
    if (m_probeSeen)
        lines << QStringLiteral("probe: %1 writes (%2 failed), %3 reads (%4 failed)")
                     .arg(m_stats.writes)
                     .arg(m_stats.writeFailures)
                     .arg(m_stats.reads)
                     .arg(m_stats.readFailures);
    return lines;
}
