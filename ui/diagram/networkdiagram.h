#pragma once

#include "ui/run/uitypes.h"

#include <QGraphicsView>
#include <QMap>
#include <QPoint>

class QGraphicsScene;
class QMenu;

namespace ts::ui {

class LayerBlockItem;
class DiagramLegendItem;

/// The network as coloured blocks with arrows along each layer's input; heads that read an earlier layer
/// (domain classifier, task heads, decoder, attribute head) get their own rows under the main path.
/// A click freezes or unfreezes a layer (while training is stopped); a right-click can set the branch point.
class NetworkDiagram : public QGraphicsView {
    Q_OBJECT
public:
    explicit NetworkDiagram(QWidget* parent = nullptr);

    void setLayers(const QVector<LayerBlock>& layers);
    QVector<LayerBlock> layers() const;
    /// Changes a layer's freeze mark without emitting freezeToggled.
    void setFrozen(const QString& layer, bool frozen);
    bool isFrozen(const QString& layer) const;
    /// Frozen layers in network order.
    QStringList frozenLayers() const;
    /// Relative weight change per layer name (||W - W0|| / ||W0||); layers not in the map keep their value.
    void setWeightChanges(const QMap<QString, double>& changes);
    void clearWeightChanges();
    void setBranchLayer(const QString& layer);
    QString branchLayer() const { return m_branch; }
    /// Offers "Set as branch point" in the context menu (multitask, DANN).
    void setBranchSelectable(bool selectable);
    bool isBranchSelectable() const { return m_branchSelectable; }
    void setTrainingActive(bool active);
    bool isTrainingActive() const { return m_trainingActive; }
    /// A block's rectangle in scene coordinates; empty when there is no such layer.
    QRectF blockRect(const QString& name) const;

public Q_SLOTS:
    void zoomIn();
    void zoomOut();
    void fitToWindow();

Q_SIGNALS:
    /// The user clicked a block (or used its menu) and it is now `frozen`.
    void freezeToggled(const QString& layer, bool frozen);
    void branchRequested(const QString& layer);
    /// A short message for the status bar (it is also sent as a status tip).
    void statusMessage(const QString& message);

protected:
    void mousePressEvent(QMouseEvent* event) override;
    void mouseReleaseEvent(QMouseEvent* event) override;
    void wheelEvent(QWheelEvent* event) override;
    void keyPressEvent(QKeyEvent* event) override;
    void resizeEvent(QResizeEvent* event) override;
    void contextMenuEvent(QContextMenuEvent* event) override;

private:
    LayerBlockItem* blockAt(const QPoint& viewportPos) const;
    void toggle(LayerBlockItem* block);
    void tellUser(const QString& message);
    void scaleBy(double factor);
    void layoutScene();
    void addArrow(const QRectF& from, const QRectF& to, bool sameRow);
    void updateLegend();

    QGraphicsScene* m_scene;
    QVector<LayerBlock> m_layers;
    QMap<QString, LayerBlockItem*> m_blocks;
    DiagramLegendItem* m_legend = nullptr;
    QMap<QString, double> m_changes;
    QString m_branch;
    QString m_pressed;
    QPoint m_pressPos;
    bool m_branchSelectable = false;
    bool m_trainingActive = false;
    bool m_autoFit = true;
};

} // namespace ts::ui
