#pragma once

#include "engine/core/experiment.h"

#include <QObject>
#include <QString>

namespace ts::ui {

/// The experiment being edited: the single source of truth the panels read from and write into, with its
/// file name and modified state. Files are the JSON the CLI runs.
class ExperimentDocument : public QObject {
    Q_OBJECT
public:
    explicit ExperimentDocument(QObject* parent = nullptr);

    const engine::Experiment& experiment() const { return m_experiment; }
    /// Replaces the whole experiment (e.g. after loading) and emits reset().
    void setExperiment(const engine::Experiment& experiment, const QString& filePath = {});
    /// Changes the experiment in place; `edit` is called with a mutable reference, then changed() is emitted.
    template <typename F> void modify(F&& edit)
    {
        edit(m_experiment);
        setModified(true);
        Q_EMIT changed();
    }

    QString filePath() const { return m_filePath; }
    bool isModified() const { return m_modified; }
    void setModified(bool modified);

    /// Loads an experiment file; on failure returns false, leaves the document unchanged and sets `error`.
    bool load(const QString& path, QString* error);
    /// Saves atomically; on failure returns false and sets `error`.
    bool save(const QString& path, QString* error);

    /// A fresh experiment with the app's defaults (finetune, lenet, 28x28 grey).
    static engine::Experiment defaultExperiment();

Q_SIGNALS:
    void reset();
    void changed();
    void modifiedChanged(bool modified);
    void filePathChanged(const QString& path);
    /// Saving into another folder rewrote the relative paths (same files, new base folder); nothing to reload.
    void pathsRebased();

private:
    engine::Experiment m_experiment;
    QString m_filePath;
    bool m_modified = false;
};

} // namespace ts::ui
