#include "ui/profiler.h"

#include "ui/trainingcontroller.h"

#include <QCoreApplication>
#include <QEvent>
#include <QFile>
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

double percentile(QVector<double> values, double p)
{
    if (values.isEmpty())
        return 0.0;
    std::sort(values.begin(), values.end());
    const auto index = static_cast<qsizetype>(std::ceil(p * double(values.size()))) - 1;
    return values.at(std::clamp<qsizetype>(index, 0, values.size() - 1));
}

} // namespace

bool Profiler::enabled()
{
    return qEnvironmentVariableIntValue("TS_PROFILE") == 1;
}

void Profiler::markMainEntry()
{
    g_mainEntryNs = boottimeNs();
}

Profiler::Profiler(QObject* parent)
    : QObject(parent)
    , m_ticker(new QTimer(this))
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
}

void Profiler::onRunStarted()
{
    m_lateMs.clear();
    m_sinceTick.start();
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
    std::fprintf(stderr, "latency_p50_ms=%.2f latency_p99_ms=%.2f latency_max_ms=%.2f samples=%lld\n",
                 percentile(m_lateMs, 0.50), percentile(m_lateMs, 0.99), percentile(m_lateMs, 1.0),
                 static_cast<long long>(m_lateMs.size()));
    if (!runDir.isEmpty())
        std::fprintf(stderr, "run_dir=%s\n", qPrintable(runDir));
    std::fflush(stderr);
    if (qEnvironmentVariableIntValue("TS_QUIT_AFTER_RUN") == 1)
        QTimer::singleShot(0, qApp, &QCoreApplication::quit); // after the window has handled the end of the run
}

} // namespace ts::ui
