#pragma once

#include "ui/run/uitypes.h"

#include <QJsonObject>
#include <QMainWindow>
#include <QVector>

class QDockWidget;
class QThread;
class QTimer;

namespace ts::engine {
struct Experiment;
}

namespace ts::ui {

class DataSidebar;
class ExperimentDocument;
class HyperparameterForm;
class LessonPanel;
class LivePlots;
class LogView;
class MainActions;
class MessageBanner;
class NetworkDiagram;
class PredictionsDialog;
class RecentFiles;
class ResultsView;
class RunComparison;
class RunStatusWidget;
class StrategyPicker;
class Throttle;
class TrainingController;

/// Transfer Studio's window: data panels on the left, the network diagram in the middle, the strategy and
/// its settings on the right, live plots, results, run comparison and log below. Split over
/// mainwindow.cpp (layout and wiring), mainwindow_files.cpp (experiments, models, exports) and
/// mainwindow_run.cpp (training).
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    /// `training`: a controller to take over (and own), possibly running already: `transfer-studio FILE --run`
    /// starts the run before building the window (see adoptRun); nullptr: the window makes its own.
    explicit MainWindow(TrainingController* training = nullptr, QWidget* parent = nullptr);
    ~MainWindow() override;

    /// Opens an experiment file; on failure shows why and keeps the current experiment.
    bool openExperiment(const QString& path);
    /// Saves atomically; on failure shows why.
    bool saveExperiment(const QString& path);
    /// Starts training the current experiment; false (with a message) when it cannot start.
    bool startTraining();
    /// Shows the run the controller given to the constructor is already training, as startTraining() would
    /// have: the run of the experiment opened since (the same file). False when that controller is idle.
    bool adoptRun();
    void stopTraining();
    void setPaused(bool paused);
    /// Copies the last run's model, summary and metrics into `dir`, with its experiment.json rewritten to name
    /// the same data from there (Export Model does this after asking for the folder); on failure shows why.
    bool exportLastRun(const QString& dir);
    /// Classifies every image under `dir` with the last run's model.ts.pt on a background thread and shows the
    /// classes in a PredictionsDialog (predictionsShown), or why it could not (a message). False when there is
    /// no exported model or a classification is already running.
    bool classifyFolderAt(const QString& dir);
    /// Shows the runs kept in the run folders (TrainingController::runsRoot()) in the Runs table, as the last
    /// session left it; the newest becomes the model that Save Model and Export use. The app calls it at start.
    void restoreRuns();
    /// Ask before discarding unsaved changes or stopping a run when closing (off in tests).
    void setConfirmOnClose(bool confirm) { m_confirmOnClose = confirm; }

    ExperimentDocument* document() const { return m_document; }
    TrainingController* training() const { return m_training; }
    NetworkDiagram* diagram() const { return m_diagram; }
    StrategyPicker* strategyPicker() const { return m_picker; }
    HyperparameterForm* hyperparameters() const { return m_form; }
    DataSidebar* dataSidebar() const { return m_data; }
    LivePlots* livePlots() const { return m_plots; }
    RunComparison* runComparison() const { return m_comparison; }
    ResultsView* results() const { return m_results; }
    LogView* logView() const { return m_log; }
    MessageBanner* banner() const { return m_banner; }
    LessonPanel* lessonPanel() const { return m_lesson; }
    MainActions* actions() const { return m_actions; }
    QString lastRunDir() const { return m_lastRunDir; }

Q_SIGNALS:
    /// A folder's predictions are on screen (classifyFolderAt).
    void predictionsShown(ts::ui::PredictionsDialog* dialog);

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    // mainwindow.cpp
    void createDocks();
    void connectSignals();
    void connectTraining(); // the training controller's signals, the run table's overlays
    void scheduleRefresh();
    void refreshNetwork();
    void refreshAvailability();
    void updateTitle();
    void restoreSettings();
    void saveSettings();
    void showAbout();
    void showMessage(int level, const QString& text); // 0 info, 1 warning, 2 error, 3 success
    QDockWidget* addDock(const QString& title, const QString& objectName, QWidget* widget, Qt::DockWidgetArea area);

    // mainwindow_files.cpp
    void newExperiment();
    void openWithDialog();
    bool save();
    bool saveAsWithDialog();
    bool maybeSave();
    void saveModel();
    void exportModel();
    void usePretrainedModel();
    void savePlots(const QString& format);

    // mainwindow_predict.cpp
    void classifyFolder();
    QString lastDir(const QString& key) const;
    void rememberDir(const QString& key, const QString& path);

    // mainwindow_run.cpp
    void showRunStarting(const engine::Experiment& e); // the views of a run about to start (or just started)
    void onRunStarted(const QString& runDir);
    void onBaselineStarted(const QString& title, const QString& runDir);
    void onRunPartFinished(const QJsonObject& summary, bool cancelled, const QString& runDir); // one run: a table row
    void onRunFinished(const QJsonObject& summary, bool cancelled, const QString& runDir);     // the whole start()
    void showBaselineComparison(const QJsonObject& summary);
    void onRunFailed(const QString& message);
    void raiseResults();
    void updateRunActions();

    QThread* m_predictThread = nullptr; // classifyFolderAt's work, while it runs
    ExperimentDocument* m_document;
    TrainingController* m_training;
    MainActions* m_actions;
    RecentFiles* m_recent = nullptr;
    NetworkDiagram* m_diagram;
    MessageBanner* m_banner;
    LessonPanel* m_lesson;
    DataSidebar* m_data;
    StrategyPicker* m_picker;
    HyperparameterForm* m_form;
    LivePlots* m_plots;
    RunComparison* m_comparison;
    ResultsView* m_results;
    LogView* m_log;
    RunStatusWidget* m_status;
    QTimer* m_refreshTimer;
    // At most one diagram / projection redraw a second: every epoch of real data, which take seconds; the
    // demo's sub-second epochs are drawn every other one or so, as each redraw takes CPU from training.
    static constexpr int kEpochViewMs = 1000;
    Throttle* m_weightThrottle;
    Throttle* m_projectionThrottle;
    QDockWidget* m_strategyDock = nullptr;
    QDockWidget* m_resultsDock = nullptr;
    QDockWidget* m_plotsDock = nullptr;
    QDockWidget* m_runsDock = nullptr;
    QString m_networkKey; // what the diagram was built from
    QString m_lastRunDir; // output folder of the last finished run
    QJsonObject m_lastSummary;
    QString m_runName; // name of the run in progress
    QStringList m_runFrozen;
    int m_runSeed = 0;
    // The strategy's run while its baselines run after it: its table row, name and points (shown again at the end).
    int m_mainRow = -1;
    QString m_mainRunName;
    QVector<MetricPoint> m_mainPoints;
    QVector<int> m_baselineRows;
    bool m_confirmOnClose = true;
    bool m_resultsRaised = false;
};

} // namespace ts::ui
