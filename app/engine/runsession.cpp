#include "engine/runsession.h"

#include <QPointer>

RunSession::RunSession(Runbook runbook, Inventory inventory, RunOptions options, QObject* parent)
    : QObject(parent)
    , m_runbook(runbook)
    , m_inventory(inventory)
    , m_options(options)
{
    m_controller = new RunController(std::move(runbook), std::move(inventory), std::move(options));
    m_steps = m_controller->steps();
    m_status.stepCount = int(m_steps.size());
    m_thread = new QThread;
    m_thread->setObjectName(QStringLiteral("engine"));
    m_controller->moveToThread(m_thread);
    connect(m_controller, &RunController::statusChanged, this, [this](const RunStatus& s) { m_status = s; });
    connect(m_controller, &RunController::rollbackPreviewChanged, this, [this](const RollbackPreview& p) { m_preview = p; });
    // The thread object outlives this session when it has to (see the destructor): it deletes itself.
    connect(m_thread, &QThread::finished, m_thread, &QObject::deleteLater);
    connect(m_thread, &QThread::finished, this, [this] {
        m_thread = nullptr;
        m_shutDown = true;
        emit shutDown();
    });
    m_thread->start();
}

RunSession::~RunSession()
{
    if (m_thread) {
        disconnect(m_thread, nullptr, this, nullptr);
        shutdown();
    }
}

template <typename F> void RunSession::post(F&& f)
{
    if (m_shuttingDown)
        return;
    QMetaObject::invokeMethod(m_controller, std::forward<F>(f), Qt::QueuedConnection);
}

void RunSession::loadExpectations()
{
    post([c = m_controller] { c->loadExpectations(); });
}

void RunSession::start(bool oneStepOnly)
{
    post([c = m_controller, oneStepOnly] {
        if (oneStepOnly)
            c->pauseAfterStep(true);
        c->start();
    });
}

void RunSession::resume(const QString& runId, InterruptedStepChoice choice)
{
    post([c = m_controller, runId, choice] { c->resume(runId, choice); });
}

void RunSession::rollbackFinishedRun(const QString& runId)
{
    post([c = m_controller, runId] { c->rollbackFinishedRun(runId); });
}

void RunSession::pauseAfterStep(bool pause)
{
    post([c = m_controller, pause] { c->pauseAfterStep(pause); });
}

void RunSession::runOneStep()
{
    post([c = m_controller] { c->runOneStep(); });
}

void RunSession::continueRun()
{
    post([c = m_controller] { c->continueRun(); });
}

void RunSession::cancelStep()
{
    post([c = m_controller] { c->cancelStep(); });
}

void RunSession::skipStep(const QString& who)
{
    post([c = m_controller, who] { c->skipStep(who); });
}

void RunSession::confirmGate(int index, const QString& who, const QString& evidence)
{
    post([c = m_controller, index, who, evidence] { c->confirmManualStep(index, who, evidence); });
}

void RunSession::requestRollback(const QString& note)
{
    post([c = m_controller, note] { c->requestRollback(note); });
}

void RunSession::cancelRun()
{
    post([c = m_controller] { c->cancelRun(); });
}

void RunSession::closeRun(const QString& reason)
{
    post([c = m_controller, reason] { c->closeRun(reason); });
}

void RunSession::shutdown()
{
    if (m_shuttingDown || !m_thread)
        return;
    m_shuttingDown = true;
    QThread* thread = m_thread;
    RunController* controller = m_controller;
    m_controller = nullptr;
    // Runs on the engine thread: the controller (and any step worker it still has) goes there,
    // then the thread's event loop ends. Nothing here waits on the GUI thread.
    QMetaObject::invokeMethod(controller, [controller, thread] {
        delete controller;
        thread->quit();
    }, Qt::QueuedConnection);
}
