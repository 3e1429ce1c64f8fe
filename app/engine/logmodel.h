#pragma once
// The console's log: every step's output (and the run's own events: step started, finished,
// gates, probe reports, rollback), each line with its time, step and node, stderr marked. Text is
// masked before it arrives. Bounded: past the capacity the oldest lines are dropped and counted,
// so hours of output never slow the console.

#include "engine/logline.h"
#include "engine/runcontroller.h"

#include <QAbstractTableModel>
#include <QPointer>

class RunSession;

class LogModel : public QAbstractTableModel {
    Q_OBJECT
public:
    enum Column { TimeColumn, StepColumn, NodeColumn, TextColumn, ColumnCount };
    enum Role {
        IsStderrRole = Qt::UserRole + 1, // bool
        IsEventRole, // bool: a line of the run's own (started, finished, gate...), not a step's output
        StepIndexRole, // int: forward step index or -1
        RollbackEntryRole, // int: rollback entry or -1
        StepIdRole, // QString
    };

    explicit LogModel(QObject* parent = nullptr);

    void attach(RunController* controller, const QList<PlannedStep>& steps);
    void attach(RunSession* session);
    void setCapacity(int lines);
    int capacity() const { return m_capacity; }
    qint64 droppedLines() const { return m_dropped; }
    void clear();

    void append(const QList<LogLine>& lines);
    // One line of the run's own.
    void appendEvent(const QString& text, int stepIndex = -1, bool isError = false);
    // The rows as text, "time step node line" per line, for the clipboard.
    QString text(const QList<int>& rows) const;

    int rowCount(const QModelIndex& parent = {}) const override;
    int columnCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

signals:
    void droppedLinesChanged(qint64 dropped);

private:
    struct Line {
        LogLine line;
        bool isEvent = false;
    };
    void add(QList<Line> lines);

    QPointer<RunController> m_controller;
    QList<PlannedStep> m_steps;
    QList<Line> m_lines;
    int m_capacity = 50000;
    qint64 m_dropped = 0;
};
