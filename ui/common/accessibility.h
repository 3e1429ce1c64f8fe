#pragma once
// Every control carries an accessible name equal to its visible label (without the mnemonic '&'),
// so screen readers and GUI automation find it by what the operator reads.

#include <QString>

class QWidget;
class QAction;

QString visibleLabel(const QString& text);
// Sets the widget's accessible name to `label` (mnemonics removed) and returns the widget.
template <typename W> W* named(W* widget, const QString& label);
void nameAfterLabel(QWidget* widget, const QString& label);

template <typename W> W* named(W* widget, const QString& label)
{
    nameAfterLabel(widget, label);
    return widget;
}
