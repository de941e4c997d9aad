#include "ui/window/mainactions.h"

#include "ui/i18n/uilanguage.h"
#include "ui/window/icons.h"

#include <QAction>
#include <QMainWindow>
#include <QMenuBar>
#include <QStyle>
#include <QToolBar>
#include <QToolButton>

namespace ts::ui {

namespace {

QAction* make(QObject* parent, const QString& text, const QString& tip, const QKeySequence& key = {},
              const QIcon& icon = {})
{
    auto* a = new QAction(icon, text, parent);
    if (!key.isEmpty()) {
        a->setShortcut(key);
        a->setToolTip(QStringLiteral("%1 (%2)").arg(tip, key.toString(QKeySequence::NativeText)));
    } else {
        a->setToolTip(tip);
    }
    a->setStatusTip(tip);
    return a;
}

} // namespace

MainActions::MainActions(QMainWindow* window) : QObject(window)
{
    QStyle* st = window->style();
    newExperiment =
        make(this, tr("&New Experiment"), tr("Start a new, empty experiment"), QKeySequence::New, Icons::newFile());
    open = make(this, tr("&Open Experiment…"), tr("Open an experiment file (the JSON the CLI runs)"),
                QKeySequence::Open, Icons::open());
    save = make(this, tr("&Save Experiment"), tr("Save the experiment"), QKeySequence::Save, Icons::save());
    saveAs = make(this, tr("Save Experiment &As…"), tr("Save the experiment under a new name"), QKeySequence::SaveAs);
    saveModel = make(this, tr("Save Trained &Model…"), tr("Save the last run's trained network as a checkpoint"),
                     QKeySequence(tr("Ctrl+M")));
    loadModel = make(this, tr("Use Model as &Pretrained…"),
                     tr("Start the next run from a saved checkpoint or TorchScript file"));
    exportModel = make(this, tr("&Export Model…"),
                       tr("Export the last run's model with its summary and experiment for use elsewhere"),
                       QKeySequence(tr("Ctrl+E")), Icons::exportModel());
    classifyFolder = make(this, tr("&Classify Images in Folder…"),
                          tr("Classify every image in a folder with the last run's model; the classes can be saved "
                             "as CSV"));
    savePlotsPng = make(this, tr("Save Plots as P&NG…"), tr("Save the live plots as an image"));
    savePlotsPdf = make(this, tr("Save Plots as P&DF…"), tr("Save the live plots as a PDF page"));
    saveMetricsCsv = make(this, tr("Save Metrics as &CSV…"), tr("Save every metric of the run as CSV"));
    quit = make(this, tr("&Quit"), tr("Quit Transfer Studio"), QKeySequence::Quit);
    quit->setMenuRole(QAction::QuitRole);
    start = make(this, tr("&Start Training"), tr("Train and evaluate the experiment"), QKeySequence(tr("F5")),
                 Icons::start());
    pause = make(this, tr("&Pause"), tr("Pause or resume training"), QKeySequence(tr("F6")), Icons::pause());
    pause->setCheckable(true);
    stop = make(this, tr("S&top"), tr("Stop training; what was trained so far is kept"), QKeySequence(tr("Shift+F5")),
                Icons::stop());
    reloadData = make(this, tr("&Reload Data"), tr("Load both datasets again"), QKeySequence(tr("Ctrl+R")),
                      st->standardIcon(QStyle::SP_BrowserReload));
    fitDiagram = make(this, tr("&Fit Diagram"), tr("Fit the network diagram to the window"), QKeySequence(tr("Ctrl+0")),
                      Icons::fit());
    zoomIn = make(this, tr("Zoom &In"), tr("Zoom into the diagram"), QKeySequence::ZoomIn);
    zoomOut = make(this, tr("Zoom &Out"), tr("Zoom out of the diagram"), QKeySequence::ZoomOut);
    openRunFolder =
        make(this, tr("Open Run &Folder"), tr("Show the last run's output folder (summary, metrics, model)"));
    about = make(this, tr("&About Transfer Studio"), tr("Version and credits"));
    about->setMenuRole(QAction::AboutRole);
    aboutQt = make(this, tr("About &Qt"), tr("About the Qt toolkit"));
    aboutQt->setMenuRole(QAction::AboutQtRole);
}

void MainActions::populate(QMainWindow* window, QWidget* status)
{
    QMenuBar* bar = window->menuBar();
    QMenu* file = bar->addMenu(tr("&File"));
    file->addAction(newExperiment);
    file->addAction(open);
    recentMenu = file->addMenu(tr("Open &Recent"));
    file->addAction(save);
    file->addAction(saveAs);
    file->addSeparator();
    file->addAction(saveModel);
    file->addAction(exportModel);
    file->addAction(classifyFolder);
    file->addAction(loadModel);
    file->addSeparator();
    file->addAction(savePlotsPng);
    file->addAction(savePlotsPdf);
    file->addAction(saveMetricsCsv);
    file->addSeparator();
    file->addAction(quit);

    QMenu* run = bar->addMenu(tr("&Run"));
    run->addAction(start);
    run->addAction(pause);
    run->addAction(stop);
    run->addSeparator();
    run->addAction(reloadData);
    run->addAction(openRunFolder);

    viewMenu = bar->addMenu(tr("&View"));
    viewMenu->addAction(fitDiagram);
    viewMenu->addAction(zoomIn);
    viewMenu->addAction(zoomOut);
    viewMenu->addSeparator();
    viewMenu->addMenu(i18n::makeLanguageMenu(window));
    viewMenu->addSeparator();

    QMenu* help = bar->addMenu(tr("&Help"));
    help->addAction(about);
    help->addAction(aboutQt);

    toolBar = window->addToolBar(tr("Main"));
    toolBar->setObjectName(QStringLiteral("mainToolBar"));
    toolBar->setMovable(false);
    toolBar->setIconSize(QSize(20, 20));
    toolBar->setToolButtonStyle(Qt::ToolButtonIconOnly);
    toolBar->addAction(newExperiment);
    toolBar->addAction(open);
    toolBar->addAction(save);
    toolBar->addSeparator();
    toolBar->addAction(start);
    toolBar->addAction(pause);
    toolBar->addAction(stop);
    toolBar->addSeparator();
    toolBar->addAction(fitDiagram);
    toolBar->addAction(exportModel);
    toolBar->addSeparator();
    toolBar->addWidget(status);
    // The run controls are what a demonstration uses: they get their words, the file actions only icons.
    for (QAction* a : {start, pause, stop})
        if (auto* button = qobject_cast<QToolButton*>(toolBar->widgetForAction(a)))
            button->setToolButtonStyle(Qt::ToolButtonTextBesideIcon);
    // Tool bar buttons take no focus by default: Tab (then Space) reaches them too, for keyboard-only use.
    for (QAction* a : toolBar->actions())
        if (auto* button = qobject_cast<QToolButton*>(toolBar->widgetForAction(a)))
            button->setFocusPolicy(Qt::TabFocus);
    viewMenu->addAction(toolBar->toggleViewAction());
}

} // namespace ts::ui
