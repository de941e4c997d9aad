#pragma once

#include <QGraphicsItem>
#include <QStringList>

namespace ts::ui {

/// The diagram's legend, drawn in the scene under the blocks: one swatch per role present, the frozen hatch,
/// the weight-change heat scale when changes are shown, and a one-line hint on what clicks do.
class DiagramLegendItem : public QGraphicsItem {
public:
    explicit DiagramLegendItem(QGraphicsItem* parent = nullptr);

    void setRoles(const QStringList& roles);
    /// Shows the heat scale from 0 to `maxChange` (relative change); a negative value hides it.
    void setChangeScale(double maxChange);
    void setHint(const QString& hint);

    QRectF boundingRect() const override;
    void paint(QPainter* painter, const QStyleOptionGraphicsItem* option, QWidget* widget) override;

private:
    qreal contentWidth() const;

    QStringList m_roles;
    double m_maxChange = -1;
    QString m_hint;
};

} // namespace ts::ui
