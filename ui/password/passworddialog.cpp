#include "password/passworddialog.h"

#include "common/accessibility.h"

#include <QCheckBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

PasswordDialog::PasswordDialog(const QString& key, const QStringList& names, bool keychainAvailable, QWidget* parent)
    : QDialog(parent)
{
    setObjectName(QStringLiteral("passwordDialog"));
    setWindowTitle(tr("Password for %1").arg(key));
    auto* layout = new QVBoxLayout(this);
    auto* what = new QLabel(tr("The server asks for the password of %1 (%2).").arg(key, names.join(QStringLiteral(", "))), this);
    what->setTextFormat(Qt::PlainText);
    what->setWordWrap(true);
    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("passwordProblem"));
    m_problem->setTextFormat(Qt::PlainText);
    m_problem->setWordWrap(true);
    m_problem->setStyleSheet(QStringLiteral("color: #b00020;"));
    m_problem->hide();
    auto* fieldLabel = new QLabel(tr("&Password:"), this);
    m_password = named(new QLineEdit(this), tr("Password"));
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    fieldLabel->setBuddy(m_password);
    m_remember = named(new QCheckBox(tr("&Remember in the keychain"), this), tr("Remember in the keychain"));
    m_remember->setObjectName(QStringLiteral("rememberPassword"));
    m_remember->setChecked(keychainAvailable);
    m_remember->setEnabled(keychainAvailable);
    auto* where = new QLabel(keychainAvailable ? tr("Kept in the system keychain, asked for again only if it changes.")
                                               : tr("No keychain service answers: the password is kept for this session only "
                                                    "and asked for again next time. It is never written to a file."),
        this);
    where->setObjectName(QStringLiteral("passwordWhere"));
    where->setTextFormat(Qt::PlainText);
    where->setWordWrap(true);
    m_skip = named(new QPushButton(tr("S&kip"), this), tr("Skip"));
    m_skip->setObjectName(QStringLiteral("skipPassword"));
    m_connect = named(new QPushButton(tr("&Connect"), this), tr("Connect"));
    m_connect->setObjectName(QStringLiteral("connectPassword"));
    m_connect->setDefault(true);
    auto* field = new QHBoxLayout;
    field->addWidget(fieldLabel);
    field->addWidget(m_password, 1);
    auto* buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_skip);
    buttons->addWidget(m_connect);
    layout->addWidget(what);
    layout->addWidget(m_problem);
    layout->addLayout(field);
    layout->addWidget(m_remember);
    layout->addWidget(where);
    layout->addLayout(buttons);
    connect(m_connect, &QPushButton::clicked, this, [this] {
        if (!m_password->text().isEmpty())
            emit answered();
    });
    connect(m_skip, &QPushButton::clicked, this, &QDialog::reject);
    m_password->setFocus();
}

QString PasswordDialog::password() const
{
    return m_password->text();
}

bool PasswordDialog::remember() const
{
    return m_remember->isEnabled() && m_remember->isChecked();
}

void PasswordDialog::showProblem(const QString& problem)
{
    m_problem->setText(problem);
    m_problem->show();
    m_password->clear();
    m_password->setFocus();
}

void PasswordDialog::setBusy(bool busy)
{
    m_connect->setEnabled(!busy);
    m_password->setEnabled(!busy);
}
