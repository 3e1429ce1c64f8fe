#pragma once
// Named step templates of a runbook (`templates:`) and of the libraries it includes (`include:`),
// and their expansion into the steps that use them (`use: NAME` with `with: {PARAM: value}`).
// A template is a step map without an id; `{{ params.NAME }}` in its values is replaced by the
// value given in `with:` (or the param's default) as written, before the usual templating, so a
// value may itself hold `{{ vars.x | literal }}`. A value that is `{{ params.NAME }}` alone takes
// the given value whole (a list of statements, a map). Keys written on the using step win over the
// template's. A template may itself use another (`use:` and `with:` in it, the outer template's params
// usable in the inner `with:`), at most maximumTemplateDepth deep and never in a cycle; a library's
// template may use those of the library and of the libraries it includes, a runbook's any it knows.
// Locations stay those of the file each part was written in.

#include "runbook/yamlfieldreader.h"
#include "runbook/yamlnode.h"

#include <QHash>
#include <QSet>
#include <memory>

class StepTemplates {
public:
    explicit StepTemplates(YamlFieldReader& fields);

    // Reads `include:` and `templates:` of `root`, written in `file` (a runbook or a library).
    void readFrom(const YamlNode& root, const QString& file);
    // The step map `node` with its `use:` expanded; `node` itself when it uses no template;
    // nullptr when the use is wrong (reported).
    std::shared_ptr<const YamlNode> expand(const std::shared_ptr<const YamlNode>& node);

    // Relative paths in a runbook are relative to the file they are written in.
    static QString resolvePath(const QString& path, const QString& fromFile);

    // Expansion stops beyond this many nodes made, like the YAML reader's alias limit.
    static constexpr qint64 maximumExpandedNodes = 200000;
    static constexpr qint64 maximumExpandedText = 16 * 1024 * 1024;
    static constexpr int maximumIncludeDepth = 16;
    static constexpr int maximumTemplateDepth = 8;

private:
    struct Param {
        QString name;
        std::shared_ptr<const YamlNode> defaultValue; // null: required
    };
    struct Template {
        QString name;
        SourceLocation location;
        std::shared_ptr<const YamlNode> body; // the step keys, without `params`
        QList<Param> params;
        QString file; // canonical path of the file it is written in
        QString fileName; // the same, as named in messages
    };
    using Arguments = QHash<QString, std::shared_ptr<const YamlNode>>;

    // The template `use:` in `node` names, with its params from `with:`, merged under the keys of
    // `node`; `chain` holds the templates being expanded (outermost first), `user` the innermost.
    std::shared_ptr<const YamlNode> expandUse(
        const std::shared_ptr<const YamlNode>& node, QStringList chain, const Template* user);
    bool reportOnce(const SourceLocation& at, const QString& message);
    void checkTemplatesUsingTemplates();
    void readIncludes(const YamlMapEntry& entry, const QString& file);
    void readTemplates(const YamlMapEntry& entry);
    bool readParams(const YamlMapEntry& entry, Template& t);
    void checkParamsUsed(const YamlNode& node, const Template& t);
    std::shared_ptr<const YamlNode> substitute(
        const std::shared_ptr<const YamlNode>& node, const Arguments& arguments, bool& ok);
    bool spend(qint64 nodes, qint64 text, const SourceLocation& at);

    YamlFieldReader& m_fields;
    QStringList m_chain; // files being read, outermost first, as named in messages
    QStringList m_chainKeys; // the same, canonical
    QSet<QString> m_read; // canonical paths of libraries read already
    QHash<QString, Template> m_templates;
    // Canonical path of each file read → that file and those it includes, directly or not: whose
    // templates the templates written in it may use.
    QHash<QString, QSet<QString>> m_visible;
    QSet<QString> m_reported; // errors in templates, reported once however many steps use them
    bool m_quietDepth = false; // checking a template others use: its callers report a chain too deep
    qint64 m_nodesLeft = maximumExpandedNodes;
    qint64 m_textLeft = maximumExpandedText;
    bool m_budgetReported = false;
};
