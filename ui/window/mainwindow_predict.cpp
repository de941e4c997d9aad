// MainWindow: classifying a folder of images with the last run's exported model.

#include "ui/window/mainwindow.h"

#include "engine/core/errors.h"
#include "engine/train/predict.h"
#include "ui/results/predictionsdialog.h"
#include "ui/window/mainactions.h"

#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QPointer>
#include <QSettings>
#include <QThread>

#include <exception>
#include <memory>

namespace ts::ui {

void MainWindow::classifyFolder()
{
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Classify Images in Folder"), lastDir(QStringLiteral("classify")));
    if (dir.isEmpty())
        return;
    QSettings().setValue(QStringLiteral("lastFolders/classify"), dir);
    classifyFolderAt(dir);
}

bool MainWindow::classifyFolderAt(const QString& dir)
{
    const QString model = m_lastRunDir + QStringLiteral("/model.ts.pt");
    if (m_lastRunDir.isEmpty() || !QFileInfo::exists(model)) {
        showMessage(1, m_lastRunDir.isEmpty()
                           ? tr("There is no trained model yet: run an experiment first.")
                           : tr("The last run has no exported classifier (model.ts.pt); its summary.json says why."));
        return false;
    }
    if (m_predictThread) {
        showMessage(1, tr("A folder is already being classified."));
        return false;
    }
    // Decoding and classifying a folder takes a while; the window stays responsive meanwhile.
    struct Outcome {
        engine::FolderPredictions predictions;
        QString error;
    };
    auto outcome = std::make_shared<Outcome>();
    const std::string modelPath = model.toStdString(), folder = dir.toStdString();
    m_predictThread = QThread::create([outcome, modelPath, folder] {
        try {
            outcome->predictions = engine::predictFolder(modelPath, folder);
        } catch (const std::exception& e) {
            outcome->error = QString::fromStdString(e.what());
        }
    });
    showMessage(0, tr("Classifying the images in %1…").arg(QDir::toNativeSeparators(dir)));
    m_actions->classifyFolder->setEnabled(false);
    connect(m_predictThread, &QThread::finished, this, [this, outcome, dir] {
        m_predictThread->deleteLater();
        m_predictThread = nullptr;
        updateRunActions();
        if (!outcome->error.isEmpty()) {
            showMessage(2, tr("Could not classify the folder: %1").arg(outcome->error));
            return;
        }
        auto* dialog = new PredictionsDialog(dir, std::move(outcome->predictions), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
        showMessage(3, tr("Classified %n image(s).", nullptr, dialog->rowCount()));
        Q_EMIT predictionsShown(dialog);
    });
    m_predictThread->start();
    return true;
}

} // namespace ts::ui
