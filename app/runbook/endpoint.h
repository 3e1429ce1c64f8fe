#pragma once
// What applications connect to (PgBouncer, or a name in /etc/hosts on the app hosts), and how a
// switch step repoints it.

#include "runbook/sourcelocation.h"

#include <QHash>
#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>
#include <optional>

// One PgBouncer of a pgbouncer endpoint: its admin console and its configuration file.
struct PgbouncerInstance {
    QString adminConninfo; // the pgbouncer admin console
    QString config; // path of pgbouncer.ini
    QString host; // where the config lives: "local" or an SSH destination
    SourceLocation location;
};

struct Endpoint {
    enum class Kind { PgBouncer, Hosts };

    QString name;
    Kind kind = Kind::PgBouncer;
    QString conninfo; // how clients connect through it (the traffic probe uses it)
    QString routesTo; // node (inventory or runbook name) it routes to now

    // PgBouncer: the first instance's fields (templates use them), and every instance a switch
    // retargets (one unless `instances:` lists several).
    QString adminConninfo; // the pgbouncer admin console
    QString config; // path of pgbouncer.ini
    QString database; // [databases] entry to retarget
    QString host; // where the config lives: "local" or an SSH destination
    QList<PgbouncerInstance> instances;

    // /etc/hosts
    QString hostsFile; // default /etc/hosts
    QString hostname; // the (first) name clients resolve
    QStringList hostnames; // every name a switch moves together (`hostname`, or `hostnames:`)
    QStringList hosts; // SSH destinations whose hosts file is rewritten
    QList<QPair<QString, QString>> addresses; // node name -> IP address

    SourceLocation location;
    QHash<QString, SourceLocation> locations;

    static QString kindName(Kind kind)
    {
        return kind == Kind::PgBouncer ? QStringLiteral("pgbouncer") : QStringLiteral("hosts");
    }
    // Scalar fields a template may use: {{ endpoints.<name>.<field> }}.
    static QStringList fieldNames();
    static bool isSecretField(const QString& field)
    {
        return field == QLatin1String("conninfo") || field == QLatin1String("admin_conninfo");
    }
    std::optional<QString> field(const QString& field) const;
    std::optional<QString> address(const QString& node) const;
};
