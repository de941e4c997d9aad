#pragma once

#include "uitypes.h"

#include "qcustomplotcompat.h"

namespace ts::ui {

/// 2-D scatter of feature projections: colour by class, a filled circle for source and a triangle for target
/// images, so that domain alignment (DANN) shows as the two shapes mixing.
class ProjectionPlot : public QCustomPlot {
    Q_OBJECT
public:
    explicit ProjectionPlot(QWidget* parent = nullptr);

    void setProjection(const ProjectionPoints& points, const QStringList& classNames);
    void clearProjection();
    bool isEmpty() const { return m_points == 0; }
    int pointCount() const { return m_points; }

private:
    QCPTextElement* m_title = nullptr;
    int m_points = 0;
};

} // namespace ts::ui
