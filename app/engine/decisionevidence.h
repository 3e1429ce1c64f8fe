#pragma once
// What the console shows when an operator makes a go/no-go decision, as text for the journal:
// time against the forecast, client downtime so far and the probe's counts, what a rollback now
// would take, and any extra lines the caller adds (e.g. replication lag from the topology).

#include <QJsonObject>
#include <QString>
#include <QStringList>

class ChecklistModel;
class DowntimeClock;
struct RollbackPreview;

QString decisionEvidence(const ChecklistModel& checklist, const DowntimeClock& clock, const RollbackPreview& rollback,
    const QStringList& extraLines = {});

// The topology's evidence (TopologySnapshot::evidence()) as lines a human reads: unreachable nodes,
// each replication edge with its lag, each subscription's tables, where each endpoint routes.
QStringList topologyEvidenceLines(const QJsonObject& evidence);

// Where the run stands against its expectations: the finished steps' total elapsed minus their
// expected total, plus the running step's overrun (positive: behind the rehearsals).
qint64 scheduleDeltaMs(const ChecklistModel& checklist);
