#pragma once

#include "ui/data/datasetsummary.h"

#include "engine/core/experiment.h"

#include <QGroupBox>
#include <QThread>

#include <optional>

class QComboBox;
class QFormLayout;
class QLabel;
class QLineEdit;
class QListWidget;
class QListWidgetItem;
class QProgressBar;
class QSpinBox;
class QToolButton;

namespace ts::ui {

class ClassOverview;
class DatasetWarnings;
class DatasetLoader;

/// Source or target data: where the images come from (folder picker, drag and drop, format, labels per
/// class), what was found (class bar chart, thumbnails) and what looks wrong (skipped files, imbalance,
/// class mismatch). Loading runs in the panel's own worker thread.
class DataPanel : public QGroupBox {
    Q_OBJECT
public:
    enum class Role { Source, Target };

    explicit DataPanel(Role role, QWidget* parent = nullptr);
    ~DataPanel() override;

    Role role() const { return m_role; }
    /// Shows `spec` (and for the target the test set) without loading.
    void setSpecs(const std::optional<engine::DatasetSpec>& spec, const std::optional<engine::DatasetSpec>& test);
    /// The dataset as edited; nullopt when no path is set.
    std::optional<engine::DatasetSpec> spec() const;
    std::optional<engine::DatasetSpec> testSpec() const;

    /// Loads the panel's dataset with the experiment's input size, seed and base folder (in the background).
    void load(const engine::Experiment& context);
    /// Says that the panel loads once a run has read the images (DataSidebar::holdLoading); a load under way
    /// is dropped, what was loaded stays shown. `context` as for load().
    void showWaiting(const engine::Experiment& context);
    /// Shows `summary` as if the panel had loaded it (a run read the same images); a load under way is dropped.
    void showLoaded(const DatasetSummary& summary);
    bool isLoading() const { return m_loading; }
    bool isLoaded() const { return m_loaded; }
    const DatasetSummary& summary() const { return m_summary; }
    QString errorText() const { return m_error; }

    /// Warning about classes the other domain lacks ("" clears it).
    void setMismatch(const QString& text, const QStringList& classes);
    /// While training: the dataset cannot be edited, what was loaded stays readable.
    void setLocked(bool locked);
    /// Sets the folder (or IDX images file) as if the user had picked it.
    void setPath(const QString& path);
    /// The class picker: the class folders found (IDX: the named labels), ticked when the dataset keeps them.
    /// Unticking one writes the dataset's "classes" list (empty again when all are ticked).
    QListWidget* classList() const { return m_classList; }

Q_SIGNALS:
    /// The user changed the dataset; the experiment should follow and the panel be reloaded.
    void edited();
    void loadStarted();
    void loadFinished(bool ok, const QString& error);

protected:
    void dragEnterEvent(QDragEnterEvent* event) override;
    void dropEvent(QDropEvent* event) override;

private:
    void browse(QLineEdit* edit, bool labelsFile);
    void updateFormatRows();
    void onLoaded(const ts::ui::DatasetSummary& summary);
    void onFailed(int requestId, const QString& message);
    void updateWarnings();
    void refreshClassList();
    void onClassToggled(QListWidgetItem* item);
    QString formatKey() const;

    Role m_role;
    std::optional<engine::DatasetSpec> m_spec, m_testSpec; // keeps keys the panel does not edit
    QFormLayout* m_form = nullptr;
    QComboBox* m_format = nullptr;
    QLineEdit* m_path = nullptr;
    QLineEdit* m_labels = nullptr;
    QLabel* m_labelsLabel = nullptr;
    QLineEdit* m_testPath = nullptr;
    QLineEdit* m_testLabels = nullptr;
    QLabel* m_testLabelsLabel = nullptr;
    QSpinBox* m_labeledPerClass = nullptr;
    QSpinBox* m_limitPerClass = nullptr;
    QLabel* m_stats = nullptr;
    QProgressBar* m_progress = nullptr;
    DatasetWarnings* m_warnings = nullptr;
    ClassOverview* m_overview = nullptr;
    QListWidget* m_classList = nullptr;

    QThread m_thread;
    DatasetLoader* m_loader = nullptr; // lives in m_thread
    int m_requestId = 0;
    bool m_loading = false;
    bool m_loaded = false;
    DatasetSummary m_summary;
    QString m_error, m_mismatch;
    QString m_baseDir; // relative paths resolve against it
};

} // namespace ts::ui
