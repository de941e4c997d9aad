#pragma once

#include "engine/train/predict.h"

#include <QDialog>

class QLabel;
class QTableWidget;

namespace ts::ui {

/// The classes a trained model gives the images of a folder (Run > Classify Images in Folder…): one row per
/// image with its predicted class and probability, the skipped files named, and Save CSV… writing the same
/// file,class,probability CSV as `transfer-studio-cli predict`.
class PredictionsDialog : public QDialog {
    Q_OBJECT
public:
    PredictionsDialog(const QString& folder, engine::FolderPredictions predictions, QWidget* parent = nullptr);

    int rowCount() const;
    /// Writes the CSV atomically; false (with the reason in the dialog) when it cannot.
    bool saveCsv(const QString& path);

private:
    void saveWithDialog();

    QString m_folder;
    engine::FolderPredictions m_predictions;
    QTableWidget* m_table;
    QLabel* m_status;
};

} // namespace ts::ui
