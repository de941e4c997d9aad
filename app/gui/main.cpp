// transfer-studio: the desktop application. Opens an experiment file if given; --run starts training at once.

#include "ui/i18n/uilanguage.h"
#include "ui/run/metatypes.h"
#include "ui/run/profiler.h"
#include "ui/window/mainwindow.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QTimer>

int main(int argc, char** argv)
{
    ts::ui::Profiler::markMainEntry();
    ts::ui::ProfilingApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("transfer-studio"));
    QApplication::setApplicationDisplayName(QStringLiteral("Transfer Studio"));
    QApplication::setOrganizationName(QStringLiteral("TransferStudio"));
    QApplication::setApplicationVersion(QStringLiteral(TS_VERSION));
    QApplication::setDesktopFileName(QStringLiteral("transfer-studio"));
    ts::ui::registerMetaTypes();

    // The language comes first, so that --help is already translated: --lang, else the View → Language choice,
    // else the system's (LANGUAGE, LC_ALL, LC_MESSAGES, LANG), e.g. `LANG=zh_CN.UTF-8 transfer-studio`.
    const QCommandLineOption langOption(QStringLiteral("lang"), QString(), QStringLiteral("LANGUAGE"));
    QCommandLineParser langParser;
    langParser.addOption(langOption);
    langParser.parse(QApplication::arguments()); // everything else waits for the full parser below
    const QString language = ts::ui::i18n::chooseLanguage(langParser.value(langOption));
    if (!ts::ui::i18n::installTranslators(language))
        qWarning("no translation for %s; showing English", qPrintable(language));

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Visual transfer learning with LibTorch."));
    parser.addHelpOption();
    parser.addVersionOption();
    parser.addPositionalArgument(QStringLiteral("experiment"),
                                 QApplication::translate("main", "Experiment file to open (the JSON the CLI runs)."),
                                 QStringLiteral("[EXPERIMENT.json]"));
    const QCommandLineOption runOption(QStringLiteral("run"),
                                       QApplication::translate("main", "Start training at once (for demonstrations)."));
    parser.addOption(runOption);
    // Described only now, in the language just installed.
    parser.addOption(QCommandLineOption(langOption.names(),
                                        QApplication::translate("main", "Show the window in LANGUAGE (en, zh_CN)."),
                                        QStringLiteral("LANGUAGE")));
    parser.process(app);

    ts::ui::MainWindow window;
    const QStringList args = parser.positionalArguments();
    bool opened = false;
    if (!args.isEmpty())
        opened = window.openExperiment(args.first());
    // TS_PROFILE=1: startup time and event-loop latency on stderr (bench/gui_perf.sh); TS_QUIT_AFTER_RUN=1 quits after
    // a run.
    ts::ui::Profiler profiler;
    if (ts::ui::Profiler::enabled()) {
        profiler.watchStartup(&window);
        profiler.watchTraining(window.training());
    }
    window.show();
    if (parser.isSet(runOption)) {
        if (!opened)
            qWarning("--run needs an experiment file that opens");
        else
            QTimer::singleShot(0, &window, [&window] { window.startTraining(); });
    }
    return QApplication::exec();
}
