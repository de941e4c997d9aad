// MainWindow: experiment files, trained models and exports.

#include "ui/window/mainwindow.h"

#include "ui/plots/liveplots.h"
#include "ui/run/enginebridge.h"
#include "ui/run/trainingcontroller.h"
#include "ui/window/experimentdocument.h"
#include "ui/window/logview.h"
#include "ui/window/messagebanner.h"
#include "ui/window/recentfiles.h"

#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QJsonDocument>
#include <QMessageBox>
#include <QSaveFile>
#include <QSettings>

#include <exception>

namespace ts::ui {

namespace {

// Copies `from` to `to` through QSaveFile, so `to` is either the complete copy or untouched.
bool copyAtomically(const QString& from, const QString& to, QString* error)
{
    QFile in(from);
    if (!in.open(QIODevice::ReadOnly)) {
        *error = QObject::tr("cannot read '%1': %2").arg(from, in.errorString());
        return false;
    }
    QSaveFile out(to);
    if (!out.open(QIODevice::WriteOnly)) {
        *error = QObject::tr("cannot write '%1': %2").arg(to, out.errorString());
        return false;
    }
    while (!in.atEnd()) {
        const QByteArray chunk = in.read(1 << 20);
        if (out.write(chunk) != chunk.size()) {
            *error = QObject::tr("cannot write '%1': %2").arg(to, out.errorString());
            return false;
        }
    }
    if (!out.commit()) {
        *error = QObject::tr("cannot write '%1': %2").arg(to, out.errorString());
        return false;
    }
    return true;
}

} // namespace

QString MainWindow::lastDir(const QString& key) const
{
    return QSettings().value(QStringLiteral("lastFolders/") + key, QDir::homePath()).toString();
}

void MainWindow::rememberDir(const QString& key, const QString& path)
{
    QSettings().setValue(QStringLiteral("lastFolders/") + key, QFileInfo(path).absolutePath());
}

void MainWindow::newExperiment()
{
    if (!maybeSave())
        return;
    m_document->setExperiment(ExperimentDocument::defaultExperiment());
    m_log->append(LogView::Level::Info, tr("New experiment"));
}

bool MainWindow::openExperiment(const QString& path)
{
    QString error;
    if (!m_document->load(path, &error)) {
        showMessage(2, tr("Could not open the experiment: %1").arg(error));
        return false;
    }
    m_recent->add(path);
    rememberDir(QStringLiteral("experiments"), path);
    m_banner->hide();
    m_log->append(LogView::Level::Info, tr("Opened %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

void MainWindow::openWithDialog()
{
    if (!maybeSave())
        return;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Experiment"), lastDir(QStringLiteral("experiments")), tr("Experiments (*.json);;All files (*)"));
    if (!path.isEmpty())
        openExperiment(path);
}

bool MainWindow::saveExperiment(const QString& path)
{
    QString error;
    if (!m_document->save(path, &error)) {
        showMessage(2, tr("Could not save the experiment: %1").arg(error));
        return false;
    }
    m_recent->add(path);
    rememberDir(QStringLiteral("experiments"), path);
    m_log->append(LogView::Level::Info, tr("Saved %1").arg(QDir::toNativeSeparators(path)));
    return true;
}

bool MainWindow::save()
{
    if (m_document->filePath().isEmpty())
        return saveAsWithDialog();
    return saveExperiment(m_document->filePath());
}

bool MainWindow::saveAsWithDialog()
{
    QString path = QFileDialog::getSaveFileName(this, tr("Save Experiment"), lastDir(QStringLiteral("experiments")),
                                                tr("Experiments (*.json)"));
    if (path.isEmpty())
        return false;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".json");
    return saveExperiment(path);
}

bool MainWindow::maybeSave()
{
    if (!m_document->isModified() || !m_confirmOnClose)
        return true;
    const auto answer =
        QMessageBox::warning(this, tr("Unsaved changes"), tr("The experiment has unsaved changes. Save them?"),
                             QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
    if (answer == QMessageBox::Save)
        return save();
    return answer == QMessageBox::Discard;
}

void MainWindow::saveModel()
{
    const QString model = m_lastRunDir + QStringLiteral("/model.pt");
    if (m_lastRunDir.isEmpty() || !QFileInfo::exists(model)) {
        showMessage(1, tr("There is no trained model yet: run an experiment first."));
        return;
    }
    QString path = QFileDialog::getSaveFileName(this, tr("Save Trained Model"), lastDir(QStringLiteral("models")),
                                                tr("Checkpoints (*.pt)"));
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QStringLiteral(".pt");
    QString error;
    if (!copyAtomically(model, path, &error)) {
        showMessage(2, tr("Could not save the model: %1").arg(error));
        return;
    }
    rememberDir(QStringLiteral("models"), path);
    showMessage(3, tr("Model saved to %1").arg(QDir::toNativeSeparators(path)));
}

void MainWindow::exportModel()
{
    if (m_lastRunDir.isEmpty() || !QFileInfo::exists(m_lastRunDir + QStringLiteral("/model.pt"))) {
        showMessage(1, tr("There is no trained model yet: run an experiment first."));
        return;
    }
    const QString dir =
        QFileDialog::getExistingDirectory(this, tr("Export Model To Folder"), lastDir(QStringLiteral("exports")));
    if (!dir.isEmpty())
        exportLastRun(dir);
}

bool MainWindow::exportLastRun(const QString& dir)
{
    // The checkpoint plus what is needed to use it elsewhere: the experiment (input size, classes, backbone),
    // the run's summary and its metrics.
    QString error;
    for (const char* file : {"model.pt", "model.ts.pt", "summary.json", "metrics.jsonl"}) {
        const QString from = m_lastRunDir + QLatin1Char('/') + QLatin1String(file);
        if (QFileInfo::exists(from) && !copyAtomically(from, dir + QLatin1Char('/') + QLatin1String(file), &error)) {
            showMessage(2, tr("Could not export the model: %1").arg(error));
            return false;
        }
    }
    // The run folder's experiment.json names its data relative to the run folder: rewritten, so that the copy
    // runs from the export folder too.
    const QString experiment = m_lastRunDir + QStringLiteral("/experiment.json");
    if (QFileInfo::exists(experiment)) {
        try {
            engine::saveExperiment(bridge::rebasedExperiment(engine::loadExperiment(experiment.toStdString()), dir),
                                   (dir + QStringLiteral("/experiment.json")).toStdString());
        } catch (const std::exception& e) {
            showMessage(2, tr("Could not export the model: %1").arg(QString::fromStdString(e.what())));
            return false;
        }
    }
    m_plots->saveCsv(dir + QStringLiteral("/metrics.csv"));
    QSettings().setValue(QStringLiteral("lastFolders/exports"), dir);
    showMessage(3, QFileInfo::exists(dir + QStringLiteral("/model.ts.pt"))
                       ? tr("Exported model.ts.pt (TorchScript: torch.jit.load in Python), model.pt, experiment.json, "
                            "summary.json and metrics to %1")
                             .arg(QDir::toNativeSeparators(dir))
                       : tr("Exported model.pt, experiment.json, summary.json and metrics to %1")
                             .arg(QDir::toNativeSeparators(dir)));
    return true;
}

void MainWindow::usePretrainedModel()
{
    const QString path =
        QFileDialog::getOpenFileName(this, tr("Use Model as Pretrained"), lastDir(QStringLiteral("models")),
                                     tr("Models (*.pt *.pth);;All files (*)"));
    if (path.isEmpty())
        return;
    rememberDir(QStringLiteral("models"), path);
    m_document->modify(
        [&](engine::Experiment& e) { e.model.pretrained = QFileInfo(path).absoluteFilePath().toStdString(); });
    showMessage(0, tr("The next run starts from %1.").arg(QFileInfo(path).fileName()));
}

void MainWindow::savePlots(const QString& format)
{
    if (!m_plots->hasData()) {
        showMessage(1, tr("There is nothing to save yet: the plots are empty."));
        return;
    }
    const QString filter = format == QLatin1String("png")   ? tr("PNG images (*.png)")
                           : format == QLatin1String("pdf") ? tr("PDF documents (*.pdf)")
                                                            : tr("CSV files (*.csv)");
    QString path = QFileDialog::getSaveFileName(this, tr("Save Plots"), lastDir(QStringLiteral("plots")), filter);
    if (path.isEmpty())
        return;
    if (QFileInfo(path).suffix().isEmpty())
        path += QLatin1Char('.') + format;
    const bool ok = format == QLatin1String("png")   ? m_plots->savePng(path)
                    : format == QLatin1String("pdf") ? m_plots->savePdf(path)
                                                     : m_plots->saveCsv(path);
    if (!ok) {
        showMessage(2, tr("Could not write %1").arg(QDir::toNativeSeparators(path)));
        return;
    }
    rememberDir(QStringLiteral("plots"), path);
    showMessage(3, tr("Saved %1").arg(QDir::toNativeSeparators(path)));
}

} // namespace ts::ui
