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
    bool m_branch = false;
    bool m_hover = false;
    bool m_hasChange = false;
    double m_change = 0;
    double m_changeMax = 0;
};

} // namespace ts::ui
