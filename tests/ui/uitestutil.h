#pragma once

// Helpers shared by the GUI suites: tiny datasets on disk and quieter offscreen logs.

#include "../common/tinydata.h"

#include "engine/core/experiment.h"
#include "ui/window/experimentdocument.h"
#include "ui/window/mainwindow.h"

#include <QDir>
#include <QImage>
#include <QString>
#include <QtGlobal>
#include <QtTest>

#include <algorithm>
#include <memory>

#include <random>
#include <string>
#include <vector>

namespace ts::uitest {

inline engine::DatasetSpec idxSpec(const QString& dir, std::vector<std::string> classes)
{
    engine::DatasetSpec s;
    s.format = "idx";
    s.images = (dir + QStringLiteral("/images.idx")).toStdString();
    s.labels = (dir + QStringLiteral("/labels.idx")).toStdString();
    s.classNames = {"a", "b", "c", "d", "e", "f"};
    s.classes = std::move(classes);
    return s;
}

// Writes `perClass` PNG images of each class into dir/<class>/ (or straight into dir when flat).
inline bool writePngFolder(const QString& dir, int classes, int perClass, bool flat)
{
    std::mt19937 rng(3);
    for (int c = 0; c < classes; ++c) {
        const QString sub = flat ? dir : dir + QStringLiteral("/class%1").arg(c);
        QDir().mkpath(sub);
        for (int i = 0; i < perClass; ++i) {
            const auto px = testdata::classImage(c, 12, rng);
            QImage img(12, 12, QImage::Format_Grayscale8);
            for (int y = 0; y < 12; ++y)
                std::copy_n(px.data() + y * 12, 12, img.scanLine(y));
            if (!img.save(sub + QStringLiteral("/c%1_%2.png").arg(c).arg(i)))
                return false;
        }
    }
    return true;
}

inline QtMessageHandler g_previousHandler = nullptr;

// The offscreen platform warns about window features it lacks (dock size hints, raise()); drop that noise.
inline void quietOffscreen(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (message.startsWith(QLatin1String("This plugin does not support")))
        return;
    g_previousHandler(type, context, message);
}

// A scratch run on a tiny IDX target (classes d, e, f): quick, needs no source.
inline engine::Experiment tinyScratchExperiment(const QString& train, const QString& test, int epochs)
{
    engine::Experiment e;
    e.name = "tiny";
    e.strategy = "scratch";
    e.target = idxSpec(train, {"d", "e", "f"});
    e.targetTest = idxSpec(test, {"d", "e", "f"});
    e.input = {12, 12, 1};
    e.model.backbone = "lenet";
    e.train.epochs = epochs;
    e.train.batchSize = 8;
    e.train.valFraction = 0;
    return e;
}

// A shown main window holding `e`, or null when the window never got exposed.
inline std::unique_ptr<ui::MainWindow> makeWindow(const engine::Experiment& e)
{
    auto w = std::make_unique<ui::MainWindow>();
    w->setConfirmOnClose(false);
    w->document()->setExperiment(e);
    w->resize(1400, 900);
    w->show();
    if (!QTest::qWaitForWindowExposed(w.get()))
        return nullptr;
    return w;
}

} // namespace ts::uitest
