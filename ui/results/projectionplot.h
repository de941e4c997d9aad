#pragma once

#include "ui/run/uitypes.h"

#include "ui/plots/qcustomplotcompat.h"

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
    QString title() const;

private:
    using GroupKey = QPair<int, int>; // (domain, class)

    QCPTextElement* m_title = nullptr;
    int m_points = 0;
    // What the graphs were built for: one scatter graph per group, then the legend's entries by name. A new
    // projection with the same groups and names only gets new data (each epoch while training).
    QVector<GroupKey> m_groups;
    QStringList m_legend;
    int m_markerSize = 0;
};

} // namespace ts::ui
