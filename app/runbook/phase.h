#pragma once
// A named group of steps in a runbook, run in order.

#include "runbook/step.h"

#include <QList>

struct Phase {
    QString name;
    QList<Step> steps;
    SourceLocation location;
};
