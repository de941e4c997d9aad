#include "engine/core/observer.h"

#include "engine/core/errors.h"

namespace ts::engine {

void RunControl::requestStop()
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_stop = true;
    }
    m_cv.notify_all();
}

void RunControl::setPaused(bool paused)
{
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        m_paused = paused;
    }
    m_cv.notify_all();
}

void RunControl::checkpoint()
{
    if (m_paused.load()) {
        std::unique_lock<std::mutex> lock(m_mutex);
        m_cv.wait(lock, [this] { return !m_paused.load() || m_stop.load(); });
    }
    if (m_stop.load())
        throw Cancelled();
}

} // namespace ts::engine
