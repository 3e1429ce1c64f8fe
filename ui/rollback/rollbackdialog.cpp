#include "rollback/rollbackdialog.h"

#include "common/accessibility.h"
#include "core/durationtext.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

RollbackDialog::RollbackDialog(QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("rollbackDialog"));
    setWindowTitle(tr("Roll back now?"));
    auto* layout = new QVBoxLayout(this);
    m_summary = new QLabel(this);
    m_summary->setWordWrap(true);
    QFont big = m_summary->font();
    big.setPointSizeF(big.pointSizeF() * 1.2);
    big.setBold(true);
    m_summary->setFont(big);
    m_dataLoss = new QLabel(this);
    m_dataLoss->setWordWrap(true);
    m_entries = named(new QTableWidget(0, 5, this), tr("Rollback steps"));
    m_entries->setHorizontalHeaderLabels({ tr("Undo"), tr("Node"), tr("Kind"), tr("Expected"), tr("From") });
    m_entries->verticalHeader()->setVisible(true);
    m_entries->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_entries->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_entries->horizontalHeader()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_leftAlone = new QLabel(this);
    m_leftAlone->setWordWrap(true);
    auto* buttons = new QHBoxLayout;
    m_confirm = named(new QPushButton(tr("&Roll back now"), this), tr("Roll back now"));
    m_confirm->setObjectName(QStringLiteral("confirmRollback"));
    QPalette red = m_confirm->palette();
    red.setColor(QPalette::Button, QColor(200, 30, 30));
    red.setColor(QPalette::ButtonText, Qt::white);
    m_confirm->setPalette(red);
    m_confirm->setAutoFillBackground(true);
    m_confirm->setAutoDefault(false);
    m_keep = named(new QPushButton(tr("&Keep going"), this), tr("Keep going"));
    m_keep->setDefault(true); // Enter never rolls back by accident; Escape keeps going too
    buttons->addStretch(1);
    buttons->addWidget(m_keep);
    buttons->addWidget(m_confirm);
    layout->addWidget(m_summary);
    layout->addWidget(m_dataLoss);
    layout->addWidget(m_entries, 1);
    layout->addWidget(m_leftAlone);
    layout->addLayout(buttons);
    connect(m_confirm, &QPushButton::clicked, this, &QDialog::accept);
    connect(m_keep, &QPushButton::clicked, this, &QDialog::reject);
    resize(760, 420);
}

void RollbackDialog::setPreview(const RollbackPreview& p, bool stepRunning)
{
    if (p.refused) {
        m_summary->setText(tr("Rollback refused"));
        m_dataLoss->setText(p.refusal);
        m_confirm->setEnabled(false);
        m_confirm->hide();
        m_keep->setText(tr("&Close"));
        nameAfterLabel(m_keep, tr("Close"));
    } else {
        int toRun = 0;
        for (const RollbackPreviewEntry& e : p.entries)
            toRun += e.done ? 0 : 1;
        QString summary = toRun == 0 ? tr("Nothing to undo: the run ends as rolled back.")
                                     : tr("%n step(s) will be undone, newest first, in about %1", nullptr, toRun).arg(durationText(p.estimatedMs));
        if (p.unestimated)
            summary += tr(" (%n never rehearsed)", nullptr, p.unestimated);
        if (stepRunning)
            summary += tr(". The running step is cancelled first.");
        m_summary->setText(summary);
        QString data = p.dataLoss;
        if (p.writesRestoredAfterMs)
            data += QLatin1Char('\n') + tr("Clients can write again after about %1.").arg(durationText(*p.writesRestoredAfterMs + 100));
        m_dataLoss->setText(data);
        m_confirm->setEnabled(true);
        m_confirm->show();
        m_keep->setText(tr("&Keep going"));
        nameAfterLabel(m_keep, tr("Keep going"));
    }
    m_summary->setAccessibleName(m_summary->text());
    m_dataLoss->setAccessibleName(m_dataLoss->text());
    m_entries->setRowCount(0);
    for (const RollbackPreviewEntry& e : p.entries) {
        const int row = m_entries->rowCount();
        m_entries->insertRow(row);
        QString title = e.title;
        if (e.done)
            title += tr(" [done]");
        if (e.forPartialStep)
            title += tr(" [its step did not complete]");
        const QStringList cells { title, e.node, e.kind, e.expectedMs >= 0 ? durationText(e.expectedMs) : tr("unknown"),
            e.source == QLatin1String("inverse") ? tr("recorded inverse") : tr("runbook") };
        for (int c = 0; c < cells.size(); ++c)
            m_entries->setItem(row, c, new QTableWidgetItem(cells[c]));
    }
    m_entries->setVisible(!p.entries.isEmpty());
    m_leftAlone->setText(p.withoutRollback.isEmpty() ? QString() : tr("Left as they are (no rollback defined): %1").arg(p.withoutRollback.join(QStringLiteral(", "))));
    m_leftAlone->setVisible(!p.withoutRollback.isEmpty());
}
