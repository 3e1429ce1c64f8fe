#include "run/startrundialog.h"

#include "common/accessibility.h"

#include <QButtonGroup>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QVBoxLayout>

StartRunDialog::StartRunDialog(const QString& runbookName, const QString& cluster, bool oneStepOnly, CutoverMode cutover, QWidget* parent)
    : QDialog(parent)
    , m_clusterName(cluster)
{
    setObjectName(QStringLiteral("startRunDialog"));
    setWindowTitle(oneStepOnly ? tr("Run one step") : tr("Start the run"));
    auto* layout = new QVBoxLayout(this);
    auto* what = new QLabel(tr("%1\non cluster %2").arg(runbookName, cluster), this);
    QFont bold = what->font();
    bold.setBold(true);
    what->setFont(bold);
    m_rehearsal = named(new QRadioButton(tr("&Rehearsal"), this), tr("Rehearsal"));
    m_production = named(new QRadioButton(tr("&Production"), this), tr("Production"));
    m_rehearsal->setChecked(true);
    // Its own group: these two are exclusive between themselves, not with rehearsal/production.
    auto* cutoverBox = named(new QGroupBox(tr("Cutover"), this), tr("Cutover"));
    auto* cutoverLayout = new QVBoxLayout(cutoverBox);
    m_hold = named(new QRadioButton(tr("&Hold clients in PgBouncer (their queries wait)"), cutoverBox),
        tr("Hold clients in PgBouncer (their queries wait)"));
    m_refuse = named(new QRadioButton(tr("Re&fuse writes (they fail, reads go on)"), cutoverBox), tr("Refuse writes (they fail, reads go on)"));
    m_hold->setObjectName(QStringLiteral("cutoverHold"));
    m_refuse->setObjectName(QStringLiteral("cutoverRefuse"));
    cutoverLayout->addWidget(m_hold);
    cutoverLayout->addWidget(m_refuse);
    (cutover == CutoverMode::Hold ? m_hold : m_refuse)->setChecked(true);
    m_guard = new QLabel(this);
    m_guard->setWordWrap(true);
    m_guard->setTextFormat(Qt::PlainText);
    m_guard->setText(tr("This changes the production cluster. Type the cluster's name, %1, to confirm:").arg(cluster));
    m_cluster = named(new QLineEdit(this), tr("Cluster name"));
    m_cluster->setObjectName(QStringLiteral("clusterName"));
    m_cluster->setPlaceholderText(tr("cluster name"));
    auto* buttons = new QHBoxLayout;
    auto* cancel = named(new QPushButton(tr("&Cancel"), this), tr("Cancel"));
    m_start = new QPushButton(this);
    m_start->setObjectName(QStringLiteral("startRun"));
    m_start->setDefault(true);
    buttons->addStretch(1);
    buttons->addWidget(cancel);
    buttons->addWidget(m_start);
    layout->addWidget(what);
    layout->addWidget(m_rehearsal);
    layout->addWidget(m_production);
    layout->addWidget(m_guard);
    layout->addWidget(m_cluster);
    layout->addWidget(cutoverBox);
    layout->addLayout(buttons);
    connect(cancel, &QPushButton::clicked, this, &QDialog::reject);
    connect(m_start, &QPushButton::clicked, this, [this] {
        if (m_start->isEnabled())
            accept();
    });
    connect(m_production, &QRadioButton::toggled, this, &StartRunDialog::update);
    connect(m_cluster, &QLineEdit::textChanged, this, &StartRunDialog::update);
    update();
}

QString StartRunDialog::label() const
{
    return m_production->isChecked() ? QStringLiteral("production") : QStringLiteral("rehearsal");
}

CutoverMode StartRunDialog::cutover() const
{
    return m_hold->isChecked() ? CutoverMode::Hold : CutoverMode::Refuse;
}

void StartRunDialog::update()
{
    const bool production = m_production->isChecked();
    m_guard->setVisible(production);
    m_cluster->setVisible(production);
    const QString text = production ? tr("&Start production run") : tr("&Start rehearsal");
    m_start->setText(text);
    nameAfterLabel(m_start, text);
    m_start->setEnabled(!production || m_cluster->text().trimmed() == m_clusterName);
    if (production)
        m_cluster->setFocus();
}
