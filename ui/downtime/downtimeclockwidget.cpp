#include "downtime/downtimeclockwidget.h"

#include "common/accessibility.h"
#include "common/livetext.h"
#include "core/durationtext.h"
#include "engine/downtimeclock.h"
#include "engine/rollbackpreview.h"

#include <QLabel>
#include <QPainter>
#include <QVBoxLayout>

namespace {
const QColor kRed(210, 40, 40);
const QColor kGreen(40, 150, 60);

QString kindLabel(const QString& kind)
{
    return kind == QLatin1String("writes") ? DowntimeClockWidget::tr("Writes") : DowntimeClockWidget::tr("Reads");
}
} // namespace

DowntimeTimeline::DowntimeTimeline(QWidget* parent)
    : QWidget(parent)
{
    setMinimumHeight(36);
    nameAfterLabel(this, tr("Downtime timeline"));
}

void DowntimeTimeline::paintEvent(QPaintEvent*)
{
    QPainter p(this);
    const QRect r = rect().adjusted(0, 0, -1, -1);
    p.fillRect(r, palette().color(QPalette::Base));
    p.setPen(palette().color(QPalette::Mid));
    p.drawRect(r);
    if (!m_clock || !m_clock->runStartedAt().isValid())
        return;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const qint64 span = qMax<qint64>(1000, m_clock->runStartedAt().msecsTo(now));
    const int lane = (r.height() - 4) / 2;
    auto x = [&](const QDateTime& t) { return r.left() + 1 + int(double(m_clock->runStartedAt().msecsTo(t)) / double(span) * (r.width() - 2)); };
    for (const DowntimeClock::Window& w : m_clock->windows()) {
        const int top = r.top() + 2 + (w.kind == QLatin1String("reads") ? lane : 0);
        const int x0 = x(w.startedAt);
        const int x1 = qMax(x0 + 2, x(w.endedAt.isValid() ? w.endedAt : now));
        const QRect bar(x0, top, x1 - x0, lane - 1);
        if (w.source == QLatin1String("probe")) {
            p.fillRect(bar, kRed); // what clients really saw: solid
        } else {
            QColor c = kRed; // what the runbook expects: outlined
            c.setAlpha(110);
            p.fillRect(bar.adjusted(0, lane / 3, 0, -lane / 3), c);
        }
    }
    p.setPen(palette().color(QPalette::Text));
    QFont f = font();
    f.setPointSizeF(f.pointSizeF() * 0.8);
    p.setFont(f);
    p.drawText(r.adjusted(4, 0, -4, 0), Qt::AlignRight | Qt::AlignTop, durationText(span));
}

DowntimeClockWidget::DowntimeClockWidget(QWidget* parent)
    : QFrame(parent)
{
    setObjectName(QStringLiteral("downtimeClock"));
    setFrameShape(QFrame::StyledPanel);
    auto* layout = new QVBoxLayout(this);
    auto* title = new QLabel(tr("Client downtime"), this);
    QFont bold = title->font();
    bold.setBold(true);
    title->setFont(bold);
    m_writes = new LiveText(this);
    m_reads = new LiveText(this);
    QFont big = m_writes->font();
    big.setPointSizeF(big.pointSizeF() * 1.35);
    big.setBold(true);
    m_writes->setFont(big);
    m_reads->setFont(big);
    m_probe = new LiveText(this);
    m_probe->setWordWrap(true);
    m_rollback = new LiveText(this);
    m_rollback->setWordWrap(true);
    m_timeline = new DowntimeTimeline(this);
    layout->addWidget(title);
    layout->addWidget(m_writes);
    layout->addWidget(m_reads);
    layout->addWidget(m_timeline);
    layout->addWidget(m_probe);
    layout->addWidget(m_rollback);
    refresh();
}

void DowntimeClockWidget::setClock(DowntimeClock* clock)
{
    m_clock = clock;
    m_timeline->setClock(clock);
    connect(clock, &DowntimeClock::changed, this, &DowntimeClockWidget::refresh);
    refresh();
}

void DowntimeClockWidget::setRollbackPreview(const RollbackPreview& preview)
{
    m_writesRestoredAfterMs = preview.writesRestoredAfterMs;
    m_writesRestoreUnestimated = preview.writesRestoredUnestimated;
    m_rollbackRefused = preview.refused;
    m_rollbackAvailable = preview.available;
    refresh();
}

void DowntimeClockWidget::refresh()
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (const QString& kind : { QStringLiteral("writes"), QStringLiteral("reads") }) {
        LiveText* label = kind == QLatin1String("writes") ? m_writes : m_reads;
        const bool open = m_clock && m_clock->isOpen(kind);
        const qint64 total = m_clock ? m_clock->unavailableMs(kind, now) : 0;
        // What matters now in large type; the run's total against its budget after it.
        QString text = open ? tr("%1 FAILING for %2").arg(kindLabel(kind), durationText(m_clock->openSince(kind).msecsTo(now)))
                            : tr("%1 OK").arg(kindLabel(kind));
        const auto budget = m_clock ? m_clock->budgetMs(kind) : std::nullopt;
        if (total > 0 || budget)
            text += budget ? tr("  (%1 of %2 budget)").arg(durationText(total), durationText(*budget)) : tr("  (%1 in this run)").arg(durationText(total));
        label->setText(text);
        const bool over = m_clock && m_clock->overBudget(kind, now);
        label->setColor(open || over ? kRed : total > 0 ? QColor() : kGreen);
    }
    if (m_clock && m_clock->probeRunning()) {
        const ProbeStats& s = m_clock->probeStats();
        m_probe->setText(tr("Traffic probe: %1 writes (%2 failed), %3 reads (%4 failed); slowest write %5 ms")
                             .arg(s.writes)
                             .arg(s.writeFailures)
                             .arg(s.reads)
                             .arg(s.readFailures)
                             .arg(s.maxWriteLatencyMs));
    } else {
        m_probe->setText(tr("Traffic probe: not running (figures from the runbook's downtime markers)"));
    }
    // The question of the moment while clients cannot write: can we still back out inside the window?
    QString back;
    if (m_clock && m_clock->isOpen(QStringLiteral("writes"))) {
        if (m_rollbackRefused)
            back = tr("Rollback now: refused (see Roll back)");
        else if (m_writesRestoredAfterMs && m_writesRestoreUnestimated == 0)
            back = tr("A rollback started now would restore writes in about %1").arg(durationText(*m_writesRestoredAfterMs + 100));
        else if (m_writesRestoredAfterMs)
            back = tr("A rollback started now would restore writes after %n undo step(s) never rehearsed: time unknown", nullptr,
                m_writesRestoreUnestimated);
        else if (m_rollbackAvailable)
            back = tr("A rollback started now: time to restore writes unknown (never rehearsed)");
    }
    m_rollback->setText(back);
    m_rollback->setVisible(!back.isEmpty());
    m_timeline->update();
}
