#include "cli/validatecommand.h"

#include <QTextStream>
#include <QtTest>

class TestValidateCommand : public QObject {
    Q_OBJECT
private slots:
    void exitsAndPrints_data();
    void exitsAndPrints();
};

namespace {
const QString dataDir = QStringLiteral(RBC_TEST_DATA_DIR "/runbook/");
const QString example = QStringLiteral(RBC_SOURCE_DIR "/runbooks/examples/hello.yaml");
} // namespace

void TestValidateCommand::exitsAndPrints_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("out");
    QTest::addColumn<QString>("err");

    QTest::addRow("valid runbook and inventory")
        << QStringList { example, dataDir + "sandbox-inventory.yaml" } << 0
        << QStringLiteral("%1: ok (runbook)\n%2sandbox-inventory.yaml: ok (inventory)\n").arg(example, dataDir)
        << QString();
    QTest::addRow("runbook against inventory")
        << QStringList { example, "--inventory", dataDir + "sandbox-inventory.yaml" } << 0
        << QStringLiteral("%2sandbox-inventory.yaml: ok (inventory)\n%1: ok (runbook)\n").arg(example, dataDir)
        << QString();
    QTest::addRow("inventory given twice is checked once")
        << QStringList { dataDir + "sandbox-inventory.yaml", "--inventory=" + dataDir + "sandbox-inventory.yaml" } << 0
        << QStringLiteral("%1sandbox-inventory.yaml: ok (inventory)\n").arg(dataDir) << QString();
    QTest::addRow("one bad file among good ones")
        << QStringList { dataDir + "minimal-runbook.yaml", dataDir + "bad-downtime.yaml" } << 2
        << QStringLiteral("%1minimal-runbook.yaml: ok (runbook)\n").arg(dataDir)
        << QStringLiteral("%1bad-downtime.yaml:7:19: 'reads-end' without an earlier 'reads-begin'\n"
                          "%1bad-downtime.yaml:13:19: 'writes-begin' again before 'writes-end' (the window opened at "
                          "line 10, column 19)\n"
                          "%1bad-downtime.yaml:18:19: 'reads-begin' is never ended by a 'reads-end'\n")
               .arg(dataDir);
    QTest::addRow("runbook valid alone, not on this inventory")
        << QStringList { dataDir + "needs-more.yaml", "-i", dataDir + "sandbox-inventory.yaml" } << 2
        << QStringLiteral("%1sandbox-inventory.yaml: ok (inventory)\n").arg(dataDir)
        << QStringLiteral(
               "%1needs-more.yaml:3:24: required node 'witness' is not in inventory %1sandbox-inventory.yaml: no node "
               "or "
               "alias of that name\n"
               "%1needs-more.yaml:4:20: required endpoint 'reporting' is not in inventory %1sandbox-inventory.yaml\n"
               "%1needs-more.yaml:12:45: undefined template path 'vars.archive_dir': the inventory does not set var "
               "'archive_dir' and the runbook gives no default\n"
               "%1needs-more.yaml:15:30: undefined template path 'nodes.old_primary.upstream': node 'db1' "
               "(old_primary) in the inventory has no 'upstream'\n")
               .arg(dataDir);
    QTest::addRow("runbook given as inventory")
        << QStringList { "--inventory", example } << 2 << QString()
        << QStringLiteral("%1:1:1: expected an inventory, but this file is a runbook ('runbook:' key)\n").arg(example);
    const QString library = QStringLiteral(RBC_SOURCE_DIR "/runbooks/lib/server-left-behind.yaml");
    QTest::addRow("the shipped library") << QStringList { library } << 0 << QStringLiteral("%1: ok (library)\n").arg(library)
                                         << QString();
    QTest::addRow("a library including itself")
        << QStringList { dataDir + "reuse/lib/cycle-b.yaml" } << 2 << QString()
        << QStringLiteral("%1reuse/lib/cycle-c.yaml:2:11: include cycle: %1reuse/lib/cycle-b.yaml -> %1reuse/lib/cycle-c.yaml -> "
                          "%1reuse/lib/cycle-b.yaml\n"
                          "%1reuse/lib/cycle-c.yaml:2:25: include '../good.yaml' is not a library: an included file holds "
                          "'library:', 'include:' and 'templates:' only\n"
                          "%1reuse/lib/cycle-c.yaml:2:39: include 'nowhere.yaml': no such file (%1reuse/lib/nowhere.yaml)\n")
               .arg(dataDir);
    QTest::addRow("a library with problems of its own")
        << QStringList { dataDir + "reuse/lib/broken.yaml" } << 2 << QString()
        << QStringLiteral("%1reuse/lib/broken.yaml:6:17: param 'a' is listed twice\n"
                          "%1reuse/lib/broken.yaml:7:11: template 'check' uses params.b, which its 'params' does not list; did "
                          "you mean 'a'?\n")
               .arg(dataDir);
    QTest::addRow("library given as inventory")
        << QStringList { "--inventory", library } << 2 << QString()
        << QStringLiteral("%1:1:1: expected an inventory, but this file is a library of step templates ('library:' key)\n").arg(library);
    QTest::addRow("missing file") << QStringList { "/nonexistent.yaml" } << 2 << QString()
                                  << "/nonexistent.yaml:1:1: cannot read file: No such file or directory\n";
    QTest::addRow("no file") << QStringList() << 2 << QString()
                             << "validate: no file given\nusage: runbook-console validate FILE... [--inventory INV]\n";
    QTest::addRow("unknown option") << QStringList { "--frobnicate", example } << 2 << QString()
                                    << "validate: Unknown option 'frobnicate'.\nusage: runbook-console validate "
                                       "FILE... [--inventory INV]\n";
}

void TestValidateCommand::exitsAndPrints()
{
    QFETCH(QStringList, args);
    QFETCH(int, exitCode);
    QFETCH(QString, out);
    QFETCH(QString, err);
    QString outText;
    QString errText;
    QTextStream outStream(&outText);
    QTextStream errStream(&errText);
    QCOMPARE(runValidateCommand(args, outStream, errStream), exitCode);
    outStream.flush();
    errStream.flush();
    QCOMPARE(errText, err);
    QCOMPARE(outText, out);
}

QTEST_GUILESS_MAIN(TestValidateCommand)
#include "tst_validatecommand.moc"
