#pragma once
// Asked once before a rollback: the plan for this moment (what runs, newest first, where, how long
// it should take, what it leaves behind or loses), or why a rollback is refused. Follows the plan
// while open, so what is confirmed is what will run.

#include <QDialog>

#include "engine/rollbackpreview.h"

class QLabel;
class QPushButton;
class QTableWidget;

class RollbackDialog : public QDialog {
    Q_OBJECT
public:
    explicit RollbackDialog(QWidget* parent = nullptr);
    void setPreview(const RollbackPreview& preview, bool stepRunning);
    QPushButton* confirmButton() const { return m_confirm; }
    QPushButton* keepGoingButton() const { return m_keep; }

private:
    QLabel* m_summary = nullptr;
    QLabel* m_dataLoss = nullptr;
    QTableWidget* m_entries = nullptr;
    QLabel* m_leftAlone = nullptr;
    QPushButton* m_confirm = nullptr;
    QPushButton* m_keep = nullptr;
};
