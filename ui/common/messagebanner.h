#pragma once
// An inline message above the work area (never a modal): problems in the files, an interrupted
// run to decide about, a refusal. Colours follow the kind and stay readable in light and dark palettes.

#include <QFrame>

class QHBoxLayout;
class QLabel;
class QPushButton;

class MessageBanner : public QFrame {
    Q_OBJECT
public:
    enum class Kind { Error, Warning, Information };
    explicit MessageBanner(QWidget* parent = nullptr);

    void showMessage(Kind kind, const QString& text);
    // Adds a button after the text; removed by the next showMessage().
    QPushButton* addAction(const QString& label, const QKeySequence& shortcut = {});
    QString text() const;

private:
    QLabel* m_text = nullptr;
    QHBoxLayout* m_buttons = nullptr;
    QList<QPushButton*> m_actions;
};
