#include "engine/core/allocator.h"

#include <cstdlib>

#if defined(__linux__) && defined(__GLIBC__)
#include <malloc.h>
#endif

namespace ts::engine {

namespace {

// The largest mmap threshold glibc accepts on 64-bit (DEFAULT_MMAP_THRESHOLD_MAX, 4 MiB * sizeof(long)).
// Below it, every activation and gradient of the built-in backbones at the batch sizes used here (dann_digits'
// first convolution at an evaluation batch of 256 is 19 MB) comes from the heap and is reused.
constexpr long kMmapThreshold = 32L * 1024 * 1024;
// Keep up to this much free memory at the heap's top: one training step frees and reallocates less than
// that, so the top is not returned to the kernel and faulted back in on every step.
constexpr long kTrimThreshold = 512L * 1024 * 1024;

} // namespace

AllocatorSettings configureAllocator()
{
    AllocatorSettings settings;
#if defined(__linux__) && defined(__GLIBC__)
    if (std::getenv("MALLOC_MMAP_THRESHOLD_") || std::getenv("MALLOC_TRIM_THRESHOLD_") ||
        std::getenv("GLIBC_TUNABLES"))
        return settings;
    // Setting either threshold also switches off glibc's dynamic adjustment of both.
    if (mallopt(M_MMAP_THRESHOLD, static_cast<int>(kMmapThreshold)) == 1 &&
        mallopt(M_TRIM_THRESHOLD, static_cast<int>(kTrimThreshold)) == 1) {
        settings.applied = true;
        settings.mmapThresholdBytes = kMmapThreshold;
        settings.trimThresholdBytes = kTrimThreshold;
    }
#endif
    return settings;
}

} // namespace ts::engine
