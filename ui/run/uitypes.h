#pragma once

// Qt value types that carry engine events to the GUI thread. Torch-free: moc reads headers that use them.

#include <QImage>
#include <QMap>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

namespace ts::ui {

/// One block of the network diagram (from engine::LayerInfo).
struct LayerBlock {
    QString name;      // stable layer name, e.g. "conv1"
    QString kind;      // "conv", "fc", "head", "grl", "residual", ...
    QString role;      // "feature", "label", "domain", "task_a", "task_b", "attribute", "decoder"
    QString input;     // name of the layer feeding it; empty for the network input
    QString parent;    // nested part of an imported model: the enclosing part or layer ("trunk"); empty for layers
    int children = 0;  // parts whose parent this is; a block with children is a group
    qint64 params = 0; // parameter count
    QVector<qint64> outputShape; // empty for nested parts
    bool frozen = false;         // named in the freeze list; the parts of a frozen group are frozen without it
};

/// A step's or an epoch's scalars, by the metric names listed in engine/core/observer.h.
struct MetricPoint {
    QString phase; // "pretrain", "train", "autoencoder", ...
    int epoch = 0;
    qint64 step = 0;       // global step counter of the run (monotonic across phases)
    qint64 totalSteps = 0; // of the current phase
    qint64 phaseEndStep =
        0;                // global step at which the current phase is planned to end (early stopping may end it sooner)
    bool isEpoch = false; // false: per-step values; true: per-epoch metrics
    QMap<QString, double> values;
    double imagesPerSecond = 0;
    double elapsedMs = 0;
};

/// 2-D feature projection for the scatter view.
struct ProjectionPoints {
    int epoch = 0;
    QString method = QStringLiteral("PCA"); // "PCA" each epoch, "t-SNE" once at the end of a run
    QString layer;                          // the layer whose outputs were projected
    QVector<double> x, y;
    QVector<int> label, domain; // label: index into classNames, -1 unlabeled; domain: 0 source, 1 target
    QStringList classNames;     // the target's classes, then the source classes the target lacks
};

/// Per-image test results for the confusion matrix, the misclassified gallery and cluster grids.
struct PredictionSet {
    QStringList classNames;
    QStringList predictedNames;
    QVector<int> truth, predicted;
    QVector<QImage> sampleImages;
    QVector<int> sampleTruth, samplePredicted;
    QStringList sampleFiles;
    bool clusters = false;
};

} // namespace ts::ui

Q_DECLARE_METATYPE(ts::ui::LayerBlock)
Q_DECLARE_METATYPE(ts::ui::MetricPoint)
Q_DECLARE_METATYPE(ts::ui::ProjectionPoints)
Q_DECLARE_METATYPE(ts::ui::PredictionSet)
