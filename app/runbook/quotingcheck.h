#pragma once
// Refuses placeholders the author put inside quotes of their own ('{{ v }}', "{{ v }}") in SQL or
// shell text: the renderer quotes a value itself, and a value holding a quote would end the
// author's quotes and run as code. Dollar-quoted bodies (DO $$ ... $$) count as SQL, comments are
// skipped.

#include "runbook/templatetext.h"

class QuotingCheck {
public:
    static QList<TemplateError> check(const QString& text, TemplateTarget target);
};
