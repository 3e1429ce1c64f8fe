#include "gantt/ganttpainter.h"

#include "journal/runexport.h"

#include <QFont>
#include <QPainter>
#include <QPolygonF>

#include <algorithm>
#include <cmath>

namespace {

constexpr qreal kMargin = 12;
constexpr qreal kTitleHeight = 28;
constexpr qreal kAxisHeight = 22;
constexpr qreal kLabelWidth = 240;
constexpr qreal kLaneHeight = 48;
constexpr qreal kBarTop = 14;
constexpr qreal kBarHeight = 22;
constexpr qreal kLegendGap = 12;
constexpr qreal kLegendRow = 20;
constexpr qreal kLegendItem = 190;
constexpr qreal kCharEm = 0.6; // a generous average glyph width in DejaVu Sans: labels are cut to fit by count

const QColor kText(0x21, 0x21, 0x21);
const QColor kMuted(0x61, 0x61, 0x61);
const QColor kGrid(0xe0, 0xe0, 0xe0);

enum class LegendSymbol { Phase, Outcome, Rollback, Planned, ProbeBand, MarkerBand, NoReturn };

struct LegendItem {
    LegendSymbol symbol;
    QString text;
    QColor color;
};

QList<LegendItem> legendItems(const GanttData& data)
{
    QList<LegendItem> items;
    for (int p = 0; p < data.phases.size(); ++p)
        items << LegendItem { LegendSymbol::Phase, data.phases[p], GanttPainter::phaseColor(p) };
    bool outcomes[6] = {};
    bool rollback = false, planned = false, noReturn = false;
    QStringList probeKinds, markerKinds;
    for (const GanttLane& lane : data.lanes) {
        planned = planned || !lane.planned.isEmpty();
        for (const QList<GanttBar>* bars : { &lane.planned, &lane.bars }) {
            for (const GanttBar& b : *bars) {
                outcomes[static_cast<int>(b.outcome)] = true;
                rollback = rollback || b.rollback;
                noReturn = noReturn || b.pointOfNoReturn;
            }
        }
        for (const GanttBand& b : lane.bands) {
            QStringList& kinds = b.source == QLatin1String("probe") ? probeKinds : markerKinds;
            if (!kinds.contains(b.kind))
                kinds << b.kind;
        }
    }
    const std::pair<GanttOutcome, const char*> outcomeNames[] = { { GanttOutcome::Failed, "failed" },
        { GanttOutcome::Interrupted, "interrupted" }, { GanttOutcome::Cancelled, "cancelled or skipped" },
        { GanttOutcome::Running, "running" } };
    for (const auto& [outcome, name] : outcomeNames)
        if (outcomes[static_cast<int>(outcome)])
            items << LegendItem { LegendSymbol::Outcome, QString::fromLatin1(name), GanttPainter::outcomeColor(outcome) };
    if (rollback)
        items << LegendItem { LegendSymbol::Rollback, QStringLiteral("rollback step"), QColor() };
    if (planned)
        items << LegendItem { LegendSymbol::Planned, QStringLiteral("rehearsal median"), GanttPainter::phaseColor(0) };
    for (const QString& kind : { QStringLiteral("writes"), QStringLiteral("reads") }) {
        if (probeKinds.contains(kind))
            items << LegendItem { LegendSymbol::ProbeBand, QStringLiteral("%1 failing (probe)").arg(kind),
                GanttPainter::bandColor(kind) };
        if (markerKinds.contains(kind))
            items << LegendItem { LegendSymbol::MarkerBand, QStringLiteral("%1 down (runbook)").arg(kind),
                GanttPainter::bandColor(kind) };
    }
    if (noReturn)
        items << LegendItem { LegendSymbol::NoReturn, QStringLiteral("point of no return"), kText };
    return items;
}

// Where each legend item goes, flowing left to right in slots of kLegendItem (wider for a long text,
// judged by its length): offsets from the legend's top left.
QList<QPointF> legendPositions(const QList<LegendItem>& items, qreal width)
{
    QList<QPointF> out;
    qreal x = 0;
    qreal y = 0;
    const qreal available = width - 2 * kMargin;
    for (const LegendItem& item : items) {
        const qreal needed = 30 + static_cast<qreal>(item.text.size()) * kCharEm * 11;
        const qreal slot = std::min(available, std::ceil(needed / kLegendItem) * kLegendItem);
        if (x > 0 && x + slot > available) {
            x = 0;
            y += kLegendRow;
        }
        out << QPointF(x, y);
        x += slot;
    }
    return out;
}

int legendRows(const GanttData& data, qreal width)
{
    const QList<QPointF> positions = legendPositions(legendItems(data), width);
    return positions.isEmpty() ? 0 : static_cast<int>(positions.last().y() / kLegendRow) + 1;
}

// The text cut (with an ellipsis) to what fits `width` at `pixelSize`, judged by its length alone.
QString cut(const QString& text, qreal width, int pixelSize)
{
    const auto chars = static_cast<qsizetype>(std::max<qreal>(0, width / (kCharEm * pixelSize)));
    if (text.size() <= chars)
        return text;
    return chars <= 1 ? QString() : text.left(chars - 1) + QStringLiteral("…");
}

qint64 tickStep(qint64 span)
{
    static const qint64 steps[] = { 100, 200, 500, 1000, 2000, 5000, 10000, 15000, 30000, 60000, 120000, 300000,
        600000, 900000, 1800000, 3600000, 7200000, 14400000 };
    for (qint64 step : steps)
        if (span / step <= 10)
            return step;
    return steps[std::size(steps) - 1];
}

QString tickLabel(qint64 ms, qint64 step)
{
    if (ms >= 60000 || step >= 1000)
        return ms >= 60000 ? RunExport::formatDuration(ms) : QStringLiteral("%1 s").arg(ms / 1000);
    return QStringLiteral("%1 s").arg(static_cast<double>(ms) / 1000.0, 0, 'f', 1);
}

struct Layout {
    QRectF rect;
    qreal chartLeft = 0;
    qreal chartRight = 0;
    qreal axisTop = 0;
    qreal lanesTop = 0;
    qreal legendTop = 0;
    qint64 span = 1000;

    Layout(const QRectF& r, const GanttData& data)
        : rect(r)
    {
        chartLeft = r.left() + kMargin + kLabelWidth;
        chartRight = std::max(chartLeft + 50, r.right() - kMargin);
        axisTop = r.top() + kMargin + kTitleHeight;
        lanesTop = axisTop + kAxisHeight;
        legendTop = lanesTop + static_cast<qreal>(data.lanes.size()) * kLaneHeight + kLegendGap;
        span = data.spanMs();
    }
    qreal x(qint64 ms) const { return chartLeft + static_cast<qreal>(ms) * (chartRight - chartLeft) / static_cast<qreal>(span); }
    QRectF lane(int i) const
    {
        return QRectF(rect.left() + kMargin, lanesTop + i * kLaneHeight, rect.width() - 2 * kMargin, kLaneHeight);
    }
    QRectF bar(const QRectF& lane, const GanttBar& b, bool planned) const
    {
        const qreal left = x(b.startMs);
        const qreal width = std::max<qreal>(2, x(b.startMs + b.durationMs) - left);
        return planned ? QRectF(left, lane.top() + kBarTop - 5, width, kBarHeight + 10)
                       : QRectF(left, lane.top() + kBarTop, width, kBarHeight);
    }
};

// The rehearsal medians are their phase's colour, faint; probe bands fainter than runbook bands.
constexpr int kPlannedAlpha = 60;
constexpr int kProbeAlpha = 60;
constexpr int kMarkerAlpha = 210;

void box(QPainter& p, const QRectF& r, QColor fill, int alpha, const QPen& pen = Qt::NoPen)
{
    fill.setAlpha(alpha);
    p.setPen(pen);
    p.setBrush(fill);
    p.drawRect(r);
}

// The runbook's planned window: a bar along the bottom of the space it is given.
QRectF markerStrip(const QRectF& r)
{
    return QRectF(r.left(), r.bottom() - 5, r.width(), 5);
}

QFont font(int pixelSize, bool bold = false)
{
    QFont f(QStringLiteral("DejaVu Sans"));
    f.setPixelSize(pixelSize);
    f.setBold(bold);
    return f;
}

void drawNoReturn(QPainter& p, qreal x, const QRectF& lane)
{
    p.setPen(QPen(kText, 2));
    p.drawLine(QPointF(x, lane.top() + 3), QPointF(x, lane.bottom() - 3));
    p.setPen(Qt::NoPen);
    p.setBrush(kText);
    p.drawPolygon(QPolygonF({ QPointF(x, lane.top() + 3), QPointF(x + 9, lane.top() + 7), QPointF(x, lane.top() + 11) }));
}

void drawBars(QPainter& p, const Layout& layout, const QRectF& lane, const QList<GanttBar>& bars, bool planned,
    bool labelPlanned = false)
{
    for (const GanttBar& b : bars) {
        const QRectF r = layout.bar(lane, b, planned);
        QColor fill = GanttPainter::outcomeColor(b.outcome);
        if (!fill.isValid())
            fill = GanttPainter::phaseColor(b.phaseIndex);
        if (planned)
            box(p, r, fill, kPlannedAlpha, QPen(fill.darker(120), 1));
        else if (b.rollback)
            box(p, r, fill, 255, QPen(kText, 1.5, Qt::DashLine));
        else if (b.outcome == GanttOutcome::Running)
            box(p, r, fill, 255, QPen(QColor(0x15, 0x65, 0xc0), 2));
        else
            box(p, r, fill, 255, QPen(fill.darker(140), 1));
        // Medians are named only when no run is drawn over them.
        if (r.width() >= 36 && (!planned || labelPlanned)) {
            p.setPen(planned || fill.lightness() > 150 ? kText : Qt::white);
            p.setFont(font(11));
            p.drawText(QPointF(r.left() + 4, r.top() + (planned ? 20 : 15)), cut(b.stepId, r.width() - 8, 11));
        }
    }
    for (const GanttBar& b : bars)
        if (b.pointOfNoReturn)
            drawNoReturn(p, layout.x(b.startMs + b.durationMs), lane);
}

void drawBands(QPainter& p, const Layout& layout, const QRectF& lane, const QList<GanttBand>& bands)
{
    for (const GanttBand& b : bands) {
        const qreal left = layout.x(b.startMs);
        const qreal width = std::max<qreal>(2, layout.x(b.startMs + b.durationMs) - left);
        const QColor c = GanttPainter::bandColor(b.kind);
        if (b.source == QLatin1String("probe"))
            box(p, QRectF(left, lane.top() + 1, width, lane.height() - 2), c, kProbeAlpha);
        else
            box(p, markerStrip(QRectF(left, lane.top(), width, lane.height() - 3)), c, kMarkerAlpha);
    }
}

void drawLegendSymbol(QPainter& p, const LegendItem& item, const QRectF& r)
{
    switch (item.symbol) {
    case LegendSymbol::Phase:
    case LegendSymbol::Outcome:
        box(p, r, item.color, 255, QPen(item.color.darker(140), 1));
        break;
    case LegendSymbol::Rollback:
        box(p, r, QColor(0xee, 0xee, 0xee), 255, QPen(kText, 1.5, Qt::DashLine));
        break;
    case LegendSymbol::Planned:
        box(p, r, item.color, kPlannedAlpha, QPen(item.color.darker(120), 1));
        break;
    case LegendSymbol::ProbeBand:
        box(p, r, item.color, kProbeAlpha);
        break;
    case LegendSymbol::MarkerBand:
        box(p, markerStrip(r), item.color, kMarkerAlpha);
        break;
    case LegendSymbol::NoReturn:
        drawNoReturn(p, r.center().x(), r.adjusted(0, -2, 0, 2));
        break;
    }
}

} // namespace

QColor GanttPainter::phaseColor(int phaseIndex)
{
    // Distinct hues without the reds and oranges that mean failure and downtime.
    static const QColor palette[] = { QColor(0x4e, 0x79, 0xa7), QColor(0x59, 0xa1, 0x4f), QColor(0xb0, 0x7a, 0xa1),
        QColor(0x76, 0xb7, 0xb2), QColor(0x9c, 0x75, 0x5f), QColor(0xed, 0xc9, 0x48), QColor(0x5b, 0x5e, 0xa6),
        QColor(0x8c, 0xd1, 0x7d) };
    const auto n = static_cast<int>(std::size(palette));
    return palette[((phaseIndex % n) + n) % n];
}

QColor GanttPainter::outcomeColor(GanttOutcome outcome)
{
    switch (outcome) {
    case GanttOutcome::Failed:
        return QColor(0xb7, 0x1c, 0x1c);
    case GanttOutcome::Interrupted:
        return QColor(0xef, 0x6c, 0x00);
    case GanttOutcome::Cancelled:
        return QColor(0x9e, 0x9e, 0x9e);
    case GanttOutcome::Succeeded:
    case GanttOutcome::Running:
    case GanttOutcome::Planned:
        break;
    }
    return QColor();
}

QColor GanttPainter::bandColor(const QString& kind)
{
    return kind == QLatin1String("writes") ? QColor(0xe5, 0x39, 0x35) : QColor(0xfb, 0x8c, 0x00);
}

QSizeF GanttPainter::preferredSize(const GanttData& data, qreal width)
{
    const qreal height = kMargin + kTitleHeight + kAxisHeight + static_cast<qreal>(data.lanes.size()) * kLaneHeight
        + kLegendGap + legendRows(data, width) * kLegendRow + kMargin;
    return QSizeF(width, height);
}

void GanttPainter::paint(QPainter& p, const QRectF& rect, const GanttData& data)
{
    p.save();
    p.setFont(font(12));
    p.setRenderHint(QPainter::Antialiasing, true);
    p.setRenderHint(QPainter::TextAntialiasing, true);
    p.fillRect(rect, Qt::white);
    const Layout layout(rect, data);

    p.setPen(kText);
    p.setFont(font(14, true));
    p.drawText(QPointF(rect.left() + kMargin, rect.top() + kMargin + 16), cut(data.title, rect.width() - 2 * kMargin, 14));
    if (data.isEmpty()) {
        p.setFont(font(12));
        p.setPen(kMuted);
        p.drawText(QPointF(rect.left() + kMargin, layout.lanesTop + 16), QStringLiteral("No run selected"));
        p.restore();
        return;
    }

    for (int i = 0; i < data.lanes.size(); ++i) {
        const QRectF lane = layout.lane(i);
        p.fillRect(lane, i % 2 ? QColor(Qt::white) : QColor(0xf4, 0xf6, 0xf8));
    }
    // The time axis and its grid.
    const qint64 step = tickStep(layout.span);
    const qreal gridBottom = layout.lanesTop + static_cast<qreal>(data.lanes.size()) * kLaneHeight;
    p.setFont(font(11));
    for (qint64 t = 0; t <= layout.span; t += step) {
        const qreal x = layout.x(t);
        p.setPen(QPen(kGrid, 1));
        p.drawLine(QPointF(x, layout.axisTop + 16), QPointF(x, gridBottom));
        p.setPen(kMuted);
        p.drawText(QPointF(x + 3, layout.axisTop + 12), tickLabel(t, step));
    }

    for (int i = 0; i < data.lanes.size(); ++i) {
        const GanttLane& laneData = data.lanes[i];
        const QRectF lane = layout.lane(i);
        drawBands(p, layout, lane, laneData.bands);
        drawBars(p, layout, lane, laneData.planned, true, laneData.bars.isEmpty());
        drawBars(p, layout, lane, laneData.bars, false);
        p.setPen(kText);
        p.setFont(font(12, true));
        p.drawText(QPointF(lane.left() + 6, lane.top() + 19), cut(laneData.title, kLabelWidth - 12, 12));
        p.setPen(kMuted);
        p.setFont(font(11));
        p.drawText(QPointF(lane.left() + 6, lane.top() + 36), cut(laneData.subtitle, kLabelWidth - 12, 11));
        p.setPen(QPen(kGrid, 1));
        p.drawLine(QPointF(lane.left(), lane.bottom()), QPointF(lane.right(), lane.bottom()));
    }

    const QList<LegendItem> items = legendItems(data);
    const QList<QPointF> positions = legendPositions(items, rect.width());
    p.setFont(font(11));
    for (int i = 0; i < items.size(); ++i) {
        const qreal x = rect.left() + kMargin + positions[i].x();
        const qreal y = layout.legendTop + positions[i].y();
        drawLegendSymbol(p, items[i], QRectF(x, y + 3, 18, 12));
        p.setPen(kText);
        p.drawText(QPointF(x + 24, y + 13), cut(items[i].text, rect.width() - 2 * kMargin - 30, 11));
    }
    p.restore();
}

int GanttPainter::laneAt(const QRectF& rect, const GanttData& data, const QPointF& point)
{
    const Layout layout(rect, data);
    for (int i = 0; i < data.lanes.size(); ++i)
        if (layout.lane(i).contains(point))
            return i;
    return -1;
}

int GanttPainter::barAt(const QRectF& rect, const GanttData& data, int lane, const QPointF& point, bool* planned)
{
    if (lane < 0 || lane >= data.lanes.size())
        return -1;
    const Layout layout(rect, data);
    const QRectF laneRect = layout.lane(lane);
    // Bars first: in a live lane they are drawn over the medians.
    for (const bool medians : { false, true }) {
        const QList<GanttBar>& bars = medians ? data.lanes[lane].planned : data.lanes[lane].bars;
        for (int i = 0; i < bars.size(); ++i) {
            const QRectF r = layout.bar(laneRect, bars[i], medians);
            if (point.x() >= r.left() && point.x() <= r.right()) {
                if (planned)
                    *planned = medians;
                return i;
            }
        }
    }
    return -1;
}
