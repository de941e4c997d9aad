#include "ui/window/mainwindow.h"

#include "ui/data/datapanel.h"
#include "ui/data/datasidebar.h"
#include "ui/diagram/networkdiagram.h"
#include "ui/forms/hyperparameterform.h"
#include "ui/forms/strategyavailability.h"
#include "ui/forms/strategypicker.h"
#include "ui/plots/liveplots.h"
#include "ui/plots/runcomparison.h"
#include "ui/results/resultsview.h"
#include "ui/run/enginebridge.h"
#include "ui/run/metatypes.h"
#include "ui/run/throttle.h"
#include "ui/run/trainingcontroller.h"
#include "ui/window/experimentdocument.h"
#include "ui/window/icons.h"
#include "ui/window/lessonpanel.h"
#include "ui/window/logview.h"
#include "ui/window/mainactions.h"
#include "ui/window/messagebanner.h"
#include "ui/window/recentfiles.h"
#include "ui/window/runstatuswidget.h"

#include "engine/core/experiment.h"

#include "ui/plots/qcustomplotcompat.h"

#include "engine/core/threads.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDesktopServices>
#include <QDockWidget>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QMenu>
#include <QMessageBox>
#include <QScrollArea>
#include <QScrollBar>
#include <QSettings>
#include <QStatusBar>
#include <QThread>
#include <QTimer>
#include <QUrl>
#include <QVBoxLayout>

#include <algorithm>

namespace ts::ui {

MainWindow::MainWindow(TrainingController* training, QWidget* parent)
    : QMainWindow(parent), m_document(new ExperimentDocument(this)),
      m_training(training ? training : new TrainingController(this)), m_actions(new MainActions(this)),
      m_diagram(new NetworkDiagram(this)), m_banner(new MessageBanner(this)), m_lesson(new LessonPanel(this)),
      m_data(new DataSidebar(m_document, this)), m_picker(new StrategyPicker(this)),
      m_form(new HyperparameterForm(m_document, this)), m_plots(new LivePlots(this)),
      m_comparison(new RunComparison(this)), m_results(new ResultsView(this)), m_log(new LogView(this)),
      m_status(new RunStatusWidget(this)), m_refreshTimer(new QTimer(this)),
      m_weightThrottle(new Throttle(kEpochViewMs, this)), m_projectionThrottle(new Throttle(kEpochViewMs, this))
{
    m_training->setParent(this);
    // Previews and checks here use LibTorch too; kept serial, the training thread's OpenMP team is the only one.
    engine::runTorchSeriallyOnThisThread();
    registerMetaTypes();
    setWindowIcon(Icons::app());
    setObjectName(QStringLiteral("mainWindow"));
    setDockOptions(QMainWindow::AnimatedDocks | QMainWindow::AllowTabbedDocks);

    auto* central = new QWidget(this);
    auto* centralLayout = new QVBoxLayout(central);
    centralLayout->setContentsMargins(4, 4, 4, 0);
    centralLayout->setSpacing(4);
    centralLayout->addWidget(m_banner);
    // The lesson sits beside the diagram: what to look for next to what it is about.
    auto* diagramRow = new QHBoxLayout;
    diagramRow->setSpacing(4);
    diagramRow->addWidget(m_diagram, 1);
    diagramRow->addWidget(m_lesson);
    centralLayout->addLayout(diagramRow, 1);
    setCentralWidget(central);

    m_actions->populate(this, m_status);
    m_recent = new RecentFiles(m_actions->recentMenu, this);
    createDocks();
    statusBar()->showMessage(tr("Click a block to freeze it; right-click for more."), 8000);

    m_refreshTimer->setSingleShot(true);
    m_refreshTimer->setInterval(60);
    connectSignals();
    m_picker->setCurrent(QString::fromStdString(m_document->experiment().strategy));
    refreshNetwork();
    refreshAvailability();
    m_lesson->setNotes(m_document->experiment().notes);
    updateRunActions();
    updateTitle();
    restoreSettings();
}

MainWindow::~MainWindow()
{
    if (m_predictThread)
        m_predictThread->wait(); // a folder being classified finishes; its result has nowhere to go
}

QDockWidget* MainWindow::addDock(const QString& title, const QString& objectName, QWidget* widget,
                                 Qt::DockWidgetArea area)
{
    auto* dock = new QDockWidget(title, this);
    dock->setObjectName(objectName);
    dock->setWidget(widget);
    dock->setFeatures(QDockWidget::DockWidgetMovable | QDockWidget::DockWidgetFloatable |
                      QDockWidget::DockWidgetClosable);
    addDockWidget(area, dock);
    m_actions->viewMenu->addAction(dock->toggleViewAction());
    return dock;
}

void MainWindow::createDocks()
{
    setCorner(Qt::BottomLeftCorner, Qt::LeftDockWidgetArea);
    setCorner(Qt::BottomRightCorner, Qt::RightDockWidgetArea);
    auto* dataDock = addDock(tr("Data"), QStringLiteral("dataDock"), m_data, Qt::LeftDockWidgetArea);

    auto* strategyPage = new QWidget(this);
    auto* strategyLayout = new QVBoxLayout(strategyPage);
    strategyLayout->setContentsMargins(6, 6, 6, 6);
    strategyLayout->addWidget(m_picker);
    strategyLayout->addWidget(m_form);
    strategyLayout->addStretch(1);
    auto* scroll = new QScrollArea(this);
    scroll->setWidget(strategyPage);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    scroll->setHorizontalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    scroll->setMinimumWidth(strategyPage->minimumSizeHint().width() + scroll->verticalScrollBar()->sizeHint().width());
    auto* strategyDock = addDock(tr("Strategy"), QStringLiteral("strategyDock"), scroll, Qt::RightDockWidgetArea);

    auto* resultsDock = addDock(tr("Results"), QStringLiteral("resultsDock"), m_results, Qt::RightDockWidgetArea);
    auto* plotsDock = addDock(tr("Training"), QStringLiteral("plotsDock"), m_plots, Qt::BottomDockWidgetArea);
    auto* runsDock = addDock(tr("Runs"), QStringLiteral("runsDock"), m_comparison, Qt::BottomDockWidgetArea);
    auto* logDock = addDock(tr("Log"), QStringLiteral("logDock"), m_log, Qt::BottomDockWidgetArea);
    // The results share the right column with the strategy: a run shows them, the strategy is one click away.
    // The plots get the full width under the diagram, with the run table and the log behind them.
    tabifyDockWidget(strategyDock, resultsDock);
    tabifyDockWidget(plotsDock, runsDock);
    tabifyDockWidget(runsDock, logDock);
    strategyDock->raise();
    plotsDock->raise();
    m_strategyDock = strategyDock;
    m_resultsDock = resultsDock;
    m_plotsDock = plotsDock;
    m_runsDock = runsDock;

    resize(1600, 1000);
    resizeDocks({dataDock, strategyDock}, {330, 380}, Qt::Horizontal);
    resizeDocks({plotsDock}, {470}, Qt::Vertical);
    // The charts' own minimum sizes (320x220 each, four of them) add up to more than a 1600-pixel screen
    // leaves between the side docks; let them shrink further so the window fits a classroom projector.
    for (auto* plot : m_plots->findChildren<QCustomPlot*>() + m_results->findChildren<QCustomPlot*>())
        plot->setMinimumSize(200, 150);
    // Four result tabs in a half-width dock: elide their titles rather than scroll them.
    m_results->setElideMode(Qt::ElideRight);
    m_results->setUsesScrollButtons(false);
}

void MainWindow::connectSignals()
{
    auto* a = m_actions;
    connect(a->newExperiment, &QAction::triggered, this, &MainWindow::newExperiment);
    connect(a->open, &QAction::triggered, this, &MainWindow::openWithDialog);
    connect(a->save, &QAction::triggered, this, &MainWindow::save);
    connect(a->saveAs, &QAction::triggered, this, &MainWindow::saveAsWithDialog);
    connect(a->saveModel, &QAction::triggered, this, &MainWindow::saveModel);
    connect(a->exportModel, &QAction::triggered, this, &MainWindow::exportModel);
    connect(a->classifyFolder, &QAction::triggered, this, &MainWindow::classifyFolder);
    connect(a->loadModel, &QAction::triggered, this, &MainWindow::usePretrainedModel);
    connect(a->savePlotsPng, &QAction::triggered, this, [this] { savePlots(QStringLiteral("png")); });
    connect(a->savePlotsPdf, &QAction::triggered, this, [this] { savePlots(QStringLiteral("pdf")); });
    connect(a->saveMetricsCsv, &QAction::triggered, this, [this] { savePlots(QStringLiteral("csv")); });
    connect(a->quit, &QAction::triggered, this, &QWidget::close);
    connect(a->start, &QAction::triggered, this, &MainWindow::startTraining);
    connect(a->pause, &QAction::toggled, this, &MainWindow::setPaused);
    connect(a->stop, &QAction::triggered, this, &MainWindow::stopTraining);
    connect(a->reloadData, &QAction::triggered, m_data, &DataSidebar::reloadAll);
    connect(a->fitDiagram, &QAction::triggered, m_diagram, &NetworkDiagram::fitToWindow);
    connect(a->zoomIn, &QAction::triggered, m_diagram, &NetworkDiagram::zoomIn);
    connect(a->zoomOut, &QAction::triggered, m_diagram, &NetworkDiagram::zoomOut);
    connect(a->openRunFolder, &QAction::triggered, this,
            [this] { QDesktopServices::openUrl(QUrl::fromLocalFile(m_lastRunDir)); });
    connect(a->about, &QAction::triggered, this, &MainWindow::showAbout);
    connect(a->aboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
    connect(m_recent, &RecentFiles::openRequested, this, [this](const QString& path) {
        if (maybeSave())
            openExperiment(path);
    });

    connect(m_document, &ExperimentDocument::reset, this, [this] {
        m_lesson->setNotes(m_document->experiment().notes);
        m_picker->setCurrent(QString::fromStdString(m_document->experiment().strategy));
        m_networkKey.clear();
        m_refreshTimer->stop(); // a new experiment is drawn at once, not after the edit debounce
        refreshNetwork();
        refreshAvailability();
        updateTitle();
    });
    connect(m_document, &ExperimentDocument::changed, this, &MainWindow::scheduleRefresh);
    connect(m_document, &ExperimentDocument::modifiedChanged, this, &MainWindow::updateTitle);
    connect(m_document, &ExperimentDocument::filePathChanged, this, &MainWindow::updateTitle);
    connect(m_refreshTimer, &QTimer::timeout, this, [this] {
        refreshNetwork();
        refreshAvailability();
    });

    connect(m_picker, &StrategyPicker::strategySelected, this, [this](const QString& name) {
        // A freeze set belongs to the strategy it was chosen for: kept, a scratch run after fine-tuning would
        // train with a random conv1 that never learns. The new strategy starts with every layer trainable.
        QStringList unfrozen;
        for (const auto& n : m_document->experiment().freeze)
            unfrozen << QString::fromStdString(n);
        m_document->modify([&](engine::Experiment& e) {
            e.strategy = name.toStdString();
            e.freeze.clear();
        });
        if (!unfrozen.isEmpty()) {
            const QString text = tr("New strategy: %1 unfrozen, every layer trains. Click blocks to freeze them again.")
                                     .arg(unfrozen.join(QStringLiteral(", ")));
            statusBar()->showMessage(text, 10000);
            m_log->append(LogView::Level::Info, text);
        }
    });
    connect(m_diagram, &NetworkDiagram::freezeToggled, this, [this](const QString&, bool) {
        const QStringList frozen = m_diagram->frozenLayers();
        m_document->modify([&](engine::Experiment& e) {
            e.freeze.clear();
            for (const auto& n : frozen)
                e.freeze.push_back(n.toStdString());
        });
    });
    connect(m_diagram, &NetworkDiagram::branchRequested, this, [this](const QString& layer) {
        if (m_form->hasStrategyOption(QStringLiteral("branch"), QStringLiteral("layer"))) {
            m_form->setStrategyOption(QStringLiteral("branch"), layer);
            m_diagram->setBranchLayer(layer);
        }
    });
    connect(m_diagram, &NetworkDiagram::statusMessage, this,
            [this](const QString& m) { statusBar()->showMessage(m, 5000); });

    connect(m_data, &DataSidebar::dataLoaded, this, &MainWindow::refreshAvailability);
    connect(m_data, &DataSidebar::loadFailed, this,
            [this](const QString& panel, const QString& message) { showMessage(2, tr("%1: %2").arg(panel, message)); });
    connect(m_data->targetPanel(), &DataPanel::loadFinished, this, [this](bool ok) {
        if (ok)
            m_results->setClassNames(m_data->targetPanel()->summary().classNames);
    });

    connectTraining();
}

void MainWindow::scheduleRefresh()
{
    m_refreshTimer->start();
}

void MainWindow::refreshNetwork()
{
    // The diagram is rebuilt only when something that shapes the network changed; freeze clicks just mark.
    nlohmann::json shape = engine::toJson(m_document->experiment());
    for (const char* key : {"name", "train", "freeze", "device"})
        shape.erase(key);
    const QString key = QString::fromStdString(shape.dump());
    const auto& e = m_document->experiment();
    QStringList frozen;
    for (const auto& n : e.freeze)
        frozen << QString::fromStdString(n);
    if (key != m_networkKey) {
        m_networkKey = key;
        QString error;
        QStringList unknown;
        const auto blocks = bridge::previewLayers(e, &error, &unknown);
        if (!error.isEmpty()) {
            showMessage(1, tr("The network cannot be drawn: %1").arg(error));
            m_diagram->setLayers({});
            return;
        }
        m_diagram->setLayers(blocks);
        QStringList names; // branch points are layers, not the nested parts of an imported model
        for (const auto& b : blocks)
            if (b.parent.isEmpty())
                names << b.name;
        m_form->setLayerNames(names);
        const bool branchable = m_form->hasStrategyOption(QStringLiteral("branch"), QStringLiteral("layer"));
        m_diagram->setBranchSelectable(branchable);
        if (branchable) {
            auto it = e.sections.find(bridge::findStrategy(QString::fromStdString(e.strategy))->section.toStdString());
            const auto branch =
                it != e.sections.end() && it->second.contains("branch") && it->second["branch"].is_string()
                    ? QString::fromStdString(it->second["branch"].get<std::string>())
                    : QString();
            m_diagram->setBranchLayer(branch);
        }
        if (!unknown.isEmpty()) {
            m_log->append(LogView::Level::Warning,
                          tr("Unfrozen layers this network does not have: %1").arg(unknown.join(QStringLiteral(", "))));
            QMetaObject::invokeMethod(
                this,
                [this, unknown] {
                    m_document->modify([&](engine::Experiment& ex) {
                        ex.freeze.erase(std::remove_if(ex.freeze.begin(), ex.freeze.end(),
                                                       [&](const std::string& n) {
                                                           return unknown.contains(QString::fromStdString(n));
                                                       }),
                                        ex.freeze.end());
                    });
                },
                Qt::QueuedConnection);
        }
        return;
    }
    for (const auto& block : m_diagram->layers())
        if (m_diagram->isFrozen(block.name) != frozen.contains(block.name))
            m_diagram->setFrozen(block.name, frozen.contains(block.name));
}

void MainWindow::refreshAvailability()
{
    // Reasons in a person's words, from the experiment and what the panels loaded: data that failed to load, and
    // classes that source and target do not share, rule strategies out before Start rather than after it.
    const engine::Experiment& e = m_document->experiment();
    DataFacts facts = StrategyAvailability::factsFromFile(e);
    const DataPanel* source = m_data->sourcePanel();
    const DataPanel* target = m_data->targetPanel();
    facts.sourceError = source->errorText();
    facts.targetError = target->errorText();
    if (source->isLoaded() && source->summary().labeled)
        facts.sourceClasses = source->summary().classNames;
    if (!facts.targetClasses && target->isLoaded() && target->summary().labeled)
        facts.targetClasses = target->summary().classNames;
    QMap<QString, QString> reasons, notes;
    for (const auto& s : bridge::strategies()) {
        reasons.insert(s.name, StrategyAvailability::reason(s, e, facts));
        notes.insert(s.name, StrategyAvailability::note(s, e));
    }
    m_picker->setUnavailableReasons(reasons, notes);
    updateRunActions();
}

void MainWindow::updateTitle()
{
    const QString path = m_document->filePath();
    const QString name = path.isEmpty() ? tr("Untitled experiment") : QFileInfo(path).fileName();
    setWindowTitle(tr("%1[*] — Transfer Studio").arg(name));
    setWindowModified(m_document->isModified());
}

void MainWindow::showMessage(int level, const QString& text)
{
    static const MessageBanner::Kind kinds[] = {MessageBanner::Kind::Info, MessageBanner::Kind::Warning,
                                                MessageBanner::Kind::Error, MessageBanner::Kind::Success};
    m_banner->showMessage(kinds[std::clamp(level, 0, 3)], text);
    if (level == 1 || level == 2)
        m_log->append(level == 2 ? LogView::Level::Error : LogView::Level::Warning, text);
}

void MainWindow::restoreSettings()
{
    QSettings s;
    if (s.contains(QStringLiteral("window/geometry")))
        restoreGeometry(s.value(QStringLiteral("window/geometry")).toByteArray());
    if (s.contains(QStringLiteral("window/state")))
        restoreState(s.value(QStringLiteral("window/state")).toByteArray());
}

void MainWindow::saveSettings()
{
    QSettings s;
    s.setValue(QStringLiteral("window/geometry"), saveGeometry());
    s.setValue(QStringLiteral("window/state"), saveState());
}

void MainWindow::closeEvent(QCloseEvent* event)
{
    if (m_training->isBusy()) {
        if (m_confirmOnClose &&
            QMessageBox::question(this, tr("Training is running"), tr("Stop training and quit?"),
                                  QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Yes) != QMessageBox::Yes) {
            event->ignore();
            return;
        }
        m_status->setMessage(tr("Stopping…"));
        m_training->stopAndWait();
    }
    if (m_confirmOnClose && !maybeSave()) {
        event->ignore();
        return;
    }
    saveSettings();
    event->accept();
}

void MainWindow::showAbout()
{
    QMessageBox box(this);
    box.setWindowTitle(tr("About Transfer Studio"));
    box.setIconPixmap(Icons::app().pixmap(64, 64));
    box.setText(tr("<h3>Transfer Studio %1</h3>"
                   "<p>Visual transfer learning: load a source and a target dataset, pick a strategy, freeze layers "
                   "by clicking them, and watch the network train.</p>"
                   "<p>The window runs the same experiment files as <tt>transfer-studio-cli</tt>.</p>"
                   "<p>Built with Qt %2, LibTorch and QCustomPlot.</p>")
                    .arg(QApplication::applicationVersion(), QString::fromLatin1(qVersion())));
    box.exec();
}

} // namespace ts::ui
