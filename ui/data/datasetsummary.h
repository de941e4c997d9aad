#pragma once

// What a data panel shows of a loaded dataset. Torch-free: travels through a queued signal.

#include <QImage>
#include <QMetaType>
#include <QString>
#include <QStringList>
#include <QVector>

namespace ts::ui {

struct DatasetSummary {
    int requestId = 0;                   // the load request this answers
    qint64 images = 0;                   // images loaded
    qint64 labeledImages = 0;            // of which training may use the label
    bool labeled = false;                // the dataset has class labels
    QStringList classNames;              // index = label
    QVector<qint64> classCounts;         // images per class
    QVector<QVector<QImage>> thumbnails; // per class (one list for unlabeled data)
    QStringList skippedFiles;            // "path: reason"
    int channels = 1, height = 0, width = 0;
    double loadSeconds = 0;
};

} // namespace ts::ui

Q_DECLARE_METATYPE(ts::ui::DatasetSummary)
