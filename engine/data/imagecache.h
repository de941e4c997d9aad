#pragma once

// Decoded images kept in memory for the whole process, so that the window's data panel, the run and every
// baseline run decode an image folder once between them instead of once each.
//
// An entry is keyed on the file's path as given, its size and modification time (an edited file is decoded
// again) and the requested channels, height and width; its value is the uint8 [C, H, W] tensor decodeImage
// returned. Failures are never cached, so a corrupt file is decoded and named on every load. A file modified
// less than kImageCacheRacySeconds before it was decoded is not cached: a second edit within the file system's
// timestamp granularity could keep its size and modification time (git's "racily clean" files).
//
// The budget counts pixel bytes (the map and tensor headers add roughly 0.5 KB per entry): 512 MiB by
// default, TS_IMAGE_CACHE_MB=<MiB> in the environment sets another (read at each load; 0 turns the cache off).
// When an entry would pass the budget, the least recently used entries are dropped.

#include <torch/types.h>

#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <unordered_map>

namespace ts::engine {

/// Default budget of the process-wide cache, in MiB of pixels; TS_IMAGE_CACHE_MB overrides it.
constexpr std::int64_t kImageCacheBudgetMb = 512;
/// Files modified less than this long before decoding are decoded without being cached.
constexpr int kImageCacheRacySeconds = 2;

/// Counters of an ImageCache, for tests and benchmarks.
struct ImageCacheStats {
    std::int64_t hits = 0;        // decodes answered from memory
    std::int64_t misses = 0;      // decodes that read the file (all of them while the cache is off)
    std::int64_t evictions = 0;   // entries dropped to stay within the budget
    std::int64_t entries = 0;     // images held
    std::int64_t bytes = 0;       // pixel bytes held
    std::int64_t budgetBytes = 0; // the budget, in pixel bytes (0 = off)
};

/// A thread-safe, least-recently-used cache of decoded image files in front of decodeImage
/// (engine/data/imageio.h). The lock is never held while a file is decoded.
class ImageCache {
public:
    /// An empty cache holding at most `budgetBytes` pixel bytes (0 = off: every call decodes).
    explicit ImageCache(std::int64_t budgetBytes);

    /// The process-wide cache that the dataset readers use; its budget starts from the environment.
    static ImageCache& global();

    /// decodeImage(path, channels, height, width, error), from memory when the same file (same size and
    /// modification time) was decoded before at the same size. The tensor may share its storage with the cache:
    /// copy it before changing it in place. Returns an undefined tensor and sets `error` as decodeImage does.
    torch::Tensor decode(const std::string& path, int channels, int height, int width, std::string& error);

    /// Sets the budget in pixel bytes (0 = off), dropping the least recently used entries beyond it.
    void setBudget(std::int64_t bytes);
    /// The counters and current size.
    ImageCacheStats stats() const;
    /// Drops every entry and zeroes the counters (the budget stays).
    void clear();

private:
    struct Entry {
        torch::Tensor image;
        std::list<std::string>::iterator use; // position in m_order
    };

    torch::Tensor find(const std::string& key);
    void insert(const std::string& key, const torch::Tensor& image);
    void shrinkTo(std::int64_t bytes); // m_mutex held

    mutable std::mutex m_mutex;
    std::unordered_map<std::string, Entry> m_entries;
    std::list<std::string> m_order; // keys, most recently used first
    std::int64_t m_budget = 0;
    std::int64_t m_bytes = 0;
    std::int64_t m_hits = 0;
    std::int64_t m_misses = 0;
    std::int64_t m_evictions = 0;
};

/// The budget TS_IMAGE_CACHE_MB asks for, in bytes (a negative number counts as 0), or kImageCacheBudgetMb MiB
/// when it is unset or empty.
std::int64_t imageCacheBudgetFromEnvironment();

/// ImageCache::global().stats().
ImageCacheStats imageCacheStats();

/// ImageCache::global().clear().
void clearImageCache();

} // namespace ts::engine
