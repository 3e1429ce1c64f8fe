#include "engine/stepworker.h"

#include <QMetaObject>

StepWorker::StepWorker(std::unique_ptr<Action> action, quint64 generation, QObject* parent)
    : QObject(parent)
    , m_action(std::move(action))
    , m_generation(generation)
{
    qRegisterMetaType<StepResult>("StepResult");
    m_thread.setObjectName(QStringLiteral("step-%1").arg(generation));
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    m_watchdog.setSingleShot(true);
    connect(&m_watchdog, &QTimer::timeout, this, &StepWorker::onTimeout);
}

StepWorker::~StepWorker()
{
    cancel();
    m_thread.quit();
    m_thread.wait();
    delete m_context; // its thread has ended: nothing can be delivered to it any more
}

void StepWorker::start()
{
    if (m_started)
        return;
    m_started = true;
    m_running = true;
    m_thread.start();
    if (m_timeoutMs > 0)
        m_watchdog.start(m_timeoutMs);
    QMetaObject::invokeMethod(m_context, [this] {
        ActionContext context;
        const quint64 gen = m_generation;
        context.output = [this, gen](const QString& line) { emit output(gen, line); };
        context.progress
            = [this, gen](qint64 done, qint64 total, const QString& text) { emit progress(gen, done, total, text); };
        StepResult result = m_action->run(context);
        if (m_timedOut.load() && result.outcome == StepOutcome::Cancelled) {
            result.outcome = StepOutcome::TimedOut;
            result.error = QStringLiteral("timed out after %1s").arg(QString::number(m_timeoutMs / 1000.0, 'g', 4));
        }
        m_running = false;
        emit finished(gen, result);
    });
}

void StepWorker::cancel()
{
    // Actions keep a cancel sticky, so this also holds for one not yet started or already done.
    m_action->cancel();
}

void StepWorker::onTimeout()
{
    if (!m_running.load(std::memory_order_acquire))
        return;
    m_timedOut = true;
    m_action->cancel();
}
