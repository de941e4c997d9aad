// MainWindow: starting, pausing and stopping training, and what happens when a run ends.

#include "ui/window/mainwindow.h"

#include "ui/data/datapanel.h"
#include "ui/data/datasidebar.h"
#include "ui/diagram/networkdiagram.h"
#include "ui/forms/hyperparameterform.h"
#include "ui/forms/strategypicker.h"
#include "ui/plots/liveplots.h"
#include "ui/plots/runcomparison.h"
#include "ui/plots/runrecord.h"
#include "ui/plots/runstore.h"
#include "ui/results/resultsview.h"
#include "ui/run/enginebridge.h"
#include "ui/run/throttle.h"
#include "ui/run/trainingcontroller.h"
#include "ui/window/experimentdocument.h"
#include "ui/window/logview.h"
#include "ui/window/mainactions.h"
#include "ui/window/messagebanner.h"
#include "ui/window/runstatuswidget.h"

#include <QAction>
#include <QApplication>
#include <QDir>
#include <QDockWidget>
#include <QFileInfo>
#include <QJsonArray>
#include <QMenu>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ts::ui {

bool MainWindow::startTraining()
{
    if (m_training->isBusy())
        return false;
    // Line edits commit on focus loss; make sure the last edit is in the experiment.
    if (QWidget* focus = QApplication::focusWidget())
        focus->clearFocus();
    const auto& e = m_document->experiment();
    const QString strategy = QString::fromStdString(e.strategy);
    refreshAvailability(); // the last edit may still wait for the refresh timer
    if (!m_picker->isAvailable(strategy)) {
        showMessage(2, tr("Cannot start: %1").arg(m_picker->unavailableReason(strategy)));
        return false;
    }
    showRunStarting(e);
    if (!m_training->start(e)) {
        m_diagram->setTrainingActive(false);
        return false;
    }
    return true;
}

bool MainWindow::adoptRun()
{
    if (!m_training->isBusy())
        return false;
    showRunStarting(m_document->experiment());
    updateRunActions(); // the controller changed state before the window was listening
    return true;
}

void MainWindow::showRunStarting(const engine::Experiment& e)
{
    const QString strategy = QString::fromStdString(e.strategy);
    m_runFrozen.clear();
    for (const auto& n : e.freeze)
        m_runFrozen << QString::fromStdString(n);
    m_runSeed = int(e.train.seed);
    const auto* described = bridge::findStrategy(strategy);
    m_runName = describeRun(described ? described->title : strategy, m_runFrozen, m_runSeed);
    m_mainRow = -1;
    m_mainRunName.clear();
    m_mainPoints.clear();
    m_baselineRows.clear();
    m_banner->hide();
    m_plots->startRun(m_runName);
    m_results->clear();
    m_results->setClassNames(m_data->targetPanel()->summary().classNames);
    m_weightThrottle->reset();
    m_projectionThrottle->reset();
    m_diagram->clearWeightChanges();
    m_diagram->setTrainingActive(true);
    m_status->setProgress(tr("starting"), 0, 0, -1);
    m_plotsDock->raise();
    m_resultsRaised = false; // the results dock comes forward with the run's first projection
    m_log->append(LogView::Level::Info, tr("Starting run: %1").arg(m_runName));
}

void MainWindow::stopTraining()
{
    if (!m_training->isBusy())
        return;
    m_status->setMessage(tr("Stopping after the current step…"));
    m_training->stop();
}

void MainWindow::setPaused(bool paused)
{
    m_training->setPaused(paused);
    if (m_training->state() == TrainingController::State::Paused)
        m_status->setMessage(tr("Paused"));
}

void MainWindow::onRunStarted(const QString& runDir)
{
    m_log->append(LogView::Level::Info, tr("Run folder: %1").arg(QDir::toNativeSeparators(runDir)));
}

void MainWindow::onBaselineStarted(const QString& title, const QString& runDir)
{
    // The baseline trains live against the strategy's finished curves, drawn dashed behind it.
    m_runName = tr("baseline: %1").arg(title); // same seed as the run it is the baseline of
    m_runFrozen.clear();
    m_plots->startRun(m_runName);
    if (m_mainRow >= 0)
        m_comparison->setOverlaid(m_mainRow, true);
    m_status->setProgress(tr("baseline: %1").arg(title), 0, 0, -1);
    m_log->append(LogView::Level::Info, tr("Baseline run: %1 (%2)").arg(m_runName, QDir::toNativeSeparators(runDir)));
}

void MainWindow::onRunPartFinished(const QJsonObject& summary, bool cancelled, const QString& runDir)
{
    RunRecord record;
    record.name = m_runName;
    record.strategy = summary.value(QStringLiteral("strategy")).toString();
    record.frozen = m_runFrozen;
    record.seed = m_runSeed;
    const QJsonValue acc = summary.value(QStringLiteral("target_accuracy"));
    record.targetAccuracy = acc.isDouble() ? acc.toDouble() : std::numeric_limits<double>::quiet_NaN();
    record.seconds = summary.value(QStringLiteral("seconds")).toDouble();
    record.summary = summary;
    record.curves = m_plots->curves();
    record.dir = runDir;
    runstore::describeCutShort(summary, &record.progress, &record.lastMetrics);
    if (cancelled)
        record.name += tr(" (stopped)");
    record.curves.name = record.name;
    if (m_mainRow >= 0)
        record.baseline = tr("baseline of %1").arg(m_mainRunName);
    const QString name = m_comparison->addRun(record);
    const int row = m_comparison->runCount() - 1;
    runstore::save(m_comparison->runs().at(row)); // the row comes back after a restart
    if (m_mainRow < 0) {
        m_mainRow = row;
        m_mainRunName = name;
        m_mainPoints = m_plots->points();
    } else {
        m_baselineRows << row;
    }
}

void MainWindow::onRunFinished(const QJsonObject& summary, bool cancelled, const QString& runDir)
{
    m_weightThrottle->flush();
    m_projectionThrottle->flush();
    m_diagram->setTrainingActive(false);
    m_lastRunDir = runDir;
    m_lastSummary = summary;
    showBaselineComparison(summary); // first: the charts are then laid out once, with the final overlays
    if (!m_baselineRows.isEmpty() && !m_mainPoints.isEmpty()) {
        // The strategy's run is the one shown in full again; its baselines are overlaid behind it.
        m_plots->showFinishedRun(m_mainRunName, m_mainPoints);
    } else {
        m_plots->finishRun();
    }

    QMap<QString, double> changes;
    for (const auto& v : summary.value(QStringLiteral("layers")).toArray()) {
        const QJsonObject layer = v.toObject();
        if (layer.value(QStringLiteral("weight_change")).isDouble())
            changes.insert(layer.value(QStringLiteral("name")).toString(),
                           layer.value(QStringLiteral("weight_change")).toDouble());
    }
    if (!changes.isEmpty())
        m_diagram->setWeightChanges(changes);

    const QJsonValue acc = summary.value(QStringLiteral("target_accuracy"));
    const QString time = RunStatusWidget::formatDuration(summary.value(QStringLiteral("seconds")).toDouble());
    QString text;
    if (cancelled && m_baselineRows.isEmpty()) {
        // What the stopped run did: how far it got and its last epoch's metrics (target accuracy among them
        // when that epoch was tested).
        QString progress, lastMetrics;
        runstore::describeCutShort(summary, &progress, &lastMetrics);
        text = tr("Training %1 after %2. The partly trained model was kept.").arg(progress, time);
        if (!lastMetrics.isEmpty())
            text += QLatin1Char('\n') + lastMetrics;
    } else if (acc.isDouble())
        text = tr("Finished in %1: target accuracy %2%.").arg(time).arg(100.0 * acc.toDouble(), 0, 'f', 1);
    else
        text = tr("Finished in %1.").arg(time);
    const QString gain = bridge::gainSentence(summary.value(QStringLiteral("baseline")).toObject());
    if (!gain.isEmpty())
        text += QLatin1Char('\n') + gain;
    else if (cancelled && !m_baselineRows.isEmpty())
        text += QLatin1Char('\n') + tr("The baseline was stopped: no gain to report.");
    m_results->setClusterScores(summary.value(QStringLiteral("strategy_metrics")).toObject());
    m_status->setIdle(text.section(QLatin1Char('\n'), 0, 0));
    showMessage(cancelled && m_baselineRows.isEmpty() ? 0 : 3, text);
    m_log->append(LogView::Level::Info, text);
    updateRunActions();
}

void MainWindow::showBaselineComparison(const QJsonObject& summary)
{
    if (m_mainRow < 0 || m_mainRow >= m_comparison->runCount() ||
        m_comparison->runs().at(m_mainRow).name != m_mainRunName)
        return; // the row was removed or renamed meanwhile
    if (summary.contains(QStringLiteral("baseline"))) {
        const QString gain = bridge::gainSentence(summary.value(QStringLiteral("baseline")).toObject());
        m_comparison->setRunSummary(m_mainRow, summary, gain.isEmpty() ? tr("no gain to report") : gain);
        runstore::save(m_comparison->runs().at(m_mainRow));
    }
    if (m_baselineRows.isEmpty())
        return;
    m_comparison->setOverlaid(m_mainRow, false);
    for (int row : std::as_const(m_baselineRows))
        if (row < m_comparison->runCount())
            m_comparison->setOverlaid(row, true);
}

void MainWindow::restoreRuns()
{
    const QVector<RunRecord> runs = runstore::load(TrainingController::runsRoot());
    for (const RunRecord& run : runs)
        m_comparison->addRun(run);
    // The newest run with a model is the one Save Model and Export use, as it was before the restart.
    for (auto it = runs.crbegin(); it != runs.crend(); ++it)
        if (it->baseline.isEmpty() && QFileInfo::exists(it->dir + QStringLiteral("/model.pt"))) {
            m_lastRunDir = it->dir;
            m_lastSummary = it->summary;
            break;
        }
    if (!runs.isEmpty())
        m_log->append(LogView::Level::Info, tr("%n earlier run(s) restored from %1", nullptr, int(runs.size()))
                                                .arg(QDir::toNativeSeparators(TrainingController::runsRoot())));
    updateRunActions();
}

void MainWindow::raiseResults()
{
    if (m_resultsRaised)
        return;
    m_resultsRaised = true;
    m_resultsDock->raise();
}

void MainWindow::onRunFailed(const QString& message)
{
    m_strategyDock->raise();
    m_weightThrottle->flush();
    m_projectionThrottle->flush();
    m_plots->finishRun();
    m_diagram->setTrainingActive(false);
    m_status->setIdle(tr("Training failed"));
    showMessage(2, tr("Training failed: %1").arg(message));
}

void MainWindow::updateRunActions()
{
    const auto state = m_training->state();
    const bool busy = state != TrainingController::State::Idle;
    const QString strategy = m_picker->current();
    m_actions->start->setEnabled(!busy && m_picker->isAvailable(strategy));
    m_actions->start->setToolTip(m_picker->isAvailable(strategy)
                                     ? tr("Train and evaluate the experiment (F5)")
                                     : tr("The data cannot serve this strategy: see the strategy panel"));
    m_actions->pause->setEnabled(state == TrainingController::State::Running ||
                                 state == TrainingController::State::Paused);
    {
        const QSignalBlocker block(m_actions->pause);
        m_actions->pause->setChecked(state == TrainingController::State::Paused);
    }
    m_actions->pause->setText(state == TrainingController::State::Paused ? tr("&Resume") : tr("&Pause"));
    m_actions->stop->setEnabled(state == TrainingController::State::Running ||
                                state == TrainingController::State::Paused);
    m_actions->open->setEnabled(!busy);
    m_actions->newExperiment->setEnabled(!busy);
    m_actions->recentMenu->setEnabled(!busy);
    const bool haveModel = !m_lastRunDir.isEmpty();
    m_actions->saveModel->setEnabled(haveModel);
    m_actions->exportModel->setEnabled(haveModel);
    m_actions->classifyFolder->setEnabled(haveModel);
    m_actions->openRunFolder->setEnabled(haveModel);
    m_data->setLocked(busy);
    m_picker->setLocked(busy);
    m_form->setEnabled(!busy);
}

void MainWindow::connectTraining()
{
    connect(m_training, &TrainingController::stateChanged, this, &MainWindow::updateRunActions);
    connect(m_training, &TrainingController::started, this, &MainWindow::onRunStarted);
    connect(m_training, &TrainingController::progress, m_status, &RunStatusWidget::setProgress);
    connect(m_training, &TrainingController::metric, m_plots, &LivePlots::addPoint);
    // Per-epoch pictures come as fast as epochs end (many a second on small data): each is drawn at most
    // every kEpochViewMs, the latest one winning, and the last one of a run always (onRunFinished).
    connect(m_training, &TrainingController::layerChanges, this, [this](int, const QMap<QString, double>& changes) {
        m_weightThrottle->post([this, changes] { m_diagram->setWeightChanges(changes); });
    });
    // The run samples features only once the last projection is drawn and while the projection is on screen
    // (see TrainingWorker). The t-SNE comes once, after the result, and is drawn as it arrives.
    connect(m_training, &TrainingController::projection, this, [this](const ProjectionPoints& points) {
        if (points.method == QLatin1String("t-SNE")) {
            m_results->setProjection(points);
            return;
        }
        m_projectionThrottle->post([this, points] {
            m_results->setProjection(points);
            m_training->projectionDrawn();
            raiseResults();
        });
    });
    const auto updateProjectionShown = [this] {
        m_training->setProjectionShown(m_results->isVisible() &&
                                       m_results->currentIndex() == ResultsView::ProjectionTab);
    };
    connect(m_resultsDock, &QDockWidget::visibilityChanged, this, updateProjectionShown);
    connect(m_results, &QTabWidget::currentChanged, this, updateProjectionShown);
    connect(m_training, &TrainingController::predictions, this, [this](const PredictionSet& predictions) {
        m_results->setPredictions(predictions);
        raiseResults();
    });
    // A panel held back while a run reads its images (--run) shows what the run read instead of reading it again.
    connect(m_training, &TrainingController::datasetLoaded, m_data, &DataSidebar::showFromRun);
    connect(m_training, &TrainingController::log, this, [this](int level, const QString& message) {
        m_log->append(LogView::Level(std::clamp(level, 0, 2)), message);
    });
    connect(m_training, &TrainingController::baselineStarted, this, &MainWindow::onBaselineStarted);
    connect(m_training, &TrainingController::runFinished, this, &MainWindow::onRunPartFinished);
    connect(m_training, &TrainingController::finished, this, &MainWindow::onRunFinished);
    connect(m_training, &TrainingController::failed, this, &MainWindow::onRunFailed);
    connect(m_comparison, &RunComparison::overlaysChanged, m_plots, &LivePlots::setOverlays);
    // The charts' "Compare with" menu ticks the same runs as the Runs table's check boxes.
    m_plots->setOverlayChoices([this] {
        QVector<LivePlots::OverlayChoice> out;
        const QVector<RunRecord> runs = m_comparison->runs();
        for (int i = 0; i < runs.size(); ++i)
            out.append({runs[i].name, m_comparison->isOverlaid(i)});
        return out;
    });
    connect(m_plots, &LivePlots::overlayToggled, m_comparison, &RunComparison::setOverlaid);
    // The table is kept in the run folders: renames and removals too.
    connect(m_comparison, &RunComparison::runRenamed, this,
            [this](int index, const QString&) { runstore::save(m_comparison->runs().at(index)); });
    connect(m_comparison, &RunComparison::runRemoved, this, [](const RunRecord& run) { runstore::forget(run); });
}

} // namespace ts::ui
