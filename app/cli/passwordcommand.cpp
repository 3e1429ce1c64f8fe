#include "cli/passwordcommand.h"

#include "cli/commandparser.h"
#include "cli/secretinput.h"
#include "core/conninfo.h"
#include "credentials/connectionidentity.h"
#include "credentials/inventorycredentials.h"
#include "credentials/keychainstore.h"
#include "runbook/documentloader.h"

#include <QCoreApplication>
#include <QTextStream>

namespace {
// The conninfo NODE names: a node (or an alias of one), else an endpoint.
QString conninfoOf(const Inventory& inventory, const QString& name)
{
    if (const InventoryNode* n = inventory.resolveNode(name))
        return n->conninfo;
    if (const Endpoint* e = inventory.endpoint(name))
        return e->conninfo;
    return {};
}
} // namespace

int runPasswordCommand(const QStringList& args, QTextStream& out, QTextStream& err)
{
    CommandParser parser(QStringLiteral("password"), QStringLiteral("password set|forget NODE --inventory INV"),
        QCoreApplication::translate("password",
            "Stores in the system keychain (Secret Service: GNOME Keyring, KWallet) the password the node's\n"
            "connection logs in with (set: read without echo from the terminal, or a line of standard input;\n"
            "checked against the server when it answers), or removes it (forget). NODE is a node, an alias\n"
            "or an endpoint of the inventory. Never written to a file: without a keychain service, nothing\n"
            "is stored."),
        QCoreApplication::translate("password",
            "0 stored or removed, 1 the server refused the password or no keychain service answers, 2 invalid input."));
    const QCommandLineOption inventoryOption(QStringList { QStringLiteral("i"), QStringLiteral("inventory") },
        QCoreApplication::translate("password", "The inventory NODE belongs to."), QStringLiteral("INV"));
    parser.addOption(inventoryOption);
    if (const auto code = parser.parse(args, out, err))
        return *code;
    const QStringList pos = parser.positionalArguments();
    if (pos.size() != 2 || (pos[0] != QLatin1String("set") && pos[0] != QLatin1String("forget")))
        return parser.usageError(QCoreApplication::translate("password", "say set or forget, then a node"), err);
    if (!parser.isSet(inventoryOption))
        return parser.usageError(QCoreApplication::translate("cli", "--inventory is required"), err);
    const LoadedDocument loaded = DocumentLoader::loadInventory(parser.value(inventoryOption));
    if (!loaded.ok()) {
        for (const Diagnostic& d : loaded.diagnostics)
            err << d.toString() << '\n';
        err.flush();
        return 2;
    }
    const QString conninfo = conninfoOf(*loaded.inventory, pos[1]);
    if (conninfo.isEmpty())
        return parser.usageError(QCoreApplication::translate("password", "%1 is not a node or endpoint of %2").arg(pos[1], parser.value(inventoryOption)), err);
    QString error;
    const auto identity = ConnectionIdentity::of(conninfo, &error);
    if (!identity)
        return parser.usageError(error, err);
    const QString key = identity->keychainKey();

    if (pos[0] == QLatin1String("forget")) {
        KeychainStore::Result r = KeychainStore::read(key);
        if (r.status == KeychainStore::Status::Ok)
            r = KeychainStore::remove(key);
        if (r.status == KeychainStore::Status::NotFound) {
            err << QCoreApplication::translate("password", "no password of %1 in the keychain: nothing to forget").arg(key) << Qt::endl;
            return 0;
        }
        if (r.status != KeychainStore::Status::Ok) {
            err << QCoreApplication::translate("password", "password: the keychain did not remove %1: %2").arg(key, r.message) << Qt::endl;
            return 1;
        }
        err << QCoreApplication::translate("password", "forgot the password of %1").arg(key) << Qt::endl;
        return 0;
    }

    const auto password = readSecretLine(QCoreApplication::translate("password", "Password of %1: ").arg(key), err);
    if (!password || password->isEmpty())
        return parser.usageError(QCoreApplication::translate("password", "no password given"), err);
    QString why;
    if (!InventoryCredentials::verify(conninfo, *password, &why)) {
        err << QCoreApplication::translate("password", "password: the server refused it (%1): nothing stored").arg(why) << Qt::endl;
        return 1;
    }
    if (!why.isEmpty())
        err << QCoreApplication::translate("password", "the server could not be asked (%1): storing it unchecked").arg(why) << Qt::endl;
    const KeychainStore::Result r = KeychainStore::write(key, *password);
    if (r.status != KeychainStore::Status::Ok) {
        err << QCoreApplication::translate("password",
                   "password: no keychain service stored it (%1): nothing was written anywhere; put it in ~/.pgpass "
                   "(mode 0600) or let the console ask each session")
                   .arg(r.message)
            << Qt::endl;
        return 1;
    }
    err << QCoreApplication::translate("password", "stored the password of %1 in the keychain").arg(key) << Qt::endl;
    return 0;
}
