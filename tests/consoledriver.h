#pragma once
// Drives the real `runbook-console` binary the way an operator's shell would: with its own HOME and
// XDG directories inside a test directory, stdin closed (not a TTY), no display; keeps exit code,
// stdout and stderr; reads a run back through `export --format json`.

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QString>
#include <optional>

struct CliResult {
    bool started = false;
    bool finished = false;
    bool crashed = false;
    int exitCode = -1;
    qint64 ms = 0;
    QString out;
    QString err;

    QString describe() const
    {
        return QStringLiteral("exit %1%2 after %3 ms\n--- stdout:\n%4--- stderr:\n%5")
            .arg(exitCode)
            .arg(crashed ? QStringLiteral(" (crashed)") : finished ? QString() : QStringLiteral(" (timed out)"))
            .arg(ms)
            .arg(out, err);
    }
};

inline const QRegularExpression& runIdPattern()
{
    static const QRegularExpression id(QStringLiteral("^\\d{8}-\\d{6}-[0-9a-f]{4}$"));
    return id;
}

// "step=outcome" per journaled step, rollback steps as "undo:step=outcome", in journal order.
inline QStringList stepOrder(const QJsonObject& run)
{
    QStringList order;
    for (const QJsonValue& v : run.value(QStringLiteral("steps")).toArray()) {
        const QJsonObject s = v.toObject();
        order << (s.value(QStringLiteral("rollback")).toBool() ? QStringLiteral("undo:") : QString())
                + s.value(QStringLiteral("step_id")).toString() + QLatin1Char('=') + s.value(QStringLiteral("outcome")).toString();
    }
    return order;
}

class ConsoleDriver {
public:
    // Everything of the binary's own (default journal, settings) stays inside `root`.
    bool setUp(const QString& root)
    {
        m_root = root;
        for (const char* d : { "home", "xdg/data", "xdg/config", "xdg/cache", "xdg/runtime", "runbooks", "journals" })
            if (!QDir().mkpath(path(QString::fromLatin1(d))))
                return false;
        QFile::setPermissions(path(QStringLiteral("xdg/runtime")), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner);
        m_env = QProcessEnvironment::systemEnvironment();
        m_env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
        m_env.insert(QStringLiteral("HOME"), path(QStringLiteral("home")));
        m_env.insert(QStringLiteral("XDG_DATA_HOME"), path(QStringLiteral("xdg/data")));
        m_env.insert(QStringLiteral("XDG_CONFIG_HOME"), path(QStringLiteral("xdg/config")));
        m_env.insert(QStringLiteral("XDG_CACHE_HOME"), path(QStringLiteral("xdg/cache")));
        m_env.insert(QStringLiteral("XDG_RUNTIME_DIR"), path(QStringLiteral("xdg/runtime")));
        // The binary speaks the environment's language; tests read its English unless they ask otherwise.
        m_env.insert(QStringLiteral("LANGUAGE"), QStringLiteral("en"));
        m_env.remove(QStringLiteral("PGPASSWORD"));
        m_env.remove(QStringLiteral("PGSERVICE"));
        return true;
    }

    QString path(const QString& name) const { return m_root + QLatin1Char('/') + name; }
    QProcessEnvironment& environment() { return m_env; }
    // Another build of the console to drive (e.g. runbook-console-faults, with kill points).
    void setBinary(const QString& binary) { m_binary = binary; }

    // Starts the binary (or `program` with `args` when given, e.g. a shell around it) without waiting.
    void start(QProcess& p, const QStringList& args, const QString& program = QString()) const
    {
        p.setProcessEnvironment(m_env);
        p.start(program.isEmpty() ? m_binary : program, args);
        if (p.waitForStarted(10000))
            p.closeWriteChannel(); // nobody at the keyboard: stdin is closed, and not a TTY
    }

    CliResult finish(QProcess& p, int timeoutMs, const QElapsedTimer& since) const
    {
        CliResult r;
        r.started = p.state() != QProcess::NotRunning || p.error() != QProcess::FailedToStart;
        r.finished = p.state() == QProcess::NotRunning || p.waitForFinished(timeoutMs);
        if (!r.finished) {
            p.kill();
            p.waitForFinished(5000);
        }
        r.ms = since.elapsed();
        r.crashed = p.exitStatus() == QProcess::CrashExit;
        r.exitCode = r.finished && !r.crashed ? p.exitCode() : -1;
        r.out = QString::fromUtf8(p.readAllStandardOutput());
        r.err = QString::fromUtf8(p.readAllStandardError());
        return r;
    }

    CliResult run(const QStringList& args, int timeoutMs = 90000) const
    {
        QElapsedTimer t;
        t.start();
        QProcess p;
        start(p, args);
        if (p.state() == QProcess::NotRunning && p.error() == QProcess::FailedToStart) {
            CliResult r;
            r.err = p.errorString();
            return r;
        }
        return finish(p, timeoutMs, t);
    }

    QString writeRunbook(const QString& name, const QByteArray& yaml) const
    {
        const QString file = path(QStringLiteral("runbooks/%1.yaml").arg(name));
        QFile f(file);
        if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(yaml) != yaml.size())
            return {};
        return file;
    }

    QString journalPath(const QString& name) const { return path(QStringLiteral("journals/%1.sqlite").arg(name)); }

    std::optional<QJsonObject> exportJson(const QString& journal, const QString& run = QStringLiteral("last")) const
    {
        const CliResult r = this->run({ QStringLiteral("export"), run, QStringLiteral("--format"), QStringLiteral("json"),
            QStringLiteral("--journal"), journal });
        if (r.exitCode != 0) {
            qWarning("export failed: %s", qPrintable(r.describe()));
            return std::nullopt;
        }
        QJsonParseError pe;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &pe);
        if (!doc.isObject()) {
            qWarning("export is not a JSON object: %s", qPrintable(pe.errorString()));
            return std::nullopt;
        }
        return doc.object();
    }

private:
    QString m_root;
    QProcessEnvironment m_env;
    QString m_binary = QStringLiteral(RBC_CONSOLE_BINARY);
};
