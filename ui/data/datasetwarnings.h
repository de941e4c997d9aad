#pragma once

#include "ui/data/datasetsummary.h"

#include <QLabel>

namespace ts::ui {

/// What looks wrong with a data panel's dataset, one line each: a load error, skipped files (with a link
/// that lists them), class imbalance, a class mismatch with the other domain, a missing test set.
class DatasetWarnings : public QLabel {
    Q_OBJECT
public:
    explicit DatasetWarnings(QWidget* parent = nullptr);

    /// Rebuilds the lines; hides the label when nothing is wrong.
    void update(const DatasetSummary& summary, const QString& error, const QString& mismatch,
                const QString& missingTestSet);
    /// Lists the skipped files in a dialog.
    void showSkipped();

private:
    QStringList m_skipped;
};

} // namespace ts::ui
