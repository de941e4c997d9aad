#include "ui/run/throttle.h"

#include <QCoreApplication>
#include <QList>
#include <QPointer>
#include <QTimer>

#include <utility>

namespace ts::ui {

namespace {
// The GUI thread's shared tick: one timer, running while some throttle waits, and for one tick after an
// update that ran at once (so that updates following it join the tick instead of each running at once).
QPointer<QTimer> g_clock;
QList<QPointer<Throttle>> g_waiting;
} // namespace

Throttle::Throttle(int intervalMs, QObject* parent) : QObject(parent), m_intervalMs(intervalMs) {}

QTimer* Throttle::clock()
{
    if (!g_clock) {
        g_clock = new QTimer(QCoreApplication::instance());
        g_clock->setInterval(kTickMs);
        connect(g_clock, &QTimer::timeout, g_clock, &Throttle::tick);
    }
    return g_clock;
}

void Throttle::post(std::function<void()> update)
{
    m_pending = std::move(update);
    QTimer* timer = clock();
    const bool now = !m_sinceRun.isValid() || (!timer->isActive() && isDue());
    if (now) {
        run();
    } else if (!m_waiting) {
        m_waiting = true;
        g_waiting.append(this);
    }
    // Started, never restarted: restarting would push the tick, and every view waiting for it, back.
    if (!timer->isActive())
        timer->start();
}

void Throttle::flush()
{
    if (m_pending)
        run();
}

void Throttle::reset()
{
    m_pending = nullptr;
    m_sinceRun.invalidate();
}

bool Throttle::isDue() const
{
    // Half a tick of slack: a 250 ms interval is met by every tick, not every other one.
    return !m_sinceRun.isValid() || m_sinceRun.elapsed() >= m_intervalMs - kTickMs / 2;
}

void Throttle::run()
{
    m_sinceRun.start();
    auto update = std::move(m_pending);
    m_pending = nullptr;
    if (update)
        update();
}

void Throttle::tick()
{
    const QList<QPointer<Throttle>> waiting = std::exchange(g_waiting, {});
    for (const QPointer<Throttle>& throttle : waiting) {
        if (!throttle || !throttle->m_pending) {
            if (throttle)
                throttle->m_waiting = false;
            continue;
        }
        if (throttle->isDue()) {
            throttle->m_waiting = false;
            throttle->run();
        } else {
            g_waiting.append(throttle);
        }
    }
    if (g_waiting.isEmpty())
        clock()->stop();
}

} // namespace ts::ui
