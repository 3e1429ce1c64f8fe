#pragma once
// The values of a step that are templates, with the target that decides their quoting.

#include "runbook/step.h"
#include "runbook/templatetext.h"

#include <QList>

struct TemplatedField {
    QString key; // location key in Step::locations: "sql[0]", "shell", "wait.progress", ...
    QString text;
    TemplateTarget target;
};

// Title, payload and progress queries of `step` (not of its rollback).
QList<TemplatedField> templatedFields(const Step& step);
