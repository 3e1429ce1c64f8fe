#pragma once
// Paints a checklist row: a state icon before the step, a progress bar in the status column,
// overruns in the warning colour, a marker for points of no return and a band for the runbook's
// downtime windows at the left edge.

#include <QStyledItemDelegate>

class ChecklistDelegate : public QStyledItemDelegate {
    Q_OBJECT
public:
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;

    // The colour and one-character glyph of a step outcome (shared with the legend).
    static QColor outcomeColor(int outcome, bool rolledBack);
    static QString outcomeGlyph(int outcome, bool rolledBack);
};
