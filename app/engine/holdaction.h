#pragma once
// The start of a write window in hold mode: PAUSE the endpoint's database on every PgBouncer, so
// clients' queries wait in PgBouncer instead of failing, then run the step the window begins with.
// PAUSE returns only once no server connection of the database is inside a transaction; while it
// waits, the step says whom it waits on (the clients still active, and for how long). The step's
// timeout covers that wait. The hold ends with the switch that closes the window (retarget, then
// RESUME on the new target) or, when the cutover is aborted, with a RESUME on the old target.
// If PAUSE itself does not complete (cancelled, failed), the PgBouncers already paused are resumed
// before the step returns.
// release() makes the action that ends a hold where the endpoint routes now: RESUME on every
// PgBouncer, each looked at again (a rollback in hold mode ends its hold so).

#include "engine/action.h"
#include "engine/target.h"

#include <atomic>
#include <memory>
#include <mutex>

class SqlSession;

class HoldAction : public Action {
public:
    // `inner` may be null: the hold alone.
    HoldAction(EndpointTarget endpoint, std::unique_ptr<Action> inner);
    static std::unique_ptr<HoldAction> release(EndpointTarget endpoint);
    ~HoldAction() override;
    StepResult run(const ActionContext& context) override;
    void cancel() override;

    // How often the step says what PAUSE waits on.
    static constexpr int kWaitReportMs = 500;

private:
    // PAUSE on one PgBouncer, reporting what it waits on. Empty on success, else why not.
    QString pause(const ActionContext& context, const EndpointTarget::Instance& instance);
    // RESUME on a fresh connection, within `budgetMs` (short on a cancel): false with `error` set.
    bool resume(const EndpointTarget::Instance& instance, QString* error, int budgetMs);
    void registerSession(SqlSession* session);

    StepResult runRelease(const ActionContext& context);

    EndpointTarget m_endpoint;
    std::unique_ptr<Action> m_inner;
    bool m_release = false;
    std::atomic<bool> m_cancelled { false };
    std::atomic<bool> m_innerRunning { false };
    std::mutex m_mutex; // guards m_sessions (cancel() only calls their non-blocking cancel())
    QList<SqlSession*> m_sessions;
};
