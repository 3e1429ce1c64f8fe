#include "gate/gatepanel.h"

#include "common/accessibility.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QVBoxLayout>

GatePanel::GatePanel(QWidget* parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("gatePanel"));
    setFrameShape(QFrame::StyledPanel);
    setAutoFillBackground(true);
    QPalette pal = palette();
    const QColor base = pal.color(QPalette::Window);
    QColor amber(230, 170, 0);
    QColor bg;
    bg.setRgbF(base.redF() * 0.75 + amber.redF() * 0.25, base.greenF() * 0.75 + amber.greenF() * 0.25, base.blueF() * 0.75 + amber.blueF() * 0.25);
    pal.setColor(QPalette::Window, bg);
    setPalette(pal);

    auto* layout = new QVBoxLayout(this);
    m_heading = new QLabel(this);
    QFont big = m_heading->font();
    big.setPointSizeF(big.pointSizeF() * 1.5);
    big.setBold(true);
    m_heading->setFont(big);
    m_heading->setWordWrap(true);
    m_instructions = new QLabel(this);
    QFont mid = m_instructions->font();
    mid.setPointSizeF(mid.pointSizeF() * 1.25);
    m_instructions->setFont(mid);
    m_instructions->setWordWrap(true);
    m_instructions->setTextFormat(Qt::PlainText);
    m_instructions->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_evidence = new QLabel(this);
    m_evidence->setWordWrap(true);
    m_evidence->setTextFormat(Qt::PlainText);
    m_evidence->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    m_evidence->hide();

    auto* buttons = new QHBoxLayout;
    m_continue = new QPushButton(this);
    m_continue->setObjectName(QStringLiteral("gateContinue"));
    m_continue->setMinimumHeight(40);
    m_rollback = new QPushButton(this);
    m_rollback->setObjectName(QStringLiteral("gateRollback"));
    m_rollback->setMinimumHeight(40);
    buttons->addWidget(m_continue);
    buttons->addWidget(m_rollback);
    buttons->addStretch(1);
    layout->addWidget(m_heading);
    layout->addWidget(m_instructions);
    layout->addWidget(m_evidence);
    layout->addLayout(buttons);
    connect(m_continue, &QPushButton::clicked, this, [this] {
        if (m_step >= 0)
            emit continueRequested(m_step);
    });
    connect(m_rollback, &QPushButton::clicked, this, [this] {
        if (m_step >= 0)
            emit rollbackRequested(m_step);
    });
    hide();
}

void GatePanel::showGate(int stepIndex, const QString& title, const QString& instructions, bool decision)
{
    m_step = stepIndex;
    m_decision = decision;
    const QString heading = decision ? tr("Go / no-go: %1").arg(title) : tr("Waiting for you: %1").arg(title);
    m_heading->setText(heading);
    m_heading->setAccessibleName(heading);
    m_instructions->setText(instructions);
    m_instructions->setAccessibleName(instructions);
    // Alt+C and Alt+B whatever the gate (Alt+G and Alt+D belong to the topology pane).
    const QString go = decision ? tr("Go — &continue") : tr("&Continue");
    const QString noGo = decision ? tr("No-go — roll &back") : tr("Roll &back instead");
    m_continue->setText(go);
    m_continue->setToolTip(tr("Ctrl+Enter"));
    nameAfterLabel(m_continue, go);
    m_rollback->setText(noGo);
    nameAfterLabel(m_rollback, noGo);
    m_evidence->setVisible(decision);
    show();
    m_continue->setFocus();
}

void GatePanel::setEvidence(const QString& evidence)
{
    const QString text = tr("Evidence recorded with your decision:\n%1").arg(evidence);
    m_evidence->setText(text);
    m_evidence->setAccessibleName(tr("Evidence recorded with your decision"));
}

void GatePanel::clear()
{
    m_step = -1;
    hide();
}
