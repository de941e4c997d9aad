#pragma once

#include <sys/resource.h>

namespace ts::cli {

/// Peak resident memory of this process so far, in MiB.
inline double peakRssMb()
{
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    return usage.ru_maxrss / 1024.0;
}

} // namespace ts::cli
