#pragma once
// Asked when a server wants a password that neither the keychain, libpq's files nor PGPASSWORD
// had: once per connection and session. Offers to keep it in the keychain; without a keychain
// service it says the password lasts this session only, and is never written to a file. The
// window checks the answer against the server (off the GUI thread) before taking it.

#include <QDialog>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;

class PasswordDialog : public QDialog {
    Q_OBJECT
public:
    // key: user@host:port; names: the nodes and endpoints that log in this way.
    PasswordDialog(const QString& key, const QStringList& names, bool keychainAvailable, QWidget* parent = nullptr);

    QString password() const;
    bool remember() const;
    // After a refused answer: says why, empties the field, asks again.
    void showProblem(const QString& problem);
    void setBusy(bool busy);

    QLineEdit* passwordField() const { return m_password; }
    QCheckBox* rememberBox() const { return m_remember; }
    QPushButton* connectButton() const { return m_connect; }
    QPushButton* skipButton() const { return m_skip; }

signals:
    void answered(); // the operator gave a password: check it (Skip or Escape: rejected())

private:
    QLabel* m_problem = nullptr;
    QLineEdit* m_password = nullptr;
    QCheckBox* m_remember = nullptr;
    QPushButton* m_connect = nullptr;
    QPushButton* m_skip = nullptr;
};
