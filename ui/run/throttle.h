#pragma once

#include <QElapsedTimer>
#include <QObject>

#include <functional>

class QTimer;

namespace ts::ui {

/// Applies GUI updates at most once per interval, latest wins: a posted update is kept (replacing any kept
/// earlier) and runs on the GUI thread's shared tick once the interval since the last one has passed. Stale
/// updates are dropped, never queued: on a small machine each repaint takes time from the training threads.
///
/// All throttles share one tick (kTickMs), so the views updated on a tick are repainted and flushed to the
/// screen together, once, rather than each at its own moment: intervals are in effect rounded to the tick.
/// When nothing was drawn for a tick, a post runs at once, as does the first post after reset().
class Throttle : public QObject {
    Q_OBJECT
public:
    static constexpr int kTickMs = 250;

    explicit Throttle(int intervalMs, QObject* parent = nullptr);

    void post(std::function<void()> update);
    /// Runs a kept update now (the end of a run must show its last state).
    void flush();
    /// Drops a kept update and forgets when the last one ran (a new run starts fresh).
    void reset();
    bool hasPending() const { return bool(m_pending); }

private:
    static QTimer* clock();
    static void tick();
    bool isDue() const;
    void run();

    int m_intervalMs;
    bool m_waiting = false; // on the shared tick's list
    QElapsedTimer m_sinceRun;
    std::function<void()> m_pending;
};

} // namespace ts::ui
