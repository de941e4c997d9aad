#include "ui/run/trainingcontroller.h"

#include "ui/run/enginebridge.h"
#include "ui/run/metatypes.h"
#include "ui/run/trainingworker.h"

#include "engine/core/experiment.h"

#include <QDateTime>
#include <QDir>
#include <QEventLoop>
#include <QStandardPaths>
#include <QTimer>

namespace ts::ui {

TrainingController::TrainingController(QObject* parent) : QObject(parent), m_worker(new TrainingWorker)
{
    registerMetaTypes();
    m_thread.setObjectName(QStringLiteral("training"));
    m_worker->moveToThread(&m_thread);
    // Every connection crosses threads, so Qt queues each signal to this (the GUI) thread.
    connect(m_worker, &TrainingWorker::started, this, &TrainingController::started);
    connect(m_worker, &TrainingWorker::progress, this, &TrainingController::progress);
    connect(m_worker, &TrainingWorker::metric, this, &TrainingController::onMetric);
    connect(m_worker, &TrainingWorker::layerChanges, this, &TrainingController::layerChanges);
    connect(m_worker, &TrainingWorker::projection, this, &TrainingController::projection);
    connect(m_worker, &TrainingWorker::predictions, this, &TrainingController::predictions);
    connect(m_worker, &TrainingWorker::datasetLoaded, this, &TrainingController::datasetLoaded);
    connect(m_worker, &TrainingWorker::log, this, &TrainingController::log);
    connect(m_worker, &TrainingWorker::baselineStarted, this, &TrainingController::baselineStarted);
    connect(m_worker, &TrainingWorker::runFinished, this, &TrainingController::runFinished);
    connect(m_worker, &TrainingWorker::finished, this,
            [this](const QJsonObject& summary, bool cancelled, const QString& dir) {
                onDone();
                Q_EMIT finished(summary, cancelled, dir);
            });
    connect(m_worker, &TrainingWorker::failed, this, [this](const QString& message) {
        onDone();
        Q_EMIT failed(message);
    });
    m_thread.start();
}

TrainingController::~TrainingController()
{
    m_worker->requestStop();
    m_thread.quit();
    m_thread.wait();
    delete m_worker;
}

QString TrainingController::runsRoot()
{
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation) + QStringLiteral("/runs");
}

bool TrainingController::start(const engine::Experiment& experiment, int threads)
{
    if (isBusy())
        return false;
    const QString stamp = QDateTime::currentDateTime().toString(QStringLiteral("yyyyMMdd-HHmmss-zzz"));
    m_runDir = runsRoot() + QLatin1Char('/') + stamp;
    QDir().mkpath(m_runDir);
    m_worker->prepareRun();
    setState(State::Running);
    const QString text = bridge::experimentText(experiment);
    const QString baseDir = QString::fromStdString(experiment.baseDir);
    QMetaObject::invokeMethod(m_worker, "start", Qt::QueuedConnection, Q_ARG(QString, text), Q_ARG(QString, baseDir),
                              Q_ARG(QString, m_runDir), Q_ARG(int, threads));
    return true;
}

void TrainingController::setPaused(bool paused)
{
    if (m_state != State::Running && m_state != State::Paused)
        return;
    m_worker->setPaused(paused);
    setState(paused ? State::Paused : State::Running);
}

void TrainingController::stop()
{
    if (m_state == State::Idle || m_state == State::Stopping)
        return;
    m_worker->requestStop();
    setState(State::Stopping);
}

bool TrainingController::stopAndWait(int timeoutMs)
{
    if (!isBusy())
        return true;
    stop();
    QEventLoop loop;
    QTimer::singleShot(timeoutMs, &loop, &QEventLoop::quit);
    connect(this, &TrainingController::stateChanged, &loop, [&loop](State s) {
        if (s == State::Idle)
            loop.quit();
    });
    loop.exec();
    return !isBusy();
}

void TrainingController::onMetric(const MetricPoint& point)
{
    if (!point.isEpoch)
        m_worker->acknowledgeMetric();
    Q_EMIT metric(point);
}

void TrainingController::projectionDrawn()
{
    m_worker->acknowledgeProjection();
}

void TrainingController::setProjectionShown(bool shown)
{
    m_worker->setProjectionShown(shown);
}

void TrainingController::setProjectionIntervalMs(int ms)
{
    m_worker->setProjectionIntervalMs(ms);
}

void TrainingController::onDone()
{
    setState(State::Idle);
}

void TrainingController::setState(State state)
{
    if (m_state == state)
        return;
    m_state = state;
    Q_EMIT stateChanged(state);
}

} // namespace ts::ui
