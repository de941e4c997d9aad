#pragma once

#include "engine/core/experiment.h"
#include "ui/data/datasetsummary.h"

#include <QWidget>

namespace ts::ui {

class DataPanel;
class ExperimentDocument;

/// The left side of the window: the source and target panels, kept in step with the experiment, and the
/// warning when their classes differ.
class DataSidebar : public QWidget {
    Q_OBJECT
public:
    explicit DataSidebar(ExperimentDocument* document, QWidget* parent = nullptr);

    DataPanel* sourcePanel() const { return m_source; }
    DataPanel* targetPanel() const { return m_target; }
    /// While training the datasets cannot be edited.
    void setLocked(bool locked);
    /// Reloads both panels from the experiment.
    void reloadAll();
    /// While held, the panels do not load: a run started at once (--run) reads and decodes the images first,
    /// and the panels show what it read (showFromRun) or, released after that, take the images from the
    /// engine's image cache instead of decoding the same files at the same time. Releasing loads what was
    /// asked for meanwhile and not shown from the run.
    void holdLoading(bool held);
    /// A run read the dataset with `key` (datasetKey in ui/data/summarizedataset.h): a panel waiting for the
    /// same images shows `summary` and does not load them again when released.
    void showFromRun(const QString& key, const ts::ui::DatasetSummary& summary);

Q_SIGNALS:
    /// A panel finished loading, successfully or not.
    void dataLoaded();
    void loadFailed(const QString& panelTitle, const QString& message);

private:
    void onReset();
    void onPathsRebased();
    void onChanged();
    void onEdited(DataPanel* panel);
    /// Loads `panel` now, or once released when loading is held.
    void loadPanel(DataPanel* panel);
    void updateMismatch();

    ExperimentDocument* m_document;
    DataPanel* m_source;
    DataPanel* m_target;
    engine::InputSpec m_loadedInput; // input the panels were last loaded with
    std::uint64_t m_loadedSeed = 0;
    std::string m_loadedBase;
    bool m_held = false;
    QList<DataPanel*> m_waiting; // panels asked to load while held
};

} // namespace ts::ui
