#pragma once

namespace ts::engine {

/// What configureAllocator() did.
struct AllocatorSettings {
    bool applied = false;       // false: not glibc, or the user set MALLOC_* / GLIBC_TUNABLES (left alone)
    long mmapThresholdBytes = 0; // blocks at least this large get their own mmap (0 when not applied)
    long trimThresholdBytes = 0; // free memory at the heap's top kept before it is returned (0 when not applied)
};

/// Makes glibc's malloc keep freed tensor memory for the next step instead of returning it to the kernel.
/// Call once at the start of main(), before any thread starts. With glibc's defaults, blocks over a
/// threshold that moves at run time are mapped and unmapped on every step and the heap's top is trimmed
/// and regrown, so the same run took 20 s or 30 s (millions of page faults more) depending on where the
/// threshold happened to settle. Fixed thresholds make it steady. Does nothing on other C libraries, and
/// nothing when MALLOC_MMAP_THRESHOLD_, MALLOC_TRIM_THRESHOLD_ or GLIBC_TUNABLES is set, so that a person
/// can still tune or compare. Never fails.
AllocatorSettings configureAllocator();

} // namespace ts::engine
