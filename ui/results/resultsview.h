#pragma once

#include "ui/run/uitypes.h"

#include <QTabWidget>

class QJsonObject;
class QTableWidget;
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
    /// Clustering scores (NMI, ARI, cluster accuracy) of the run next to its baselines, from the summary's
    /// strategy_metrics; the table hides when they hold no "nmi".
    void setClusterScores(const QJsonObject& strategyMetrics);
    QTableWidget* clusterScores() const { return m_clusterScores; }

private:
    void updateTabs();
    void refreshProjection();
    QString className(const PredictionSet& p, int index, bool predictedSide) const;

    ConfusionMatrixPlot* m_confusion;
    ImageGallery* m_misclassified;
    ProjectionPlot* m_projection;
    ImageGallery* m_clusters;
    QTableWidget* m_clusterScores;
    QStringList m_classNames;
    ProjectionPoints m_pca, m_tsne;
    QString m_shown;
    QToolButton* m_pcaButton;
    QToolButton* m_tsneButton;
};

} // namespace ts::ui
