#include "engine/data/imagecache.h"

#include "engine/data/imageio.h"

#include <torch/torch.h>

#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <ctime>

namespace ts::engine {

ImageCache::ImageCache(std::int64_t budgetBytes) : m_budget(std::max<std::int64_t>(0, budgetBytes)) {}

ImageCache& ImageCache::global()
{
    // Never destroyed: tensors freed during static destruction could outlive LibTorch's allocator.
    static ImageCache* cache = new ImageCache(imageCacheBudgetFromEnvironment());
    return *cache;
}

torch::Tensor ImageCache::decode(const std::string& path, int channels, int height, int width, std::string& error)
{
    struct stat info {}; // one system call for size and time (std::filesystem would take two)
    bool cacheable = ::stat(path.c_str(), &info) == 0;
    {
        std::lock_guard<std::mutex> lock(m_mutex);
        cacheable = cacheable && m_budget > 0;
        if (!cacheable)
            ++m_misses;
    }
    if (!cacheable)
        return decodeImage(path, channels, height, width, error);

    std::string key = path;
    key += '\0';
    key += std::to_string(info.st_size) + ":" + std::to_string(info.st_mtim.tv_sec) + "." +
           std::to_string(info.st_mtim.tv_nsec) + ":" + std::to_string(channels) + "x" + std::to_string(height) + "x" +
           std::to_string(width);
    if (auto image = find(key); image.defined()) {
        error.clear();
        return image;
    }
    // A file this young may be rewritten within its timestamp's granularity, keeping the key: not cached.
    const bool settled = info.st_mtim.tv_sec + kImageCacheRacySeconds < std::time(nullptr);
    auto image = decodeImage(path, channels, height, width, error);
    if (image.defined() && settled)
        insert(key, image);
    return image;
}

torch::Tensor ImageCache::find(const std::string& key)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    const auto it = m_entries.find(key);
    if (it == m_entries.end()) {
        ++m_misses;
        return {};
    }
    ++m_hits;
    m_order.splice(m_order.begin(), m_order, it->second.use);
    return it->second.image;
}

void ImageCache::insert(const std::string& key, const torch::Tensor& image)
{
    const auto bytes = static_cast<std::int64_t>(image.nbytes());
    std::lock_guard<std::mutex> lock(m_mutex);
    if (bytes > m_budget || m_entries.count(key)) // too big, or another thread decoded it meanwhile
        return;
    shrinkTo(m_budget - bytes);
    m_order.push_front(key);
    m_entries.emplace(key, Entry{image, m_order.begin()});
    m_bytes += bytes;
}

void ImageCache::shrinkTo(std::int64_t bytes)
{
    while (m_bytes > bytes && !m_order.empty()) {
        const auto it = m_entries.find(m_order.back());
        m_bytes -= static_cast<std::int64_t>(it->second.image.nbytes());
        m_entries.erase(it);
        m_order.pop_back();
        ++m_evictions;
    }
}

void ImageCache::setBudget(std::int64_t bytes)
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_budget = std::max<std::int64_t>(0, bytes);
    shrinkTo(m_budget);
}

ImageCacheStats ImageCache::stats() const
{
    std::lock_guard<std::mutex> lock(m_mutex);
    ImageCacheStats s;
    s.hits = m_hits;
    s.misses = m_misses;
    s.evictions = m_evictions;
    s.entries = static_cast<std::int64_t>(m_entries.size());
    s.bytes = m_bytes;
    s.budgetBytes = m_budget;
    return s;
}

void ImageCache::clear()
{
    std::lock_guard<std::mutex> lock(m_mutex);
    m_entries.clear();
    m_order.clear();
    m_bytes = m_hits = m_misses = m_evictions = 0;
}

std::int64_t imageCacheBudgetFromEnvironment()
{
    std::int64_t mb = kImageCacheBudgetMb;
    if (const char* env = std::getenv("TS_IMAGE_CACHE_MB"); env && *env)
        mb = std::clamp<std::int64_t>(std::atoll(env), 0, std::int64_t(1) << 40); // 2^40 MiB: no overflow
    return mb * 1024 * 1024;
}

ImageCacheStats imageCacheStats()
{
    return ImageCache::global().stats();
}

void clearImageCache()
{
    ImageCache::global().clear();
}

} // namespace ts::engine
