#include "runbook/runbookloader.h"

#include "runbook/spellingsuggestion.h"
#include "runbook/steptemplates.h"
#include "runbook/yamlfieldreader.h"
#include "runbook/yamlreader.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QSet>

namespace {

const QStringList kindKeys = { QStringLiteral("sql"), QStringLiteral("shell"), QStringLiteral("wait"),
    QStringLiteral("manual"), QStringLiteral("switch"), QStringLiteral("batch") };

// Kinds whose text is in a file of its own, relative to the file that names it.
const QStringList fileKindKeys = { QStringLiteral("sql_file"), QStringLiteral("shell_file") };
// `check:` is a sql step whose result decides whether it passes.
const QString checkKey = QStringLiteral("check");
const QStringList checkExpectations = { QStringLiteral("no-rows"), QStringLiteral("true") };

const QStringList stepKeys
    = QStringList { QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("when"), checkKey } + kindKeys
    + fileKindKeys
    + QStringList { QStringLiteral("on"), QStringLiteral("expected"), QStringLiteral("timeout"),
          QStringLiteral("retries"), QStringLiteral("retry_delay"), QStringLiteral("retry_from"),
          QStringLiteral("lock_timeout"), QStringLiteral("statement_timeout"), QStringLiteral("idempotent"),
          QStringLiteral("rollback"), QStringLiteral("on_failure"), QStringLiteral("point_of_no_return"),
          QStringLiteral("downtime"), QStringLiteral("decision"), QStringLiteral("capture"),
          QStringLiteral("capture_secret"), QStringLiteral("for_each"), QStringLiteral("shell_prelude"),
          QStringLiteral("session") };

const QStringList notInRollback = { QStringLiteral("id"), QStringLiteral("when"), QStringLiteral("rollback"), QStringLiteral("on_failure"),
    QStringLiteral("point_of_no_return"), QStringLiteral("downtime"), QStringLiteral("decision"), QStringLiteral("capture"),
    QStringLiteral("capture_secret"), QStringLiteral("for_each") };

const QStringList defaultKeys = { QStringLiteral("on"), QStringLiteral("expected"), QStringLiteral("timeout"), QStringLiteral("retries"),
    QStringLiteral("retry_delay"), QStringLiteral("lock_timeout"), QStringLiteral("statement_timeout"),
    QStringLiteral("shell_prelude"), QStringLiteral("session") };

// The defaults a step takes: those of the runbook, overridden key by key by those of its phase (for a
// rollback, then by the runbook's and the phase's `defaults.rollback`), then by the step's own keys.
struct StepDefaults {
    std::optional<Duration> expected;
    std::optional<Duration> timeout;
    std::optional<int> retries;
    std::optional<Duration> retryDelay;
    std::optional<Duration> lockTimeout;
    std::optional<Duration> statementTimeout;
    QList<std::pair<QString, SourceLocation>> on;
    SourceLocation onKeyLocation;
    SourceLocation onLocation;
    QString shellPrelude;
    SourceLocation shellPreludeLocation;
    QList<std::pair<QString, QString>> session;
};

// Session settings `more` over `base`: a setting of the same name is replaced.
void mergeSession(QList<std::pair<QString, QString>>& base, const QList<std::pair<QString, QString>>& more)
{
    for (const auto& setting : more) {
        base.removeIf([&](const auto& earlier) { return earlier.first == setting.first; });
        base.append(setting);
    }
}

// What one `defaults:` map (or its `rollback:`) says. A key written `~` is given too: it resets what
// the layers below gave to the kind's built-in behaviour.
struct DefaultsLayer {
    StepDefaults values;
    QSet<QString> given;
    bool sessionCleared = false; // `session: ~`
    std::shared_ptr<const DefaultsLayer> rollback; // `rollback:` in it: for rollbacks only

    StepDefaults over(StepDefaults base) const
    {
        auto take = [&](const char* key, auto member) {
            if (given.contains(QLatin1String(key)))
                base.*member = values.*member;
        };
        take("expected", &StepDefaults::expected);
        take("timeout", &StepDefaults::timeout);
        take("retries", &StepDefaults::retries);
        take("retry_delay", &StepDefaults::retryDelay);
        take("lock_timeout", &StepDefaults::lockTimeout);
        take("statement_timeout", &StepDefaults::statementTimeout);
        take("on", &StepDefaults::on);
        take("on", &StepDefaults::onKeyLocation);
        take("on", &StepDefaults::onLocation);
        take("shell_prelude", &StepDefaults::shellPrelude);
        take("shell_prelude", &StepDefaults::shellPreludeLocation);
        if (sessionCleared)
            base.session.clear();
        mergeSession(base.session, values.session);
        return base;
    }
};

const QStringList onFailureNames = { QStringLiteral("stop"), QStringLiteral("rollback") };

const QStringList downtimeNames = { QStringLiteral("writes-begin"), QStringLiteral("writes-end"),
    QStringLiteral("reads-begin"), QStringLiteral("reads-end") };

class Reader {
public:
    Reader(const YamlDocument& document, Diagnostics& diagnostics)
        : m_document(document)
        , m_fields(document.fileName, diagnostics)
        , m_templates(m_fields)
    {
    }

    Runbook read(const YamlNode& root)
    {
        Runbook runbook;
        runbook.fileName = m_document.fileName;
        m_fields.checkKeys(root,
            { QStringLiteral("runbook"), QStringLiteral("description"), QStringLiteral("requires"),
                QStringLiteral("vars"), QStringLiteral("lossless_rollback"), QStringLiteral("downtime_budget"),
                QStringLiteral("cutover"), QStringLiteral("hold_max"), QStringLiteral("phases"), QStringLiteral("defaults"), QStringLiteral("include"),
                QStringLiteral("templates") },
            QCoreApplication::translate("Validation", "the runbook"));
        m_templates.readFrom(root, m_document.fileName);
        if (const YamlMapEntry* e = root.entry(u"defaults")) {
            const DefaultsLayer layer = readDefaults(*e, QCoreApplication::translate("Validation", "the runbook"));
            m_defaults = layer.over(StepDefaults());
            m_rollbackDefaults = layer.rollback;
        }
        if (const YamlMapEntry* e = root.entry(u"runbook")) {
            runbook.location = e->keyLocation;
            runbook.name = m_fields.text(*e).value_or(QString());
        }
        if (const YamlMapEntry* e = root.entry(u"description"))
            runbook.description = m_fields.text(*e, true).value_or(QString());
        if (const YamlMapEntry* e = root.entry(u"requires"))
            readRequires(*e, runbook);
        if (const YamlMapEntry* e = root.entry(u"vars"))
            readVars(*e, runbook);
        if (const YamlMapEntry* e = root.entry(u"lossless_rollback"))
            readLossless(*e, runbook);
        if (const YamlMapEntry* e = root.entry(u"downtime_budget"))
            readDowntimeBudget(*e, runbook);
        readCutover(root, runbook);
        if (const YamlMapEntry* e = root.entry(u"phases"))
            readPhases(*e, runbook);
        else
            m_fields.error(runbook.location, QCoreApplication::translate("Validation", "the runbook has no 'phases:'"));
        return runbook;
    }

private:
    void readNames(const YamlMapEntry& entry, const QString& what, QList<NamedEntry>& out)
    {
        const auto names = m_fields.textList(entry, false);
        if (!names)
            return;
        for (const auto& [name, location] : *names) {
            if (!RunbookLoader::isValidName(name)) {
                m_fields.error(
                    location, QCoreApplication::translate("Validation", "bad %1 name '%2': use letters, digits, '-' and '_'").arg(what, name));
                continue;
            }
            bool duplicate = false;
            for (const NamedEntry& earlier : out)
                duplicate = duplicate || earlier.name == name;
            if (duplicate) {
                m_fields.error(location, QCoreApplication::translate("Validation", "%1 '%2' is listed twice").arg(what, name));
                continue;
            }
            out.append(NamedEntry { name, location });
        }
    }

    void readRequires(const YamlMapEntry& entry, Runbook& runbook)
    {
        const YamlNode& node = *entry.value;
        if (!m_fields.expectMap(node, QStringLiteral("'requires'")))
            return;
        m_fields.checkKeys(
            node, { QStringLiteral("nodes"), QStringLiteral("endpoints") }, QStringLiteral("'requires'"));
        if (const YamlMapEntry* e = node.entry(u"nodes"))
            readNames(*e, QStringLiteral("node"), runbook.requiredNodes);
        if (const YamlMapEntry* e = node.entry(u"endpoints"))
            readNames(*e, QStringLiteral("endpoint"), runbook.requiredEndpoints);
    }

    void readVars(const YamlMapEntry& entry, Runbook& runbook)
    {
        const YamlNode& node = *entry.value;
        if (!m_fields.expectMap(node, QStringLiteral("'vars'")))
            return;
        for (const YamlMapEntry& var : node.entries) {
            if (!RunbookLoader::isValidName(var.key)) {
                m_fields.error(var.keyLocation,
                    QCoreApplication::translate("Validation", "bad var name '%1': use letters, digits, '-' and '_'").arg(var.key));
                continue;
            }
            RunbookVar v { var.key, std::nullopt, var.keyLocation };
            if (!var.value->isNull()) {
                const std::optional<QString> value = m_fields.text(var, true);
                if (!value)
                    continue;
                v.defaultValue = *value;
            }
            runbook.vars.append(v);
        }
    }

    void readLossless(const YamlMapEntry& entry, Runbook& runbook)
    {
        runbook.losslessRollback.location = entry.value->location;
        if (entry.value->isMap()) {
            // {description: ..., until: step-id}: the way back exists only until that step has run.
            m_fields.checkKeys(*entry.value, { QStringLiteral("description"), QStringLiteral("until") }, QStringLiteral("'lossless_rollback'"));
            runbook.losslessRollback.declared = true;
            if (const YamlMapEntry* d = entry.value->entry(u"description"))
                runbook.losslessRollback.description = m_fields.text(*d).value_or(QString());
            if (const YamlMapEntry* u = entry.value->entry(u"until")) {
                runbook.losslessRollback.until = m_fields.text(*u).value_or(QString());
                runbook.losslessRollback.untilLocation = u->value->location;
            }
            return;
        }
        const std::optional<QString> value = m_fields.text(entry);
        if (!value)
            return;
        bool flag = false;
        if (!entry.value->quoted && YamlFieldReader::isBooleanText(*value, &flag)) {
            runbook.losslessRollback.declared = flag;
            return;
        }
        runbook.losslessRollback.declared = true;
        runbook.losslessRollback.description = *value;
    }

    // `downtime_budget: {writes: 30s, reads: 0s}`: what clients may lose, per kind, for the console's clock.
    void readDowntimeBudget(const YamlMapEntry& entry, Runbook& runbook)
    {
        const YamlNode& node = *entry.value;
        if (!m_fields.expectMap(node, QStringLiteral("'downtime_budget'")))
            return;
        m_fields.checkKeys(node, { QStringLiteral("writes"), QStringLiteral("reads") }, QStringLiteral("'downtime_budget'"));
        if (const YamlMapEntry* e = node.entry(u"writes"))
            runbook.downtimeBudget.writes = m_fields.duration(*e);
        if (const YamlMapEntry* e = node.entry(u"reads"))
            runbook.downtimeBudget.reads = m_fields.duration(*e);
    }

    // `cutover: hold|refuse` (default refuse) and `hold_max: DURATION` (default 5s).
    void readCutover(const YamlNode& root, Runbook& runbook)
    {
        if (const YamlMapEntry* e = root.entry(u"cutover")) {
            runbook.cutover.location = e->value->location;
            if (const std::optional<QString> value = m_fields.text(*e)) {
                static const QStringList names = { QStringLiteral("hold"), QStringLiteral("refuse") };
                if (const auto mode = cutoverModeFromName(value->trimmed()))
                    runbook.cutover.mode = *mode;
                else
                    m_fields.error(e->value->location, QStringLiteral("'cutover' must be 'hold' or 'refuse', not '%1'%2")
                                                           .arg(*value, SpellingSuggestion::didYouMean(*value, names)));
            }
        }
        if (const YamlMapEntry* e = root.entry(u"hold_max")) {
            if (const std::optional<Duration> d = m_fields.duration(*e)) {
                if (d->milliseconds() < 100 || d->milliseconds() > 60000)
                    m_fields.error(e->value->location,
                        QStringLiteral("'hold_max' must be between 100ms and 1m: clients wait that long at most"));
                else
                    runbook.cutover.holdMax = *d;
            }
        }
    }

    void readPhases(const YamlMapEntry& entry, Runbook& runbook)
    {
        const YamlNode& node = *entry.value;
        if (!node.isSequence() || node.items.empty()) {
            m_fields.error(node.isNull() ? entry.keyLocation : node.location,
                QCoreApplication::translate("Validation", "'phases' must be a list of phases, each with a name and steps"));
            return;
        }
        int index = 0;
        for (const auto& item : node.items) {
            ++index;
            Phase phase;
            phase.location = item->location;
            const QString what = QCoreApplication::translate("Validation", "phase %1").arg(index);
            if (!m_fields.expectMap(*item, what))
                continue;
            m_fields.checkKeys(
                *item, { QStringLiteral("name"), QStringLiteral("steps"), QStringLiteral("defaults") }, what);
            if (const YamlMapEntry* e = item->entry(u"name"))
                phase.name = m_fields.text(*e).value_or(QString());
            else
                m_fields.error(item->location, QCoreApplication::translate("Validation", "%1 has no 'name'").arg(what));
            const QString phaseWhat = phase.name.isEmpty() ? what : QCoreApplication::translate("Validation", "phase '%1'").arg(phase.name);
            const YamlMapEntry* phaseDefaults = item->entry(u"defaults");
            const DefaultsLayer layer = phaseDefaults ? readDefaults(*phaseDefaults, phaseWhat) : DefaultsLayer();
            const StepDefaults defaults = layer.over(m_defaults);
            StepDefaults rollbackDefaults = defaults;
            for (const auto& rollbackLayer : { m_rollbackDefaults, layer.rollback }) {
                if (rollbackLayer)
                    rollbackDefaults = rollbackLayer->over(rollbackDefaults);
            }
            const YamlMapEntry* steps = item->entry(u"steps");
            if (!steps) {
                m_fields.error(item->location, QCoreApplication::translate("Validation", "%1 has no 'steps'").arg(phaseWhat));
            } else if (!steps->value->isSequence() || steps->value->items.empty()) {
                m_fields.error(steps->value->isNull() ? steps->keyLocation : steps->value->location,
                    QCoreApplication::translate("Validation", "'steps' of %1 must be a list of steps").arg(phaseWhat));
            } else {
                int stepIndex = 0;
                for (const auto& stepNode : steps->value->items) {
                    ++stepIndex;
                    const QString stepWhat = QCoreApplication::translate("Validation", "step %1 of %2").arg(stepIndex).arg(phaseWhat);
                    if (!m_fields.expectMap(*stepNode, stepWhat))
                        continue;
                    const std::shared_ptr<const YamlNode> expanded = m_templates.expand(stepNode);
                    if (!expanded)
                        continue;
                    Step step;
                    readStep(*expanded, false, stepWhat, { defaults, rollbackDefaults }, step);
                    checkUniqueId(step);
                    phase.steps.append(step);
                }
            }
            runbook.phases.append(phase);
        }
    }

    void checkUniqueId(const Step& step)
    {
        if (step.id.isEmpty())
            return;
        if (const auto found = m_ids.constFind(step.id); found != m_ids.constEnd()) {
            m_fields.error(step.locationOf(QStringLiteral("id")),
                QCoreApplication::translate("Validation", "duplicate step id '%1' (first used at line %2, column %3)")
                    .arg(step.id)
                    .arg(found->line)
                    .arg(found->column));
            return;
        }
        m_ids.insert(step.id, step.locationOf(QStringLiteral("id")));
    }

    // Reads the node names of `on` (a name, or a list of names for sql) into step.on.
    void readOn(const YamlMapEntry& entry, Step& step)
    {
        const auto names = m_fields.textList(entry, true);
        if (!names)
            return;
        int i = 0;
        for (const auto& [name, location] : *names) {
            if (step.on.contains(name))
                m_fields.error(location, QCoreApplication::translate("Validation", "node '%1' is listed twice in 'on'").arg(name));
            step.on.append(name);
            step.locations.insert(QStringLiteral("on[%1]").arg(i++), location);
        }
        step.locations.insert(QStringLiteral("on"), entry.value->location);
        step.keyLocations.insert(QStringLiteral("on"), entry.keyLocation);
    }

    // `defaults:` of the runbook or a phase; with `isRollback`, the `rollback:` map inside one (which may
    // not hold another).
    DefaultsLayer readDefaults(const YamlMapEntry& entry, const QString& owner, bool isRollback = false)
    {
        DefaultsLayer layer;
        StepDefaults& out = layer.values;
        const YamlNode& node = *entry.value;
        const QString what = isRollback ? QStringLiteral("'defaults.rollback' of %1").arg(owner)
                                        : QStringLiteral("'defaults' of %1").arg(owner);
        if (!m_fields.expectMap(node, what))
            return layer;
        if (const YamlMapEntry* e = node.entry(u"rollback"); e && isRollback)
            m_fields.error(e->keyLocation,
                QStringLiteral("'rollback' inside %1: its keys already apply to rollbacks only").arg(what));
        m_fields.checkKeys(node, defaultKeys + QStringList { QStringLiteral("rollback") }, what);
        // `KEY: ~` gives the key no value: steps get the kind's built-in behaviour, as if no default gave it.
        auto read = [&](const char16_t* key, auto member, auto parse) {
            const YamlMapEntry* e = node.entry(QStringView(key));
            if (!e)
                return;
            layer.given.insert(e->key);
            if (!e->value->isNull())
                out.*member = parse(*e);
        };
        auto duration = [&](const YamlMapEntry& e) { return m_fields.duration(e); };
        read(u"expected", &StepDefaults::expected, duration);
        read(u"timeout", &StepDefaults::timeout, duration);
        read(u"retries", &StepDefaults::retries, [&](const YamlMapEntry& e) { return m_fields.integer(e, 0, 1000); });
        read(u"retry_delay", &StepDefaults::retryDelay, duration);
        read(u"lock_timeout", &StepDefaults::lockTimeout, duration);
        read(u"statement_timeout", &StepDefaults::statementTimeout, duration);
        if (const YamlMapEntry* e = node.entry(u"on")) {
            if (const auto names = m_fields.textList(*e, true)) { // `on: ~` stays an error
                layer.given.insert(e->key);
                out.on = *names;
                out.onKeyLocation = e->keyLocation;
                out.onLocation = e->value->location;
            }
        }
        if (const YamlMapEntry* e = node.entry(u"shell_prelude")) { // `~` and "" alike: no prelude
            layer.given.insert(e->key);
            out.shellPrelude = m_fields.text(*e, true).value_or(QString());
            out.shellPreludeLocation = e->value->location;
        }
        if (const YamlMapEntry* e = node.entry(u"session")) {
            if (e->value->isNull())
                layer.sessionCleared = true;
            else
                readSession(*e, out.session);
        }
        if (const YamlMapEntry* e = node.entry(u"rollback"); e && !isRollback)
            layer.rollback = std::make_shared<DefaultsLayer>(readDefaults(*e, owner, true));
        return layer;
    }

    // `session: {default_transaction_read_only: "off"}`: each setting replaces an inherited one.
    void readSession(const YamlMapEntry& entry, QList<std::pair<QString, QString>>& session)
    {
        static const QRegularExpression settingName(QStringLiteral("^[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z0-9_]+)?$"));
        if (!m_fields.expectMap(*entry.value, QStringLiteral("'session'")))
            return;
        for (const YamlMapEntry& e : entry.value->entries) {
            if (!settingName.match(e.key).hasMatch()) {
                m_fields.error(e.keyLocation,
                    QStringLiteral("bad setting name '%1': a PostgreSQL setting such as lock_timeout or app.name").arg(e.key));
                continue;
            }
            const std::optional<QString> value = m_fields.text(e, true); // `name: ~` sets it to '', as "" does
            if (!value)
                continue;
            mergeSession(session, { { e.key, *value } });
        }
    }

    // Reads the files a `sql_file:` or `shell_file:` names, relative to the file naming them.
    QList<std::pair<QString, SourceLocation>> readFiles(const YamlMapEntry& entry, bool allowList)
    {
        QList<std::pair<QString, SourceLocation>> out;
        const auto paths = m_fields.textList(entry, true);
        if (!paths)
            return out;
        if (!allowList && paths->size() > 1) {
            m_fields.error(entry.value->location, QStringLiteral("'%1' names one file").arg(entry.key));
            return out;
        }
        for (const auto& [path, location] : *paths) {
            const QString from = location.file.isEmpty() ? m_document.fileName : location.file;
            const QString resolved = StepTemplates::resolvePath(path.trimmed(), from);
            QString why;
            const std::optional<QString> text = YamlReader::readTextFile(resolved, &why);
            if (!text) {
                m_fields.error(location, QStringLiteral("cannot read %1 '%2' (%3): %4").arg(entry.key, path, resolved, why));
                continue;
            }
            if (text->trimmed().isEmpty()) {
                m_fields.error(location, QStringLiteral("%1 '%2' (%3) is empty").arg(entry.key, path, resolved));
                continue;
            }
            SourceLocation at { 1, 1, 1, resolved, true };
            out.append({ *text, at });
        }
        return out;
    }

    void applyDefaults(const YamlNode& node, const StepDefaults& defaults, const QString& what, Step& step)
    {
        const bool sqlOrBatch = step.kind == StepKind::Sql || step.kind == StepKind::Batch;
        if (defaults.expected && !node.entry(u"expected") && step.kind != StepKind::Manual)
            step.expected = defaults.expected;
        if (defaults.timeout && !node.entry(u"timeout") && step.kind != StepKind::Manual
            && step.kind != StepKind::Switch && step.kind != StepKind::Wait)
            step.timeout = defaults.timeout;
        if (defaults.retries && !node.entry(u"retries") && sqlOrBatch)
            step.retries = *defaults.retries;
        if (defaults.retryDelay && !node.entry(u"retry_delay") && sqlOrBatch)
            step.retryDelay = *defaults.retryDelay;
        if (step.runsSql()) {
            if (defaults.lockTimeout && !node.entry(u"lock_timeout"))
                step.lockTimeout = defaults.lockTimeout;
            if (defaults.statementTimeout && !node.entry(u"statement_timeout"))
                step.statementTimeout = defaults.statementTimeout;
            step.session = defaults.session;
        }
        if (!defaults.shellPrelude.isEmpty() && runsShell(step) && !node.entry(u"shell_prelude")) {
            step.shellPrelude = defaults.shellPrelude;
            step.locations.insert(QStringLiteral("shell_prelude"), defaults.shellPreludeLocation);
        }
        const bool needsOn = step.kind != StepKind::Manual && step.kind != StepKind::Switch;
        if (needsOn && step.on.isEmpty() && !defaults.on.isEmpty()) {
            if (step.kind != StepKind::Sql && defaults.on.size() > 1) {
                m_fields.error(node.location,
                    QStringLiteral("%1 runs on one node, but the defaults' 'on' lists %2: give 'on' on the step")
                        .arg(what)
                        .arg(defaults.on.size()));
                return;
            }
            int i = 0;
            for (const auto& [name, location] : defaults.on) {
                step.on.append(name);
                step.locations.insert(QStringLiteral("on[%1]").arg(i++), location);
            }
            step.locations.insert(QStringLiteral("on"), defaults.onLocation);
            step.keyLocations.insert(QStringLiteral("on"), defaults.onKeyLocation);
        }
    }

    // The defaults of a step and those of its rollback.
    struct InheritedDefaults {
        const StepDefaults& step;
        const StepDefaults& rollback;
    };

    static bool runsShell(const Step& step)
    {
        return step.kind == StepKind::Shell || (step.kind == StepKind::Wait && !step.wait.usesSql);
    }

    // The step's own `shell_prelude` (replaces the inherited one; `~` drops it) and `session` (merged
    // by name into the inherited settings; `session: ~` drops them).
    void readOwnPreludeAndSession(const YamlNode& node, Step& step)
    {
        if (const YamlMapEntry* e = node.entry(u"shell_prelude")) {
            step.shellPrelude.clear();
            if (!e->value->isNull()) {
                const std::optional<QString> prelude = m_fields.text(*e, true);
                if (prelude && !runsShell(step))
                    m_fields.error(e->keyLocation,
                        QStringLiteral("'shell_prelude' applies only to shell steps and waits with 'shell:'"));
                else if (prelude)
                    step.shellPrelude = *prelude;
            }
        }
        if (const YamlMapEntry* e = node.entry(u"session")) {
            if (e->value->isNull()) {
                step.session.clear();
            } else if (!step.runsSql()) {
                m_fields.error(e->keyLocation, QStringLiteral("'session' applies only to steps that run SQL"));
            } else {
                readSession(*e, step.session);
            }
        }
    }

    void readStep(const YamlNode& node, bool isRollback, const QString& fallbackWhat,
        const InheritedDefaults& inherited, Step& step)
    {
        const StepDefaults& defaults = isRollback ? inherited.rollback : inherited.step;
        step.location = node.location;
        for (const YamlMapEntry& e : node.entries) {
            step.locations.insert(e.key, e.value->location);
            step.keyLocations.insert(e.key, e.keyLocation);
        }

        QString what = fallbackWhat;
        if (!isRollback) {
            if (const YamlMapEntry* e = node.entry(u"id")) {
                if (const std::optional<QString> id = m_fields.text(*e)) {
                    if (RunbookLoader::isValidStepId(*id)) {
                        step.id = *id;
                        what = QCoreApplication::translate("Validation", "step '%1'").arg(step.id);
                    } else {
                        m_fields.error(e->value->location,
                            QCoreApplication::translate("Validation", "bad step id '%1': use lowercase letters, digits, '-' and '_'").arg(*id));
                    }
                }
            } else {
                m_fields.error(node.location, QCoreApplication::translate("Validation", "%1 has no 'id'").arg(fallbackWhat));
            }
        }

        QStringList allowed = stepKeys;
        for (const YamlMapEntry& e : node.entries) {
            if (isRollback && notInRollback.contains(e.key)) {
                m_fields.error(e.keyLocation, QCoreApplication::translate("Validation", "'%1' is not allowed in a rollback").arg(e.key));
                allowed.append(e.key); // reported once
            }
        }
        m_fields.checkKeys(node, allowed, what);

        // Exactly one kind.
        QList<const YamlMapEntry*> kinds;
        for (const YamlMapEntry& e : node.entries) {
            if (kindKeys.contains(e.key) || fileKindKeys.contains(e.key) || e.key == checkKey)
                kinds.append(&e);
        }
        if (kinds.isEmpty()) {
            m_fields.error(node.location,
                QCoreApplication::translate("Validation", "%1 has no kind: give exactly one of sql, shell, wait, manual, switch or batch "
                               "(or check, sql_file, shell_file)")
                    .arg(what));
            return;
        }
        if (kinds.size() > 1) {
            m_fields.error(kinds[1]->keyLocation,
                QCoreApplication::translate("Validation", "%1 has two kinds, '%2' and '%3': give exactly one")
                    .arg(what, kinds[0]->key, kinds[1]->key));
        }
        const YamlMapEntry& kindEntry = *kinds[0];
        const bool fromFile = fileKindKeys.contains(kindEntry.key);
        const bool isCheck = kindEntry.key == checkKey;
        step.kind = fromFile ? (kindEntry.key == QLatin1String("sql_file") ? StepKind::Sql : StepKind::Shell)
            : isCheck        ? StepKind::Sql
                             : StepKind(kindKeys.indexOf(kindEntry.key));

        const YamlMapEntry* onEntry = node.entry(u"on");
        if (isCheck) {
            readCheck(kindEntry, what, step);
        } else if (fromFile) {
            // The locations of the text are those of the file: a template error points into it.
            const bool sql = step.kind == StepKind::Sql;
            const QString key = sql ? QStringLiteral("sql") : QStringLiteral("shell");
            step.keyLocations.insert(key, kindEntry.keyLocation);
            int i = 0;
            for (const auto& [text, location] : readFiles(kindEntry, sql)) {
                if (sql) {
                    step.sql.append(text);
                    step.locations.insert(QStringLiteral("sql[%1]").arg(i++), location);
                } else {
                    step.shell = text;
                    step.locations.insert(key, location);
                }
            }
        } else switch (step.kind) {
        case StepKind::Sql:
            if (const auto statements = m_fields.textList(kindEntry, true)) {
                int i = 0;
                for (const auto& [sql, location] : *statements) {
                    step.sql.append(sql);
                    step.locations.insert(QStringLiteral("sql[%1]").arg(i++), location);
                }
            }
            break;
        case StepKind::Shell:
            step.shell = m_fields.text(kindEntry).value_or(QString());
            break;
        case StepKind::Manual:
            step.manual = m_fields.text(kindEntry).value_or(QString());
            break;
        case StepKind::Wait:
            readWait(kindEntry, what, onEntry != nullptr, step);
            break;
        case StepKind::Switch:
            readSwitch(kindEntry, what, step);
            break;
        case StepKind::Batch:
            readBatch(kindEntry, what, onEntry != nullptr, step);
            break;
        }

        if (onEntry) {
            if (step.kind == StepKind::Manual || step.kind == StepKind::Switch) {
                m_fields.error(onEntry->keyLocation,
                    QCoreApplication::translate("Validation", "'on' does not apply to a %1 step").arg(stepKindName(step.kind)));
            } else {
                readOn(*onEntry, step);
                if (step.kind != StepKind::Sql && step.on.size() > 1)
                    m_fields.error(onEntry->value->location,
                        QCoreApplication::translate("Validation", "a %1 step runs on one node; 'on' lists %2")
                            .arg(stepKindName(step.kind))
                            .arg(step.on.size()));
            }
        }
        const bool inner = step.kind == StepKind::Wait || step.kind == StepKind::Batch;
        const bool needsOn = step.kind != StepKind::Manual && step.kind != StepKind::Switch;
        const bool innerOn = inner && kindEntry.value->isMap() && kindEntry.value->entry(u"on");
        applyDefaults(node, defaults, what, step);
        if (needsOn && !onEntry && !innerOn && step.on.isEmpty() && defaults.on.isEmpty()) {
            if (inner)
                m_fields.error(kindEntry.value->location,
                    QCoreApplication::translate("Validation", "%1 needs 'on': the node to run it on (in '%2:' or on the step)")
                        .arg(what, kindEntry.key));
            else
                m_fields.error(node.location,
                    QCoreApplication::translate("Validation", "%1 needs 'on': the node%2 to run it on")
                        .arg(what, step.kind == StepKind::Sql ? QStringLiteral("(s)") : QString()));
        }

        if (const YamlMapEntry* e = node.entry(u"title"))
            step.title = m_fields.text(*e).value_or(QString());
        if (const YamlMapEntry* e = node.entry(u"when"); e && !isRollback) {
            if (e->value->isMap())
                readWhenQuery(*e, what, step);
            else
                step.when = m_fields.text(*e).value_or(QString());
            if (node.entry(u"downtime"))
                m_fields.error(e->keyLocation,
                    QStringLiteral("'when' and 'downtime' do not go together: a skipped step would leave the window unpaired"));
        }
        // `KEY: ~` on the step: as if no default gave the key (the kind's built-in behaviour).
        const auto given = [&](const char16_t* key) -> const YamlMapEntry* {
            const YamlMapEntry* e = node.entry(QStringView(key));
            return e && !e->value->isNull() ? e : nullptr;
        };
        if (node.entry(u"expected"))
            step.expected = std::nullopt;
        if (node.entry(u"timeout"))
            step.timeout = std::nullopt;
        if (node.entry(u"retries"))
            step.retries = 0;
        if (node.entry(u"retry_delay"))
            step.retryDelay = Step().retryDelay;
        if (const YamlMapEntry* e = given(u"expected"))
            step.expected = m_fields.duration(*e);
        if (const YamlMapEntry* e = given(u"timeout"))
            step.timeout = m_fields.duration(*e);
        if (const YamlMapEntry* e = given(u"retries"))
            step.retries = m_fields.integer(*e, 0, 1000).value_or(0);
        if (const YamlMapEntry* e = given(u"retry_delay"))
            step.retryDelay = m_fields.duration(*e).value_or(step.retryDelay);
        if (const YamlMapEntry* e = node.entry(u"retry_from")) {
            if (const std::optional<QString> from = m_fields.text(*e)) {
                static const QStringList names = { QStringLiteral("failed"), QStringLiteral("start") };
                if (step.kind != StepKind::Sql)
                    m_fields.error(e->keyLocation, QCoreApplication::translate("Validation", "'retry_from' applies only to sql steps"));
                else if (!names.contains(from->trimmed()))
                    m_fields.error(e->value->location,
                        QCoreApplication::translate("Validation", "'retry_from' must be 'failed' (the failed statement) or 'start' (every statement), not '%1'%2")
                            .arg(*from, SpellingSuggestion::didYouMean(*from, names)));
                else
                    step.retryFromStart = from->trimmed() == QLatin1String("start");
            }
        }
        for (const char16_t* key : { u"lock_timeout", u"statement_timeout" }) {
            const YamlMapEntry* e = node.entry(QStringView(key));
            if (!e)
                continue;
            std::optional<Duration> value = e->value->isNull() ? std::nullopt : m_fields.duration(*e);
            if (value && !step.runsSql())
                m_fields.error(e->keyLocation, QCoreApplication::translate("Validation", "'%1' applies only to steps that run SQL").arg(e->key));
            (e->key == QLatin1String("lock_timeout") ? step.lockTimeout : step.statementTimeout) = value;
        }
        readOwnPreludeAndSession(node, step);
        if (const YamlMapEntry* e = node.entry(u"idempotent")) {
            step.idempotent = m_fields.boolean(*e).value_or(false);
            if (step.kind != StepKind::Sql)
                m_fields.error(e->keyLocation, QCoreApplication::translate("Validation", "'idempotent' applies only to sql steps"));
        }
        if (isRollback)
            return;
        readCapture(node, step);
        if (const YamlMapEntry* e = node.entry(u"for_each"))
            readForEach(*e, node, what, step);
        if (const YamlMapEntry* e = node.entry(u"point_of_no_return"))
            step.pointOfNoReturn = m_fields.boolean(*e).value_or(false);
        if (const YamlMapEntry* e = node.entry(u"on_failure")) {
            if (const std::optional<QString> action = m_fields.text(*e)) {
                if (!onFailureNames.contains(action->trimmed()))
                    m_fields.error(e->value->location,
                        QCoreApplication::translate("Validation", "'on_failure' must be 'stop' or 'rollback', not '%1'%2")
                            .arg(*action, SpellingSuggestion::didYouMean(*action, onFailureNames)));
                else
                    step.rollbackOnFailure = action->trimmed() == QLatin1String("rollback");
            }
        }
        if (const YamlMapEntry* e = node.entry(u"decision")) {
            step.decision = m_fields.boolean(*e).value_or(false);
            if (step.decision && step.kind != StepKind::Manual)
                m_fields.error(e->keyLocation, QCoreApplication::translate("Validation", "'decision' applies only to a manual step (a go/no-go gate)"));
        }
        if (const YamlMapEntry* e = node.entry(u"downtime")) {
            if (const std::optional<QString> marker = m_fields.text(*e)) {
                const qsizetype index = downtimeNames.indexOf(marker->trimmed());
                if (index < 0)
                    m_fields.error(e->value->location,
                        QCoreApplication::translate("Validation", "unknown downtime marker '%1'%2 (markers: %3)")
                            .arg(*marker, SpellingSuggestion::didYouMean(*marker, downtimeNames),
                                downtimeNames.join(QStringLiteral(", "))));
                else
                    step.downtime = DowntimeMarker(index + 1);
            }
        }
        if (const YamlMapEntry* e = node.entry(u"rollback")) {
            const QString rollbackWhat = QCoreApplication::translate("Validation", "the rollback of %1").arg(what);
            if (m_fields.expectMap(*e->value, QStringLiteral("'rollback'"))) {
                if (const std::shared_ptr<const YamlNode> expanded = m_templates.expand(e->value)) {
                    auto rollback = std::make_shared<Step>();
                    readStep(*expanded, true, rollbackWhat, inherited, *rollback);
                    step.rollback = rollback;
                }
            }
        }
    }

    // `when: {sql: QUERY, on: NODE}`: a condition the database answers when the step's turn comes.
    void readWhenQuery(const YamlMapEntry& entry, const QString& what, Step& step)
    {
        const YamlNode& node = *entry.value;
        const QString whenWhat = QCoreApplication::translate("Validation", "'when' of %1").arg(what);
        m_fields.checkKeys(node, { QStringLiteral("sql"), QStringLiteral("on") }, whenWhat);
        recordLocations(node, QStringLiteral("when"), step);
        if (const YamlMapEntry* e = node.entry(u"sql"))
            step.whenSql = m_fields.text(*e).value_or(QString());
        else
            m_fields.error(node.location, QCoreApplication::translate("Validation", "%1 needs 'sql': a query whose first value is true or false").arg(whenWhat));
        if (const YamlMapEntry* e = node.entry(u"on"))
            step.whenOn = m_fields.text(*e).value_or(QString()).trimmed();
        else if (!step.on.isEmpty())
            step.whenOn = step.on.first();
        else
            m_fields.error(node.location, QCoreApplication::translate("Validation", "%1 needs 'on': the node that answers the query").arg(whenWhat));
    }

    // `for_each: {sql: QUERY, on: NODE}`: the step runs once per row of the query.
    void readForEach(const YamlMapEntry& entry, const YamlNode& stepNode, const QString& what, Step& step)
    {
        const YamlNode& node = *entry.value;
        const QString loopWhat = QCoreApplication::translate("Validation", "'for_each' of %1").arg(what);
        if (step.kind != StepKind::Sql && step.kind != StepKind::Shell) {
            m_fields.error(entry.keyLocation,
                QCoreApplication::translate("Validation", "'for_each' applies only to sql, check and shell steps, not to a %1 step")
                    .arg(stepKindName(step.kind)));
            return;
        }
        if (!node.isMap()) {
            m_fields.error(node.location,
                QCoreApplication::translate("Validation", "%1 is a map: {sql: QUERY, on: NODE}, the step running once per row of the query")
                    .arg(loopWhat));
            return;
        }
        m_fields.checkKeys(node, { QStringLiteral("sql"), QStringLiteral("on") }, loopWhat);
        recordLocations(node, QStringLiteral("for_each"), step);
        step.keyLocations.insert(QStringLiteral("for_each"), entry.keyLocation);
        if (const YamlMapEntry* e = node.entry(u"sql"))
            step.forEachSql = m_fields.text(*e).value_or(QString());
        else
            m_fields.error(node.location, QCoreApplication::translate("Validation", "%1 needs 'sql': the query whose rows the step runs for").arg(loopWhat));
        if (const YamlMapEntry* e = node.entry(u"on"))
            step.forEachOn = m_fields.text(*e).value_or(QString()).trimmed();
        else if (!step.on.isEmpty())
            step.forEachOn = step.on.first();
        else
            m_fields.error(node.location, QCoreApplication::translate("Validation", "%1 needs 'on': the node that answers the query").arg(loopWhat));
        if (step.forEachSql.trimmed().isEmpty() && node.entry(u"sql"))
            m_fields.error(node.entry(u"sql")->value->location, QCoreApplication::translate("Validation", "%1 has an empty query").arg(loopWhat));
        if (const YamlMapEntry* e = stepNode.entry(u"capture"); e || stepNode.entry(u"capture_secret"))
            m_fields.error((e ? e : stepNode.entry(u"capture_secret"))->keyLocation,
                QCoreApplication::translate("Validation", "a step with 'for_each' captures nothing: which iteration's values would later steps see?"));
        if (step.on.size() > 1)
            m_fields.error(step.locationOf(QStringLiteral("on")),
                QCoreApplication::translate("Validation", "a step with 'for_each' runs on one node; 'on' lists %1").arg(step.on.size()));
        if (const YamlMapEntry* e = stepNode.entry(u"downtime"))
            m_fields.error(e->keyLocation,
                QCoreApplication::translate("Validation", "'for_each' and 'downtime' do not go together: give the window its own step"));
    }

    // `capture: [NAME, ...]` (or `capture: all`, sql only) and `capture_secret: [NAME, ...]`.
    void readCapture(const YamlNode& node, Step& step)
    {
        QHash<QString, SourceLocation> seen;
        for (const char16_t* key : { u"capture", u"capture_secret" }) {
            const YamlMapEntry* e = node.entry(QStringView(key));
            if (!e)
                continue;
            const bool secret = e->key == QLatin1String("capture_secret");
            if (step.kind != StepKind::Sql && step.kind != StepKind::Shell) {
                m_fields.error(e->keyLocation,
                    QCoreApplication::translate("Validation", "'%1' applies only to sql and shell steps, not to a %2 step")
                        .arg(e->key, stepKindName(step.kind)));
                continue;
            }
            if (!secret && e->value->isScalar() && e->value->scalar.trimmed() == QLatin1String("all")) {
                if (step.kind == StepKind::Sql)
                    step.capture.all = true;
                else
                    m_fields.error(e->value->location,
                        QCoreApplication::translate("Validation", "'capture: all' is for sql steps (the columns of the first row): a shell step "
                                                                  "names the lines NAME=value it captures"));
                continue;
            }
            const auto names = m_fields.textList(*e, true);
            if (!names)
                continue;
            for (const auto& [name, location] : *names) {
                const QString trimmed = name.trimmed();
                if (!RunbookLoader::isValidName(trimmed)) {
                    m_fields.error(location,
                        QCoreApplication::translate("Validation", "bad capture name '%1': use letters, digits, '-' and '_'").arg(name));
                } else if (const auto earlier = seen.constFind(trimmed); earlier != seen.constEnd()) {
                    m_fields.error(location,
                        QCoreApplication::translate("Validation", "'%1' is captured twice (first at line %2, column %3)")
                            .arg(trimmed)
                            .arg(earlier->line)
                            .arg(earlier->column));
                } else {
                    seen.insert(trimmed, location);
                    (secret ? step.capture.secret : step.capture.names).append(trimmed);
                }
            }
        }
        if (!step.capture.isEmpty() && step.on.size() > 1)
            m_fields.error(step.locationOf(QStringLiteral("on")),
                QCoreApplication::translate("Validation", "a step that captures values runs on one node; 'on' lists %1").arg(step.on.size()));
    }

    // `check: SQL` (rows that describe problems; none expected) or
    // `check: {sql: SQL, expect: no-rows | true}`.
    void readCheck(const YamlMapEntry& entry, const QString& what, Step& step)
    {
        const YamlNode& node = *entry.value;
        step.check = CheckExpectation::NoRows;
        if (!node.isMap()) {
            if (const std::optional<QString> sql = m_fields.text(entry)) {
                step.sql.append(*sql);
                step.locations.insert(QStringLiteral("sql[0]"), node.location);
            }
            return;
        }
        const QString checkWhat = QStringLiteral("'check' of %1").arg(what);
        m_fields.checkKeys(node, { QStringLiteral("sql"), QStringLiteral("expect") }, checkWhat);
        recordLocations(node, checkKey, step);
        if (const YamlMapEntry* e = node.entry(u"sql")) {
            if (const std::optional<QString> sql = m_fields.text(*e)) {
                step.sql.append(*sql);
                step.locations.insert(QStringLiteral("sql[0]"), e->value->location);
            }
        } else {
            m_fields.error(node.location, QStringLiteral("%1 needs 'sql': the query that checks").arg(checkWhat));
        }
        if (const YamlMapEntry* e = node.entry(u"expect")) {
            if (const std::optional<QString> expect = m_fields.text(*e)) {
                const qsizetype index = checkExpectations.indexOf(expect->trimmed());
                if (index < 0)
                    m_fields.error(e->value->location,
                        QStringLiteral("'expect' must be 'no-rows' (rows describe problems) or 'true' (one boolean), not '%1'%2")
                            .arg(*expect, SpellingSuggestion::didYouMean(*expect, checkExpectations)));
                else
                    step.check = index == 0 ? CheckExpectation::NoRows : CheckExpectation::True;
            }
        }
    }

    void readWait(const YamlMapEntry& entry, const QString& what, bool stepHasOn, Step& step)
    {
        const YamlNode& node = *entry.value;
        const QString waitWhat = QCoreApplication::translate("Validation", "'wait' of %1").arg(what);
        if (!m_fields.expectMap(node, QStringLiteral("'wait'")))
            return;
        m_fields.checkKeys(node,
            { QStringLiteral("sql"), QStringLiteral("shell"), QStringLiteral("on"), QStringLiteral("every"),
                QStringLiteral("timeout"), QStringLiteral("progress") },
            waitWhat);
        recordLocations(node, QStringLiteral("wait"), step);
        const YamlMapEntry* sql = node.entry(u"sql");
        const YamlMapEntry* shell = node.entry(u"shell");
        if (sql && shell)
            m_fields.error(shell->keyLocation, QCoreApplication::translate("Validation", "%1 has both 'sql' and 'shell': give one").arg(waitWhat));
        else if (!sql && !shell)
            m_fields.error(node.location,
                QCoreApplication::translate("Validation", "%1 needs 'sql' or 'shell': what to poll until it is true").arg(waitWhat));
        if (sql) {
            step.wait.usesSql = true;
            step.wait.command = m_fields.text(*sql).value_or(QString());
        } else if (shell) {
            step.wait.usesSql = false;
            step.wait.command = m_fields.text(*shell).value_or(QString());
        }
        if (const YamlMapEntry* e = node.entry(u"every")) {
            if (const std::optional<Duration> every = m_fields.duration(*e)) {
                if (every->milliseconds() < 10)
                    m_fields.error(e->value->location, QCoreApplication::translate("Validation", "'every' must be at least 10ms"));
                else
                    step.wait.every = *every;
            }
        }
        if (const YamlMapEntry* e = node.entry(u"timeout"))
            step.wait.timeout = m_fields.duration(*e);
        if (const YamlMapEntry* e = node.entry(u"progress"))
            step.wait.progress = m_fields.text(*e).value_or(QString());
        readInnerOn(node, stepHasOn, step);
    }

    void readBatch(const YamlMapEntry& entry, const QString& what, bool stepHasOn, Step& step)
    {
        const YamlNode& node = *entry.value;
        const QString batchWhat = QCoreApplication::translate("Validation", "'batch' of %1").arg(what);
        if (!m_fields.expectMap(node, QStringLiteral("'batch'")))
            return;
        m_fields.checkKeys(node,
            { QStringLiteral("sql"), QStringLiteral("on"), QStringLiteral("pause"), QStringLiteral("progress"),
                QStringLiteral("max_iterations") },
            batchWhat);
        recordLocations(node, QStringLiteral("batch"), step);
        if (const YamlMapEntry* e = node.entry(u"sql"))
            step.batch.sql = m_fields.text(*e).value_or(QString());
        else
            m_fields.error(node.location, QCoreApplication::translate("Validation", "%1 needs 'sql': the statement to repeat").arg(batchWhat));
        if (const YamlMapEntry* e = node.entry(u"pause"))
            step.batch.pause = m_fields.duration(*e).value_or(Duration());
        if (const YamlMapEntry* e = node.entry(u"progress"))
            step.batch.progress = m_fields.text(*e).value_or(QString());
        if (const YamlMapEntry* e = node.entry(u"max_iterations"))
            step.batch.maxIterations = m_fields.integer(*e, 1, 100000000);
        readInnerOn(node, stepHasOn, step);
    }

    void readInnerOn(const YamlNode& node, bool stepHasOn, Step& step)
    {
        const YamlMapEntry* e = node.entry(u"on");
        if (!e)
            return;
        if (stepHasOn) {
            m_fields.error(e->keyLocation,
                QCoreApplication::translate("Validation", "give 'on' once: inside '%1:' or on the step, not both").arg(stepKindName(step.kind)));
            return;
        }
        if (const std::optional<QString> name = m_fields.text(*e)) {
            step.on.append(*name);
            step.locations.insert(QStringLiteral("on"), e->value->location);
            step.locations.insert(QStringLiteral("on[0]"), e->value->location);
            step.keyLocations.insert(QStringLiteral("on"), e->keyLocation);
        }
    }

    void readSwitch(const YamlMapEntry& entry, const QString& what, Step& step)
    {
        const YamlNode& node = *entry.value;
        const QString switchWhat = QCoreApplication::translate("Validation", "'switch' of %1").arg(what);
        if (!m_fields.expectMap(node, QStringLiteral("'switch'")))
            return;
        m_fields.checkKeys(node, { QStringLiteral("endpoint"), QStringLiteral("to") }, switchWhat);
        recordLocations(node, QStringLiteral("switch"), step);
        if (const YamlMapEntry* e = node.entry(u"endpoint"))
            step.switchTo.endpoint = m_fields.text(*e).value_or(QString());
        else
            m_fields.error(
                node.location, QCoreApplication::translate("Validation", "%1 needs 'endpoint': the endpoint to repoint").arg(switchWhat));
        if (const YamlMapEntry* e = node.entry(u"to"))
            step.switchTo.to = m_fields.text(*e).value_or(QString());
        else
            m_fields.error(node.location, QCoreApplication::translate("Validation", "%1 needs 'to': the node to route to").arg(switchWhat));
    }

    static void recordLocations(const YamlNode& node, const QString& prefix, Step& step)
    {
        for (const YamlMapEntry& e : node.entries) {
            step.locations.insert(prefix + QLatin1Char('.') + e.key, e.value->location);
            step.keyLocations.insert(prefix + QLatin1Char('.') + e.key, e.keyLocation);
        }
    }

    const YamlDocument& m_document;
    YamlFieldReader m_fields;
    StepTemplates m_templates;
    StepDefaults m_defaults;
    std::shared_ptr<const DefaultsLayer> m_rollbackDefaults; // the runbook's `defaults.rollback`
    QHash<QString, SourceLocation> m_ids;
};

} // namespace

std::optional<Runbook> RunbookLoader::fromDocument(const YamlDocument& document, Diagnostics& diagnostics)
{
    if (!document.root || !document.root->isMap() || !document.root->entry(u"runbook"))
        return std::nullopt;
    Reader reader(document, diagnostics);
    return reader.read(*document.root);
}

bool RunbookLoader::isValidStepId(const QString& id)
{
    static const QRegularExpression pattern(QStringLiteral("^[a-z0-9_-]{1,100}$"));
    return pattern.match(id).hasMatch();
}

bool RunbookLoader::isValidName(const QString& name)
{
    static const QRegularExpression pattern(QStringLiteral("^[A-Za-z0-9_-]{1,100}$"));
    return pattern.match(name).hasMatch();
}
