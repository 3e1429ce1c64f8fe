#pragma once
// The sandbox's application data: shaped like a podcast app (identity columns, a sequence owned
// by no column, a table without a primary key, indexes, foreign keys, a few hundred thousand rows).

#include <QString>
#include <QStringList>

namespace SeedData {
QString roleSql(); // the application's login role
QString schemaSql();
QString dataSql(double scale);
QStringList tables();
QString checksumQuery();
} // namespace SeedData
