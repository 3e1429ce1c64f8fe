#include "runbook/runbooksearchpath.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>

namespace RunbookSearchPath {

QStringList directories()
{
    QStringList candidates;
    const QString env = qEnvironmentVariable("RBC_RUNBOOK_PATH");
    for (const QString& dir : env.split(QLatin1Char(':'), Qt::SkipEmptyParts))
        candidates << dir;
    for (const QString& data : QStandardPaths::standardLocations(QStandardPaths::GenericDataLocation))
        candidates << data + QStringLiteral("/runbook-console/runbooks");
    // Before the application object exists (main() deciding what to start), the kernel says where we are.
    const QString binDir = QCoreApplication::instance() ? QCoreApplication::applicationDirPath()
                                                        : QFileInfo(QStringLiteral("/proc/self/exe")).canonicalPath();
    candidates << binDir + QStringLiteral("/../share/runbook-console/runbooks");
    QStringList dirs;
    for (const QString& c : std::as_const(candidates)) {
        const QFileInfo info(c);
        const QString path = info.canonicalFilePath();
        if (info.isDir() && !path.isEmpty() && !dirs.contains(path))
            dirs << path;
    }
    return dirs;
}

QString resolve(const QString& name)
{
    if (name.isEmpty() || QFileInfo::exists(name) || QDir::isAbsolutePath(name))
        return name;
    for (const QString& dir : directories()) {
        for (const QString& candidate : { name, name + QStringLiteral(".yaml") }) {
            const QString path = dir + QLatin1Char('/') + candidate;
            if (QFileInfo(path).isFile())
                return path;
        }
    }
    return name;
}

} // namespace RunbookSearchPath
