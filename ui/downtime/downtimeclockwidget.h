#pragma once
// The downtime clock: can clients write and read right now, for how long they could not during
// this run (live, red while it lasts) against the runbook's budget, the probe's counts, a strip of
// the windows so far, and how soon a rollback started now would give writes back.

#include <QFrame>
#include <optional>

class DowntimeClock;
class LiveText;
struct RollbackPreview;

class DowntimeTimeline : public QWidget {
    Q_OBJECT
public:
    explicit DowntimeTimeline(QWidget* parent = nullptr);
    void setClock(const DowntimeClock* clock) { m_clock = clock; }
    QSize sizeHint() const override { return { 300, 36 }; }

protected:
    void paintEvent(QPaintEvent* event) override;

private:
    const DowntimeClock* m_clock = nullptr;
};

class DowntimeClockWidget : public QFrame {
    Q_OBJECT
public:
    explicit DowntimeClockWidget(QWidget* parent = nullptr);
    void setClock(DowntimeClock* clock);
    void setRollbackPreview(const RollbackPreview& preview);
    // Repaints the live figures (the window calls it on its timer while a run is active).
    void refresh();

private:
    DowntimeClock* m_clock = nullptr;
    LiveText* m_writes = nullptr;
    LiveText* m_reads = nullptr;
    LiveText* m_probe = nullptr;
    LiveText* m_rollback = nullptr;
    DowntimeTimeline* m_timeline = nullptr;
    std::optional<qint64> m_writesRestoredAfterMs;
    int m_writesRestoreUnestimated = 0;
    bool m_rollbackRefused = false;
    bool m_rollbackAvailable = false;
};
