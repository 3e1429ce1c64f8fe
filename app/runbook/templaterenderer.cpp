#include "runbook/templaterenderer.h"

#include "core/conninfo.h"
#include "core/pgconnection.h"
#include "runbook/spellingsuggestion.h"

#include <QCoreApplication>

namespace {
const QString secretMask = QStringLiteral("********");

QString namesOf(const QList<NamedEntry>& entries)
{
    QStringList names;
    for (const NamedEntry& e : entries)
        names.append(e.name);
    return names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "));
}

QStringList namesList(const QList<NamedEntry>& entries)
{
    QStringList names;
    for (const NamedEntry& e : entries)
        names.append(e.name);
    return names;
}
} // namespace

TemplateRenderer::TemplateRenderer(const Runbook& runbook, const Inventory* inventory, const RunInfo* run, const CapturedValues* captures)
    : m_runbook(runbook)
    , m_inventory(inventory)
    , m_run(run)
    , m_captures(captures)
{
}

bool TemplateRenderer::isSecretVar(const QString& name)
{
    const QString lower = name.toLower();
    return lower.contains(QLatin1String("password")) || lower.contains(QLatin1String("secret"))
        || lower.contains(QLatin1String("token"));
}

std::optional<QString> TemplateRenderer::quoteIdentifier(const QString& value, QString* error)
{
    if (value.contains(QChar(0))) {
        if (error)
            *error = QCoreApplication::translate("Validation", "contains a NUL character");
        return std::nullopt;
    }
    if (value.isEmpty()) {
        if (error)
            *error = QCoreApplication::translate("Validation", "is empty, which is no SQL identifier");
        return std::nullopt;
    }
    QString quoted = value;
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

std::optional<QString> TemplateRenderer::quoteLiteral(const QString& value, QString* error)
{
    if (value.contains(QChar(0))) {
        if (error)
            *error = QCoreApplication::translate("Validation", "contains a NUL character");
        return std::nullopt;
    }
    QString quoted = value;
    quoted.replace(QLatin1Char('\''), QLatin1String("''"));
    if (!quoted.contains(QLatin1Char('\\')))
        return QLatin1Char('\'') + quoted + QLatin1Char('\'');
    // An escape string reads the same whatever standard_conforming_strings says.
    quoted.replace(QLatin1Char('\\'), QLatin1String("\\\\"));
    return QLatin1String("E'") + quoted + QLatin1Char('\'');
}

std::optional<QString> TemplateRenderer::quoteShellWord(const QString& value, QString* error)
{
    if (value.contains(QChar(0))) {
        if (error)
            *error = QCoreApplication::translate("Validation", "contains a NUL character");
        return std::nullopt;
    }
    QString quoted = value;
    quoted.replace(QLatin1Char('\''), QLatin1String("'\\''"));
    return QLatin1Char('\'') + quoted + QLatin1Char('\'');
}

TemplateRenderer::Lookup TemplateRenderer::lookup(const TemplatePlaceholder& placeholder, bool checking) const
{
    Lookup result;
    const QStringList& path = placeholder.path;
    auto fail = [&](const QString& why) {
        result.error = QCoreApplication::translate("Validation", "undefined template path '%1': %2").arg(placeholder.pathText, why);
        return result;
    };
    auto found = [&](const QString& value, bool secret) {
        result.ok = true;
        result.known = true;
        result.secret = secret;
        result.value = value;
        return result;
    };
    auto unknownYet = [&]() {
        result.ok = true;
        result.known = false;
        return result;
    };
    const QString root = path.value(0);

    if (root == QLatin1String("nodes") || root == QLatin1String("endpoints")) {
        const bool isNode = root == QLatin1String("nodes");
        const QString noun = isNode ? QStringLiteral("node") : QStringLiteral("endpoint");
        if (path.size() != 3)
            return fail(QCoreApplication::translate("Validation", "write %1.NAME.FIELD").arg(root));
        const QString& name = path[1];
        const QString& field = path[2];
        const QList<NamedEntry>& required = isNode ? m_runbook.requiredNodes : m_runbook.requiredEndpoints;
        if (!(isNode ? m_runbook.requiresNode(name) : m_runbook.requiresEndpoint(name)))
            return fail(QCoreApplication::translate("Validation", "the runbook does not require %1 '%2'%3 (requires.%4: %5)")
                            .arg(noun, name, SpellingSuggestion::didYouMean(name, namesList(required)), root,
                                namesOf(required)));
        const QStringList fields = isNode ? InventoryNode::fieldNames() : Endpoint::fieldNames();
        if (!fields.contains(field))
            return fail(QCoreApplication::translate("Validation", "%1s have no field '%2'%3 (fields: %4)")
                            .arg(noun, field, SpellingSuggestion::didYouMean(field, fields),
                                fields.join(QStringLiteral(", "))));
        if (!m_inventory)
            return unknownYet();
        std::optional<QString> value;
        QString actual;
        if (isNode) {
            const InventoryNode* node = m_inventory->resolveNode(name);
            if (!node) // when only checking, RunbookValidator reports it once at requires:
                return checking ? unknownYet()
                                : fail(QCoreApplication::translate("Validation", "the inventory has no node or alias '%1'").arg(name));
            value = node->field(field);
            actual = node->name;
        } else {
            const Endpoint* endpoint = m_inventory->endpoint(name);
            if (!endpoint)
                return checking ? unknownYet() : fail(QCoreApplication::translate("Validation", "the inventory has no endpoint '%1'").arg(name));
            value = endpoint->field(field);
            actual = endpoint->name;
        }
        if (!value)
            return fail(QCoreApplication::translate("Validation", "%1 '%2'%3 in the inventory has no '%4'")
                            .arg(noun, actual, actual == name ? QString() : QStringLiteral(" (%1)").arg(name), field));
        const bool secret = isNode ? InventoryNode::isSecretField(field) : Endpoint::isSecretField(field);
        return found(*value, secret);
    }

    if (root == QLatin1String("vars")) {
        if (path.size() != 2)
            return fail(QCoreApplication::translate("Validation", "write vars.NAME"));
        const QString& name = path[1];
        const RunbookVar* declared = m_runbook.var(name);
        if (!declared) {
            QStringList names;
            for (const RunbookVar& v : m_runbook.vars)
                names.append(v.name);
            return fail(QCoreApplication::translate("Validation", "the runbook declares no var '%1'%2 (declare it under 'vars:', with ~ when "
                                       "the inventory must set it)")
                            .arg(name, SpellingSuggestion::didYouMean(name, names)));
        }
        if (m_inventory) {
            if (const InventoryVar* set = m_inventory->var(name))
                return found(set->value, isSecretVar(name));
        }
        if (declared->defaultValue)
            return found(*declared->defaultValue, isSecretVar(name));
        if (!m_inventory)
            return unknownYet();
        return fail(QCoreApplication::translate("Validation", "the inventory does not set var '%1' and the runbook gives no default").arg(name));
    }

    if (root == QLatin1String("run")) {
        const QStringList fields = { QStringLiteral("id"), QStringLiteral("started_at"), QStringLiteral("label") };
        if (path.size() != 2 || !fields.contains(path[1]))
            return fail(QCoreApplication::translate("Validation", "run has id, started_at and label%1")
                            .arg(path.size() == 2 ? SpellingSuggestion::didYouMean(path[1], fields) : QString()));
        if (!m_run)
            return unknownYet();
        if (path[1] == QLatin1String("id"))
            return found(m_run->id, false);
        if (path[1] == QLatin1String("label"))
            return found(m_run->label, false);
        return found(m_run->startedAt.toUTC().toString(Qt::ISODate), false);
    }

    if (root == QLatin1String("cluster")) {
        if (path.size() != 2 || path[1] != QLatin1String("name"))
            return fail(QCoreApplication::translate("Validation", "cluster has only name"));
        if (!m_inventory)
            return unknownYet();
        return found(m_inventory->cluster, false);
    }

    if (root == QLatin1String("steps")) {
        if (path.size() != 3)
            return fail(QCoreApplication::translate("Validation", "write steps.ID.NAME (a value step ID captures)"));
        const QString& id = path[1];
        const QString& name = path[2];
        const Step* step = m_runbook.step(id);
        if (!step) {
            QStringList ids;
            for (const Step* s : m_runbook.steps())
                ids.append(s->id);
            return fail(QCoreApplication::translate("Validation", "the runbook has no step '%1'%2").arg(id, SpellingSuggestion::didYouMean(id, ids)));
        }
        if (!step->capture.captures(name)) {
            const QStringList declared = step->capture.declared();
            return fail(step->capture.isEmpty()
                    ? QCoreApplication::translate("Validation", "step '%1' captures nothing (give it 'capture: [%2]')").arg(id, name)
                    : QCoreApplication::translate("Validation", "step '%1' captures no '%2'%3 (it captures: %4)")
                          .arg(id, name, SpellingSuggestion::didYouMean(name, declared), declared.join(QStringLiteral(", "))));
        }
        if (!m_captures)
            return unknownYet();
        if (m_captures->lost.value(id).contains(name))
            return fail(QCoreApplication::translate("Validation", "the secret value step '%1' captured is kept in no journal, and the process "
                                                                  "that captured it has ended")
                            .arg(id));
        const auto values = m_captures->values.constFind(id);
        if (values == m_captures->values.constEnd())
            return fail(QCoreApplication::translate("Validation", "step '%1' has captured nothing in this run (it has not run, was skipped or failed)").arg(id));
        const auto value = values->constFind(name);
        if (value == values->constEnd())
            return fail(QCoreApplication::translate("Validation", "step '%1' captured no '%2' (its first row has no such column)").arg(id, name));
        return found(*value, step->capture.isSecret(name));
    }

    // A loop step's row: whether the step is a loop is RunbookValidator's to check (it knows the step).
    if (root == QLatin1String("item")) {
        if (path.size() != 2)
            return fail(QCoreApplication::translate("Validation", "write item.COLUMN (a column of the row of 'for_each' this iteration runs for)"));
        if (!m_captures || !m_captures->iteration)
            return unknownYet();
        const auto value = m_captures->iteration->item.constFind(path[1]);
        if (value == m_captures->iteration->item.constEnd())
            return fail(QCoreApplication::translate("Validation", "the rows of 'for_each' have no column '%1'%2 (columns: %3)")
                            .arg(path[1], SpellingSuggestion::didYouMean(path[1], m_captures->iteration->item.keys()),
                                m_captures->iteration->item.keys().join(QStringLiteral(", "))));
        return found(*value, false);
    }
    if (root == QLatin1String("loop")) {
        const QStringList fields = { QStringLiteral("index"), QStringLiteral("count") };
        if (path.size() != 2 || !fields.contains(path[1]))
            return fail(QCoreApplication::translate("Validation", "loop has index (1-based) and count%1")
                            .arg(path.size() == 2 ? SpellingSuggestion::didYouMean(path[1], fields) : QString()));
        if (!m_captures || !m_captures->iteration)
            return unknownYet();
        return found(QString::number(path[1] == QLatin1String("index") ? m_captures->iteration->index : m_captures->iteration->count), false);
    }

    const QStringList roots = { QStringLiteral("nodes"), QStringLiteral("endpoints"), QStringLiteral("vars"),
        QStringLiteral("run"), QStringLiteral("cluster"), QStringLiteral("steps"), QStringLiteral("item"), QStringLiteral("loop") };
    return fail(QCoreApplication::translate("Validation", "paths start with nodes, endpoints, vars, run, cluster, steps, item or loop%1")
                    .arg(SpellingSuggestion::didYouMean(root, roots)));
}

RenderResult TemplateRenderer::process(const QString& text, TemplateTarget target, Mode mode, bool checkOnly) const
{
    RenderResult result;
    const TemplateText parsed = TemplateText::parse(text);
    result.errors = parsed.errors();
    for (const TemplateText::Segment& segment : parsed.segments()) {
        if (!segment.isPlaceholder) {
            result.text += segment.literal;
            continue;
        }
        const TemplatePlaceholder& placeholder = segment.placeholder;
        if (placeholder.path.isEmpty())
            continue; // already reported by the parser
        const QString lastFilter = placeholder.filters.isEmpty() ? QString() : placeholder.filters.last();
        if (target == TemplateTarget::Sql && placeholder.filters.isEmpty()) {
            result.errors.append(TemplateError {
                placeholder.offset, QCoreApplication::translate("Validation", "template value in SQL needs a filter: ident, literal or raw") });
        } else if (target == TemplateTarget::Sql && lastFilter == QLatin1String("shell")) {
            result.errors.append(TemplateError { placeholder.offset,
                QCoreApplication::translate("Validation", "template value in SQL needs a filter: ident, literal or raw (the last filter is "
                               "'shell')") });
        }
        const Lookup value = lookup(placeholder, checkOnly);
        if (!value.ok) {
            result.errors.append(TemplateError { placeholder.offset, value.error });
            continue;
        }
        if (checkOnly)
            continue;
        QString current;
        // Secrets on their way into a shell command line (see the header).
        const bool secretInShell = target == TemplateTarget::Shell && mode == Mode::Execution && value.known && value.secret;
        const QString& root = placeholder.path.first();
        const bool inventoryValue = root == QLatin1String("nodes") || root == QLatin1String("endpoints");
        const bool isConninfo = inventoryValue && placeholder.path.size() == 3 && placeholder.path.last().endsWith(QLatin1String("conninfo"));
        if (!value.known) {
            if (mode == Mode::Execution) {
                result.errors.append(TemplateError { placeholder.offset,
                    QCoreApplication::translate("Validation", "'%1' has no value yet: it needs %2")
                        .arg(placeholder.pathText,
                            root == QLatin1String("run") || root == QLatin1String("steps") || root == QLatin1String("item") || root == QLatin1String("loop")
                                ? QCoreApplication::translate("Validation", "a run")
                                                                                           : QCoreApplication::translate("Validation", "an inventory")) });
                continue;
            }
            current = QStringLiteral("<%1>").arg(placeholder.pathText);
        } else {
            current = value.value;
            if (mode == Mode::Display && value.secret)
                current = inventoryValue ? maskConninfo(current) : secretMask;
        }
        if (secretInShell && isConninfo) {
            QString password;
            current = Conninfo::withoutPassword(current, &password);
            const QString earlier = result.environment.value(QStringLiteral("PGPASSWORD"));
            if (!password.isEmpty() && !earlier.isEmpty() && earlier != password) {
                result.errors.append(TemplateError { placeholder.offset,
                    QCoreApplication::translate("Validation", "a shell command can be given the password of one conninfo only (as PGPASSWORD); keep the "
                                   "others in .pgpass on that host") });
                continue;
            }
            if (!password.isEmpty())
                result.environment.insert(QStringLiteral("PGPASSWORD"), password);
        }
        bool failed = false;
        QString beforeShellQuoting; // a secret var's value as the command must see it
        for (const QString& filter : placeholder.filters) {
            if (&filter == &placeholder.filters.last())
                beforeShellQuoting = current;
            QString why;
            std::optional<QString> next;
            if (filter == QLatin1String("ident"))
                next = quoteIdentifier(current, &why);
            else if (filter == QLatin1String("literal"))
                next = quoteLiteral(current, &why);
            else if (filter == QLatin1String("shell"))
                next = quoteShellWord(current, &why);
            else if (filter == QLatin1String("raw"))
                next = current;
            else
                next = std::nullopt; // unknown filter, reported by the parser
            if (!next) {
                if (!why.isEmpty())
                    result.errors.append(TemplateError {
                        placeholder.offset, QCoreApplication::translate("Validation", "value of '%1' %2").arg(placeholder.pathText, why) });
                failed = true;
                break;
            }
            current = *next;
        }
        if (failed)
            continue;
        if (secretInShell && !isConninfo) {
            // The value waits in the environment; the command line names the variable only.
            const QString plain = lastFilter == QLatin1String("shell") ? beforeShellQuoting : current;
            QString name;
            for (auto it = result.environment.begin(); it != result.environment.end() && name.isEmpty(); ++it)
                if (it.key().startsWith(QLatin1String("RBC_SECRET_")) && it.value() == plain)
                    name = it.key();
            if (name.isEmpty()) {
                name = QStringLiteral("RBC_SECRET_%1").arg(result.environment.size() + 1);
                result.environment.insert(name, plain);
            }
            result.text += lastFilter == QLatin1String("raw") ? QStringLiteral("$%1").arg(name) : QStringLiteral("\"$%1\"").arg(name);
            continue;
        }
        if (target == TemplateTarget::Shell && lastFilter != QLatin1String("raw")
            && lastFilter != QLatin1String("shell")) {
            QString why;
            const std::optional<QString> word = quoteShellWord(current, &why);
            if (!word) {
                result.errors.append(TemplateError {
                    placeholder.offset, QCoreApplication::translate("Validation", "value of '%1' %2").arg(placeholder.pathText, why) });
                continue;
            }
            current = *word;
        }
        if (current.contains(QChar(0))) {
            result.errors.append(TemplateError { placeholder.offset,
                QCoreApplication::translate("Validation", "value of '%1' contains a NUL character").arg(placeholder.pathText) });
            continue;
        }
        result.text += current;
    }
    if (!result.ok()) {
        result.text.clear();
        result.environment.clear();
    }
    return result;
}

QList<TemplateError> TemplateRenderer::check(const QString& text, TemplateTarget target) const
{
    return process(text, target, Mode::Display, true).errors;
}

RenderResult TemplateRenderer::render(const QString& text, TemplateTarget target, Mode mode) const
{
    return process(text, target, mode, false);
}
