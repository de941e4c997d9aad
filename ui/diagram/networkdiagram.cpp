#include "ui/diagram/networkdiagram.h"

#include "ui/diagram/diagramlegenditem.h"
#include "ui/diagram/layerblockitem.h"

#include <QContextMenuEvent>
#include <QCoreApplication>
#include <QGraphicsScene>
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
    layoutScene();
}

QVector<LayerBlock> NetworkDiagram::layers() const
{
    QVector<LayerBlock> out = m_layers;
    for (LayerBlock& l : out)
        l.frozen = isFrozen(l.name);
    return out;
}

void NetworkDiagram::setFrozen(const QString& layer, bool frozen)
{
    if (LayerBlockItem* block = m_blocks.value(layer))
        block->setFrozen(frozen);
    for (LayerBlock& l : m_layers)
        if (l.name == layer)
            l.frozen = frozen;
}

bool NetworkDiagram::isFrozen(const QString& layer) const
{
    const LayerBlockItem* block = m_blocks.value(layer);
    return block && block->isFrozen();
}

QStringList NetworkDiagram::frozenLayers() const
{
    QStringList out;
    for (const LayerBlock& l : m_layers)
        if (isFrozen(l.name))
            out << l.name;
    return out;
}

void NetworkDiagram::setWeightChanges(const QMap<QString, double>& changes)
{
    for (auto it = changes.cbegin(); it != changes.cend(); ++it)
        m_changes.insert(it.key(), it.value());
    double maxChange = 0;
    for (auto it = m_changes.cbegin(); it != m_changes.cend(); ++it)
        if (m_blocks.contains(it.key()) && std::isfinite(*it))
            maxChange = std::max(maxChange, *it);
    for (auto it = m_changes.cbegin(); it != m_changes.cend(); ++it)
        if (LayerBlockItem* block = m_blocks.value(it.key()))
            block->setWeightChange(*it, maxChange);
    updateLegend();
}

void NetworkDiagram::clearWeightChanges()
{
    m_changes.clear();
    for (LayerBlockItem* block : std::as_const(m_blocks))
        block->clearWeightChange();
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
    m_pressed.clear();
    for (LayerBlockItem* block : std::as_const(m_blocks))
        block->setCursor(QCursor(active || !block->isFreezable() ? Qt::ArrowCursor : Qt::PointingHandCursor));
}

QRectF NetworkDiagram::blockRect(const QString& name) const
{
    const LayerBlockItem* block = m_blocks.value(name);
    return block ? block->mapRectToScene(block->bodyRect()) : QRectF();
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

LayerBlockItem* NetworkDiagram::blockAt(const QPoint& viewportPos) const
{
    for (QGraphicsItem* item : items(viewportPos))
        if (auto* block = dynamic_cast<LayerBlockItem*>(item))
            return block;
    return nullptr;
}

void NetworkDiagram::tellUser(const QString& message)
{
    Q_EMIT statusMessage(message);
    QStatusTipEvent tip(message);
    QCoreApplication::sendEvent(this, &tip);
    if (isVisible())
        QToolTip::showText(QCursor::pos(), message, this);
}

void NetworkDiagram::toggle(LayerBlockItem* block)
{
    if (m_trainingActive) {
        tellUser(tr("Stop training to freeze or unfreeze layers."));
        return;
    }
    if (!block->isFreezable()) {
        tellUser(tr("Layer %1 has no weights: there is nothing to freeze.").arg(block->name()));
        return;
    }
    const bool frozen = !block->isFrozen();
    setFrozen(block->name(), frozen);
    tellUser(frozen ? tr("Layer %1 frozen: its weights will not change.").arg(block->name())
                    : tr("Layer %1 unfrozen: it will be trained.").arg(block->name()));
    Q_EMIT freezeToggled(block->name(), frozen);
}

void NetworkDiagram::mousePressEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton) {
        if (LayerBlockItem* block = blockAt(event->position().toPoint())) {
            m_pressed = block->name();
            m_pressPos = event->position().toPoint();
            event->accept();
            return;
        }
    }
    m_pressed.clear();
    QGraphicsView::mousePressEvent(event);
}

void NetworkDiagram::mouseReleaseEvent(QMouseEvent* event)
{
    if (event->button() == Qt::LeftButton && !m_pressed.isEmpty()) {
        const QString pressed = m_pressed;
        m_pressed.clear();
        LayerBlockItem* block = blockAt(event->position().toPoint());
        if (block && block->name() == pressed && (event->position().toPoint() - m_pressPos).manhattanLength() <= 6)
            toggle(block);
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
    if (m_autoFit)
        fitToWindow();
}

void NetworkDiagram::contextMenuEvent(QContextMenuEvent* event)
{
    LayerBlockItem* block = blockAt(event->pos());
    QMenu menu(this);
    if (block) {
        const QString name = block->name();
        QAction* freeze = menu.addAction(block->isFrozen() ? tr("Unfreeze %1").arg(name) : tr("Freeze %1").arg(name));
        freeze->setEnabled(!m_trainingActive && block->isFreezable());
        connect(freeze, &QAction::triggered, this, [this, name] {
            if (LayerBlockItem* b = m_blocks.value(name))
                toggle(b);
        });
        if (m_branchSelectable) {
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
