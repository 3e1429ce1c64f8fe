#pragma once
// The live checklist: phases and steps with state icons, the current step highlighted and kept
// in view, progress bars for waits and batches, overruns in colour, points of no return and the
// runbook's downtime windows marked before they are reached.

#include <QTreeView>

class ChecklistModel;

class ChecklistView : public QTreeView {
    Q_OBJECT
public:
    explicit ChecklistView(QWidget* parent = nullptr);
    void setChecklist(ChecklistModel* model);
    // Expands everything and scrolls the current step into view (when the operator has not
    // scrolled away on purpose in the last few seconds).
    void followCurrent();

protected:
    void scrollContentsBy(int dx, int dy) override;

private:
    ChecklistModel* m_model = nullptr;
    qint64 m_userScrolledAt = 0;
    bool m_programmaticScroll = false;
};
