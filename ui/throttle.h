#pragma once

#include <QElapsedTimer>
#include <QObject>

#include <functional>

class QTimer;

namespace ts::ui {

/// Applies GUI updates at most once per interval, latest wins: post() runs the update at once when the
/// interval has passed since the last one, else keeps it (replacing any kept earlier) and runs it when the
/// interval ends. Stale updates are dropped, never queued: on a small machine each repaint takes time from
/// the training threads.
class Throttle : public QObject {
    Q_OBJECT
public:
    explicit Throttle(int intervalMs, QObject* parent = nullptr);

    void post(std::function<void()> update);
    /// Runs a kept update now (the end of a run must show its last state).
    void flush();
    /// Drops a kept update and forgets when the last one ran (a new run starts fresh).
    void reset();
    bool hasPending() const { return bool(m_pending); }

private:
    void run();

    int m_intervalMs;
    QTimer* m_timer;
    QElapsedTimer m_sinceRun;
    std::function<void()> m_pending;
};

} // namespace ts::ui
