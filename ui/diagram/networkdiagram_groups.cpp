// NetworkDiagram: the nested parts of an imported model. Groups fold and unfold, freeze marks pass from a group
// to its parts, and unfolded groups get a titled frame.

#include "ui/diagram/networkdiagram.h"

#include "ui/diagram/layerblockitem.h"

#include <QGraphicsPathItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>

#include <algorithm>

namespace ts::ui {

namespace {
const QColor kFrameColor(90, 100, 120);
const QColor kFrameFill(235, 238, 244, 150);
} // namespace

QString NetworkDiagram::frozenBy(const QString& name) const
{
    for (QString p = parentOf(name); !p.isEmpty(); p = parentOf(p))
        if (isFrozen(p))
            return p;
    return QString();
}

bool NetworkDiagram::isGroup(const QString& name) const
{
    return m_children.contains(name);
}

QString NetworkDiagram::parentOf(const QString& name) const
{
    const auto it = m_index.constFind(name);
    return it == m_index.constEnd() ? QString() : m_layers[*it].parent;
}

bool NetworkDiagram::isExpanded(const QString& group) const
{
    if (!isGroup(group))
        return false;
    // Layers with parts (an imported trunk) start unfolded, parts start folded.
    return parentOf(group).isEmpty() != m_foldToggled.contains(group);
}

void NetworkDiagram::setExpanded(const QString& group, bool expanded)
{
    if (!isGroup(group) || isExpanded(group) == expanded)
        return;
    if (m_foldToggled.contains(group))
        m_foldToggled.remove(group);
    else
        m_foldToggled.insert(group);
    layoutScene();
}

QStringList NetworkDiagram::visibleLeaves(const QString& name) const
{
    if (!isExpanded(name))
        return {name};
    QStringList out;
    for (const QString& c : m_children.value(name))
        out << visibleLeaves(c);
    return out;
}

QStringList NetworkDiagram::visibleBlocks() const
{
    QStringList out;
    for (const LayerBlock& l : m_layers)
        if (l.parent.isEmpty())
            out << visibleLeaves(l.name);
    return out;
}

QRectF NetworkDiagram::groupTitleRect(const QString& group) const
{
    const QGraphicsSimpleTextItem* title = m_frameTitles.value(group);
    return title ? title->sceneBoundingRect() : QRectF();
}

void NetworkDiagram::refreshFrozenMarks()
{
    for (LayerBlockItem* block : std::as_const(m_blocks)) {
        block->setFrozen(isFrozen(block->name()));
        block->setFrozenBy(frozenBy(block->name()));
        block->setFrozenInside(hasFrozenPart(block->name()));
    }
    updateFrameTitles();
}

bool NetworkDiagram::hasFrozenPart(const QString& group) const
{
    for (const QString& c : m_children.value(group))
        if (isFrozen(c) || hasFrozenPart(c))
            return true;
    return false;
}

bool NetworkDiagram::hasParts() const
{
    return !m_children.isEmpty();
}

int NetworkDiagram::bestPerLine(int blocks) const
{
    const qreal stepX = LayerBlockItem::kWidth + kColumnGap;
    const qreal lineStep = LayerBlockItem::kHeight + kRowGap + kFrameTitle + kFramePad;
    const QSizeF view = viewport()->size();
    int best = std::max(1, blocks);
    qreal bestScale = 0;
    for (int perLine = 1; perLine <= blocks; ++perLine) {
        const int lines = (blocks + perLine - 1) / perLine;
        const qreal w = perLine * stepX + 2 * kFramePad + 60;
        const qreal h = lines * lineStep + 2 * kFrameTitle + 90; // titles above, the legend below
        const qreal scale = std::min({view.width() / w, view.height() / h, 1.0});
        if (scale >= bestScale - 1e-9) { // ties: fewer, longer lines
            bestScale = scale;
            best = perLine;
        }
    }
    return best;
}

QVector<QRectF> NetworkDiagram::addFrames(const QString& name, int depth)
{
    // An unfolded group: a frame around its parts (and their frames), titled above them. A group that wraps
    // over several lines gets one box per line, joined into a staircase, so the next layer stays outside it.
    if (!isExpanded(name))
        return {blockRect(name)};
    QVector<QRectF> lines;
    for (const QString& c : m_children.value(name)) {
        for (const QRectF& r : addFrames(c, depth + 1)) {
            auto same = std::find_if(lines.begin(), lines.end(),
                                     [&](const QRectF& l) { return l.top() < r.bottom() && r.top() < l.bottom(); });
            if (same != lines.end())
                *same |= r;
            else
                lines << r;
        }
    }
    std::sort(lines.begin(), lines.end(), [](const QRectF& a, const QRectF& b) { return a.top() < b.top(); });
    for (QRectF& l : lines)
        l.adjust(-kFramePad, -kFrameTitle, kFramePad, kFramePad);
    for (int i = 0; i + 1 < lines.size(); ++i)
        lines[i].setBottom(lines[i + 1].top() + 12);
    if (lines.isEmpty())
        return lines;
    const QRectF frame = lines.first();
    QPainterPath path;
    for (const QRectF& l : std::as_const(lines)) {
        QPainterPath box;
        box.addRoundedRect(l, 12, 12);
        path = path.united(box);
    }
    auto* item = m_scene->addPath(path, QPen(kFrameColor, 1.6, Qt::DashLine));
    item->setZValue(-10 + depth);
    m_frames.insert(name, item);

    QFont font;
    font.setPixelSize(15);
    font.setBold(true);
    auto* chevron = m_scene->addSimpleText(QStringLiteral("▾"), font);
    chevron->setBrush(kFrameColor);
    chevron->setPos(frame.left() + 10, frame.top() + 4);
    chevron->setData(kGroupKey, name);
    chevron->setData(kChevronKey, true);
    chevron->setToolTip(tr("Collapse %1").arg(name));
    chevron->setCursor(Qt::PointingHandCursor);
    chevron->setZValue(2);
    auto* title = m_scene->addSimpleText(name, font);
    title->setBrush(kFrameColor.darker(130));
    title->setPos(chevron->sceneBoundingRect().right() + 8, frame.top() + 4);
    title->setData(kGroupKey, name);
    title->setToolTip(tr("Click to freeze or unfreeze %1 as a whole.").arg(name));
    title->setCursor(Qt::PointingHandCursor);
    title->setZValue(2);
    m_frameTitles.insert(name, title);
    return lines;
}

void NetworkDiagram::updateFrameTitles()
{
    for (auto it = m_frameTitles.cbegin(); it != m_frameTitles.cend(); ++it) {
        const QString& name = it.key();
        const LayerBlock& l = m_layers[m_index.value(name)];
        QStringList parts{name, l.kind, tr("%1 params").arg(LayerBlockItem::formatCount(l.params))};
        const bool frozen = isFrozen(name) || !frozenBy(name).isEmpty();
        if (frozen)
            parts << tr("frozen");
        else if (m_changes.contains(name))
            parts << LayerBlockItem::formatChange(m_changes.value(name));
        (*it)->setText(parts.join(QStringLiteral(" · ")));
        if (QGraphicsPathItem* frame = m_frames.value(name))
            frame->setBrush(frozen ? QBrush(QColor(70, 74, 80, 40), Qt::BDiagPattern) : QBrush(kFrameFill));
    }
}

} // namespace ts::ui
