// transfer-studio: the desktop application. Opens an experiment file if given; --run starts training at once; the
// data panels load after the run has read the images.

#include "engine/core/allocator.h"
#include "engine/core/experiment.h"
#include "engine/core/process.h"
#include "ui/data/datasidebar.h"
#include "ui/forms/strategyavailability.h"
#include "ui/i18n/uilanguage.h"
#include "ui/run/enginebridge.h"
#include "ui/run/metatypes.h"
#include "ui/run/profiler.h"
#include "ui/run/trainingcontroller.h"
#include "ui/window/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>

#include <exception>
#include <memory>
#include <utility>

namespace {

void nameApplication()
{
    QCoreApplication::setApplicationName(QStringLiteral("transfer-studio"));
    QCoreApplication::setOrganizationName(QStringLiteral("TransferStudio"));
    QCoreApplication::setApplicationVersion(QStringLiteral(TS_VERSION));
}

// The arguments less the options that QGuiApplication and QApplication take out of argv themselves
// (`-platform offscreen`, `-style fusion`, `-reverse`, ...), which the QCoreApplication here leaves in.
QStringList withoutGuiOptions(const QStringList& arguments)
{
    static const QStringList withValue = {QStringLiteral("platform"),        QStringLiteral("platformpluginpath"),
                                          QStringLiteral("platformtheme"),   QStringLiteral("plugin"),
                                          QStringLiteral("qwindowgeometry"), QStringLiteral("geometry"),
                                          QStringLiteral("qwindowtitle"),    QStringLiteral("title"),
                                          QStringLiteral("qwindowicon"),     QStringLiteral("icon"),
                                          QStringLiteral("display"),         QStringLiteral("name"),
                                          QStringLiteral("style"),           QStringLiteral("stylesheet"),
                                          QStringLiteral("session"),         QStringLiteral("qwindowcontainer")};
    static const QStringList flags = {QStringLiteral("reverse"),     QStringLiteral("nograb"),
                                      QStringLiteral("dograb"),      QStringLiteral("sync"),
                                      QStringLiteral("widgetcount"), QStringLiteral("testability")};
    QStringList out;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString& a = arguments[i];
        QString name = a.startsWith(QLatin1String("--")) ? a.mid(2)
                       : a.startsWith(QLatin1Char('-'))  ? a.mid(1)
                                                         : QString();
        name = name.section(QLatin1Char('='), 0, 0);
        if (i > 0 && withValue.contains(name)) {
            if (!a.contains(QLatin1Char('=')))
                ++i; // its value
            continue;
        }
        if (i > 0 && flags.contains(name))
            continue;
        out << a;
    }
    return out;
}

struct Arguments {
    QString language;
    QStringList experiments;
    bool run = false;
};

// The command line, read before the GUI exists: --help, --version and a wrong option print and exit without a
// display (over ssh, in a script, in a package check). Only a QCoreApplication lives here; the QApplication,
// which needs a display, comes after.
Arguments parseArguments(int& argc, char** argv)
{
    QCoreApplication core(argc, argv);
    nameApplication();
    // The language comes first, so that --help is already translated: --lang, else the View → Language choice,
    // else the system's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), e.g. `LANG=zh_CN.UTF-8 transfer-studio`.
    const QCommandLineOption langOption(QStringLiteral("lang"), QString(), QStringLiteral("LANGUAGE"));
    QCommandLineParser langParser;
    langParser.addOption(langOption);
    langParser.parse(QCoreApplication::arguments()); // everything else waits for the full parser below
    Arguments out;
    out.language = ts::ui::i18n::chooseLanguage(langParser.value(langOption));
    if (!ts::ui::i18n::installTranslators(out.language))
        qWarning("no translation for %s; showing English", qPrintable(out.language));

    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate("main", "Visual transfer learning with LibTorch."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(
        QStringLiteral("experiment"),
        QCoreApplication::translate("main", "Experiment file to open (the JSON the CLI runs)."),
        QStringLiteral("[EXPERIMENT.json]"));
    const QCommandLineOption runOption(
        QStringLiteral("run"), QCoreApplication::translate("main", "Start training at once (for demonstrations)."));
    parser.addOption(runOption);
    // Described only now, in the language just installed.
    parser.addOption(QCommandLineOption(langOption.names(),
                                        QCoreApplication::translate("main", "Show the window in LANGUAGE (en, zh_CN)."),
                                        QStringLiteral("LANGUAGE")));
    parser.process(withoutGuiOptions(QCoreApplication::arguments())); // --help, --version and errors exit here
    out.experiments = parser.positionalArguments();
    out.run = parser.isSet(runOption);
    return out;
}

/// Starts the run at once and holds the data panels' loading (from before the experiment opens) until the run
/// has read the images: a panel whose images the run read shows what the run sends (DataSidebar::showFromRun),
/// without listing or decoding anything beside the training; one the run does not read loads after the
/// first metric point, from the engine's image cache where it can. Loading both at the same time would decode
/// every file twice on the same cores, and the run does not wait for the panels either.
void startBeforeTheData(ts::ui::MainWindow& window)
{
    auto* data = window.dataSidebar();
    auto* training = window.training();
    auto released = std::make_shared<bool>(false);
    const auto release = [data, released] {
        if (!std::exchange(*released, true))
            data->holdLoading(false);
    };
    // The first metric point comes after the data has loaded; a run that fails or stops before it releases too.
    QObject::connect(training, &ts::ui::TrainingController::metric, data, release);
    QObject::connect(training, &ts::ui::TrainingController::finished, data, release);
    QObject::connect(training, &ts::ui::TrainingController::failed, data, release);
    if (!(training->isBusy() ? window.adoptRun() : window.startTraining()))
        release();
}

/// For --run: a controller already training `path`'s experiment, or nullptr when the file does not load or the
/// data cannot serve its strategy (the window then opens the file and says why, as its Start would). The window
/// takes the controller over: the run reads and decodes its images while the window is being built, some 50 ms
/// of widgets that would otherwise come first. Signals the run sends meanwhile wait in the event queue until the
/// window listens.
ts::ui::TrainingController* startEarly(const QString& path)
{
    try {
        const QString absolute = QFileInfo(path).absoluteFilePath(); // as ExperimentDocument::load reads it
        const auto experiment = ts::engine::loadExperiment(QDir::toNativeSeparators(absolute).toStdString());
        // The check the window's Start makes at this point, with its panels held: from the file alone.
        const auto* strategy = ts::ui::bridge::findStrategy(QString::fromStdString(experiment.strategy));
        const auto facts = ts::ui::StrategyAvailability::factsFromFile(experiment);
        if (!strategy || !ts::ui::StrategyAvailability::reason(*strategy, experiment, facts).isEmpty())
            return nullptr;
        auto training = std::make_unique<ts::ui::TrainingController>();
        if (training->start(experiment))
            return training.release();
    } catch (const std::exception&) {
    }
    return nullptr;
}

} // namespace

int main(int argc, char** argv)
{
    ts::engine::configureAllocator(); // before any thread or tensor: steady step times (engine/core/allocator.h)
    ts::ui::Profiler::markMainEntry();
    const Arguments args = parseArguments(argc, argv);

    ts::ui::ProfilingApplication app(argc, argv);
    nameApplication();
    QApplication::setApplicationDisplayName(QStringLiteral("Transfer Studio"));
    QApplication::setDesktopFileName(QStringLiteral("transfer-studio"));
    ts::ui::i18n::installTranslators(args.language); // again: translators belong to the running application
    ts::ui::registerMetaTypes();

    int status = 0;
    {
        ts::ui::MainWindow window(args.run && !args.experiments.isEmpty() ? startEarly(args.experiments.first())
                                                                          : nullptr);
        window.restoreRuns(); // the Runs table as the last session left it
        bool opened = false;
        if (args.run)
            window.dataSidebar()->holdLoading(true); // released by startBeforeTheData once the run has the images
        if (!args.experiments.isEmpty())
            opened = window.openExperiment(args.experiments.first());
        // TS_PROFILE=1: startup time and event-loop latency on stderr (bench/gui_perf.sh); TS_QUIT_AFTER_RUN=1 quits
        // after a run.
        ts::ui::Profiler profiler;
        if (ts::ui::Profiler::enabled()) {
            profiler.watchStartup(&window);
            profiler.watchTraining(window.training());
        }
        if (args.run) {
            if (!opened) {
                qWarning("--run needs an experiment file that opens");
                window.stopTraining(); // started early from a file that has changed since: not what is shown
                window.dataSidebar()->holdLoading(false);
            } else {
                startBeforeTheData(window); // the run reads its data while the window shows itself
            }
        }
        window.show();
        status = QApplication::exec();
        if (ts::ui::Profiler::enabled())
            ts::ui::Profiler::reportMoment("event_loop_end_ms");
    } // the window stops its run, saves its settings and joins its threads here
    ts::engine::exitWithoutTeardown(status);
}
