#pragma once
// The log: every step's output and the run's own events, streamed, with time, step and node;
// stderr in the error colour; filtered to the selected step or to all; searchable; copyable.
// Follows the newest line unless the operator scrolls up.

#include <QWidget>

class LogModel;
class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QSortFilterProxyModel;
class QTableView;
class LogFilter;

class LogPane : public QWidget {
    Q_OBJECT
public:
    explicit LogPane(QWidget* parent = nullptr);
    void setLogModel(LogModel* model);
    // The checklist's selection: with "Selected step" chosen, only its lines are shown.
    void setSelectedStep(const QString& stepId);
    QTableView* view() const { return m_view; }
    QLineEdit* searchField() const { return m_search; }
    void copySelection();

private:
    void updateDropped(qint64 dropped);

    LogModel* m_model = nullptr;
    LogFilter* m_filter = nullptr;
    QTableView* m_view = nullptr;
    QComboBox* m_scope = nullptr;
    QLineEdit* m_search = nullptr;
    QCheckBox* m_follow = nullptr;
    QLabel* m_dropped = nullptr;
    QString m_selectedStep;
};
