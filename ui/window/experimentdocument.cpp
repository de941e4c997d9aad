#include "ui/window/experimentdocument.h"

#include "ui/run/enginebridge.h"

#include <QDir>
#include <QFileInfo>

#include <exception>

namespace ts::ui {

ExperimentDocument::ExperimentDocument(QObject* parent) : QObject(parent), m_experiment(defaultExperiment()) {}

engine::Experiment ExperimentDocument::defaultExperiment()
{
    engine::Experiment e;
    e.name = "untitled";
    e.strategy = "finetune";
    e.train.epochs = 5;
    return e;
}

void ExperimentDocument::setExperiment(const engine::Experiment& experiment, const QString& filePath)
{
    m_experiment = experiment;
    if (m_filePath != filePath) {
        m_filePath = filePath;
        Q_EMIT filePathChanged(filePath);
    }
    setModified(false);
    Q_EMIT reset();
}

void ExperimentDocument::setModified(bool modified)
{
    if (m_modified == modified)
        return;
    m_modified = modified;
    Q_EMIT modifiedChanged(modified);
}

bool ExperimentDocument::load(const QString& path, QString* error)
{
    try {
        const QString absolute = QFileInfo(path).absoluteFilePath();
        setExperiment(engine::loadExperiment(QDir::toNativeSeparators(absolute).toStdString()), absolute);
        return true;
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
}

bool ExperimentDocument::save(const QString& path, QString* error)
{
    try {
        const QString absolute = QFileInfo(path).absoluteFilePath();
        // Relative paths were resolved against the old file's folder: name the same files from the new one,
        // the strategies' path options (zeroshot.attributes) included, as the CLI's run folders do.
        const engine::Experiment copy =
            bridge::rebasedExperiment(m_experiment, QFileInfo(absolute).absoluteDir().absolutePath());
        engine::saveExperiment(copy, absolute.toStdString());
        const bool moved = engine::toJson(copy) != engine::toJson(m_experiment) || copy.baseDir != m_experiment.baseDir;
        m_experiment = copy;
        if (moved)
            Q_EMIT pathsRebased(); // the panels show the paths as written: they must show the new ones
        if (m_filePath != absolute) {
            m_filePath = absolute;
            Q_EMIT filePathChanged(absolute);
        }
        setModified(false);
        return true;
    } catch (const std::exception& e) {
        if (error)
            *error = QString::fromStdString(e.what());
        return false;
    }
}

} // namespace ts::ui
