#pragma once

#include "ui/run/uitypes.h"

#include <QGraphicsView>
#include <QHash>
#include <QMap>
#include <QPoint>
#include <QSet>

class QGraphicsScene;
class QGraphicsPathItem;
class QGraphicsSimpleTextItem;
class QMenu;

namespace ts::ui {

class LayerBlockItem;
class DiagramLegendItem;

/// The network as coloured blocks with arrows along each layer's input; heads that read an earlier layer
/// (domain classifier, task heads, decoder, attribute head) get their own rows under the main path.
/// A click freezes or unfreezes a layer (while training is stopped); a right-click can set the branch point.
/// An imported model's trunk shows its nested parts: groups (parts with parts) fold and unfold in place, inside a
/// framed title that freezes the group as a whole; the trunk starts unfolded into its top-level modules.
class NetworkDiagram : public QGraphicsView {
    Q_OBJECT
public:
    explicit NetworkDiagram(QWidget* parent = nullptr);

    void setLayers(const QVector<LayerBlock>& layers);
    /// The layers and nested parts; `frozen` is the freeze mark of each.
    QVector<LayerBlock> layers() const;
    /// Changes a layer's or part's freeze mark without emitting freezeToggled.
    void setFrozen(const QString& layer, bool frozen);
    /// Whether the name itself is marked frozen (see frozenBy for parts of frozen groups).
    bool isFrozen(const QString& layer) const;
    /// The nearest frozen group that `name` is a part of; empty when none.
    QString frozenBy(const QString& name) const;
    /// Frozen layers and parts (dotted names) in network order: the experiment's freeze list.
    QStringList frozenLayers() const;
    /// Unfolds a group into its parts in place, or folds it back into one block.
    void setExpanded(const QString& group, bool expanded);
    bool isExpanded(const QString& group) const;
    /// Names drawn as blocks now, in network order.
    QStringList visibleBlocks() const;
    /// The clickable title of an unfolded group's frame, in scene coordinates; empty when it is folded.
    QRectF groupTitleRect(const QString& group) const;
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
    /// A block's rectangle in scene coordinates; empty when there is no such layer or it is not drawn.
    QRectF blockRect(const QString& name) const;
    /// A group block's expand badge in scene coordinates; empty for other blocks.
    QRectF badgeRect(const QString& name) const;

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
    enum class HitPart { None, Block, Badge, Title, Chevron };
    struct Hit {
        QString name;
        HitPart part = HitPart::None;
    };
    static constexpr qreal kColumnGap = 56;  // between blocks on a row
    static constexpr qreal kRowGap = 70;     // between rows
    static constexpr qreal kFramePad = 12;   // between an unfolded group's frame and what it holds
    static constexpr qreal kFrameTitle = 34; // room for a frame's title above its parts
    static constexpr int kGroupKey = 0;      // QGraphicsItem::data of frame titles: their group
    static constexpr int kChevronKey = 1;    // QGraphicsItem::data: true on a title's fold chevron
    Hit hitAt(const QPoint& viewportPos) const;
    void toggle(const QString& name);
    bool isGroup(const QString& name) const;
    QString parentOf(const QString& name) const;
    QStringList visibleLeaves(const QString& name) const;
    /// Draws the frames of `name` and the unfolded groups inside it; returns its outline, one rectangle per line.
    QVector<QRectF> addFrames(const QString& name, int depth);
    bool hasParts() const;
    /// Whether a part somewhere inside `group` is frozen by name.
    bool hasFrozenPart(const QString& group) const;
    /// Blocks per line for an imported model's parts: the count whose wrapped layout fits the view largest.
    int bestPerLine(int blocks) const;
    void refreshFrozenMarks();
    void updateFrameTitles();
    void tellUser(const QString& message);
    void scaleBy(double factor);
    void layoutScene();
    void addArrow(const QRectF& from, const QRectF& to, bool sameRow);
    void updateLegend();

    QGraphicsScene* m_scene;
    QVector<LayerBlock> m_layers;
    QHash<QString, int> m_index;            // layer or part name -> position in m_layers
    QHash<QString, QStringList> m_children; // group -> its parts in order
    QSet<QString> m_foldToggled;            // groups the user folded (layers) or unfolded (parts)
    QMap<QString, LayerBlockItem*> m_blocks;
    QMap<QString, QGraphicsPathItem*> m_frames; // unfolded group -> its frame
    QMap<QString, QGraphicsSimpleTextItem*> m_frameTitles;
    DiagramLegendItem* m_legend = nullptr;
    QMap<QString, double> m_changes;
    QString m_branch;
    Hit m_pressed;
    QPoint m_pressPos;
    bool m_branchSelectable = false;
    bool m_trainingActive = false;
    bool m_autoFit = true;
    int m_perLine = 0; // blocks per line of the last wrapped layout (imported models only)
};

} // namespace ts::ui
