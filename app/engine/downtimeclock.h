#pragma once
// The console's downtime clock: for writes and reads, how long clients have been unable to use
// the database during this run — measured by the traffic probe when it runs, else as the runbook's
// own markers say — whether they can right now, against the runbook's downtime budget, and every
// window so far for the timeline strip. Fed by a RunController's signals; all figures are derived
// from event times, so a late repaint never changes them.

#include "engine/downtimeevent.h"
#include "probe/trafficprobe.h"

#include <QDateTime>
#include <QList>
#include <QObject>
#include <QPointer>
#include <optional>

class RunController;
class RunSession;

class DowntimeClock : public QObject {
    Q_OBJECT
public:
    struct Window {
        QString kind; // writes | reads
        QString source; // runbook-marker | probe
        QDateTime startedAt;
        QDateTime endedAt; // invalid while open
        QString error;
    };

    explicit DowntimeClock(QObject* parent = nullptr);

    void attach(RunController* controller);
    void attach(RunSession* session);
    // Starts over for a run that began at `startedAt` (its windows come as events).
    void reset(const QDateTime& startedAt = {});
    void setBudget(std::optional<qint64> writesMs, std::optional<qint64> readsMs);
    void apply(const DowntimeEvent& event);
    void setProbeStats(const ProbeStats& stats);

    QDateTime runStartedAt() const { return m_startedAt; }
    bool probeRunning() const { return m_probeSeen; }
    // Total unavailable time for `kind` up to `now`: the probe's when the probe runs, else the markers'.
    qint64 unavailableMs(const QString& kind, const QDateTime& now = QDateTime::currentDateTimeUtc()) const;
    qint64 unavailableMs(const QString& kind, const QString& source, const QDateTime& now = QDateTime::currentDateTimeUtc()) const;
    // Clients cannot `kind` right now (by the probe when it runs, else by the markers).
    bool isOpen(const QString& kind) const;
    bool isOpen(const QString& kind, const QString& source) const;
    // When the open window of `kind` began (invalid when none is open).
    QDateTime openSince(const QString& kind) const;
    std::optional<qint64> budgetMs(const QString& kind) const;
    bool overBudget(const QString& kind, const QDateTime& now = QDateTime::currentDateTimeUtc()) const;
    const QList<Window>& windows() const { return m_windows; }
    const ProbeStats& probeStats() const { return m_stats; }
    // One line per kind, for the journal at a decision: "writes unavailable 2.4 s (probe), budget 10.0 s".
    QStringList summary(const QDateTime& now = QDateTime::currentDateTimeUtc()) const;

signals:
    void changed();

private:
    const Window* openWindow(const QString& kind, const QString& source) const;
    QString mainSource() const;

    QPointer<RunController> m_controller;
    QDateTime m_startedAt;
    QList<Window> m_windows;
    ProbeStats m_stats;
    bool m_probeSeen = false;
    std::optional<qint64> m_budget[2]; // writes, reads
};
