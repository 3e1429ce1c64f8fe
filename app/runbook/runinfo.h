#pragma once
// The run a template is rendered for: the values behind {{ run.id }}, {{ run.started_at }} and
// {{ run.label }}.

#include <QDateTime>
#include <QString>

struct RunInfo {
    QString id;
    QDateTime startedAt;
    QString label; // rehearsal | production
};
