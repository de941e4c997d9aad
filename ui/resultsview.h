#pragma once

#include "uitypes.h"

#include <QTabWidget>

namespace ts::ui {

class ConfusionMatrixPlot;
class ImageGallery;
class ProjectionPlot;

/// Results of a run on the target: confusion matrix, misclassified images, the feature projection (refreshed
/// each epoch) and, for clustering, the clusters as image grids. Tabs without data are disabled.
class ResultsView : public QTabWidget {
    Q_OBJECT
public:
    enum Tab { ConfusionTab = 0, MisclassifiedTab, ProjectionTab, ClustersTab };

    explicit ResultsView(QWidget* parent = nullptr);

    void setPredictions(const ts::ui::PredictionSet& predictions);
    void setProjection(const ts::ui::ProjectionPoints& points);
    /// Class names for the projection's legend before predictions arrive (they also come with setPredictions).
    void setClassNames(const QStringList& names);
    void clear();

    /// Target images of true class `row` predicted as `column` in the current matrix.
    int confusionCount(int row, int column) const;
    ConfusionMatrixPlot* confusionPlot() const { return m_confusion; }
    ImageGallery* misclassifiedGallery() const { return m_misclassified; }
    ProjectionPlot* projectionPlot() const { return m_projection; }
    ImageGallery* clusterGallery() const { return m_clusters; }

private:
    void updateTabs();
    QString className(const PredictionSet& p, int index, bool predictedSide) const;

    ConfusionMatrixPlot* m_confusion;
    ImageGallery* m_misclassified;
    ProjectionPlot* m_projection;
    ImageGallery* m_clusters;
    QStringList m_classNames;
    ProjectionPoints m_lastProjection;
};

} // namespace ts::ui
