#pragma once

#include <QIcon>

namespace ts::ui {

/// The app's icons. Drawn with QPainter so they need no image plugin; the SVG files in resources/ are used
/// instead where Qt can read SVG.
class Icons {
public:
    static QIcon app();
    static QIcon start();
    static QIcon pause();
    static QIcon stop();
    static QIcon open();
    static QIcon save();
    static QIcon newFile();
    static QIcon lock();
    static QIcon fit();
    static QIcon exportModel();
};

} // namespace ts::ui
