#include "ui/diagram/layerblockitem.h"

#include <QCoreApplication>
#include <QCursor>
#include <QFontMetricsF>
#include <QLocale>
#include <QPainter>
#include <QStringList>

#include <algorithm>
#include <cmath>

namespace ts::ui {

namespace {
constexpr qreal kRadius = 9;
constexpr qreal kHeader = 32;
constexpr qreal kTagHeight = 22;

QString trBlock(const char* text)
{
    return QCoreApplication::translate("ts::ui::LayerBlockItem", text);
}

QFont pixelFont(int px, bool bold = false)
{
    QFont f;
    f.setPixelSize(px);
    f.setBold(bold);
    return f;
}
} // namespace

LayerBlockItem::LayerBlockItem(const LayerBlock& layer, QGraphicsItem* parent) : QGraphicsItem(parent), m_layer(layer)
{
    setAcceptHoverEvents(true);
    setCursor(QCursor(isFreezable() ? Qt::PointingHandCursor : Qt::ArrowCursor));
    QStringList tip;
    tip << QStringLiteral("<b>%1</b> (%2)").arg(layer.name.toHtmlEscaped(), layer.kind.toHtmlEscaped());
    tip << (isPart() ? trBlock("Part of %1").arg(layer.parent.toHtmlEscaped()) : roleTitle(layer.role));
    tip << trBlock("%1 parameters").arg(QLocale().toString(layer.params));
    if (isGroup())
        tip << QCoreApplication::translate(
            "ts::ui::LayerBlockItem", "%n part(s): click the badge or right-click to expand.", nullptr, layer.children);
    if (isFreezable())
        tip << trBlock("Click to freeze or unfreeze this layer.");
    else
        tip << trBlock("No weights: nothing to freeze.");
    setToolTip(tip.join(QStringLiteral("<br>")));
}

void LayerBlockItem::setFrozen(bool frozen)
{
    if (m_layer.frozen == frozen)
        return;
    m_layer.frozen = frozen;
    update();
}

void LayerBlockItem::setFrozenBy(const QString& group)
{
    if (m_frozenBy == group)
        return;
    m_frozenBy = group;
    update();
}

void LayerBlockItem::setFrozenInside(bool frozenInside)
{
    if (m_frozenInside == frozenInside)
        return;
    m_frozenInside = frozenInside;
    update();
}

QRectF LayerBlockItem::badgeRect() const
{
    if (!isGroup())
        return QRectF();
    return QRectF(kWidth - 56, 5, 48, kHeader - 10);
}

void LayerBlockItem::setBranchPoint(bool branch)
{
    if (m_branch == branch)
        return;
    m_branch = branch;
    update();
}

void LayerBlockItem::setWeightChange(double change, double scaleMax)
{
    m_hasChange = true;
    m_change = std::isfinite(change) ? std::max(0.0, change) : 0.0;
    m_changeMax = scaleMax;
    update();
}

void LayerBlockItem::clearWeightChange()
{
    m_hasChange = false;
    m_change = 0;
    update();
}

QRectF LayerBlockItem::boundingRect() const
{
    return QRectF(-6, -kTagHeight - 6, kWidth + 12, kHeight + kTagHeight + 12);
}

QPainterPath LayerBlockItem::shape() const
{
    QPainterPath p;
    p.addRoundedRect(bodyRect(), kRadius, kRadius);
    return p;
}

void LayerBlockItem::hoverEnterEvent(QGraphicsSceneHoverEvent* event)
{
    m_hover = true;
    update();
    QGraphicsItem::hoverEnterEvent(event);
}

void LayerBlockItem::hoverLeaveEvent(QGraphicsSceneHoverEvent* event)
{
    m_hover = false;
    update();
    QGraphicsItem::hoverLeaveEvent(event);
}

void LayerBlockItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    painter->setRenderHint(QPainter::Antialiasing);
    const QRectF body = bodyRect();
    const bool frozen = looksFrozen();
    const QColor role = roleColor(m_layer.role);
    const QColor head = frozen ? QColor(120, 124, 130) : role;
    const QColor fill = frozen ? QColor(226, 228, 231) : QColor::fromHslF(role.hslHueF(), 0.45, 0.95);

    // Soft shadow, body, coloured header.
    painter->setPen(Qt::NoPen);
    painter->setBrush(QColor(0, 0, 0, 28));
    painter->drawRoundedRect(body.translated(2.5, 3), kRadius, kRadius);
    painter->setBrush(fill);
    painter->setPen(QPen(m_hover ? head.darker(140) : head, m_hover ? 3 : 2));
    painter->drawRoundedRect(body, kRadius, kRadius);

    QPainterPath headPath;
    headPath.addRoundedRect(body, kRadius, kRadius);
    QPainterPath headClip;
    headClip.addRect(QRectF(body.left(), body.top(), body.width(), kHeader));
    painter->setPen(Qt::NoPen);
    painter->setBrush(head);
    painter->drawPath(headPath.intersected(headClip));

    // Header: name (and the lock when frozen, the expand badge of a group).
    const QRectF badge = badgeRect();
    const qreal lockSpace = (frozen ? 26 : 0) + (badge.isEmpty() ? 0 : badge.width() + 4);
    painter->setPen(Qt::white);
    painter->setFont(pixelFont(isPart() ? 15 : 16, true));
    const QRectF nameRect(body.left() + 10, body.top(), body.width() - 20 - lockSpace, kHeader);
    // Dotted names keep both ends ("layer4…conv1"): the start says where, the end what.
    painter->drawText(nameRect, Qt::AlignVCenter | Qt::AlignLeft,
                      QFontMetricsF(painter->font())
                          .elidedText(m_layer.name, isPart() ? Qt::ElideMiddle : Qt::ElideRight, nameRect.width()));
    if (frozen)
        paintLock(painter, QPointF(body.right() - 30 - (badge.isEmpty() ? 0 : badge.width() + 4), body.top() + 5));
    if (!badge.isEmpty()) {
        painter->setPen(QPen(Qt::white, 1.5));
        painter->setBrush(QColor(255, 255, 255, 60));
        painter->drawRoundedRect(badge, 6, 6);
        painter->setFont(pixelFont(13, true));
        painter->setPen(Qt::white);
        painter->drawText(badge, Qt::AlignCenter, QStringLiteral("▸ %1").arg(m_layer.children));
    }

    // Kind, output shape, parameters.
    QStringList dims;
    for (qint64 d : m_layer.outputShape)
        dims << QString::number(d);
    const QString shape = dims.isEmpty() ? QStringLiteral("–") : dims.join(QChar(0x00D7));
    const QColor text = frozen ? QColor(95, 98, 104) : QColor(35, 38, 45);
    painter->setPen(text);
    painter->setFont(pixelFont(14, true));
    const QRectF line1(body.left() + 10, body.top() + kHeader + 4, body.width() - 20, 20);
    painter->drawText(line1, Qt::AlignLeft | Qt::AlignVCenter, m_layer.kind);
    painter->setFont(pixelFont(14));
    painter->drawText(line1, Qt::AlignRight | Qt::AlignVCenter,
                      QFontMetricsF(painter->font()).elidedText(shape, Qt::ElideLeft, line1.width() * 0.7));
    const QRectF line2 = line1.translated(0, 21);
    painter->setFont(pixelFont(13));
    painter->drawText(line2, Qt::AlignLeft | Qt::AlignVCenter,
                      m_layer.params > 0 ? trBlock("%1 params").arg(formatCount(m_layer.params))
                                         : trBlock("no weights"));
    // Parts have no weight-change bar: a third line says why a part looks frozen, or that some inside are.
    painter->setFont(pixelFont(13, true));
    if (frozen && m_layer.frozen)
        painter->drawText(line2, Qt::AlignRight | Qt::AlignVCenter, trBlock("frozen"));
    else if (frozen)
        painter->drawText(line2.translated(0, 21), Qt::AlignLeft | Qt::AlignVCenter,
                          trBlock("frozen with %1").arg(m_frozenBy));
    else if (m_frozenInside)
        painter->drawText(line2.translated(0, 21), Qt::AlignLeft | Qt::AlignVCenter, trBlock("parts frozen"));

    if (m_hasChange && isFreezable())
        paintChangeBar(painter, QRectF(body.left() + 10, body.bottom() - 30, body.width() - 20, 22));

    // Frozen: grey hatch over the whole block (fainter when only its group is frozen).
    if (frozen) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(QBrush(QColor(70, 74, 80, m_layer.frozen ? 70 : 40), Qt::BDiagPattern));
        painter->drawRoundedRect(body, kRadius, kRadius);
    }

    // Branch point: dashed amber outline and a tag above.
    if (m_branch) {
        const QColor amber(230, 140, 0);
        QPen pen(amber, 3, Qt::DashLine);
        painter->setPen(pen);
        painter->setBrush(Qt::NoBrush);
        painter->drawRoundedRect(body.adjusted(-4, -4, 4, 4), kRadius + 3, kRadius + 3);
        painter->setFont(pixelFont(12, true));
        const QString tag = trBlock("branch point");
        const qreal w = QFontMetricsF(painter->font()).horizontalAdvance(tag) + 14;
        const QRectF tagRect(body.left(), body.top() - kTagHeight - 3, w, kTagHeight - 2);
        painter->setPen(Qt::NoPen);
        painter->setBrush(amber);
        painter->drawRoundedRect(tagRect, 5, 5);
        painter->setPen(Qt::white);
        painter->drawText(tagRect, Qt::AlignCenter, tag);
    }
}

void LayerBlockItem::paintLock(QPainter* painter, const QPointF& tl) const
{
    // A padlock drawn with the painter, so the diagram needs no icon resources.
    painter->save();
    painter->setBrush(Qt::NoBrush);
    painter->setPen(QPen(Qt::white, 2.6, Qt::SolidLine, Qt::RoundCap));
    painter->drawArc(QRectF(tl.x() + 5, tl.y() + 1, 12, 14), 0, 180 * 16);
    painter->drawLine(QPointF(tl.x() + 5, tl.y() + 8), QPointF(tl.x() + 5, tl.y() + 11));
    painter->drawLine(QPointF(tl.x() + 17, tl.y() + 8), QPointF(tl.x() + 17, tl.y() + 11));
    painter->setPen(Qt::NoPen);
    painter->setBrush(Qt::white);
    painter->drawRoundedRect(QRectF(tl.x() + 1.5, tl.y() + 10, 19, 13), 2.5, 2.5);
    painter->setBrush(QColor(120, 124, 130));
    painter->drawEllipse(QPointF(tl.x() + 11, tl.y() + 15.5), 2.2, 2.2);
    painter->restore();
}

void LayerBlockItem::paintChangeBar(QPainter* painter, const QRectF& area) const
{
    const QString label = formatChange(looksFrozen() ? 0.0 : m_change);
    painter->setFont(pixelFont(13, true));
    const qreal textWidth = QFontMetricsF(painter->font()).horizontalAdvance(QStringLiteral("Δw 000.0%")) + 4;
    const QRectF bar(area.left(), area.top() + 4, area.width() - textWidth, area.height() - 8);
    painter->setPen(QPen(QColor(150, 150, 150), 1));
    painter->setBrush(QColor(255, 255, 255));
    painter->drawRoundedRect(bar, 3, 3);
    const double value = looksFrozen() ? 0.0 : m_change;
    if (value > 0 && m_changeMax > 0) {
        const double t = std::clamp(value / m_changeMax, 0.0, 1.0);
        QRectF filled = bar.adjusted(1, 1, -1, -1);
        filled.setWidth(std::max(3.0, filled.width() * t));
        painter->setPen(Qt::NoPen);
        painter->setBrush(heatColor(t));
        painter->drawRoundedRect(filled, 2, 2);
    }
    painter->setPen(QColor(35, 38, 45));
    painter->drawText(QRectF(bar.right() + 4, area.top(), textWidth - 4, area.height()),
                      Qt::AlignRight | Qt::AlignVCenter, label);
}

QColor LayerBlockItem::roleColor(const QString& role)
{
    if (role == QLatin1String("feature"))
        return QColor(46, 150, 72);
    if (role == QLatin1String("label"))
        return QColor(33, 102, 196);
    if (role == QLatin1String("domain"))
        return QColor(206, 52, 52);
    if (role == QLatin1String("task_a"))
        return QColor(24, 140, 190);
    if (role == QLatin1String("task_b"))
        return QColor(118, 72, 184);
    if (role == QLatin1String("attribute"))
        return QColor(222, 130, 10);
    if (role == QLatin1String("decoder"))
        return QColor(64, 136, 132);
    return QColor(110, 110, 120);
}

QString LayerBlockItem::roleTitle(const QString& role)
{
    if (role == QLatin1String("feature"))
        return trBlock("Feature extractor");
    if (role == QLatin1String("label"))
        return trBlock("Label predictor");
    if (role == QLatin1String("domain"))
        return trBlock("Domain classifier");
    if (role == QLatin1String("task_a"))
        return trBlock("Task A head");
    if (role == QLatin1String("task_b"))
        return trBlock("Task B head");
    if (role == QLatin1String("attribute"))
        return trBlock("Attribute head");
    if (role == QLatin1String("decoder"))
        return trBlock("Decoder");
    return role.isEmpty() ? trBlock("Other") : role;
}

QColor LayerBlockItem::heatColor(double t)
{
    static const QColor stops[] = {QColor(255, 230, 140), QColor(253, 170, 60), QColor(236, 80, 30),
                                   QColor(170, 0, 38)};
    t = std::clamp(t, 0.0, 1.0) * 3.0;
    const int i = std::min(2, static_cast<int>(t));
    const double f = t - i;
    const QColor& a = stops[i];
    const QColor& b = stops[i + 1];
    return QColor::fromRgbF(a.redF() + (b.redF() - a.redF()) * f, a.greenF() + (b.greenF() - a.greenF()) * f,
                            a.blueF() + (b.blueF() - a.blueF()) * f);
}

QString LayerBlockItem::formatCount(qint64 n)
{
    if (n >= 1000000)
        return QString::number(n / 1e6, 'f', n >= 10000000 ? 1 : 2) + QStringLiteral(" M");
    if (n >= 10000)
        return QString::number(n / 1e3, 'f', 1) + QStringLiteral(" k");
    return QLocale().toString(n);
}

QString LayerBlockItem::formatChange(double change)
{
    if (!(change > 0))
        return QStringLiteral("Δw 0");
    const double pct = change * 100.0;
    if (pct >= 99.95)
        return QStringLiteral("Δw %1%").arg(QString::number(pct, 'f', 0));
    if (pct >= 0.05)
        return QStringLiteral("Δw %1%").arg(QString::number(pct, 'f', 1));
    return QStringLiteral("Δw <0.1%");
}

} // namespace ts::ui
