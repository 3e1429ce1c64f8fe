#pragma once
// Asked before a run starts: a rehearsal, or production. Production is the production guard: it
// starts only once the cluster's name has been typed. Also how clients live through the write
// window (the cutover mode), preset to the runbook's choice.

#include "runbook/runbook.h"

#include <QDialog>

class QLabel;
class QLineEdit;
class QPushButton;
class QRadioButton;

class StartRunDialog : public QDialog {
    Q_OBJECT
public:
    StartRunDialog(const QString& runbookName, const QString& cluster, bool oneStepOnly,
        CutoverMode cutover = CutoverMode::Refuse, QWidget* parent = nullptr);
    QString label() const; // rehearsal | production
    CutoverMode cutover() const;
    QRadioButton* holdButton() const { return m_hold; }
    QLineEdit* clusterField() const { return m_cluster; }
    QPushButton* startButton() const { return m_start; }
    QRadioButton* productionButton() const { return m_production; }

private:
    void update();

    QString m_clusterName;
    QRadioButton* m_rehearsal = nullptr;
    QRadioButton* m_production = nullptr;
    QRadioButton* m_hold = nullptr;
    QRadioButton* m_refuse = nullptr;
    QLabel* m_guard = nullptr;
    QLineEdit* m_cluster = nullptr;
    QPushButton* m_start = nullptr;
};
