#include "runbook/steptemplates.h"

#include "runbook/runbookloader.h"
#include "runbook/spellingsuggestion.h"
#include "runbook/yamlreader.h"

#include <QDir>
#include <QFileInfo>
#include <QRegularExpression>

namespace {

// `{{ params.NAME }}`, with optional filters (which params do not take).
const QRegularExpression& paramPattern()
{
    static const QRegularExpression pattern(
        QStringLiteral(R"(\{\{\s*params\.([A-Za-z0-9_-]+)\s*(\|[^}]*)?\}\})"));
    return pattern;
}

QString canonical(const QString& path)
{
    const QString resolved = QFileInfo(path).canonicalFilePath();
    return resolved.isEmpty() ? QDir::cleanPath(QFileInfo(path).absoluteFilePath()) : resolved;
}

} // namespace

StepTemplates::StepTemplates(YamlFieldReader& fields)
    : m_fields(fields)
{
}

QString StepTemplates::resolvePath(const QString& path, const QString& fromFile)
{
    if (QDir::isAbsolutePath(path))
        return QDir::cleanPath(path);
    const QString base = QFileInfo(fromFile).path();
    return QDir::cleanPath(base.isEmpty() ? path : base + QLatin1Char('/') + path);
}

void StepTemplates::readFrom(const YamlNode& root, const QString& file)
{
    m_chain.append(file);
    m_chainKeys.append(canonical(file));
    m_visible[m_chainKeys.last()].insert(m_chainKeys.last());
    if (const YamlMapEntry* e = root.entry(u"include"))
        readIncludes(*e, file);
    if (const YamlMapEntry* e = root.entry(u"templates"))
        readTemplates(*e);
    m_chain.removeLast();
    m_chainKeys.removeLast();
    if (m_chain.isEmpty())
        checkTemplatesUsingTemplates();
}

void StepTemplates::checkTemplatesUsingTemplates()
{
    // Expanded once each, so that a cycle or a template out of reach is refused even when no step
    // uses it; a step using it later meets the same problems, reported once.
    // A chain too deep is reported from the templates no other uses (by name), not again from
    // each template along it.
    QStringList names = m_templates.keys();
    names.sort();
    QSet<QString> used;
    for (const Template& t : std::as_const(m_templates)) {
        if (const YamlMapEntry* use = t.body->entry(u"use"); use && use->value->isScalar())
            used.insert(use->value->scalar.trimmed());
    }
    for (const QString& name : names) {
        const Template& t = *m_templates.constFind(name);
        const YamlMapEntry* use = t.body->entry(u"use");
        if (!use || (use->value->isScalar() && use->value->scalar.contains(QLatin1String("{{"))))
            continue;
        m_quietDepth = used.contains(name);
        expandUse(t.body, { t.name }, &t);
    }
    m_quietDepth = false;
}

void StepTemplates::readIncludes(const YamlMapEntry& entry, const QString& file)
{
    const auto paths = m_fields.textList(entry, true);
    if (!paths)
        return;
    for (const auto& [path, location] : *paths) {
        const QString resolved = resolvePath(path.trimmed(), file);
        const QString key = canonical(resolved);
        if (m_chainKeys.contains(key)) {
            m_fields.error(location,
                QStringLiteral("include cycle: %1 -> %2").arg(m_chain.join(QStringLiteral(" -> ")), resolved));
            continue;
        }
        if (m_read.contains(key)) { // included twice (a diamond): its templates are known already
            m_visible[m_chainKeys.last()].unite(m_visible.value(key));
            continue;
        }
        if (m_chain.size() >= maximumIncludeDepth) {
            m_fields.error(location, QStringLiteral("includes nested deeper than %1 files: %2 -> %3")
                                         .arg(maximumIncludeDepth)
                                         .arg(m_chain.join(QStringLiteral(" -> ")), resolved));
            continue;
        }
        if (!QFileInfo::exists(resolved)) {
            m_fields.error(location, QStringLiteral("include '%1': no such file (%2)").arg(path, resolved));
            continue;
        }
        if (!QFileInfo(resolved).isFile()) { // a directory, a device or a pipe (which could block for ever)
            m_fields.error(location, QStringLiteral("include '%1' is not a regular file (%2)").arg(path, resolved));
            continue;
        }
        m_read.insert(key);
        const YamlDocument document = YamlReader::readFile(resolved);
        for (const Diagnostic& d : document.diagnostics) {
            SourceLocation at = d.location;
            if (at.file.isEmpty())
                at.file = d.fileName;
            if (!at.isValid())
                at.line = at.column = 1;
            m_fields.error(at, d.message);
        }
        if (!document.root)
            continue;
        const YamlNode& library = *document.root;
        if (!library.isMap() || library.entry(u"runbook") || library.entry(u"cluster")) {
            m_fields.error(location,
                QStringLiteral("include '%1' is not a library: an included file holds 'library:', 'include:' and "
                               "'templates:' only")
                    .arg(path));
            continue;
        }
        m_fields.checkKeys(library,
            { QStringLiteral("library"), QStringLiteral("description"), QStringLiteral("include"),
                QStringLiteral("templates") },
            QStringLiteral("the library %1").arg(resolved));
        readFrom(library, resolved);
        m_visible[m_chainKeys.last()].unite(m_visible.value(key));
    }
}

void StepTemplates::readTemplates(const YamlMapEntry& entry)
{
    const YamlNode& node = *entry.value;
    if (!m_fields.expectMap(node, QStringLiteral("'templates'")))
        return;
    for (const YamlMapEntry& e : node.entries) {
        const QString what = QStringLiteral("template '%1'").arg(e.key);
        if (!RunbookLoader::isValidStepId(e.key)) {
            m_fields.error(e.keyLocation,
                QStringLiteral("bad template name '%1': use lowercase letters, digits, '-' and '_'").arg(e.key));
            continue;
        }
        if (const auto found = m_templates.constFind(e.key); found != m_templates.constEnd()) {
            m_fields.error(e.keyLocation,
                QStringLiteral("template '%1' is defined twice (first at %2:%3:%4)")
                    .arg(e.key, found->location.file)
                    .arg(found->location.line)
                    .arg(found->location.column));
            continue;
        }
        if (!m_fields.expectMap(*e.value, what))
            continue;
        Template t;
        t.name = e.key;
        t.location = e.keyLocation;
        t.file = m_chainKeys.last();
        t.fileName = m_chain.last();
        auto body = std::make_shared<YamlNode>();
        body->type = YamlNode::Type::Map;
        body->location = e.value->location;
        bool ok = true;
        for (const YamlMapEntry& key : e.value->entries) {
            if (key.key == QLatin1String("params")) {
                ok = readParams(key, t) && ok;
            } else if (key.key == QLatin1String("with") && !e.value->entry(u"use")) {
                m_fields.error(key.keyLocation, QStringLiteral("'with' in template '%1' without 'use'").arg(e.key));
                ok = false;
            } else if (key.key == QLatin1String("id")) {
                m_fields.error(key.keyLocation,
                    QStringLiteral("'id' is not allowed in a template (each step using it gives its own id)"));
                ok = false;
            } else {
                body->entries.push_back(key);
                body->weight += key.value->weight + 1;
            }
        }
        t.body = body;
        checkParamsUsed(*body, t);
        if (ok)
            m_templates.insert(t.name, t);
    }
}

bool StepTemplates::readParams(const YamlMapEntry& entry, Template& t)
{
    const YamlNode& node = *entry.value;
    auto add = [&](const QString& name, const SourceLocation& at, std::shared_ptr<const YamlNode> value) {
        if (!RunbookLoader::isValidName(name)) {
            m_fields.error(at, QStringLiteral("bad param name '%1': use letters, digits, '-' and '_'").arg(name));
            return false;
        }
        for (const Param& p : t.params) {
            if (p.name == name) {
                m_fields.error(at, QStringLiteral("param '%1' is listed twice").arg(name));
                return false;
            }
        }
        t.params.append(Param { name, std::move(value) });
        return true;
    };
    bool ok = true;
    if (node.isMap()) { // {name: default, other: ~ (required)}
        for (const YamlMapEntry& e : node.entries)
            ok = add(e.key, e.keyLocation, e.value->isNull() ? nullptr : e.value) && ok;
        return ok;
    }
    const auto names = m_fields.textList(entry, false);
    if (!names)
        return false;
    for (const auto& [name, location] : *names)
        ok = add(name.trimmed(), location, nullptr) && ok;
    return ok;
}

void StepTemplates::checkParamsUsed(const YamlNode& node, const Template& t)
{
    if (node.isScalar()) {
        auto matches = paramPattern().globalMatch(node.scalar);
        while (matches.hasNext()) {
            const QRegularExpressionMatch m = matches.next();
            const SourceLocation at = node.location.advancedBy(node.scalar, m.capturedStart());
            bool declared = false;
            for (const Param& p : t.params)
                declared = declared || p.name == m.captured(1);
            if (!declared) {
                QStringList names;
                for (const Param& p : t.params)
                    names.append(p.name);
                m_fields.error(at,
                    QStringLiteral("template '%1' uses params.%2, which its 'params' does not list%3")
                        .arg(t.name, m.captured(1), SpellingSuggestion::didYouMean(m.captured(1), names)));
            } else if (!m.captured(2).isEmpty()) {
                m_fields.error(at,
                    QStringLiteral("'%1': a param is put in as written and takes no filter; give the filter "
                                   "in the value, e.g. with: {%2: \"{{ vars.x | literal }}\"}")
                        .arg(m.captured(0), m.captured(1)));
            }
        }
        return;
    }
    for (const auto& item : node.items)
        checkParamsUsed(*item, t);
    for (const YamlMapEntry& e : node.entries)
        checkParamsUsed(*e.value, t);
}

bool StepTemplates::spend(qint64 nodes, qint64 text, const SourceLocation& at)
{
    m_nodesLeft -= nodes;
    m_textLeft -= text;
    if (m_nodesLeft >= 0 && m_textLeft >= 0)
        return true;
    if (!m_budgetReported)
        m_fields.error(at,
            QStringLiteral("templates expand to more than %1 YAML nodes or %2 MiB of text; refusing to expand further")
                .arg(maximumExpandedNodes)
                .arg(maximumExpandedText / (1024 * 1024)));
    m_budgetReported = true;
    return false;
}

std::shared_ptr<const YamlNode> StepTemplates::substitute(
    const std::shared_ptr<const YamlNode>& node, const Arguments& arguments, bool& ok)
{
    if (!ok)
        return node;
    if (node->isScalar()) {
        if (!node->scalar.contains(QLatin1String("params.")))
            return node;
        const QString trimmed = node->scalar.trimmed();
        const QRegularExpressionMatch whole = paramPattern().match(trimmed);
        if (whole.hasMatch() && whole.capturedStart() == 0 && whole.capturedLength() == trimmed.size()) {
            const auto found = arguments.constFind(whole.captured(1));
            return found != arguments.constEnd() ? *found : node; // undeclared: reported with the template
        }
        QString text;
        qsizetype last = 0;
        auto matches = paramPattern().globalMatch(node->scalar);
        while (matches.hasNext()) {
            const QRegularExpressionMatch m = matches.next();
            const auto found = arguments.constFind(m.captured(1));
            if (found == arguments.constEnd())
                continue;
            if (!(*found)->isScalar() && !(*found)->isNull()) {
                m_fields.error(node->location.advancedBy(node->scalar, m.capturedStart()),
                    QStringLiteral("param '%1' is %2: it can only be a whole value ('{{ params.%1 }}' alone)")
                        .arg(m.captured(1), (*found)->typeName()));
                ok = false;
                return node;
            }
            text += node->scalar.mid(last, m.capturedStart() - last);
            text += (*found)->scalar;
            last = m.capturedEnd();
        }
        text += node->scalar.mid(last);
        if (!spend(1, text.size(), node->location)) {
            ok = false;
            return node;
        }
        auto copy = std::make_shared<YamlNode>(*node);
        copy->scalar = text;
        copy->location.textColumn = 0; // offsets no longer match the source
        copy->location.verbatimLines = false;
        return copy;
    }
    std::shared_ptr<YamlNode> copy;
    auto ensureCopy = [&] {
        if (!copy) {
            copy = std::make_shared<YamlNode>(*node);
            ok = spend(1, 0, node->location) && ok;
        }
    };
    for (size_t i = 0; i < node->items.size() && ok; ++i) {
        auto replaced = substitute(node->items[i], arguments, ok);
        if (replaced != node->items[i]) {
            ensureCopy();
            copy->items[i] = replaced;
        }
    }
    for (size_t i = 0; i < node->entries.size() && ok; ++i) {
        auto replaced = substitute(node->entries[i].value, arguments, ok);
        if (replaced != node->entries[i].value) {
            ensureCopy();
            copy->entries[i].value = replaced;
        }
    }
    return copy ? copy : node;
}

bool StepTemplates::reportOnce(const SourceLocation& at, const QString& message)
{
    const QString key = QStringLiteral("%1:%2:%3:%4").arg(at.file).arg(at.line).arg(at.column).arg(message);
    if (m_reported.contains(key))
        return false;
    m_reported.insert(key);
    m_fields.error(at, message);
    return true;
}

std::shared_ptr<const YamlNode> StepTemplates::expand(const std::shared_ptr<const YamlNode>& node)
{
    return expandUse(node, {}, nullptr);
}

std::shared_ptr<const YamlNode> StepTemplates::expandUse(
    const std::shared_ptr<const YamlNode>& node, QStringList chain, const Template* user)
{
    const YamlMapEntry* use = node->entry(u"use");
    if (!use)
        return node;
    // Problems of a template's own `use:` are the same for every step using it: reported once.
    auto report = [&](const SourceLocation& at, const QString& message) {
        if (user)
            reportOnce(at, message);
        else
            m_fields.error(at, message);
    };
    const std::optional<QString> name = m_fields.text(*use);
    if (!name)
        return nullptr;
    const auto found = m_templates.constFind(name->trimmed());
    if (found == m_templates.constEnd()) {
        QStringList known = m_templates.keys();
        known.sort();
        report(use->value->location,
            QStringLiteral("no template named '%1'%2 (templates: %3)")
                .arg(*name, SpellingSuggestion::didYouMean(*name, known),
                    known.isEmpty() ? QStringLiteral("none") : QStringList(known).join(QStringLiteral(", "))));
        return nullptr;
    }
    const Template& t = *found;
    if (user) {
        if (chain.contains(t.name)) {
            // One report per cycle, wherever it is entered from.
            QStringList members = chain.mid(chain.indexOf(t.name));
            members.sort();
            if (!m_reported.contains(members.join(QLatin1Char(' '))))
                reportOnce(use->value->location,
                    QStringLiteral("template cycle: %1 -> %2").arg(chain.join(QStringLiteral(" -> ")), t.name));
            m_reported.insert(members.join(QLatin1Char(' ')));
            return nullptr;
        }
        if (chain.size() >= maximumTemplateDepth) {
            if (!m_quietDepth)
                reportOnce(use->value->location,
                    QStringLiteral("templates nested deeper than %1: %2 -> %3")
                        .arg(maximumTemplateDepth)
                        .arg(chain.join(QStringLiteral(" -> ")), t.name));
            return nullptr;
        }
        if (!m_visible.value(user->file).contains(t.file)) {
            reportOnce(use->value->location,
                QStringLiteral("template '%1' cannot use template '%2' of %3: a library's templates may use those of "
                               "the library and of the files it includes")
                    .arg(user->name, t.name, t.fileName));
            return nullptr;
        }
    }
    chain.append(t.name);
    QStringList names;
    for (const Param& p : t.params)
        names.append(p.name);

    Arguments arguments;
    bool ok = true;
    const YamlMapEntry* with = node->entry(u"with");
    if (with && !with->value->isNull()) {
        if (!with->value->isMap()) {
            report(with->value->location,
                QStringLiteral("'with' must be a map of keys and values, not %1").arg(with->value->typeName()));
            return nullptr;
        }
        for (const YamlMapEntry& e : with->value->entries) {
            if (!names.contains(e.key)) {
                report(e.keyLocation,
                    QStringLiteral("template '%1' has no param '%2'%3 (params: %4)")
                        .arg(t.name, e.key, SpellingSuggestion::didYouMean(e.key, names),
                            names.isEmpty() ? QStringLiteral("none") : names.join(QStringLiteral(", "))));
                ok = false;
                continue;
            }
            arguments.insert(e.key, e.value);
        }
    }
    for (const Param& p : t.params) {
        if (arguments.contains(p.name))
            continue;
        if (p.defaultValue) {
            arguments.insert(p.name, p.defaultValue);
        } else {
            report(with ? with->keyLocation : use->keyLocation,
                QStringLiteral("template '%1' needs param '%2' in 'with:'").arg(t.name, p.name));
            ok = false;
        }
    }
    if (!ok)
        return nullptr;

    std::shared_ptr<const YamlNode> body = substitute(t.body, arguments, ok);
    if (!ok)
        return nullptr;
    // The template's own `use:` (its params already put into its `with:`): its keys win over the inner template's.
    body = expandUse(body, chain, &t);
    if (!body || !spend(1 + qint64(node->entries.size()), 0, node->location))
        return nullptr;
    auto merged = std::make_shared<YamlNode>();
    merged->type = YamlNode::Type::Map;
    merged->location = node->location;
    for (const YamlMapEntry& e : body->entries) {
        if (!node->entry(e.key))
            merged->entries.push_back(e);
    }
    for (const YamlMapEntry& e : node->entries) {
        if (e.key != QLatin1String("use") && e.key != QLatin1String("with"))
            merged->entries.push_back(e);
    }
    return merged;
}
