#include "runbook/runbooktree.h"

#include <QDir>
#include <QDirIterator>
#include <QFile>
#include <QFileInfo>

namespace RunbookTree {

bool copy(const QString& from, const QString& to, QString* error)
{
    const auto fail = [&](const QString& message) {
        if (error)
            *error = message;
        return false;
    };
    const QDir source(from);
    if (!QFileInfo(from).isDir())
        return fail(QStringLiteral("%1 is not a directory").arg(from));
    for (QDirIterator it(from, QDir::Files | QDir::NoSymLinks, QDirIterator::Subdirectories); it.hasNext();) {
        const QString file = it.next();
        const QString target = QDir(to).filePath(source.relativeFilePath(file));
        if (!QDir().mkpath(QFileInfo(target).path()))
            return fail(QStringLiteral("cannot create %1").arg(QFileInfo(target).path()));
        if (QFileInfo::exists(target) && !QFile::remove(target))
            return fail(QStringLiteral("cannot replace %1").arg(target));
        if (!QFile::copy(file, target))
            return fail(QStringLiteral("cannot copy %1 to %2").arg(file, target));
        // QFile::copy keeps the source's permissions: a read-only source tree (an installed one)
        // would leave files that the next copy cannot replace.
        QFile::setPermissions(target, QFile::permissions(target) | QFileDevice::WriteOwner);
    }
    return true;
}

} // namespace RunbookTree
