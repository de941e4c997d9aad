#include "ui/results/resultsview.h"

#include "ui/results/confusionmatrixplot.h"
#include "ui/results/imagegallery.h"
#include "ui/results/projectionplot.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonObject>
#include <QMap>
#include <QTableWidget>
#include <QToolButton>
#include <QVBoxLayout>

#include <algorithm>

namespace ts::ui {

ResultsView::ResultsView(QWidget* parent)
    : QTabWidget(parent), m_confusion(new ConfusionMatrixPlot), m_misclassified(new ImageGallery),
      m_projection(new ProjectionPlot), m_clusters(new ImageGallery), m_clusterScores(new QTableWidget(0, 3)),
      m_shown(QStringLiteral("PCA")), m_pcaButton(new QToolButton), m_tsneButton(new QToolButton)
{
    // The projection page: which projection to show, above the plot.
    auto* projectionPage = new QWidget;
    auto* pageLayout = new QVBoxLayout(projectionPage);
    pageLayout->setContentsMargins(0, 4, 0, 0);
    pageLayout->setSpacing(2);
    auto* choice = new QHBoxLayout;
    choice->setContentsMargins(8, 0, 8, 0);
    m_pcaButton->setText(tr("PCA"));
    m_pcaButton->setToolTip(tr("Principal components of the features, refreshed each epoch"));
    m_tsneButton->setText(tr("t-SNE"));
    m_tsneButton->setToolTip(tr("t-SNE of the trained network's features, computed once at the end of a run: "
                                "neighbours stay together, so classes and domains separate (or mix) more clearly"));
    for (QToolButton* b : {m_pcaButton, m_tsneButton}) {
        b->setCheckable(true);
        b->setAutoRaise(true);
        choice->addWidget(b);
    }
    choice->addStretch();
    pageLayout->addLayout(choice);
    pageLayout->addWidget(m_projection, 1);
    connect(m_pcaButton, &QToolButton::clicked, this, [this] { showProjection(QStringLiteral("PCA")); });
    connect(m_tsneButton, &QToolButton::clicked, this, [this] { showProjection(QStringLiteral("t-SNE")); });

    addTab(m_confusion, tr("Confusion matrix"));
    addTab(m_misclassified, tr("Misclassified"));
    addTab(projectionPage, tr("Feature projection"));
    // The clusters page: the scores against the baselines above the image grids.
    auto* clustersPage = new QWidget;
    auto* clustersLayout = new QVBoxLayout(clustersPage);
    clustersLayout->setContentsMargins(0, 0, 0, 0);
    m_clusterScores->setObjectName(QStringLiteral("clusterScores"));
    m_clusterScores->setHorizontalHeaderLabels({tr("NMI"), tr("ARI"), tr("Cluster accuracy")});
    m_clusterScores->horizontalHeader()->setSectionResizeMode(QHeaderView::Stretch);
    m_clusterScores->verticalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_clusterScores->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_clusterScores->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    m_clusterScores->setToolTip(tr("How well the clusters match the true classes (1 = perfectly), for this run "
                                   "and for k-means on baselines' features"));
    m_clusterScores->hide();
    clustersLayout->addWidget(m_clusterScores);
    clustersLayout->addWidget(m_clusters, 1);
    addTab(clustersPage, tr("Clusters"));
    setTabToolTip(ConfusionTab, tr("How the target test images were classified: rows are the true classes."));
    setTabToolTip(MisclassifiedTab, tr("Target test images the model got wrong."));
    setTabToolTip(ProjectionTab, tr("Source and target features in 2-D (PCA each epoch, t-SNE at the end): with "
                                    "domain adaptation the circles and triangles should mix."));
    setTabToolTip(ClustersTab, tr("Sample images of each cluster found without labels."));
    m_clusters->setImageSize(72);
    updateTabs();
}

QString ResultsView::className(const PredictionSet& p, int index, bool predictedSide) const
{
    const QStringList& names = predictedSide && !p.predictedNames.isEmpty() ? p.predictedNames : p.classNames;
    if (index >= 0 && index < names.size())
        return names[index];
    return index < 0 ? tr("?") : QString::number(index);
}

void ResultsView::setClassNames(const QStringList& names)
{
    m_classNames = names;
}

void ResultsView::setPredictions(const PredictionSet& p)
{
    if (!p.classNames.isEmpty())
        m_classNames = p.classNames;
    const QStringList columns = p.clusters || !p.predictedNames.isEmpty() ? p.predictedNames : p.classNames;
    const bool anyTruth = std::any_of(p.truth.cbegin(), p.truth.cend(), [](int t) { return t >= 0; });
    if (anyTruth && !p.classNames.isEmpty() && !columns.isEmpty()) {
        int labelled = 0, correct = 0;
        const int n = std::min(p.truth.size(), p.predicted.size());
        for (int i = 0; i < n; ++i) {
            if (p.truth[i] < 0)
                continue;
            ++labelled;
            correct += p.truth[i] == p.predicted[i];
        }
        const QString title = p.clusters ? tr("Clusters against true classes (%1 target images)").arg(labelled)
                                         : tr("Target: %1% correct (%2 of %3 images)")
                                               .arg(labelled ? 100.0 * correct / labelled : 0.0, 0, 'f', 1)
                                               .arg(correct)
                                               .arg(labelled);
        m_confusion->setMatrix(p.classNames, columns, p.truth, p.predicted, title);
    } else {
        m_confusion->clearMatrix(p.clusters ? tr("No confusion matrix: the target test images have no labels to "
                                                 "compare the clusters with.")
                                            : tr("No confusion matrix: the target test images have no labels."));
    }

    const int samples = p.sampleImages.size();
    if (p.clusters) {
        m_misclassified->clearTiles();
        QMap<int, ImageGallery::Group> groups;
        QMap<int, QMap<int, int>> majority; // cluster -> truth -> count over all test images
        const int n = std::min(p.truth.size(), p.predicted.size());
        QMap<int, int> sizes;
        for (int i = 0; i < n; ++i) {
            ++sizes[p.predicted[i]];
            if (p.truth[i] >= 0)
                ++majority[p.predicted[i]][p.truth[i]];
        }
        for (int i = 0; i < samples; ++i) {
            const int cluster = i < p.samplePredicted.size() ? p.samplePredicted[i] : -1;
            const int truth = i < p.sampleTruth.size() ? p.sampleTruth[i] : -1;
            ImageGallery::Tile tile{p.sampleImages[i], truth >= 0 ? className(p, truth, false) : QString(),
                                    i < p.sampleFiles.size() ? p.sampleFiles[i] : QString()};
            groups[cluster].tiles << tile;
        }
        QVector<ImageGallery::Group> ordered;
        for (auto it = groups.begin(); it != groups.end(); ++it) {
            QString title = tr("%1 — %2 images").arg(className(p, it.key(), true)).arg(sizes.value(it.key()));
            const QMap<int, int>& votes = majority.value(it.key());
            if (!votes.isEmpty()) {
                auto best = std::max_element(votes.cbegin(), votes.cend());
                title += tr(", mostly “%1” (%2%)")
                             .arg(className(p, best.key(), false))
                             .arg(100.0 * *best / std::max(1, sizes.value(it.key())), 0, 'f', 0);
            }
            it->title = title;
            ordered << *it;
        }
        m_clusters->setGroups(ordered);
    } else {
        m_clusters->clearTiles();
        QVector<ImageGallery::Tile> tiles;
        for (int i = 0; i < samples; ++i) {
            const int truth = i < p.sampleTruth.size() ? p.sampleTruth[i] : -1;
            const int predicted = i < p.samplePredicted.size() ? p.samplePredicted[i] : -1;
            const QString caption =
                QStringLiteral("<span style='color:#1a7f37'>%1</span> → "
                               "<span style='color:#c62828'><b>%2</b></span>")
                    .arg(className(p, truth, false).toHtmlEscaped(), className(p, predicted, true).toHtmlEscaped());
            tiles << ImageGallery::Tile{p.sampleImages[i], caption,
                                        i < p.sampleFiles.size() ? p.sampleFiles[i] : QString()};
        }
        m_misclassified->setTiles(tiles);
    }
    refreshProjection(); // class names may have just arrived
    updateTabs();
}

void ResultsView::setProjection(const ProjectionPoints& points)
{
    if (points.method == QLatin1String("t-SNE")) {
        m_tsne = points;
        m_shown = points.method; // the closing picture comes forward; PCA stays a click away
    } else {
        m_pca = points;
    }
    refreshProjection();
    updateTabs();
}

void ResultsView::showProjection(const QString& method)
{
    m_shown = method == QLatin1String("t-SNE") && !m_tsne.x.isEmpty() ? method : QStringLiteral("PCA");
    refreshProjection();
}

QToolButton* ResultsView::projectionButton(const QString& method) const
{
    return method == QLatin1String("t-SNE") ? m_tsneButton : m_pcaButton;
}

void ResultsView::refreshProjection()
{
    const bool tsne = m_shown == QLatin1String("t-SNE") && !m_tsne.x.isEmpty();
    m_pcaButton->setChecked(!tsne);
    m_tsneButton->setChecked(tsne);
    m_pcaButton->setEnabled(!m_pca.x.isEmpty());
    m_tsneButton->setEnabled(!m_tsne.x.isEmpty());
    const ProjectionPoints& points = tsne ? m_tsne : m_pca;
    if (points.x.isEmpty())
        m_projection->clearProjection();
    else
        m_projection->setProjection(points, m_classNames);
}

void ResultsView::setClusterScores(const QJsonObject& metrics)
{
    const struct {
        QString key, title;
    } rows[] = {{QString(), tr("this run")},
                {QStringLiteral("baseline_raw_pixels"), tr("raw-pixel k-means")},
                {QStringLiteral("baseline_normalized_pixels"), tr("k-means on pixels scaled like the features")},
                {QStringLiteral("baseline_target_only_autoencoder"), tr("target-only autoencoder")},
                {QStringLiteral("baseline_target_only_rotation"), tr("target-only rotation features")},
                {QStringLiteral("baseline_target_autoencoder"), tr("target-only autoencoder")}};
    const QString columns[] = {QStringLiteral("nmi"), QStringLiteral("ari"), QStringLiteral("cluster_accuracy")};
    m_clusterScores->setRowCount(0);
    if (!metrics.value(QStringLiteral("nmi")).isDouble()) {
        m_clusterScores->hide();
        return;
    }
    for (const auto& row : rows) {
        const QJsonObject scores = row.key.isEmpty() ? metrics : metrics.value(row.key).toObject();
        if (!scores.value(QStringLiteral("nmi")).isDouble())
            continue;
        const int r = m_clusterScores->rowCount();
        m_clusterScores->insertRow(r);
        m_clusterScores->setVerticalHeaderItem(r, new QTableWidgetItem(row.title));
        for (int c = 0; c < 3; ++c) {
            const QJsonValue v = scores.value(columns[c]);
            auto* item = new QTableWidgetItem(v.isDouble() ? QString::number(v.toDouble(), 'f', 3) : tr("–"));
            item->setTextAlignment(Qt::AlignRight | Qt::AlignVCenter);
            if (r == 0) {
                QFont f = item->font();
                f.setBold(true);
                item->setFont(f);
            }
            m_clusterScores->setItem(r, c, item);
        }
    }
    m_clusterScores->show();
}

void ResultsView::clear()
{
    m_clusterScores->setRowCount(0);
    m_clusterScores->hide();
    m_confusion->clearMatrix();
    m_misclassified->clearTiles();
    m_clusters->clearTiles();
    m_pca = m_tsne = ProjectionPoints();
    m_shown = QStringLiteral("PCA");
    refreshProjection();
    updateTabs();
}

int ResultsView::confusionCount(int row, int column) const
{
    return m_confusion->count(row, column);
}

void ResultsView::updateTabs()
{
    // Only what changed: QTabBar lays out and repaints the whole tab widget on every setTabText/setTabEnabled,
    // and this runs with each projection (once a second while training).
    const auto setEnabled = [this](int tab, bool enabled) {
        if (isTabEnabled(tab) != enabled)
            setTabEnabled(tab, enabled);
    };
    const int misclassified = m_misclassified->tileCount();
    const QString text = misclassified > 0 ? tr("Misclassified (%1)").arg(misclassified) : tr("Misclassified");
    if (tabText(MisclassifiedTab) != text)
        setTabText(MisclassifiedTab, text);
    setEnabled(ConfusionTab, !m_confusion->isEmpty());
    setEnabled(MisclassifiedTab, misclassified > 0);
    setEnabled(ProjectionTab, !m_projection->isEmpty());
    setEnabled(ClustersTab, m_clusters->tileCount() > 0);
    if (isTabEnabled(currentIndex()))
        return;
    // With nothing to show, Qt leaves the last (disabled) tab current; keep the first one in front instead.
    int first = ConfusionTab;
    for (int i = 0; i < count(); ++i)
        if (isTabEnabled(i)) {
            first = i;
            break;
        }
    setCurrentIndex(first);
}

} // namespace ts::ui
