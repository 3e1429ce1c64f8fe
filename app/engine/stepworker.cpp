#include "engine/stepworker.h"

#include <QMetaMethod>
#include <QMetaObject>
#include <QThread>
#include <condition_variable>
#include <mutex>
#include <thread>

// What the worker thread and the StepWorker share. The thread holds its own reference, so the
// action outlives a StepWorker that gave up on it; signals go out only while `owner` is set.
struct StepWorker::Shared {
    std::unique_ptr<Action> action; // destroyed by its own thread once run() returned
    std::mutex mutex; // guards action (its presence), owner, recordedGroup, stopWaiting
    StepWorker* owner = nullptr;
    std::condition_variable recorded; // processRecorded() or a cancel: a started process may go on
    qint64 recordedGroup = 0;
    bool stopWaiting = false;
    std::atomic<bool> running { false };
    std::atomic<bool> finished { false }; // finished() was emitted (by the thread or by abandon())
    std::thread thread;

    // Cancels the action unless its thread is already done with it (and has destroyed it).
    void cancelAction()
    {
        std::lock_guard lock(mutex);
        if (action)
            action->cancel(); // never blocks (see Action::cancel)
    }

    template <typename F> void emitToOwner(F&& f)
    {
        std::lock_guard lock(mutex);
        if (owner)
            f(owner);
    }
};

StepWorker::StepWorker(std::unique_ptr<Action> action, quint64 generation, QObject* parent)
    : QObject(parent)
    , m_shared(std::make_shared<Shared>())
    , m_generation(generation)
{
    qRegisterMetaType<StepResult>("StepResult");
    m_shared->action = std::move(action);
    m_shared->owner = this;
    m_watchdog.setSingleShot(true);
    connect(&m_watchdog, &QTimer::timeout, this, &StepWorker::onTimeout);
    m_abandon.setSingleShot(true);
    connect(&m_abandon, &QTimer::timeout, this, &StepWorker::abandon);
}

StepWorker::~StepWorker()
{
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->owner = nullptr; // nothing is emitted from here on
    }
    m_shared->recorded.notify_all();
    if (!m_shared->thread.joinable())
        return;
    if (m_abandoned) {
        m_shared->thread.detach(); // already given up on: its thread ends on its own
        return;
    }
    m_shared->cancelAction();
    // Most actions end within milliseconds of a cancel; one that does not is left to end alone.
    for (int waited = 0; m_shared->running.load(std::memory_order_acquire) && waited < kAbandonAfterMs; waited += 5)
        QThread::msleep(5);
    if (m_shared->running.load(std::memory_order_acquire)) {
        m_shared->thread.detach();
        return;
    }
    m_shared->thread.join();
}

bool StepWorker::isRunning() const
{
    return m_shared->running.load(std::memory_order_acquire);
}

void StepWorker::start()
{
    if (m_started)
        return;
    m_started = true;
    m_shared->running = true;
    if (m_timeoutMs > 0)
        m_watchdog.start(m_timeoutMs);
    const quint64 gen = m_generation;
    std::shared_ptr<Shared> shared = m_shared;
    // The thread reaches this StepWorker only through shared->owner, under its mutex.
    shared->thread = std::thread([shared, gen] {
        ActionContext context;
        context.output = [shared, gen](const QString& line) { shared->emitToOwner([&](StepWorker* w) { emit w->output(gen, line); }); };
        context.progress = [shared, gen](qint64 done, qint64 total, const QString& text) {
            shared->emitToOwner([&](StepWorker* w) { emit w->progress(gen, done, total, text); });
        };
        context.processStarted = [shared, gen](const QString& host, qint64 group, const QString& startTime) {
            bool listened = false;
            shared->emitToOwner([&](StepWorker* w) {
                listened = w->isSignalConnected(QMetaMethod::fromSignal(&StepWorker::processStarted));
                emit w->processStarted(gen, host, group, startTime);
            });
            // The process starts its work once its group is journaled (or after a short while, or on
            // a cancel): a console killed at any moment leaves nothing running that it has not recorded.
            std::unique_lock lock(shared->mutex);
            if (listened)
                shared->recorded.wait_for(lock, std::chrono::milliseconds(kRecordWaitMs),
                    [&] { return !shared->owner || shared->stopWaiting || shared->recordedGroup == group; });
        };
        StepResult result = shared->action->run(context);
        shared->emitToOwner([&](StepWorker* w) {
            if (w->m_timedOut.load() && result.outcome == StepOutcome::Cancelled) {
                result.outcome = StepOutcome::TimedOut;
                result.error = QStringLiteral("timed out after %1s").arg(QString::number(w->m_timeoutMs / 1000.0, 'g', 4));
            }
        });
        {
            // Destroyed where it ran (its connections and processes end there too), so no other
            // thread ever touches what run() used; outside the lock, so a cancel never waits on it.
            std::unique_ptr<Action> done;
            {
                std::lock_guard lock(shared->mutex);
                done = std::move(shared->action);
            }
        }
        shared->running.store(false, std::memory_order_release);
        if (!shared->finished.exchange(true))
            shared->emitToOwner([&](StepWorker* w) { emit w->finished(gen, result); });
    });
}

void StepWorker::cancel()
{
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->stopWaiting = true;
    }
    m_shared->recorded.notify_all();
    // Actions keep a cancel sticky, so this also holds for one not yet started.
    m_shared->cancelAction();
    armAbandon();
}

void StepWorker::processRecorded(qint64 processGroup)
{
    {
        std::lock_guard lock(m_shared->mutex);
        m_shared->recordedGroup = processGroup;
    }
    m_shared->recorded.notify_all();
}

void StepWorker::armAbandon()
{
    if (!m_started)
        return;
    // The timer belongs to the owner's thread; cancel() may come from any thread.
    if (QThread::currentThread() == thread()) {
        if (!m_abandon.isActive())
            m_abandon.start(kAbandonAfterMs);
    } else {
        QMetaObject::invokeMethod(this, [this] {
            if (!m_abandon.isActive())
                m_abandon.start(kAbandonAfterMs);
        }, Qt::QueuedConnection);
    }
}

void StepWorker::onTimeout()
{
    if (!isRunning())
        return;
    m_timedOut = true;
    m_shared->cancelAction();
    armAbandon();
}

void StepWorker::abandon()
{
    if (!isRunning() || m_shared->finished.exchange(true))
        return;
    m_abandoned = true;
    StepResult r;
    r.outcome = m_timedOut ? StepOutcome::TimedOut : StepOutcome::Cancelled;
    const QString why = m_timedOut ? QStringLiteral("timed out after %1s").arg(QString::number(m_timeoutMs / 1000.0, 'g', 4))
                                   : QStringLiteral("cancelled");
    r.error = QStringLiteral("%1, but the step did not stop within %2 s: it was left behind and may still be running; check")
                  .arg(why, QString::number(kAbandonAfterMs / 1000.0, 'g', 3));
    // Queued like every other delivery, so receivers never see finished() inside their own call.
    QMetaObject::invokeMethod(this, [this, r] { emit finished(m_generation, r); }, Qt::QueuedConnection);
}
