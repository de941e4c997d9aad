#pragma once

#include "ui/run/uitypes.h"

#include <QColor>
#include <QGraphicsItem>

namespace ts::ui {

/// One layer of the network diagram: name, kind, output shape, parameter count, freeze state (lock and hatch),
/// branch-point mark and, once known, how far its weights moved (heat bar and number).
class LayerBlockItem : public QGraphicsItem {
public:
    static constexpr qreal kWidth = 184;
    static constexpr qreal kHeight = 124;

    explicit LayerBlockItem(const LayerBlock& layer, QGraphicsItem* parent = nullptr);

    const LayerBlock& layer() const { return m_layer; }
    QString name() const { return m_layer.name; }
    /// False for layers without weights (pooling, gradient reversal): there is nothing to freeze.
    bool isFreezable() const { return m_layer.params > 0; }

    bool isFrozen() const { return m_layer.frozen; }
    void setFrozen(bool frozen);
    /// A nested part of an imported model (parent set); its name is dotted, e.g. "layer4.0.conv1".
    bool isPart() const { return !m_layer.parent.isEmpty(); }
    /// A part with parts of its own: drawn with an expand badge ("▸ 2").
    bool isGroup() const { return m_layer.children > 0; }
    /// The frozen group this part belongs to ("" when none): it is drawn frozen without being in the list.
    void setFrozenBy(const QString& group);
    QString frozenBy() const { return m_frozenBy; }
    /// A folded group with some of its parts frozen (but not itself): says so on the block.
    void setFrozenInside(bool frozenInside);
    bool isFrozenInside() const { return m_frozenInside; }
    /// Frozen itself or as part of a frozen group.
    bool looksFrozen() const { return m_layer.frozen || !m_frozenBy.isEmpty(); }
    /// The expand badge of a group, in item coordinates; empty for other blocks.
    QRectF badgeRect() const;
    void setBranchPoint(bool branch);
    bool isBranchPoint() const { return m_branch; }
    /// Relative weight change ||W - W0|| / ||W0||; `scaleMax` is the largest change in the network (bar scale).
    void setWeightChange(double change, double scaleMax);
    void clearWeightChange();
    bool hasWeightChange() const { return m_hasChange; }
    double weightChange() const { return m_change; }

    /// The block itself in item coordinates, without the branch tag above it.
    QRectF bodyRect() const { return QRectF(0, 0, kWidth, kHeight); }
    QRectF boundingRect() const override;
    QPainterPath shape() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

    static QColor roleColor(const QString& role);
    static QString roleTitle(const QString& role);
    /// Heat colour for t in [0, 1]: pale yellow through orange to dark red.
    static QColor heatColor(double t);
    static QString formatCount(qint64 n);
    static QString formatChange(double change);

protected:
    void hoverEnterEvent(QGraphicsSceneHoverEvent* event) override;
    void hoverLeaveEvent(QGraphicsSceneHoverEvent* event) override;

private:
    void paintLock(QPainter* painter, const QPointF& topLeft) const;
    void paintChangeBar(QPainter* painter, const QRectF& area) const;

    LayerBlock m_layer;
    QString m_frozenBy;
    bool m_frozenInside = false;
    bool m_branch = false;
    bool m_hover = false;
    bool m_hasChange = false;
    double m_change = 0;
    double m_changeMax = 0;
};

} // namespace ts::ui
