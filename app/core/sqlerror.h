#pragma once
// Why a SqlSession call failed, typed so callers can decide to retry, report or stop.

#include <QString>

struct SqlError {
    QString message; // primary message, secrets masked
    QString detail; // DETAIL/HINT lines, may be empty
    QString sqlstate; // PG_DIAG_SQLSTATE; empty when libpq itself failed (e.g. could not connect)
    bool connectionFailure = false; // could not connect, or the connection broke mid-statement
    bool cancelled = false; // stopped by cancel()
    bool timedOut = false; // the deadline given to the call passed
    // The statement had been sent when the connection broke (or was given up on): the server may
    // have committed it, or may still be running it. Retrying it could do it twice.
    bool mayHaveCommitted = false;

    // lock_not_available, deadlock_detected, serialization_failure, or a connection failure. A
    // statement that may have committed is transient only for work that is safe to repeat.
    bool isTransient() const
    {
        return connectionFailure || sqlstate == QLatin1String("55P03") || sqlstate == QLatin1String("40P01")
            || sqlstate == QLatin1String("40001");
    }
    // "lock_not_available (55P03): canceling statement due to lock timeout"
    QString describe() const;
    // A few words for a progress line: the condition name ("lock_not_available"), else "connection failure".
    QString shortReason() const;
    static QString conditionName(const QString& sqlstate);
};
