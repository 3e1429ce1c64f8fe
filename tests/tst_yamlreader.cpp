#include "runbook/documentloader.h"
#include "runbook/yamlreader.h"

#include <QtTest>

// Hostile and broken input: every case must end in one clear error, fast.
class TestYamlReader : public QObject {
    Q_OBJECT
private slots:
    void rejectsPathologicalInput_data();
    void rejectsPathologicalInput();
    void reportsDuplicateKeys();
    void keepsLocations();
    void sharesAliasedNodes();
    void readsFilesFromDisk();
};

namespace {
QByteArray repeated(const QByteArray& part, int times)
{
    QByteArray out;
    out.reserve(part.size() * times);
    for (int i = 0; i < times; ++i)
        out += part;
    return out;
}

QByteArray aliasBomb()
{
    QByteArray out
        = "runbook: laughs\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n";
    const char* names = "abcdefghij";
    for (int level = 1; level < 10; ++level) {
        const char name = names[level];
        const char previous = names[level - 1];
        out += QByteArray(1, name) + ": &" + QByteArray(1, name) + " [";
        for (int i = 0; i < 9; ++i)
            out += (i ? QByteArray(",*") : QByteArray("*")) + QByteArray(1, previous);
        out += "]\n";
    }
    return out;
}

QByteArray deepBlockMapping(int depth)
{
    QByteArray out = "runbook: deep\nphases:\n";
    for (int i = 0; i < depth; ++i)
        out += QByteArray(i + 2, ' ') + "k" + QByteArray::number(i) + ":\n";
    return out;
}
} // namespace

void TestYamlReader::rejectsPathologicalInput_data()
{
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QString>("message");

    QTest::addRow("empty")
        << QByteArray()
        << "t.yaml:1:1: file is empty; expected a runbook ('runbook:' key) or an inventory ('cluster:' key)";
    QTest::addRow("comments only")
        << QByteArray("# nothing\n\n   # here\n")
        << "t.yaml:1:1: file is empty; expected a runbook ('runbook:' key) or an inventory ('cluster:' key)";
    QTest::addRow("binary") << QByteArray("\x7f"
                                          "ELF\x02\x01\x01\x00\x00\x00",
        10) << "t.yaml:1:8: file contains a NUL byte; is it a binary file?";
    QTest::addRow("nul in text") << QByteArray("runbook: a\nphases: \0[]\n", 23)
                                 << "t.yaml:2:9: file contains a NUL byte; is it a binary file?";
    QTest::addRow("invalid utf-8") << QByteArray("runbook: caf\xe9\n")
                                   << "t.yaml:1:13: file is not valid UTF-8 (byte 0xe9 at offset 12)";
    QTest::addRow("overlong utf-8") << QByteArray("runbook: \xc0\xaf\n")
                                    << "t.yaml:1:10: file is not valid UTF-8 (byte 0xc0 at offset 9)";
    QTest::addRow("utf-8 surrogate") << QByteArray("runbook: \xed\xa0\x80\n")
                                     << "t.yaml:1:10: file is not valid UTF-8 (byte 0xed at offset 9)";
    QTest::addRow("truncated utf-8") << QByteArray("runbook: \xe2\x82")
                                     << "t.yaml:1:10: file is not valid UTF-8 (byte 0xe2 at offset 9)";
    QTest::addRow("utf-16") << QByteArray("\xff\xfer\0u\0", 6)
                            << "t.yaml:1:4: file contains a NUL byte; is it a binary file?";
    QTest::addRow("5 MiB") << ("runbook: big\n" + repeated("# padding line\n", 5 * 1024 * 1024 / 15 + 1))
                           << "t.yaml:1:1: file is larger than 4 MiB; runbooks and inventories are far smaller";
    QTest::addRow("deep flow sequences") << ("runbook: x\nphases: " + repeated("[", 100000) + repeated("]", 100000))
                                         << "t.yaml:2:72: nested deeper than 64 levels; refusing to read further";
    QTest::addRow("deep flow maps") << ("runbook: x\nphases: " + repeated("{a: ", 100000) + "1" + repeated("}", 100000))
                                    << "t.yaml:2:261: nested deeper than 64 levels; refusing to read further";
    QTest::addRow("deep block sequences") << ("runbook: x\nphases:\n" + repeated("- ", 100000) + "x")
                                          << "t.yaml:3:127: nested deeper than 64 levels; refusing to read further";
    QTest::addRow("deep block maps") << deepBlockMapping(1500)
                                     << "t.yaml:66:66: nested deeper than 64 levels; refusing to read further";
    QTest::addRow("alias bomb")
        << aliasBomb()
        << "t.yaml:7:11: more than 200000 YAML nodes once aliases are expanded; refusing to read "
           "further (an alias bomb?)";
    QTest::addRow("many nodes")
        << ("runbook: x\nphases: [" + repeated("1,", 300000) + "1]")
        << "t.yaml:2:400000: more than 200000 YAML nodes once aliases are expanded; refusing to "
           "read further (an alias bomb?)";
    QTest::addRow("alias inside itself") << QByteArray("runbook: x\nphases: &p [*p]\n")
                                         << "t.yaml:2:13: alias '*p' refers to a node that contains it";
    QTest::addRow("unknown alias") << QByteArray("runbook: *nothing\n")
                                   << "t.yaml:1:10: YAML syntax error: the referenced anchor is not defined";
    QTest::addRow("two documents") << QByteArray("runbook: a\n---\ncluster: b\n")
                                   << "t.yaml:2:1: a file holds one YAML document; found another one here";
    QTest::addRow("unclosed flow") << QByteArray("runbook: a\nphases: [\n")
                                   << "t.yaml:3:1: YAML syntax error: end of sequence flow not found";
    QTest::addRow("bad indentation") << QByteArray("runbook: a\n  phases: []\n")
                                     << "t.yaml:2:9: YAML syntax error: illegal map value";
    QTest::addRow("tab indentation") << QByteArray("runbook: a\nphases:\n\t- x\n")
                                     << "t.yaml:3:2: YAML syntax error: illegal block entry";
    QTest::addRow("list as key") << QByteArray("? [a]\n: b\n") << "t.yaml:1:3: a key must be text, not a list";
    QTest::addRow("top-level list")
        << QByteArray("- runbook: a\n")
        << "t.yaml:1:1: expected a runbook ('runbook:' key) or an inventory ('cluster:' key), "
           "found a list";
    QTest::addRow("top-level text")
        << QByteArray("just words\n")
        << "t.yaml:1:1: expected a runbook ('runbook:' key) or an inventory ('cluster:' key), "
           "found text";
    QTest::addRow("neither kind") << QByteArray(
        "name: x\n") << "t.yaml:1:1: neither a runbook (no 'runbook:' key) nor an inventory (no 'cluster:' key)";
    QTest::addRow("both kinds")
        << QByteArray("runbook: x\ncluster: y\n")
        << "t.yaml:2:1: a file is a runbook ('runbook:') or an inventory ('cluster:'), not both";
}

void TestYamlReader::rejectsPathologicalInput()
{
    QFETCH(QByteArray, data);
    QFETCH(QString, message);
    QElapsedTimer timer;
    timer.start();
    const LoadedDocument loaded = DocumentLoader::loadData(data, QStringLiteral("t.yaml"));
    QVERIFY2(timer.elapsed() < 3000, qPrintable(QStringLiteral("took %1 ms").arg(timer.elapsed())));
    QVERIFY(!loaded.ok());
    QCOMPARE(loaded.diagnostics.size(), 1);
    QCOMPARE(loaded.diagnostics.first().toString(), message);
}

void TestYamlReader::reportsDuplicateKeys()
{
    const YamlDocument document
        = YamlReader::readData("runbook: a\nphases: []\nrunbook: b\n", QStringLiteral("d.yaml"));
    QVERIFY(document.root);
    QCOMPARE(document.diagnostics.size(), 1);
    QCOMPARE(document.diagnostics.first().toString(),
        QStringLiteral("d.yaml:3:1: duplicate key 'runbook' (first given at line 1, column 1)"));
    QCOMPARE(document.root->value(u"runbook")->scalar, QStringLiteral("a")); // the first one is kept
}

void TestYamlReader::keepsLocations()
{
    const YamlDocument document = YamlReader::readData(
        "runbook: plain\nquoted: \"in quotes\"\nblock: |\n  line one\n  line two\nlist:\n  - one\n  - 'two'\n",
        QStringLiteral("l.yaml"));
    QVERIFY(document.ok());
    const YamlNode& root = *document.root;
    QCOMPARE(root.entry(u"quoted")->keyLocation.line, 2);
    QCOMPARE(root.entry(u"quoted")->keyLocation.column, 1);
    const YamlNode* plain = root.value(u"runbook");
    QCOMPARE(plain->location.line, 1);
    QCOMPARE(plain->location.column, 10);
    QCOMPARE(plain->location.textColumn, 10);
    QVERIFY(!plain->quoted);
    const YamlNode* quoted = root.value(u"quoted");
    QCOMPARE(quoted->location.column, 9);
    QCOMPARE(quoted->location.textColumn, 10); // past the opening quote
    QVERIFY(quoted->quoted);
    QCOMPARE(quoted->location.advancedBy(quoted->scalar, 3).column, 13);
    const YamlNode* block = root.value(u"block");
    QCOMPARE(block->scalar, QStringLiteral("line one\nline two\n"));
    QCOMPARE(block->location.textColumn, 0); // not verbatim: offsets fall back to the start
    QCOMPARE(block->location.advancedBy(block->scalar, 5).column, block->location.column);
    const YamlNode* list = root.value(u"list");
    QCOMPARE(int(list->items.size()), 2);
    QCOMPARE(list->items[1]->location.line, 8);
    QCOMPARE(list->items[1]->location.column, 5);
}

void TestYamlReader::sharesAliasedNodes()
{
    const YamlDocument document = YamlReader::readData("base: &b {x: 1, y: 2}\ncopy: *b\n", QStringLiteral("a.yaml"));
    QVERIFY(document.ok());
    QCOMPARE(document.root->value(u"base"), document.root->value(u"copy"));
    // base map: itself + 2 keys + 2 values; the root counts the alias as expanded.
    QCOMPARE(document.root->value(u"base")->weight, qint64(5));
    QCOMPARE(document.root->weight, qint64(1 + 1 + 5 + 1 + 5));
}

void TestYamlReader::readsFilesFromDisk()
{
    const YamlDocument missing = YamlReader::readFile(QStringLiteral("/nonexistent/runbook.yaml"));
    QCOMPARE(missing.diagnostics.size(), 1);
    QCOMPARE(missing.diagnostics.first().toString(),
        QStringLiteral("/nonexistent/runbook.yaml:1:1: cannot read file: No such file or directory"));
    const YamlDocument directory = YamlReader::readFile(QStringLiteral(RBC_TEST_DATA_DIR));
    QCOMPARE(directory.diagnostics.first().message, QStringLiteral("is a directory, not a YAML file"));

    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("huge.yaml"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write("runbook: big\n");
    file.write(QByteArray(5 * 1024 * 1024, '#'));
    file.close();
    const YamlDocument huge = YamlReader::readFile(path);
    QCOMPARE(huge.diagnostics.size(), 1);
    QCOMPARE(huge.diagnostics.first().message,
        QStringLiteral("file is larger than 4 MiB; runbooks and inventories are far smaller"));
}

QTEST_GUILESS_MAIN(TestYamlReader)
#include "tst_yamlreader.moc"
