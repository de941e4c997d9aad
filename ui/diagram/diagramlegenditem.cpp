#include "ui/diagram/diagramlegenditem.h"

#include "ui/diagram/layerblockitem.h"

#include <QCoreApplication>
#include <QFontMetricsF>
#include <QLinearGradient>
#include <QPainter>

#include <algorithm>

namespace ts::ui {

namespace {
constexpr qreal kRow = 30;
constexpr qreal kSwatch = 20;
constexpr qreal kGap = 22;
constexpr qreal kHeatWidth = 150;

QFont legendFont(bool bold = false)
{
    QFont f;
    f.setPixelSize(15);
    f.setBold(bold);
    return f;
}

QString trLegend(const char* text)
{
    return QCoreApplication::translate("ts::ui::DiagramLegendItem", text);
}
} // namespace

DiagramLegendItem::DiagramLegendItem(QGraphicsItem* parent) : QGraphicsItem(parent)
{
    setAcceptedMouseButtons(Qt::NoButton);
}

void DiagramLegendItem::setRoles(const QStringList& roles)
{
    prepareGeometryChange();
    m_roles = roles;
}

void DiagramLegendItem::setChangeScale(double maxChange)
{
    prepareGeometryChange();
    m_maxChange = maxChange;
}

void DiagramLegendItem::setHint(const QString& hint)
{
    prepareGeometryChange();
    m_hint = hint;
}

qreal DiagramLegendItem::contentWidth() const
{
    const QFontMetricsF fm(legendFont());
    qreal w = 0;
    for (const QString& role : m_roles)
        w += kSwatch + 8 + fm.horizontalAdvance(LayerBlockItem::roleTitle(role)) + kGap;
    w += kSwatch + 8 + fm.horizontalAdvance(trLegend("frozen")) + kGap;
    if (m_maxChange >= 0)
        w += fm.horizontalAdvance(trLegend("weight change")) + 8 + kHeatWidth + 8 +
             fm.horizontalAdvance(LayerBlockItem::formatChange(m_maxChange));
    return std::max(w, QFontMetricsF(legendFont()).horizontalAdvance(m_hint));
}

QRectF DiagramLegendItem::boundingRect() const
{
    return QRectF(0, 0, contentWidth() + 2, m_hint.isEmpty() ? kRow : 2 * kRow);
}

void DiagramLegendItem::paint(QPainter* painter, const QStyleOptionGraphicsItem*, QWidget*)
{
    painter->setRenderHint(QPainter::Antialiasing);
    painter->setFont(legendFont());
    const QFontMetricsF fm(painter->font());
    const QColor text(40, 44, 52);
    qreal x = 0;
    const qreal y = (kRow - kSwatch) / 2;
    auto label = [&](const QString& s) {
        painter->setPen(text);
        painter->drawText(QRectF(x, 0, fm.horizontalAdvance(s) + 2, kRow), Qt::AlignVCenter | Qt::AlignLeft, s);
        x += fm.horizontalAdvance(s);
    };
    for (const QString& role : m_roles) {
        painter->setPen(Qt::NoPen);
        painter->setBrush(LayerBlockItem::roleColor(role));
        painter->drawRoundedRect(QRectF(x, y, kSwatch, kSwatch), 4, 4);
        x += kSwatch + 8;
        label(LayerBlockItem::roleTitle(role));
        x += kGap;
    }
    const QRectF frozen(x, y, kSwatch, kSwatch);
    painter->setPen(QPen(QColor(120, 124, 130), 1.5));
    painter->setBrush(QColor(226, 228, 231));
    painter->drawRoundedRect(frozen, 4, 4);
    painter->setBrush(QBrush(QColor(70, 74, 80, 110), Qt::BDiagPattern));
    painter->drawRoundedRect(frozen, 4, 4);
    x += kSwatch + 8;
    label(trLegend("frozen"));
    x += kGap;

    if (m_maxChange >= 0) {
        label(trLegend("weight change"));
        x += 8;
        const QRectF bar(x, y + 2, kHeatWidth, kSwatch - 4);
        QLinearGradient g(bar.topLeft(), bar.topRight());
        for (int i = 0; i <= 4; ++i)
            g.setColorAt(i / 4.0, LayerBlockItem::heatColor(i / 4.0));
        painter->setPen(QPen(QColor(150, 150, 150), 1));
        painter->setBrush(g);
        painter->drawRect(bar);
        x += kHeatWidth + 8;
        label(LayerBlockItem::formatChange(m_maxChange));
    }

    if (!m_hint.isEmpty()) {
        QFont f = legendFont();
        f.setItalic(true);
        painter->setFont(f);
        painter->setPen(QColor(90, 94, 102));
        painter->drawText(QRectF(0, kRow, contentWidth() + 2, kRow), Qt::AlignVCenter | Qt::AlignLeft, m_hint);
    }
}

} // namespace ts::ui
