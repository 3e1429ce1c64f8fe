#pragma once
// One real sandbox for a test executable: in a temporary directory the server user can enter,
// brought up with the given options and taken down (servers stopped, directory removed) at the end.

#include "engine/actionfactory.h"
#include "runbook/documentloader.h"
#include "sandbox/sandbox.h"

#include <QFile>
#include <QTemporaryDir>
#include <memory>
#include <optional>

class SandboxFixture {
public:
    explicit SandboxFixture(const QString& name)
        : m_tmp(QDir::tempPath() + QStringLiteral("/rbc-tst-%1-XXXXXX").arg(name))
    {
        // We run as root and the servers as postgres: it must be able to enter the directory.
        QFile::setPermissions(m_tmp.path(), QFile::ReadOwner | QFile::WriteOwner | QFile::ExeOwner | QFile::ReadGroup
                | QFile::ExeGroup | QFile::ReadOther | QFile::ExeOther);
    }
    ~SandboxFixture() { down(); }

    bool up(const SandboxOptions& options, QString* error)
    {
        m_sandbox = std::make_unique<Sandbox>(m_tmp.filePath(QStringLiteral("sb")));
        if (!m_tmp.isValid() || !m_sandbox->up(options, {}, error))
            return false;
        const LoadedDocument inv = DocumentLoader::loadInventory(m_sandbox->inventoryPath());
        if (!inv.ok()) {
            *error = inv.diagnostics.isEmpty() ? QStringLiteral("cannot read the inventory") : inv.diagnostics.first().toString();
            return false;
        }
        m_inventory = inv.inventory;
        return true;
    }
    bool down(QString* error = nullptr)
    {
        if (!m_sandbox)
            return true;
        QString ignored;
        const bool ok = m_sandbox->down({}, error ? error : &ignored);
        m_sandbox.reset();
        return ok;
    }

    const Sandbox& sandbox() const { return *m_sandbox; }
    const Inventory& inventory() const { return *m_inventory; }
    QString path(const QString& name) const { return m_tmp.filePath(name); }
    NodeTarget node(const QString& name) const { return ActionFactory::nodeTarget(*m_inventory, *m_inventory->node(name)); }
    EndpointTarget endpoint(const QString& name) const { return ActionFactory::endpointTarget(*m_inventory, *m_inventory->endpoint(name)); }

private:
    QTemporaryDir m_tmp;
    std::unique_ptr<Sandbox> m_sandbox;
    std::optional<Inventory> m_inventory;
};
