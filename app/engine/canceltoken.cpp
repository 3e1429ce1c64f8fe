#include "engine/canceltoken.h"

#include <QThread>
#include <algorithm>

void CancelToken::cancel()
{
    m_cancelled.store(true, std::memory_order_release);
    std::lock_guard lock(m_mutex);
    if (m_interrupt)
        m_interrupt();
}

void CancelToken::reset()
{
    m_cancelled.store(false, std::memory_order_release);
}

bool CancelToken::pause(int ms, QDeadlineTimer deadline) const
{
    QDeadlineTimer until(ms);
    if (deadline < until)
        until = deadline;
    while (!until.hasExpired()) {
        if (isCancelled())
            return false;
        QThread::msleep(ulong(std::clamp<qint64>(until.remainingTime(), 1, 10)));
    }
    return !isCancelled();
}

void CancelToken::setInterrupt(std::function<void()> interrupt)
{
    std::lock_guard lock(m_mutex);
    m_interrupt = std::move(interrupt);
    if (m_interrupt && isCancelled())
        m_interrupt();
}

void CancelToken::clearInterrupt()
{
    std::lock_guard lock(m_mutex);
    m_interrupt = nullptr;
}

CancelToken::Scope::Scope(CancelToken& token, std::function<void()> interrupt)
    : m_token(token)
{
    m_token.setInterrupt(std::move(interrupt));
}

CancelToken::Scope::~Scope()
{
    m_token.clearInterrupt();
}
