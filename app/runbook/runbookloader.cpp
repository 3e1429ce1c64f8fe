#include "runbook/runbookloader.h"

#include "runbook/spellingsuggestion.h"
#include "runbook/steptemplates.h"
#include "runbook/yamlfieldreader.h"
#include "runbook/yamlreader.h"

#include <QCoreApplication>
#include <QRegularExpression>

namespace {

const QStringList kindKeys = { QStringLiteral("sql"), QStringLiteral("shell"), QStringLiteral("wait"),
    QStringLiteral("manual"), QStringLiteral("switch"), QStringLiteral("batch") };

// Kinds whose text is in a file of its own, relative to the file that names it.
const QStringList fileKindKeys = { QStringLiteral("sql_file"), QStringLiteral("shell_file") };
// `check:` is a sql step whose result decides whether it passes.
const QString checkKey = QStringLiteral("check");
const QStringList checkExpectations = { QStringLiteral("no-rows"), QStringLiteral("true") };

const QStringList stepKeys = QStringList { QStringLiteral("id"), QStringLiteral("title"), QStringLiteral("when"), checkKey } + kindKeys + fileKindKeys
    + QStringList { QStringLiteral("on"), QStringLiteral("expected"), QStringLiteral("timeout"),
          QStringLiteral("retries"), QStringLiteral("retry_delay"), QStringLiteral("retry_from"), QStringLiteral("lock_timeout"),
          QStringLiteral("statement_timeout"), QStringLiteral("idempotent"), QStringLiteral("rollback"), QStringLiteral("on_failure"),
          QStringLiteral("point_of_no_return"), QStringLiteral("downtime"), QStringLiteral("decision") };

const QStringList notInRollback = { QStringLiteral("id"), QStringLiteral("when"), QStringLiteral("rollback"), QStringLiteral("on_failure"),
    QStringLiteral("point_of_no_return"), QStringLiteral("downtime"), QStringLiteral("decision") };

const QStringList defaultKeys = { QStringLiteral("on"), QStringLiteral("timeout"), QStringLiteral("retries"),
    QStringLiteral("retry_delay"), QStringLiteral("lock_timeout"), QStringLiteral("statement_timeout"),
    QStringLiteral("shell_prelude"), QStringLiteral("session") };

// `defaults:` of the runbook, overridden key by key by those of a phase, then by the step's own keys.
struct StepDefaults {
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
        if (const YamlMapEntry* e = root.entry(u"defaults"))
            m_defaults = readDefaults(*e, StepDefaults(), QCoreApplication::translate("Validation", "the runbook"));
                QStringLiteral("cutover"), QStringLiteral("hold_max"), QStringLiteral("phases") },
            QStringLiteral("the runbook"));
