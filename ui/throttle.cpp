#include "ui/throttle.h"

#include <QTimer>

#include <utility>

namespace ts::ui {

Throttle::Throttle(int intervalMs, QObject* parent)
    : QObject(parent), m_intervalMs(intervalMs), m_timer(new QTimer(this))
{
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &Throttle::run);
}

void Throttle::post(std::function<void()> update)
{
    m_pending = std::move(update);
    if (!m_sinceRun.isValid() || m_sinceRun.elapsed() >= m_intervalMs)
        run();
    else if (!m_timer->isActive())
        m_timer->start(int(m_intervalMs - m_sinceRun.elapsed()));
}

void Throttle::flush()
{
    if (m_pending)
        run();
}

void Throttle::reset()
{
    m_timer->stop();
    m_pending = nullptr;
    m_sinceRun.invalidate();
}

void Throttle::run()
{
    m_timer->stop();
    m_sinceRun.start();
    auto update = std::move(m_pending);
    m_pending = nullptr;
    if (update)
        update();
}

} // namespace ts::ui
