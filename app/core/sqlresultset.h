#pragma once
// One result of one SQL statement run by a SqlSession: its command tag, and its first rows as text.

#include <QString>
#include <QStringList>
#include <QVector>

struct SqlResultSet {
    QString command; // command tag, e.g. "DELETE 12" or "SELECT 3"
    QStringList columns;
    QVector<QStringList> rows; // the first rows only (SqlSession::setMaxRows); NULL is an empty string
    qint64 rowCount = 0; // rows the statement returned, all of them
    qint64 affectedRows = -1; // from the command tag, when it carries a count
    bool hasRows() const { return !columns.isEmpty(); }
    QString value(int row = 0, int col = 0) const
    {
        return row < rows.size() && col < rows[row].size() ? rows[row][col] : QString();
    }
};
