#pragma once
// A free-form, timestamped line in a run's journal: "rollback requested", "manual gate confirmed by ana".

#include <QDateTime>
#include <QString>

// The run controller journals an event starting so when the traffic probe begins measuring: a run
// without one measured no client-visible downtime (rather than measuring none).
inline constexpr char kProbeStartedEventPrefix[] = "traffic probe: writing";
// Evidence recorded at a go/no-go gate: events whose text starts so.
inline constexpr char kDecisionEventPrefix[] = "decision:";
// The cutover mode a run ran with (hold or refuse), journaled when it starts.
inline constexpr char kCutoverEventPrefix[] = "cutover:";
// Hold mode: when clients were held, for how long, and how the hold ended.
inline constexpr char kHoldEventPrefix[] = "hold:";
// What the traffic probe measured while clients were held: requests, failures, longest wait. The
// Markdown export lists these beside the downtime windows.
inline constexpr char kProbeHoldEventPrefix[] = "traffic probe while held:";

struct JournalEvent {
    qint64 rowId = -1;
    QString runId;
    qint64 stepRowId = -1; // the step it concerns, if any
    QDateTime at; // UTC
    QString text;
};
