// Every input the fuzzer ever crashed on (fuzz/regressions/, where scripts/test copies a new crash
// from fuzz-artifacts/), and the committed corpus, through the fuzz target's own entry point: in the
// sanitizer build a regression is a memory error or undefined behaviour report, not just a crash.
#include <QDir>
#include <QFile>
#include <QTest>

#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

class TestFuzzRegressions : public QObject {
    Q_OBJECT
private slots:
    void inputs_data();
    void inputs();
};

void TestFuzzRegressions::inputs_data()
{
    QTest::addColumn<QString>("path");
    for (const char* dir : { RBC_FUZZ_REGRESSIONS_DIR, RBC_FUZZ_CORPUS_DIR }) {
        const QDir d(QString::fromUtf8(dir));
        for (const QFileInfo& f : d.entryInfoList(QDir::Files, QDir::Name)) {
            if (f.fileName() == QLatin1String("README.md"))
                continue;
            QTest::addRow("%s/%s", qPrintable(d.dirName()), qPrintable(f.fileName())) << f.filePath();
        }
    }
}

void TestFuzzRegressions::inputs()
{
    QFETCH(QString, path);
    QFile f(path);
    QVERIFY(f.open(QIODevice::ReadOnly));
    const QByteArray bytes = f.readAll();
    QCOMPARE(LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.constData()), size_t(bytes.size())), 0);
}

QTEST_GUILESS_MAIN(TestFuzzRegressions)
#include "tst_fuzzregressions.moc"
