#pragma once

namespace ts::engine {

/// Ends the process with `status` once everything it made is written and closed: flushes stdio and C++
/// streams, then leaves without running static destructors and atexit handlers. Those of LibTorch, Qt and
/// OpenCV free memory and unload plugins that the kernel reclaims anyway, and took 0.12 s of the window's
/// exit here (docs/PERFORMANCE.md). Call it at the end of main(), after every object that saves something
/// has been destroyed.
[[noreturn]] void exitWithoutTeardown(int status);

} // namespace ts::engine
