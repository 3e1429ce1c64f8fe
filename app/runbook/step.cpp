#include "runbook/step.h"

QString stepKindName(StepKind kind)
{
    switch (kind) {
    case StepKind::Sql:
        return QStringLiteral("sql");
    case StepKind::Shell:
        return QStringLiteral("shell");
    case StepKind::Wait:
        return QStringLiteral("wait");
    case StepKind::Manual:
        return QStringLiteral("manual");
    case StepKind::Switch:
        return QStringLiteral("switch");
    case StepKind::Batch:
        return QStringLiteral("batch");
    }
    return QString();
}

QString downtimeMarkerName(DowntimeMarker marker)
{
    switch (marker) {
    case DowntimeMarker::None:
        return QString();
    case DowntimeMarker::WritesBegin:
        return QStringLiteral("writes-begin");
    case DowntimeMarker::WritesEnd:
        return QStringLiteral("writes-end");
    case DowntimeMarker::ReadsBegin:
        return QStringLiteral("reads-begin");
    case DowntimeMarker::ReadsEnd:
        return QStringLiteral("reads-end");
    }
    return QString();
}
