#pragma once
// Shown when the run waits at a manual step: its instructions in large type, with Continue and
// Roll back. A go/no-go decision also shows the evidence that will be journaled with the answer.

#include <QFrame>

class QLabel;
class QPushButton;

class GatePanel : public QFrame {
    Q_OBJECT
public:
    explicit GatePanel(QWidget* parent = nullptr);

    void showGate(int stepIndex, const QString& title, const QString& instructions, bool decision);
    void setEvidence(const QString& evidence);
    void clear();
    int stepIndex() const { return m_step; }
    bool isDecision() const { return m_decision; }
    QPushButton* continueButton() const { return m_continue; }
    QPushButton* rollbackButton() const { return m_rollback; }

signals:
    void continueRequested(int stepIndex);
    void rollbackRequested(int stepIndex);

private:
    QLabel* m_heading = nullptr;
    QLabel* m_instructions = nullptr;
    QLabel* m_evidence = nullptr;
    QPushButton* m_continue = nullptr;
    QPushButton* m_rollback = nullptr;
    int m_step = -1;
    bool m_decision = false;
};
