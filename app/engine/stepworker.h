#pragma once
// Runs one step's Action on a thread of its own. Signals are emitted from that thread and so
// reach receivers in other threads by queued connection; every signal carries the generation id
// the worker was created with, so a receiver that has moved on (cancelled, started the rollback)
// drops late results.
// A cancel (or the watchdog of a timeout) never waits for the action: if the action has not
// returned within kAbandonAfterMs of it (stuck in a call that ignores cancel), finished() comes
// anyway, saying the step may still be running, and the action is left to end on its own thread.
// The destructor cancels and never waits longer than that either.

#include "engine/action.h"
#include "engine/stepresult.h"

#include <QObject>
#include <QTimer>
#include <atomic>
#include <memory>

class StepWorker : public QObject {
    Q_OBJECT
public:
    static constexpr int kAbandonAfterMs = 1500;

    StepWorker(std::unique_ptr<Action> action, quint64 generation, QObject* parent = nullptr);
    ~StepWorker() override;

    quint64 generation() const { return m_generation; }
    // A watchdog started by start(): on expiry it takes the cancel path and the step ends TimedOut
    // ("timed out after Xs"). 0: none. Call before start().
    void setTimeout(int ms) { m_timeoutMs = ms; }

    // Starts the action on the worker thread; once only.
    void start();
    // Thread-safe, returns at once (it never waits on the network); finished() follows with
    // Cancelled, or the real outcome if the action had already ended. A second cancel escalates
    // (processes killed at once, no grace for the server).
    void cancel();
    bool isRunning() const;
    // The receiver of processStarted() has journaled this group: the process may start its work
    // (it waits for this, at most kRecordWaitMs, when anything listens to processStarted()).
    void processRecorded(qint64 processGroup);
    static constexpr int kRecordWaitMs = 2000;

signals:
    void output(quint64 generation, const QString& line);
    void progress(quint64 generation, qint64 done, qint64 total, const QString& text);
    // A process group the step started (host "local" or the SSH destination), as soon as it is
    // known and before the process does anything: answer with processRecorded().
    void processStarted(quint64 generation, const QString& host, qint64 processGroup, const QString& startTime);
    // Exactly once per start().
    void finished(quint64 generation, const StepResult& result);

private:
    struct Shared;
    void onTimeout();
    void armAbandon();
    void abandon();

    std::shared_ptr<Shared> m_shared;
    const quint64 m_generation;
    QTimer m_watchdog; // in the owner's thread
    QTimer m_abandon; // in the owner's thread
    int m_timeoutMs = 0;
    bool m_started = false;
    bool m_abandoned = false;
    std::atomic<bool> m_timedOut { false };
};
