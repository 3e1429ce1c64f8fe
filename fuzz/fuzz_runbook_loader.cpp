// libFuzzer entry point: any bytes given to the loader must end in a runbook, an inventory or
// diagnostics; never a crash, a hang or a sanitizer report. Valid documents are also checked
// against a fixed counterpart and rendered, so the validator, renderer and plan writer see them.

#include "runbook/documentloader.h"
#include "runbook/duration.h"
#include "runbook/planwriter.h"
#include "runbook/runbookvalidator.h"
#include "runbook/templatedfield.h"
#include "runbook/templaterenderer.h"

#include <cstddef>
#include <cstdint>

namespace {

const char* const fixedInventory = R"(cluster: fuzz
nodes:
  db1: {conninfo: "host=127.0.0.1 port=5432 password=secret", host: local, run_as: postgres, datadir: /d1, bindir: /b, port: 5432, role: primary, version: "15"}
  db2: {conninfo: "postgresql://u:p@h/app", host: postgres@db2, port: 5433, role: replica, upstream: db1}
aliases: {old_primary: db1, new_primary: db2, primary: db1, replica: db2, db: db1}
endpoints:
  app: {kind: pgbouncer, conninfo: "host=pgb", admin_conninfo: "host=pgb dbname=pgbouncer", config: /p.ini, database: app, host: local, routes_to: db1}
vars: {table: t, new_bindir: /b}
)";

const char* const fixedRunbook = R"(runbook: fuzz
requires: {nodes: [old_primary, new_primary, db1], endpoints: [app]}
vars: {table: x}
phases:
  - name: p
    steps:
      - id: a
        shell: ls {{ nodes.old_primary.datadir }} {{ vars.table }}
        on: old_primary
      - id: b
        switch: {endpoint: app, to: new_primary}
)";

const LoadedDocument& inventory()
{
    static const LoadedDocument loaded = DocumentLoader::loadData(QByteArray(fixedInventory), QStringLiteral("i.yaml"));
    return loaded;
}

const LoadedDocument& runbook()
{
    static const LoadedDocument loaded = DocumentLoader::loadData(QByteArray(fixedRunbook), QStringLiteral("r.yaml"));
    return loaded;
}

void renderAll(const Runbook& rb, const Inventory& inv)
{
    const RunInfo run { QStringLiteral("run-1"), QDateTime::currentDateTimeUtc(), QStringLiteral("rehearsal") };
    const TemplateRenderer renderer(rb, &inv, &run);
    for (const Step* step : rb.steps()) {
        QList<TemplatedField> fields = templatedFields(*step);
        if (step->rollback)
            fields += templatedFields(*step->rollback);
        for (const TemplatedField& field : fields) {
            renderer.render(field.text, field.target, TemplateRenderer::Mode::Execution);
            renderer.render(field.text, field.target, TemplateRenderer::Mode::Display);
        }
    }
    (void)PlanWriter::write(rb, inv);
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char*>(data), qsizetype(size));
    const LoadedDocument loaded = DocumentLoader::loadData(bytes, QStringLiteral("fuzz.yaml"));
    for (const Diagnostic& d : loaded.diagnostics)
        (void)d.toString();

    if (loaded.runbook && inventory().inventory) {
        (void)RunbookValidator::validate(*loaded.runbook, &*inventory().inventory);
        renderAll(*loaded.runbook, *inventory().inventory);
    }
    if (loaded.inventory && runbook().runbook) {
        (void)RunbookValidator::validate(*runbook().runbook, &*loaded.inventory);
        renderAll(*runbook().runbook, *loaded.inventory);
    }

    // Short inputs double as durations and template text.
    if (size < 256) {
        const QString text = QString::fromUtf8(bytes);
        (void)Duration::parse(text);
        if (loaded.runbook)
            (void)TemplateRenderer(*loaded.runbook).check(text, TemplateTarget::Sql);
        else if (runbook().runbook)
            (void)TemplateRenderer(*runbook().runbook, &*inventory().inventory)
                .render(text, TemplateTarget::Shell, TemplateRenderer::Mode::Display);
    }
    return 0;
}
