#include "ui/diagram/networkdiagram.h"

#include "ui/diagram/diagramlegenditem.h"
#include "ui/diagram/layerblockitem.h"

#include <QContextMenuEvent>
#include <QCoreApplication>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QKeyEvent>
#include <QMenu>
#include <QMouseEvent>
#include <QStatusTipEvent>
#include <QToolTip>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace ts::ui {

namespace {
constexpr qreal kMinScale = 0.15;
constexpr qreal kMaxScale = 4.0;
constexpr qreal kMaxFitScale = 1.6;
} // namespace

NetworkDiagram::NetworkDiagram(QWidget* parent) : QGraphicsView(parent), m_scene(new QGraphicsScene(this))
{
    setScene(m_scene);
    setRenderHints(QPainter::Antialiasing | QPainter::TextAntialiasing | QPainter::SmoothPixmapTransform);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setResizeAnchor(QGraphicsView::AnchorViewCenter);
    setBackgroundBrush(QColor(250, 251, 253));
    setFocusPolicy(Qt::StrongFocus);
    setMinimumSize(320, 200);
    setToolTip(QString());
    setWhatsThis(tr("The network: click a layer to freeze or unfreeze it; right-click for more. "
                    "Ctrl+wheel or +/- zooms, 0 fits the diagram to the window."));
}

void NetworkDiagram::setLayers(const QVector<LayerBlock>& layers)
{
    m_layers = layers;
    m_index.clear();
    m_children.clear();
    for (int i = 0; i < m_layers.size(); ++i)
        m_index.insert(m_layers[i].name, i);
    for (const LayerBlock& l : std::as_const(m_layers))
        if (!l.parent.isEmpty() && m_index.contains(l.parent))
            m_children[l.parent] << l.name;
    // A fold the user chose survives a redraw of the same model.
    for (auto it = m_foldToggled.begin(); it != m_foldToggled.end();)
        it = isGroup(*it) ? std::next(it) : m_foldToggled.erase(it);
    layoutScene();
}

QVector<LayerBlock> NetworkDiagram::layers() const
{
    return m_layers;
}

void NetworkDiagram::setFrozen(const QString& layer, bool frozen)
{
    const auto it = m_index.constFind(layer);
    if (it == m_index.constEnd() || m_layers[*it].frozen == frozen)
        return;
    m_layers[*it].frozen = frozen;
    refreshFrozenMarks();
}

bool NetworkDiagram::isFrozen(const QString& layer) const
{
    const auto it = m_index.constFind(layer);
    return it != m_index.constEnd() && m_layers[*it].frozen;
}

QStringList NetworkDiagram::frozenLayers() const
{
    QStringList out;
    for (const LayerBlock& l : m_layers)
        if (l.frozen)
            out << l.name;
    return out;
}

void NetworkDiagram::setWeightChanges(const QMap<QString, double>& changes)
{
    for (auto it = changes.cbegin(); it != changes.cend(); ++it)
        m_changes.insert(it.key(), it.value());
    // Changes are per layer; an unfolded trunk shows its own in the frame's title.
    double maxChange = 0;
    for (auto it = m_changes.cbegin(); it != m_changes.cend(); ++it)
        if (m_index.contains(it.key()) && std::isfinite(*it))
            maxChange = std::max(maxChange, *it);
    for (auto it = m_changes.cbegin(); it != m_changes.cend(); ++it)
        if (LayerBlockItem* block = m_blocks.value(it.key()))
            block->setWeightChange(*it, maxChange);
    updateFrameTitles();
    updateLegend();
}

void NetworkDiagram::clearWeightChanges()
{
    m_changes.clear();
    for (LayerBlockItem* block : std::as_const(m_blocks))
        block->clearWeightChange();
    updateFrameTitles();
    updateLegend();
}

void NetworkDiagram::setBranchLayer(const QString& layer)
{
    m_branch = layer;
    for (LayerBlockItem* block : std::as_const(m_blocks))
        block->setBranchPoint(block->name() == layer);
}

void NetworkDiagram::setBranchSelectable(bool selectable)
{
    m_branchSelectable = selectable;
    updateLegend();
}

void NetworkDiagram::setTrainingActive(bool active)
{
    m_trainingActive = active;
    m_pressed = Hit();
    for (LayerBlockItem* block : std::as_const(m_blocks))
        block->setCursor(QCursor(active || !block->isFreezable() ? Qt::ArrowCursor : Qt::PointingHandCursor));
}

QRectF NetworkDiagram::blockRect(const QString& name) const
{
    const LayerBlockItem* block = m_blocks.value(name);
    return block ? block->mapRectToScene(block->bodyRect()) : QRectF();
}

QRectF NetworkDiagram::badgeRect(const QString& name) const
{
    const LayerBlockItem* block = m_blocks.value(name);
    return block && block->isGroup() ? block->mapRectToScene(block->badgeRect()) : QRectF();
}

void NetworkDiagram::zoomIn()
{
    scaleBy(1.25);
}

void NetworkDiagram::zoomOut()
{
    scaleBy(1 / 1.25);
}

void NetworkDiagram::fitToWindow()
{
    m_autoFit = true;
    const QRectF content = sceneRect();
    if (m_blocks.isEmpty())
        return;
    fitInView(content, Qt::KeepAspectRatio);
    const qreal s = transform().m11();
    if (s > kMaxFitScale)
        setTransform(QTransform::fromScale(kMaxFitScale, kMaxFitScale));
    centerOn(content.center());
}

void NetworkDiagram::scaleBy(double factor)
{
    m_autoFit = false;
    const qreal s = transform().m11() * factor;
    if (s < kMinScale || s > kMaxScale)
        return;
    scale(factor, factor);
}

NetworkDiagram::Hit NetworkDiagram::hitAt(const QPoint& viewportPos) const
{
    const QPointF scenePos = mapToScene(viewportPos);
    for (QGraphicsItem* item : items(viewportPos)) {
        if (auto* block = dynamic_cast<LayerBlockItem*>(item)) {
            const bool badge = block->mapRectToScene(block->badgeRect()).contains(scenePos);
            return {block->name(), badge ? HitPart::Badge : HitPart::Block};
        }
        // Frame titles: the chevron folds the group, the rest of the title freezes it.
        const QString group = item->data(kGroupKey).toString();
        if (!group.isEmpty())
            return {group, item->data(kChevronKey).toBool() ? HitPart::Chevron : HitPart::Title};
    }
    return {};
}

void NetworkDiagram::tellUser(const QString& message)
{
    Q_EMIT statusMessage(message);
    QStatusTipEvent tip(message);
    QCoreApplication::sendEvent(this, &tip);
    if (isVisible())
        QToolTip::showText(QCursor::pos(), message, this);
}

void NetworkDiagram::toggle(const QString& name)
{
    const auto it = m_index.constFind(name);
    if (it == m_index.constEnd())
        return;
    if (m_trainingActive) {
        tellUser(tr("Stop training to freeze or unfreeze layers."));
        return;
    }
    if (m_layers[*it].params <= 0) {
        tellUser(tr("Layer %1 has no weights: there is nothing to freeze.").arg(name));
        return;
    }
    const QString group = frozenBy(name);
    if (!group.isEmpty() && !isFrozen(name)) {
        tellUser(tr("%1 is frozen as part of %2: the group is frozen as a whole. Click %2 to unfreeze it.")
                     .arg(name, group));
        return;
    }
    const bool frozen = !isFrozen(name);
    setFrozen(name, frozen);
    tellUser(frozen ? tr("Layer %1 frozen: its weights will not change.").arg(name)
                    : tr("Layer %1 unfrozen: it will be trained.").arg(name));
    Q_EMIT freezeToggled(name, frozen);
}

void NetworkDiagram::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        const Hit hit = hitAt(event->position().toPoint());
        if (hit.part != HitPart::None) {
            m_pressed = hit;
            m_pressPos = event->position().toPoint();
            event->accept();
            return;
        }
    }
    m_pressed = Hit();
    QGraphicsView::mousePressEvent(event);
}

void NetworkDiagram::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && m_pressed.part != HitPart::None) {
        const Hit pressed = m_pressed;
        m_pressed = Hit();
        const Hit hit = hitAt(event->position().toPoint());
        if (hit.name == pressed.name && hit.part == pressed.part &&
            (event->position().toPoint() - m_pressPos).manhattanLength() <= 6) {
            if (hit.part == HitPart::Badge || hit.part == HitPart::Chevron)
                setExpanded(hit.name, hit.part == HitPart::Badge);
            else
                toggle(hit.name);
        }
        event->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(event);
}

void NetworkDiagram::wheelEvent(QWheelEvent* event)
{
    if (event->modifiers() & Qt::ControlModifier) {
        const int delta = event->angleDelta().y();
        if (delta != 0)
            scaleBy(std::pow(1.0015, delta));
        event->accept();
        return;
    }
    QGraphicsView::wheelEvent(event);
}

void NetworkDiagram::keyPressEvent(QKeyEvent* event)
{
    switch (event->key()) {
    case Qt::Key_Plus:
    case Qt::Key_Equal: zoomIn(); return;
    case Qt::Key_Minus: zoomOut(); return;
    case Qt::Key_0: fitToWindow(); return;
    default: QGraphicsView::keyPressEvent(event);
    }
}

void NetworkDiagram::resizeEvent(QResizeEvent* event)
{
    QGraphicsView::resizeEvent(event);
    // An imported model's parts wrap into lines that suit the view's shape.
    if (hasParts() && bestPerLine(int(visibleBlocks().size())) != m_perLine)
        layoutScene();
    if (m_autoFit)
        fitToWindow();
}

void NetworkDiagram::contextMenuEvent(QContextMenuEvent* event)
{
    const Hit hit = hitAt(event->pos());
    QMenu menu(this);
    if (hit.part != HitPart::None) {
        const QString name = hit.name;
        const auto it = m_index.constFind(name);
        const bool weights = it != m_index.constEnd() && m_layers[*it].params > 0;
        const QString group = frozenBy(name);
        QAction* freeze = nullptr;
        if (!isFrozen(name) && !group.isEmpty()) {
            freeze = menu.addAction(tr("Frozen with %1").arg(group));
            freeze->setEnabled(false);
        } else {
            freeze = menu.addAction(isFrozen(name) ? tr("Unfreeze %1").arg(name) : tr("Freeze %1").arg(name));
            freeze->setEnabled(!m_trainingActive && weights);
            connect(freeze, &QAction::triggered, this, [this, name] { toggle(name); });
        }
        if (isGroup(name)) {
            const bool open = isExpanded(name);
            QAction* fold = menu.addAction(open ? tr("Collapse %1").arg(name) : tr("Expand %1").arg(name));
            connect(fold, &QAction::triggered, this, [this, name, open] { setExpanded(name, !open); });
        }
        const QString parent = parentOf(name);
        if (!parent.isEmpty()) {
            QAction* fold = menu.addAction(tr("Collapse %1").arg(parent));
            connect(fold, &QAction::triggered, this, [this, parent] { setExpanded(parent, false); });
        }
        // The strategies branch after a layer, not inside an imported model.
        if (m_branchSelectable && parent.isEmpty() && hit.part != HitPart::Title && hit.part != HitPart::Chevron) {
            QAction* branch = menu.addAction(tr("Set as branch point"));
            branch->setEnabled(!m_trainingActive);
            branch->setStatusTip(tr("Attach the strategy's extra heads after %1.").arg(name));
            connect(branch, &QAction::triggered, this, [this, name] {
                setBranchLayer(name);
                Q_EMIT branchRequested(name);
            });
        }
        menu.addSeparator();
    }
    menu.addAction(tr("Zoom in"), this, &NetworkDiagram::zoomIn);
    menu.addAction(tr("Zoom out"), this, &NetworkDiagram::zoomOut);
    menu.addAction(tr("Fit to window"), this, &NetworkDiagram::fitToWindow);
    menu.exec(event->globalPos());
}

} // namespace ts::ui
