#pragma once
// A procedure read from a runbook file: what it needs from a cluster, its variables and its phases.
// Cluster-independent; an Inventory says which real nodes the names in it mean.

#include "runbook/phase.h"

#include <QList>
#include <optional>

// A name listed under requires: or a var, with where it was written.
struct NamedEntry {
    QString name;
    SourceLocation location;
};

struct RunbookVar {
    QString name;
    std::optional<QString> defaultValue; // nullopt (`name: ~`): the inventory must give it
    SourceLocation location;
};

// `lossless_rollback:` — the runbook declares a way back past its points of no return that loses
// no data (e.g. reverse replication prepared before the switch).
struct LosslessRollback {
    bool declared = false;
    QString description;
    QString until; // step id: once it has run, the lossless way back is gone (empty: never)
    SourceLocation location;
    SourceLocation untilLocation;
};

// `downtime_budget:` — how long clients may be unable to write (or read) during the whole run.
struct DowntimeBudget {
    std::optional<Duration> writes;
    std::optional<Duration> reads;
};

// `cutover:` and `hold_max:` — how clients live through the write window of a PgBouncer endpoint.
// refuse: their writes fail while the window is open (the steps inside it fence them). hold: the
// endpoint's database is PAUSEd in PgBouncer for the window, so their queries wait instead, and
// RESUME sends them on to the new target; past hold_max the cutover is aborted and they resume on
// the old one.
enum class CutoverMode { Refuse, Hold };
QString cutoverModeName(CutoverMode mode); // "refuse" | "hold"
std::optional<CutoverMode> cutoverModeFromName(QStringView name);

struct Cutover {
    CutoverMode mode = CutoverMode::Refuse;
    Duration holdMax = Duration(kDefaultHoldMaxMs);
    SourceLocation location; // the `cutover:` value, when written
    static constexpr qint64 kDefaultHoldMaxMs = 5000;
};

struct Runbook {
    QString fileName;
    QString name;
    QString description;
    QList<NamedEntry> requiredNodes;
    QList<NamedEntry> requiredEndpoints;
    QList<RunbookVar> vars;
    LosslessRollback losslessRollback;
    DowntimeBudget downtimeBudget;
    Cutover cutover;
    QList<Phase> phases;
    SourceLocation location; // the `runbook:` key

    bool requiresNode(const QString& name) const;
    bool requiresEndpoint(const QString& name) const;
    const RunbookVar* var(const QString& name) const;
    const Step* step(const QString& id) const;
    QList<const Step*> steps() const; // all steps of all phases, in order
};
