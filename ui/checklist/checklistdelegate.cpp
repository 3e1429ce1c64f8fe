#include "checklist/checklistdelegate.h"

#include "engine/checklistmodel.h"

#include <QCoreApplication>
#include <QApplication>
#include <QPainter>

QColor ChecklistDelegate::outcomeColor(int outcome, bool rolledBack)
{
    if (rolledBack)
        return QColor(120, 90, 200);
    switch (StepOutcome(outcome)) {
    case StepOutcome::Running:
        return QColor(30, 120, 220);
    case StepOutcome::Succeeded:
        return QColor(40, 150, 60);
    case StepOutcome::Failed:
    case StepOutcome::TimedOut:
        return QColor(210, 40, 40);
    case StepOutcome::Cancelled:
    case StepOutcome::Interrupted:
        return QColor(220, 130, 0);
    case StepOutcome::Skipped:
        return QColor(130, 130, 130);
    case StepOutcome::Pending:
        break;
    }
    return QColor(150, 150, 150);
}

QString ChecklistDelegate::outcomeGlyph(int outcome, bool rolledBack)
{
    if (rolledBack)
        return QStringLiteral("↶");
    switch (StepOutcome(outcome)) {
    case StepOutcome::Running:
        return QStringLiteral("▶");
    case StepOutcome::Succeeded:
        return QStringLiteral("✔");
    case StepOutcome::Failed:
        return QStringLiteral("✖");
    case StepOutcome::TimedOut:
        return QStringLiteral("⏱");
    case StepOutcome::Cancelled:
        return QStringLiteral("■");
    case StepOutcome::Interrupted:
        return QStringLiteral("⚡");
    case StepOutcome::Skipped:
        return QStringLiteral("↷");
    case StepOutcome::Pending:
        break;
    }
    return QStringLiteral("○");
}

QSize ChecklistDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    s.setHeight(qMax(s.height(), option.fontMetrics.height() + 8));
    if (index.column() == ChecklistModel::StepColumn)
        s.setWidth(s.width() + option.fontMetrics.height() + 10);
    return s;
}

void ChecklistDelegate::paint(QPainter* painter, const QStyleOptionViewItem& optionIn, const QModelIndex& index) const
{
    QStyleOptionViewItem option = optionIn;
    initStyleOption(&option, index);
    const bool isPhase = index.data(ChecklistModel::IsPhaseRole).toBool();
    const bool current = index.data(ChecklistModel::IsCurrentRole).toBool();
    const int outcome = index.data(ChecklistModel::OutcomeRole).toInt();
    const bool rolledBack = index.data(ChecklistModel::RolledBackRole).toBool();
    const QPalette& pal = option.palette;

    painter->save();
    // The current step stands out in every column, whatever the selection.
    if (current && !isPhase) {
        QColor hl = pal.color(QPalette::Highlight);
        hl.setAlpha(60);
        painter->fillRect(option.rect, hl);
    }
    if (isPhase)
        option.font.setBold(true);

    QRect rect = option.rect;
    if (index.column() == ChecklistModel::StepColumn && !isPhase) {
        // The runbook's downtime windows: a band at the left edge, red for writes, dark red for reads too.
        const QStringList downtime = index.data(ChecklistModel::DowntimeRole).toStringList();
        if (!downtime.isEmpty()) {
            const QColor band = downtime.contains(QStringLiteral("reads")) ? QColor(150, 0, 0) : QColor(220, 60, 60);
            painter->fillRect(QRect(rect.left(), rect.top(), 4, rect.height()), band);
        }
        const int size = option.fontMetrics.height();
        const QRect icon(rect.left() + 6, rect.top() + (rect.height() - size) / 2, size, size);
        QFont glyphFont = option.font;
        glyphFont.setBold(true);
        painter->setFont(glyphFont);
        painter->setPen(outcomeColor(outcome, rolledBack));
        painter->drawText(icon, Qt::AlignCenter, outcomeGlyph(outcome, rolledBack));
        rect.setLeft(icon.right() + 6);
        if (index.data(ChecklistModel::PointOfNoReturnRole).toBool()) {
            // A point of no return, marked before it is reached: a red line under the row (past it
            // there is no easy way back) and a short label.
            const QString mark = QCoreApplication::translate("ChecklistDelegate", "⚠ no return");
            QFont small = option.font;
            small.setBold(true);
            const int w = QFontMetrics(small).horizontalAdvance(mark) + 6;
            const QRect markRect(rect.right() - w, rect.top(), w, rect.height());
            painter->setFont(small);
            painter->setPen(QColor(200, 40, 40));
            painter->drawText(markRect, Qt::AlignVCenter | Qt::AlignRight, mark);
            painter->setPen(QPen(QColor(200, 40, 40), 2, Qt::DashLine));
            painter->drawLine(option.rect.left(), option.rect.bottom(), option.rect.right(), option.rect.bottom());
            rect.setRight(markRect.left() - 4);
        }
    }

    if (index.column() == ChecklistModel::OutcomeColumn && !isPhase) {
        const double progress = index.data(ChecklistModel::ProgressRole).toDouble();
        if (progress >= 0) {
            QStyleOptionProgressBar bar;
            bar.rect = rect.adjusted(2, 3, -2, -3);
            bar.minimum = 0;
            bar.maximum = 1000;
            bar.progress = int(progress * 1000);
            bar.text = index.data().toString();
            bar.textVisible = true;
            bar.palette = pal;
            bar.state = QStyle::State_Enabled | QStyle::State_Horizontal;
            QApplication::style()->drawControl(QStyle::CE_ProgressBar, &bar, painter);
            painter->restore();
            return;
        }
    }

    QColor text = pal.color(QPalette::Text);
    if (index.column() == ChecklistModel::OutcomeColumn && !isPhase && outcome != int(StepOutcome::Pending))
        text = outcomeColor(outcome, rolledBack);
    if (index.column() == ChecklistModel::ElapsedColumn && index.data(ChecklistModel::OverrunRole).toBool())
        text = QColor(220, 110, 0);
    if (option.state & QStyle::State_Selected) {
        painter->fillRect(option.rect, pal.color(QPalette::Highlight));
        text = pal.color(QPalette::HighlightedText);
    }
    painter->setFont(option.font);
    painter->setPen(text);
    const Qt::Alignment align = (index.column() == ChecklistModel::ExpectedColumn || index.column() == ChecklistModel::ElapsedColumn)
        ? Qt::AlignRight | Qt::AlignVCenter
        : Qt::AlignLeft | Qt::AlignVCenter;
    const QString shown = option.fontMetrics.elidedText(index.data().toString(), Qt::ElideRight, rect.width() - 8);
    painter->drawText(rect.adjusted(4, 0, -4, 0), align, shown);
    painter->restore();
}
