#pragma once

#include "ui/run/uitypes.h"

#include <QTabWidget>

class QToolButton;

namespace ts::ui {

class ConfusionMatrixPlot;
class ImageGallery;
class ProjectionPlot;

/// Results of a run on the target: confusion matrix, misclassified images, the feature projection (PCA each
/// epoch, t-SNE at the end) and, for clustering, the clusters as image grids. Tabs without data are disabled.
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
    /// The projection tab shows the latest per-epoch PCA or the t-SNE that ends a run (shown when it arrives);
    /// `method` is "PCA" or "t-SNE". A t-SNE can only be shown once one has arrived.
    void showProjection(const QString& method);
    QString shownProjection() const { return m_shown; }
    QToolButton* projectionButton(const QString& method) const;
    ImageGallery* clusterGallery() const { return m_clusters; }

private:
    void updateTabs();
    void refreshProjection();
    QString className(const PredictionSet& p, int index, bool predictedSide) const;

    ConfusionMatrixPlot* m_confusion;
    ImageGallery* m_misclassified;
    ProjectionPlot* m_projection;
    ImageGallery* m_clusters;
    QStringList m_classNames;
    ProjectionPoints m_pca, m_tsne;
    QString m_shown;
    QToolButton* m_pcaButton;
    QToolButton* m_tsneButton;
};

} // namespace ts::ui
