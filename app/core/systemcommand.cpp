#include "systemcommand.h"

#include <QProcess>
#include <QProcessEnvironment>
#include <unistd.h>

QString CommandOutcome::describe(const QString& what) const
{
    if (!started)
        return QStringLiteral("%1: could not start: %2").arg(what, output.trimmed());
    if (timedOut)
        return QStringLiteral("%1: timed out").arg(what);
    QString tail = output.trimmed();
    if (tail.size() > 2000)
        tail = QStringLiteral("...") + tail.right(2000);
    return QStringLiteral("%1: exit code %2%3").arg(what).arg(exitCode).arg(tail.isEmpty() ? QString() : QStringLiteral("\n") + tail);
}

SystemCommand::SystemCommand(QString program, QStringList args)
    : m_program(std::move(program))
    , m_args(std::move(args))
{
}

SystemCommand& SystemCommand::asUser(const QString& user)
{
    m_user = user;
    return *this;
}

SystemCommand& SystemCommand::inDirectory(const QString& dir)
{
    m_dir = dir;
    return *this;
}

SystemCommand& SystemCommand::withEnv(const QString& name, const QString& value)
{
    m_env << name + QLatin1Char('=') + value;
    return *this;
}

SystemCommand& SystemCommand::withTimeout(int ms)
{
    m_timeoutMs = ms;
    return *this;
}

SystemCommand& SystemCommand::inNamespacesOf(qint64 pid)
{
    m_namespacePid = pid;
    return *this;
}

bool SystemCommand::runningAsRoot()
{
    return geteuid() == 0;
}

CommandOutcome SystemCommand::run() const
{
    QProcess proc;
    proc.setProcessChannelMode(QProcess::MergedChannels);
    proc.setStandardInputFile(QProcess::nullDevice());
    if (!m_dir.isEmpty())
        proc.setWorkingDirectory(m_dir);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const QString& kv : m_env)
        env.insert(kv.section(QLatin1Char('='), 0, 0), kv.section(QLatin1Char('='), 1));
    proc.setProcessEnvironment(env);

    QString program = m_program;
    QStringList args = m_args;
    if (!m_user.isEmpty()) {
        // runuser resets HOME and friends; our own variables go through env(1) explicitly.
        QStringList wrapped { QStringLiteral("-u"), m_user, QStringLiteral("--") };
        if (!m_env.isEmpty())
            wrapped << QStringLiteral("env") << m_env;
        wrapped << program << args;
        program = QStringLiteral("runuser");
        args = wrapped;
    }
    if (m_namespacePid > 0) {
        args = QStringList { QStringLiteral("-t"), QString::number(m_namespacePid), QStringLiteral("-n"), QStringLiteral("-m"), QStringLiteral("--"), program } + args;
        program = QStringLiteral("nsenter");
    }
    CommandOutcome out;
    proc.start(program, args);
    if (!proc.waitForStarted(10000)) {
        out.output = proc.errorString();
        return out;
    }
    out.started = true;
    if (!proc.waitForFinished(m_timeoutMs)) {
        out.timedOut = true;
        proc.kill();
        proc.waitForFinished(5000);
    }
    out.output = QString::fromLocal8Bit(proc.readAll());
    out.exitCode = proc.exitStatus() == QProcess::NormalExit ? proc.exitCode() : -1;
    return out;
}
