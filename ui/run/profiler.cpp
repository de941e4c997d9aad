#include "ui/run/profiler.h"

#include "ui/run/trainingcontroller.h"

#include <QCoreApplication>
#include <QEvent>
#include <QFile>
#include <QMetaEnum>
#include <QThread>
#include <QTimer>
#include <QWidget>
#include <QWindow>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <unistd.h>

namespace ts::ui {

namespace {

constexpr int kTickMs = 10;

qint64 g_mainEntryNs = -1; // CLOCK_BOOTTIME at main() entry

qint64 boottimeNs()
{
    timespec ts{};
    clock_gettime(CLOCK_BOOTTIME, &ts);
    return qint64(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

/// Process start in CLOCK_BOOTTIME nanoseconds (field 22 of /proc/self/stat, clock ticks); -1 if unknown.
qint64 processStartNs()
{
    QFile file(QStringLiteral("/proc/self/stat"));
    if (!file.open(QIODevice::ReadOnly))
        return -1;
    const QByteArray stat = file.readAll();
    const int close = stat.lastIndexOf(')'); // the command name may hold spaces
    if (close < 0)
        return -1;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' '); // fields[0] is field 3 (state)
    if (fields.size() < 20)
        return -1;
    bool ok = false;
    const qint64 ticks = fields.at(19).toLongLong(&ok);
    const long hz = sysconf(_SC_CLK_TCK);
    if (!ok || hz <= 0)
        return -1;
    return ticks * (1000000000LL / hz);
}

/// Milliseconds since process start (since main() when /proc/self/stat cannot be read).
long long sinceStartMs()
{
    const qint64 start = processStartNs();
    const qint64 origin = start >= 0 ? start : g_mainEntryNs;
    return (boottimeNs() - origin) / 1000000LL;
}

qint64 threadCpuNs()
{
    timespec ts{};
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return qint64(ts.tv_sec) * 1000000000LL + ts.tv_nsec;
}

double percentile(QVector<double> values, double p)
{
    if (values.isEmpty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<qsizetype>(std::ceil(p * double(values.size()))) - 1;
    return values.at(std::clamp<qsizetype>(index, 0, values.size() - 1));
}

} // namespace

ProfilingApplication::ProfilingApplication(int& argc, char** argv) : QApplication(argc, argv) {}

bool ProfilingApplication::notify(QObject* receiver, QEvent* event)
{
    // Other threads dispatch events too; only the GUI thread reads m_collecting, so check the thread first.
    if (QThread::currentThread() != thread() || !m_collecting)
        return QApplication::notify(receiver, event);
    // The key is made first: the event may delete the receiver (DeferredDelete) or itself.
    const char* typeName = QMetaEnum::fromType<QEvent::Type>().valueToKey(event->type());
    const QString key = QString::fromLatin1(receiver->metaObject()->className()) + QLatin1Char('/') +
                        (typeName ? QString::fromLatin1(typeName) : QString::number(event->type()));
    // CPU time of this thread, not wall time: with training on every core the GUI thread is often preempted
    // inside a handler, and that wait is not work the handler did.
    const qint64 startNs = threadCpuNs();
    m_childNs.append(0);
    const bool result = QApplication::notify(receiver, event);
    const qint64 totalNs = threadCpuNs() - startNs;
    const qint64 childNs = m_childNs.takeLast();
    if (!m_childNs.isEmpty())
        m_childNs.last() += totalNs;
    m_exclusiveNs[key] += totalNs - childNs;
    m_counts[key] += 1;
    return result;
}

void ProfilingApplication::start()
{
    m_exclusiveNs.clear();
    m_counts.clear();
    m_markedNs.clear();
    m_markedCounts.clear();
    m_collecting = true;
}

void ProfilingApplication::mark()
{
    m_markedNs = m_exclusiveNs;
    m_markedCounts = m_counts;
}

QString ProfilingApplication::stop(int top)
{
    m_collecting = false;
    QVector<QPair<qint64, QString>> sorted;
    for (auto it = m_markedNs.cbegin(); it != m_markedNs.cend(); ++it)
        sorted.append({it.value(), it.key()});
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.first > b.first; });
    QStringList parts;
    for (int i = 0; i < std::min<int>(top, sorted.size()); ++i)
        parts << QStringLiteral("%1=%2/%3")
                     .arg(sorted.at(i).second)
                     .arg(double(sorted.at(i).first) / 1e6, 0, 'f', 1)
                     .arg(m_markedCounts.value(sorted.at(i).second));
    return parts.join(QLatin1Char(' '));
}

bool Profiler::enabled()
{
    return qEnvironmentVariableIntValue("TS_PROFILE") == 1;
}

void Profiler::reportMoment(const char* name)
{
    std::fprintf(stderr, "%s=%lld\n", name, sinceStartMs());
    std::fflush(stderr);
}

void Profiler::markMainEntry()
{
    g_mainEntryNs = boottimeNs();
}

Profiler::Profiler(QObject* parent) : QObject(parent), m_ticker(new QTimer(this))
{
    m_ticker->setTimerType(Qt::PreciseTimer);
    m_ticker->setInterval(kTickMs);
    connect(m_ticker, &QTimer::timeout, this, &Profiler::onTick);
}

void Profiler::watchStartup(QWidget* window)
{
    m_window = window;
    m_startupPending = true;
    window->installEventFilter(this); // Show (to reach windowHandle()), and Paint as a fallback
}

bool Profiler::eventFilter(QObject* watched, QEvent* event)
{
    // The native window exists by the widget's Show event and is exposed after it.
    if (m_startupPending && watched == m_window && event->type() == QEvent::Show && m_window->windowHandle())
        m_window->windowHandle()->installEventFilter(this);
    if (m_startupPending && (event->type() == QEvent::Expose || event->type() == QEvent::Paint)) {
        m_startupPending = false;
        // Runs after the expose (and the paint it triggers) has been processed.
        QTimer::singleShot(0, this, &Profiler::reportStartup);
    }
    return QObject::eventFilter(watched, event);
}

void Profiler::reportStartup()
{
    const qint64 now = boottimeNs();
    const qint64 start = processStartNs();
    const qint64 origin = start >= 0 ? start : g_mainEntryNs;
    std::fprintf(stderr, "startup_ms=%lld startup_from_main_ms=%lld\n", (now - origin) / 1000000LL,
                 g_mainEntryNs >= 0 ? (now - g_mainEntryNs) / 1000000LL : -1LL);
    std::fflush(stderr);
}

void Profiler::watchTraining(TrainingController* training)
{
    connect(training, &TrainingController::started, this, &Profiler::onRunStarted);
    connect(training, &TrainingController::finished, this,
            [this](const QJsonObject&, bool, const QString& runDir) { onRunEnded(runDir); });
    connect(training, &TrainingController::failed, this, [this](const QString&) { onRunEnded(QString()); });
    // From the end of the first epoch to the last metric point: the training itself (epochs and their
    // evaluations) once the charts have been laid out, without the loading before it and the results after it;
    // bench/gui_perf.sh compares images/s from the second epoch on as well.
    connect(training, &TrainingController::metric, this, [this](const MetricPoint& point) {
        auto* app = dynamic_cast<ProfilingApplication*>(QCoreApplication::instance());
        if (!m_trainWall.isValid()) {
            if (!point.isEpoch)
                return;
            m_trainWall.start();
            m_trainCpuStartNs = threadCpuNs();
            if (app)
                app->start();
            return;
        }
        m_trainCpuNs = threadCpuNs() - m_trainCpuStartNs;
        m_trainWallNs = m_trainWall.nsecsElapsed();
        if (app)
            app->mark();
    });
}

void Profiler::onRunStarted()
{
    reportMoment("run_start_ms");
    m_lateMs.clear();
    m_trainWall.invalidate();
    m_trainCpuNs = m_trainWallNs = 0;
    m_runWall.start();
    m_runCpuNs = threadCpuNs();
    m_sinceTick.start();
    // The probe wakes the GUI thread 100 times a second, which no real session does: throughput runs of
    // bench/gui_perf.sh switch it off (TS_PROFILE_LATENCY=0) and measure latency in runs of their own.
    if (qEnvironmentVariable("TS_PROFILE_LATENCY") != QLatin1String("0"))
        m_ticker->start();
}

void Profiler::onTick()
{
    const double intervalMs = double(m_sinceTick.nsecsElapsed()) / 1e6;
    m_sinceTick.start();
    m_lateMs.append(std::max(0.0, intervalMs - kTickMs));
}

void Profiler::onRunEnded(const QString& runDir)
{
    m_ticker->stop();
    const double cpuMs = double(threadCpuNs() - m_runCpuNs) / 1e6;
    const double wallMs = double(m_runWall.nsecsElapsed()) / 1e6;
    std::fprintf(stderr, "gui_cpu_ms=%.0f run_wall_ms=%.0f gui_cpu_share=%.3f\n", cpuMs, wallMs,
                 wallMs > 0 ? cpuMs / wallMs : 0.0);
    if (m_trainWallNs > 0)
        std::fprintf(stderr, "training_gui_cpu_ms=%.0f training_wall_ms=%.0f training_gui_cpu_share=%.3f\n",
                     double(m_trainCpuNs) / 1e6, double(m_trainWallNs) / 1e6,
                     double(m_trainCpuNs) / double(m_trainWallNs));
    if (auto* app = dynamic_cast<ProfilingApplication*>(QCoreApplication::instance()))
        std::fprintf(stderr, "training_gui_events: %s\n", qPrintable(app->stop(16)));
    if (!m_lateMs.isEmpty())
        std::fprintf(stderr, "latency_p50_ms=%.2f latency_p99_ms=%.2f latency_max_ms=%.2f samples=%lld\n",
                     percentile(m_lateMs, 0.50), percentile(m_lateMs, 0.99), percentile(m_lateMs, 1.0),
                     static_cast<long long>(m_lateMs.size()));
    if (!runDir.isEmpty())
        std::fprintf(stderr, "run_dir=%s\n", qPrintable(runDir));
    reportMoment("run_end_ms");
    std::fflush(stderr);
    if (qEnvironmentVariableIntValue("TS_QUIT_AFTER_RUN") == 1)
        QTimer::singleShot(0, qApp, &QCoreApplication::quit); // after the window has handled the end of the run
}

} // namespace ts::ui
