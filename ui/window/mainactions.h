#pragma once

#include <QObject>

class QAction;
class QMainWindow;
class QMenu;
class QToolBar;

namespace ts::ui {

/// The window's actions with their shortcuts, tooltips and icons, and the menus and toolbar built from them.
/// MainWindow connects them.
class MainActions : public QObject {
    Q_OBJECT
public:
    explicit MainActions(QMainWindow* window);

    /// Builds the menu bar and the main toolbar; `status` goes at the toolbar's end.
    void populate(QMainWindow* window, QWidget* status);

    QAction* newExperiment;
    QAction* open;
    QAction* save;
    QAction* saveAs;
    QAction* saveModel;
    QAction* loadModel;
    QAction* exportModel;
    QAction* classifyFolder;
    QAction* savePlotsPng;
    QAction* savePlotsPdf;
    QAction* saveMetricsCsv;
    QAction* quit;
    QAction* start;
    QAction* pause;
    QAction* stop;
    QAction* reloadData;
    QAction* fitDiagram;
    QAction* zoomIn;
    QAction* zoomOut;
    QAction* openRunFolder;
    QAction* about;
    QAction* aboutQt;
    QMenu* recentMenu = nullptr;
    QMenu* viewMenu = nullptr;
    QToolBar* toolBar = nullptr;
};

} // namespace ts::ui
