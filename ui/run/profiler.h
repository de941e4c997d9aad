#pragma once

#include <QApplication>
#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QVector>

class QTimer;
class QWidget;

namespace ts::ui {

class TrainingController;

/// The application object; with TS_PROFILE=1 it measures the CPU time of every event the GUI thread dispatches,
/// keyed by the receiver's class and the event type, exclusive of nested events (a paint inside an update request).
class ProfilingApplication : public QApplication {
public:
    ProfilingApplication(int& argc, char** argv);
    bool notify(QObject* receiver, QEvent* event) override;

    /// Starts collecting (clears earlier totals); mark() keeps the totals so far; stop() ends collecting and
    /// returns the kept totals as "class/event=ms/count" triples, largest first.
    void start();
    void mark();
    QString stop(int top);

private:
    bool m_collecting = false;
    QVector<qint64> m_childNs; // per nesting level, time spent in nested events
    QHash<QString, qint64> m_exclusiveNs;
    QHash<QString, int> m_counts;
    QHash<QString, qint64> m_markedNs;
    QHash<QString, int> m_markedCounts;
};

/// Opt-in measurements of the desktop application (TS_PROFILE=1), printed to stderr for bench/gui_perf.sh:
/// "startup_ms=N" once the main window's first expose has been processed, measured from process start
/// (/proc/self/stat), and per run "latency_p50_ms=… latency_p99_ms=… samples=…": the lateness of a 10 ms
/// GUI-thread timer while training (not sampled with TS_PROFILE_LATENCY=0), "gui_cpu_ms=… gui_cpu_share=…":
/// the GUI thread's CPU time during the run and its share of the run's wall time, "training_gui_cpu_…": the
/// same from the end of the first epoch to the last metric point (training, without loading and results), and
/// "training_gui_events: …": where that training-time CPU went. With TS_QUIT_AFTER_RUN=1 as well the application quits
/// after a run.
class Profiler : public QObject {
    Q_OBJECT
public:
    /// True when TS_PROFILE=1.
    static bool enabled();
    /// Call first thing in main(): the fallback origin when /proc/self/stat cannot be read.
    static void markMainEntry();

    explicit Profiler(QObject* parent = nullptr);

    /// Prints "NAME=N" on stderr, N in milliseconds since process start.
    static void reportMoment(const char* name);

    /// Reports startup_ms after `window`'s first expose (call before show()).
    void watchStartup(QWidget* window);
    /// Samples event-loop latency during each run of `training`.
    void watchTraining(TrainingController* training);

protected:
    bool eventFilter(QObject* watched, QEvent* event) override;

private:
    void reportStartup();
    void onTick();
    void onRunStarted();
    void onRunEnded(const QString& runDir);

    QWidget* m_window = nullptr;
    bool m_startupPending = false;
    QTimer* m_ticker;
    QElapsedTimer m_sinceTick, m_runWall, m_trainWall;
    qint64 m_runCpuNs = 0, m_trainCpuStartNs = 0, m_trainCpuNs = 0, m_trainWallNs = 0;
    QVector<double> m_lateMs;
};

} // namespace ts::ui
