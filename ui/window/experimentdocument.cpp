#include "ui/window/experimentdocument.h"

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
        engine::Experiment copy = m_experiment;
        // Paths were resolved against the old file's folder; keep them valid from the new one.
        const QDir newDir = QFileInfo(absolute).absoluteDir();
        auto rebase = [&](std::string& p) {
            if (p.empty())
                return;
            const QString resolved = QString::fromStdString(engine::resolvePath(m_experiment, p));
            p = newDir.relativeFilePath(resolved).toStdString();
        };
        for (auto* spec : {&copy.source, &copy.target, &copy.targetTest})
            if (*spec) {
                rebase((*spec)->path);
                rebase((*spec)->images);
                rebase((*spec)->labels);
            }
        rebase(copy.model.pretrained);
        copy.baseDir = newDir.absolutePath().toStdString();
        engine::saveExperiment(copy, absolute.toStdString());
        m_experiment = copy;
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
