#include "topology/topologypainter.h"

#include "cluster/topologyformat.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QLineF>
#include <QPainter>
#include <QPainterPath>
#include <cmath>
#include <functional>

namespace {

struct Metrics {
    qreal line = 16;
    qreal pad = 8;
    qreal cardW = 200;
    qreal cardH = 80;
    qreal hGap = 32;
    qreal vGap = 52;
    qreal margin = 16;
    qreal pillH = 24;
};

Metrics metricsFor(const QFont& font)
{
    const QFontMetricsF fm(font);
    Metrics m;
    m.line = fm.lineSpacing();
    m.pad = std::round(m.line * 0.5);
    m.cardW
        = std::max<qreal>(190, fm.horizontalAdvance(QStringLiteral("127.000.000.000:55555 · PG 15.18")) + 2 * m.pad);
    m.cardH = std::round(m.line * 4.3 + 2 * m.pad);
    m.hGap = std::round(m.line * 2);
    m.vGap = std::round(m.line * 3.4);
    m.margin = std::round(m.line);
    m.pillH = std::round(m.line * 1.7);
    return m;
}

QColor mix(const QColor& a, const QColor& b, qreal t)
{
    return QColor::fromRgbF(float(a.redF() * (1 - t) + b.redF() * t), float(a.greenF() * (1 - t) + b.greenF() * t),
        float(a.blueF() * (1 - t) + b.blueF() * t));
}

struct Colors {
    QColor window, base, text, muted, line, accent, accentText, danger, warning, good, logical;
    explicit Colors(const QPalette& p)
    {
        window = p.color(QPalette::Window);
        base = p.color(QPalette::Base);
        text = p.color(QPalette::Text);
        accent = p.color(QPalette::Highlight);
        accentText = p.color(QPalette::HighlightedText);
        const bool dark = base.lightnessF() < 0.5;
        // Status colours are not in a palette: pick each for contrast against the palette's base.
        danger = TopologyPainter::dangerColor(p);
        warning = dark ? QColor(240, 190, 80) : QColor(160, 100, 0);
        good = dark ? QColor(120, 210, 130) : QColor(25, 125, 55);
        muted = mix(text, base, 0.45);
        line = mix(text, base, 0.3);
        logical = mix(accent, text, dark ? 0.35 : 0.15);
    }
};

bool standbyLike(const TopologyNode& n)
{
    if (n.inRecovery)
        return *n.inRecovery;
    return n.inventoryRole == QLatin1String("replica") || n.inventoryRole == QLatin1String("standby");
}

QPointF borderPoint(const QRectF& r, const QPointF& towards)
{
    const QPointF c = r.center();
    const QPointF d = towards - c;
    if (std::abs(d.x()) < 0.01 && std::abs(d.y()) < 0.01)
        return c;
    const qreal sx = std::abs(d.x()) > 0.01 ? (r.width() / 2) / std::abs(d.x()) : 1e9;
    const qreal sy = std::abs(d.y()) > 0.01 ? (r.height() / 2) / std::abs(d.y()) : 1e9;
    return c + d * std::min(sx, sy);
}

void arrowHead(QPainter& p, const QLineF& line, qreal size, const QColor& color)
{
    const qreal angle = std::atan2(-line.dy(), line.dx());
    const QPointF tip = line.p2();
    const QPointF a = tip - QPointF(std::cos(angle - M_PI / 7) * size, -std::sin(angle - M_PI / 7) * size);
    const QPointF b = tip - QPointF(std::cos(angle + M_PI / 7) * size, -std::sin(angle + M_PI / 7) * size);
    QPainterPath path(tip);
    path.lineTo(a);
    path.lineTo(b);
    path.closeSubpath();
    p.fillPath(path, color);
}

void label(
    QPainter& p, const QPointF& center, const QString& text, const QFont& font, const QColor& fg, const Colors& c)
{
    if (text.isEmpty())
        return;
    const QFontMetricsF fm(font);
    const QSizeF size(fm.horizontalAdvance(text) + fm.height() * 0.6, fm.height() * 1.1);
    const QRectF box(center - QPointF(size.width() / 2, size.height() / 2), size);
    p.setPen(QPen(mix(c.line, c.window, 0.5), 1));
    p.setBrush(c.window);
    p.drawRoundedRect(box, size.height() / 2, size.height() / 2);
    p.setPen(fg);
    p.setFont(font);
    p.drawText(box, Qt::AlignCenter, text);
}

QFont scaled(const QFont& base, qreal factor, bool bold = false)
{
    QFont f = base;
    if (f.pointSizeF() > 0)
        f.setPointSizeF(f.pointSizeF() * factor);
    else
        f.setPixelSize(std::max(6, int(std::round(f.pixelSize() * factor))));
    f.setBold(bold);
    return f;
}

// "app (pgbouncer) → db1", and what is wrong with it, if anything.
QString pillText(const TopologyEndpoint& e)
{
    QString text
        = QStringLiteral("%1 (%2) → %3").arg(e.name, e.kind, e.routesTo.isEmpty() ? QStringLiteral("?") : e.routesTo);
    if (e.isFailure())
        text += QCoreApplication::translate("TopologyPainter", " · UNREACHABLE");
    else if (e.paused.value_or(false))
        text += QCoreApplication::translate("TopologyPainter", " · PAUSED, %1 waiting").arg(e.clientsWaiting);
    else if (e.split)
        text += QCoreApplication::translate("TopologyPainter", " · SPLIT");
    return text;
}

QString statusLine(const TopologySnapshot& s, const TopologyNode& n, const QDateTime& now)
{
    switch (n.state) {
    case NodeState::Unreachable:
        return QCoreApplication::translate("TopologyPainter", "UNREACHABLE ") + TopologyFormat::elapsed(n.unreachableSince, now);
    case NodeState::SpareNotRunning:
        return QCoreApplication::translate("TopologyPainter", "spare, not running");
    case NodeState::Unknown:
        return QCoreApplication::translate("TopologyPainter", "checking…");
    case NodeState::Discovered: {
        const QList<const TopologyEdge*> in = s.edgesTo(n.name);
        return in.isEmpty() ? QCoreApplication::translate("TopologyPainter", "not in the inventory") : QCoreApplication::translate("TopologyPainter", "lag ") + in.first()->lagLabel();
    }
    case NodeState::Up:
        break;
    }
    for (const TopologyEdge* e : s.edgesTo(n.name)) {
        if (!e->observed)
            continue;
        const QString lag = e->lagLabel();
        if (!e->isStreaming())
            return lag.isEmpty() ? e->state : QCoreApplication::translate("TopologyPainter", "%1, lag %2").arg(e->state, lag);
        return lag.isEmpty() ? QCoreApplication::translate("TopologyPainter", "streaming") : QCoreApplication::translate("TopologyPainter", "lag ") + lag;
    }
    const int connections = n.connectionCount();
    return connections == 1 ? QCoreApplication::translate("TopologyPainter", "1 connection") : QCoreApplication::translate("TopologyPainter", "%1 connections").arg(connections);
}

} // namespace

QColor TopologyPainter::dangerColor(const QPalette& palette)
{
    return palette.color(QPalette::Base).lightnessF() < 0.5 ? QColor(255, 118, 118) : QColor(190, 40, 40);
}

QString TopologyLayout::nodeAt(const QPointF& point) const
{
    for (auto it = nodes.begin(); it != nodes.end(); ++it)
        if (it.value().contains(point))
            return it.key();
    return {};
}

TopologyLayout TopologyPainter::layout(const TopologySnapshot& s, qreal width, const QFont& font)
{
    const Metrics m = metricsFor(font);
    TopologyLayout out;
    width = std::max(width, m.cardW + 2 * m.margin);

    // Who each node hangs under: its observed upstream, else the first physical edge into it, else
    // (a standby that streams from nothing now) the inventory's upstream.
    QHash<QString, const TopologyNode*> byName;
    for (const TopologyNode& n : s.nodes)
        byName.insert(n.name, &n);
    QHash<QString, QString> inbound;
    for (const TopologyEdge& e : s.edges)
        if (e.kind == TopologyEdge::Kind::Physical && !inbound.contains(e.to))
            inbound.insert(e.to, e.from);
    QHash<QString, QString> upstream;
    for (const TopologyNode& n : s.nodes) {
        const QString up = !n.upstream.isEmpty()
            ? n.upstream
            : inbound.value(n.name, standbyLike(n) ? n.declaredUpstream : QString());
        if (!up.isEmpty())
            upstream.insert(n.name, up);
    }

    // Levels: primaries (and whatever streams from nothing we know) on top, each standby one below
    // its upstream; spares that are not running in a row of their own at the bottom.
    QHash<QString, int> level;
    std::function<int(const TopologyNode&, int)> levelOf = [&](const TopologyNode& n, int depth) -> int {
        if (const auto it = level.constFind(n.name); it != level.cend())
            return *it;
        int l = 0;
        const TopologyNode* parent = byName.value(upstream.value(n.name));
        if (parent && depth < 8 && parent->state != NodeState::SpareNotRunning)
            l = levelOf(*parent, depth + 1) + 1;
        else if (standbyLike(n) || (n.discovered && inbound.contains(n.name)))
            l = 1;
        level.insert(n.name, l);
        return l;
    };
    int maxLevel = -1;
    QList<const TopologyNode*> spares;
    for (const TopologyNode& n : s.nodes) {
        if (n.state == NodeState::SpareNotRunning) {
            spares << &n;
            continue;
        }
        maxLevel = std::max(maxLevel, levelOf(n, 0));
    }
    QList<QList<const TopologyNode*>> rows(maxLevel + 1);
    for (const TopologyNode& n : s.nodes)
        if (n.state != NodeState::SpareNotRunning)
            rows[level.value(n.name)] << &n;
    if (!spares.isEmpty())
        rows << spares;

    qreal y = m.margin;
    if (!s.endpoints.isEmpty()) {
        const QFontMetricsF fm(scaled(font, 1.0, true));
        QList<qreal> widths;
        qreal total = 0;
        for (const TopologyEndpoint& e : s.endpoints) {
            const qreal w = fm.horizontalAdvance(pillText(e)) + 2 * m.pad;
            widths << w;
            total += w;
        }
        total += (s.endpoints.size() - 1) * m.hGap;
        qreal x = std::max(m.margin, (width - total) / 2);
        for (int i = 0; i < s.endpoints.size(); ++i) {
            out.endpoints.insert(s.endpoints[i].name, QRectF(x, y, widths[i], m.pillH));
            x += widths[i] + m.hGap;
        }
        y += m.pillH + m.vGap;
    }

    const int columns = std::max(1, int((width - 2 * m.margin + m.hGap) / (m.cardW + m.hGap)));
    QHash<QString, int> position; // reading position: children line up under their parents
    for (QList<const TopologyNode*>& row : rows) {
        QHash<const TopologyNode*, int> parentAt;
        for (const TopologyNode* n : std::as_const(row))
            parentAt.insert(n, position.value(upstream.value(n->name), -1));
        std::stable_sort(row.begin(), row.end(),
            [&](const TopologyNode* a, const TopologyNode* b) { return parentAt[a] < parentAt[b]; });
        for (int start = 0; start < row.size(); start += columns) {
            const int count = std::min<int>(columns, row.size() - start);
            const qreal total = count * m.cardW + (count - 1) * m.hGap;
            qreal x = std::max(m.margin, (width - total) / 2);
            for (int i = start; i < start + count; ++i) {
                out.nodes.insert(row[i]->name, QRectF(x, y, m.cardW, m.cardH));
                position.insert(row[i]->name, out.order.size());
                out.order << row[i]->name;
                x += m.cardW + m.hGap;
            }
            y += m.cardH + m.vGap;
        }
    }
    out.size = QSizeF(width, std::max(y - m.vGap + m.margin, 3 * m.line));
    return out;
}

QString TopologyPainter::describe(const TopologySnapshot& s, const QString& name, const QDateTime& now)
{
    const TopologyNode* n = s.node(name);
    if (!n)
        return {};
    QStringList parts { n->roleLabel() };
    if (n->isUp()) {
        parts << QCoreApplication::translate("TopologyPainter", "PostgreSQL %1").arg(n->version)
              << (n->readOnly() ? QCoreApplication::translate("TopologyPainter", "read-only") : QCoreApplication::translate("TopologyPainter", "read-write"));
    }
    parts << statusLine(s, *n, now.isValid() ? now : s.takenAt);
    if (!n->address().isEmpty())
        parts << n->address();
    if (!n->error.isEmpty())
        parts << n->error;
    parts.removeAll(QString());
    return QStringLiteral("%1: %2").arg(n->name, parts.join(QStringLiteral(", ")));
}

void TopologyPainter::paint(QPainter& p, const QRectF& target, const TopologySnapshot& s, const TopologyPaintOptions& o)
{
    paint(p, target, s, o, layout(s, target.width(), o.font));
}

void TopologyPainter::paint(QPainter& p, const QRectF& target, const TopologySnapshot& s, const TopologyPaintOptions& o,
    const TopologyLayout& lay)
{
    const Colors c(o.palette);
    const Metrics m = metricsFor(o.font);
    const QDateTime now = o.now.isValid() ? o.now : s.takenAt;
    p.save();
    p.setRenderHint(QPainter::Antialiasing, true);
    const QRectF exposed = o.exposed.isValid() ? o.exposed.intersected(target) : target;
    p.fillRect(exposed, c.window);
    p.translate(target.topLeft());
    // In the picture's own coordinates; a large cluster in a scroll area draws only what shows.
    const QRectF visible = exposed.translated(-target.topLeft());
    if (s.nodes.isEmpty()) {
        p.setPen(c.muted);
        p.setFont(o.font);
        p.drawText(QRectF(QPointF(0, 0), target.size()), Qt::AlignCenter,
            QCoreApplication::translate("TopologyPainter", "Waiting for the first poll of the cluster…"));
        p.restore();
        return;
    }
    const QFont small = scaled(o.font, 0.85);
    const QFont smallBold = scaled(o.font, 0.8, true);

    // Replication edges, under the cards.
    for (const TopologyEdge& e : s.edges) {
        const auto from = lay.nodes.constFind(e.from);
        const auto to = lay.nodes.constFind(e.to);
        if (from == lay.nodes.cend() || to == lay.nodes.cend())
            continue;
        if (!visible.intersects(QRectF(from->center(), to->center()).normalized().adjusted(-8, -8, 8, 8)))
            continue;
        const bool logical = e.kind == TopologyEdge::Kind::Logical;
        QLineF line(borderPoint(*from, to->center()), borderPoint(*to, from->center()));
        if (logical) {
            // Beside a physical edge, and apart from a logical one the other way (reverse replication).
            const QLineF normal = line.normalVector().unitVector();
            const QPointF shift(normal.dx() * 7, normal.dy() * 7);
            line.translate(shift);
        }
        const QColor color = !e.observed ? c.danger : logical ? c.logical : c.line;
        QPen pen(color, logical ? 1.8 : 2.0, !e.observed ? Qt::DotLine : logical ? Qt::DashLine : Qt::SolidLine);
        pen.setCapStyle(Qt::FlatCap);
        p.setPen(pen);
        p.drawLine(line);
        arrowHead(p, line, m.line * 0.6, color);
        QString text = !e.observed ? QCoreApplication::translate("TopologyPainter", "down") : e.lagLabel();
        if (e.observed && !e.isStreaming())
            text = text.isEmpty() ? e.state : QStringLiteral("%1 · %2").arg(e.state, text);
        if (logical && !e.subscription.isEmpty())
            text = QStringLiteral("%1 · %2").arg(QCoreApplication::translate("TopologyPainter", "logical"), text.isEmpty() ? e.state : text);
        if (visible.adjusted(-m.cardW, -m.line, m.cardW, m.line).contains(line.pointAt(0.5)))
            label(p, line.pointAt(0.5), text, small, !e.observed ? c.danger : c.text, c);
    }

    // Endpoints and where they send clients.
    for (const TopologyEndpoint& e : s.endpoints) {
        const QRectF pill = lay.endpoints.value(e.name);
        if (const auto to = lay.nodes.constFind(e.routesTo);
            !visible.intersects(to != lay.nodes.cend() ? pill.united(*to) : pill))
            continue;
        const bool down = e.isFailure();
        const bool paused = e.paused.value_or(false);
        const QColor color = down ? c.danger : paused ? c.warning : c.accent;
        if (const auto to = lay.nodes.constFind(e.routesTo); to != lay.nodes.cend() && !down) {
            const QLineF line(borderPoint(pill, to->center()), borderPoint(*to, pill.center()));
            p.setPen(QPen(color, 2.2));
            p.drawLine(line);
            arrowHead(p, line, m.line * 0.65, color);
        }
        p.setPen(QPen(color, 1.6));
        p.setBrush(mix(c.base, color, 0.18));
        p.drawRoundedRect(pill, pill.height() / 2, pill.height() / 2);
        p.setPen(c.text);
        p.setFont(scaled(o.font, 1.0, true));
        p.drawText(pill, Qt::AlignCenter, pillText(e));
    }

    // Cards.
    for (const TopologyNode& n : s.nodes) {
        const auto it = lay.nodes.constFind(n.name);
        if (it == lay.nodes.cend())
            continue;
        const QRectF r = *it;
        if (!visible.intersects(r.adjusted(-6, -6, 6, 6)))
            continue;
        const bool grey = !n.isUp() && n.state != NodeState::Discovered;
        const qreal h = o.highlight.value(n.name);
        QColor fill = grey ? mix(c.base, c.window, 0.6) : c.base;
        if (h > 0)
            fill = mix(fill, c.accent, 0.45 * h);
        QPen border(mix(c.text, c.base, 0.6), 1.2);
        if (n.state == NodeState::Unreachable)
            border = QPen(c.danger, 1.8, Qt::DashLine);
        else if (n.state == NodeState::SpareNotRunning || n.state == NodeState::Unknown)
            border = QPen(c.muted, 1.2, Qt::DashLine);
        else if (n.discovered)
            border = QPen(c.muted, 1.2, Qt::DotLine);
        else if (n.isUp() && !n.isStandby())
            border = QPen(c.accent, 2.0);
        if (h > 0)
            border = QPen(c.accent, 2.0 + h);
        p.setPen(border);
        p.setBrush(fill);
        p.drawRoundedRect(r, 6, 6);
        if (n.name == o.selected) {
            QPen ring(c.accent, 3);
            if (o.focused)
                ring.setStyle(Qt::SolidLine);
            p.setPen(ring);
            p.setBrush(Qt::NoBrush);
            p.drawRoundedRect(r.adjusted(-4, -4, 4, 4), 9, 9);
        }

        const QColor textColor = grey ? c.muted : c.text;
        const QRectF inner = r.adjusted(m.pad, m.pad * 0.8, -m.pad, -m.pad * 0.6);
        const qreal lh = inner.height() / 4;
        // Role badge, top right.
        const QString role = n.roleLabel().toUpper();
        const QFontMetricsF badgeMetrics(smallBold);
        const qreal badgeW = badgeMetrics.horizontalAdvance(role) + m.pad;
        const QRectF badge(
            inner.right() - badgeW, inner.top() + (lh - badgeMetrics.height()) / 2, badgeW, badgeMetrics.height());
        if (!role.isEmpty()) {
            const bool primary = n.isUp() && !n.isStandby() && !n.discovered;
            p.setPen(primary ? QPen(Qt::NoPen) : QPen(c.muted, 1));
            p.setBrush(primary ? QBrush(c.accent) : QBrush(Qt::NoBrush));
            p.drawRoundedRect(badge, 3, 3);
            p.setPen(primary ? c.accentText : textColor);
            p.setFont(smallBold);
            p.drawText(badge, Qt::AlignCenter, role);
        }
        const QFont nameFont = scaled(o.font, 1.1, true);
        p.setFont(nameFont);
        p.setPen(textColor);
        const QRectF nameRect(inner.left(), inner.top(), inner.width() - badgeW - m.pad / 2, lh);
        p.drawText(nameRect, Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetricsF(nameFont).elidedText(n.name, Qt::ElideRight, nameRect.width()));

        p.setFont(small);
        p.setPen(c.muted);
        QStringList second;
        if (!n.address().isEmpty())
            second << n.address();
        if (!n.version.isEmpty())
            second << QStringLiteral("PG ") + n.version;
        const QRectF line2(inner.left(), inner.top() + lh, inner.width(), lh);
        p.drawText(line2, Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetricsF(small).elidedText(second.join(QStringLiteral(" · ")), Qt::ElideRight, line2.width()));

        const QRectF line3(inner.left(), inner.top() + 2 * lh, inner.width(), lh);
        if (n.inRecovery) {
            const bool ro = n.readOnly();
            const QString text = ro ? QCoreApplication::translate("TopologyPainter", "READ-ONLY") : QCoreApplication::translate("TopologyPainter", "read-write");
            p.setFont(ro ? smallBold : small);
            p.setPen(grey ? c.muted : ro ? c.warning : c.good);
            p.drawText(line3, Qt::AlignLeft | Qt::AlignVCenter, text);
            if (n.timeline) {
                p.setFont(small);
                p.setPen(c.muted);
                p.drawText(line3, Qt::AlignRight | Qt::AlignVCenter, QCoreApplication::translate("TopologyPainter", "timeline %1").arg(n.timeline));
            }
        }
        const QRectF line4(inner.left(), inner.top() + 3 * lh, inner.width(), lh);
        const bool bad = n.state == NodeState::Unreachable;
        p.setFont(bad ? smallBold : small);
        p.setPen(bad ? c.danger : textColor);
        p.drawText(line4, Qt::AlignLeft | Qt::AlignVCenter,
            QFontMetricsF(small).elidedText(statusLine(s, n, now), Qt::ElideRight, line4.width()));
    }
    p.restore();
}

QImage TopologyPainter::image(const TopologySnapshot& s, const TopologyPaintOptions& o, int width, qreal scale)
{
    const TopologyLayout lay = layout(s, width, o.font);
    QImage img(QSize(int(std::ceil(lay.size.width() * scale)), int(std::ceil(lay.size.height() * scale))),
        QImage::Format_ARGB32_Premultiplied);
    img.setDevicePixelRatio(scale);
    QPainter p(&img);
    paint(p, QRectF(QPointF(0, 0), lay.size), s, o);
    return img;
}
