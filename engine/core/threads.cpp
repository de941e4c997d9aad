#include "engine/core/threads.h"

#include <torch/torch.h>

#include <dlfcn.h>
#ifdef __linux__
#include <sched.h>
#include <sys/resource.h>
#include <unistd.h>
#endif

#include <algorithm>
#include <mutex>
#include <thread>

namespace ts::engine {

int availableCores()
{
#ifdef __linux__
    // hardware_concurrency() counts the machine's cores; a process confined to fewer (taskset, a cpuset) that
    // starts one OpenMP thread per machine core has several share a core, and each barrier then waits for a
    // thread that is not running.
    cpu_set_t set;
    CPU_ZERO(&set);
    if (sched_getaffinity(0, sizeof set, &set) == 0 && CPU_COUNT(&set) > 0)
        return CPU_COUNT(&set);
#endif
    return static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

namespace {

using SetNumThreads = void (*)(int);

/// omp_set_num_threads of the OpenMP runtime LibTorch loaded (a pip wheel bundles its own), looked up at run
/// time; null when there is none (LibTorch built with its own thread pool).
SetNumThreads ompSetNumThreads()
{
    static const auto function = reinterpret_cast<SetNumThreads>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
    return function;
}

} // namespace

bool useThreadsOnThisThread(int threads)
{
    const auto setOnThisThread = ompSetNumThreads();
    if (!setOnThisThread) {
        at::set_num_threads(threads); // one pool for all threads: nothing is per thread
        return false;
    }
    // LibTorch's own, process-wide count stays 1. at::set_num_threads(n) also rebuilds LibTorch's pthreadpool
    // (which only QNNPACK and XNNPACK use; the engine runs neither) with n threads, and every thread's first
    // LibTorch operation calls it again with the process-wide count, so each new thread (a dataset loader, a
    // projection thread, every image-decoding thread) replaced the pool with n - 1 fresh workers that
    // spin-wait for about 40 ms before they sleep: 0.15 CPU seconds of a short run in the window, beside the
    // training on the same cores. With a count of 1 the pool has no workers, and a thread that has not chosen
    // a count runs LibTorch serially instead of starting an OpenMP team of its own.
    static std::once_flag once;
    std::call_once(once, [] { at::set_num_threads(1); });
    // LibTorch sets each thread's OpenMP count from that process-wide one the first time the thread runs a
    // parallel operation; do that first so that it cannot overwrite the count below later.
    at::internal::lazy_init_num_threads();
    setOnThisThread(threads);
    return true;
}

int configureThreads(int threads)
{
    if (threads <= 0)
        threads = availableCores();
    useThreadsOnThisThread(threads);
    return threads;
}

bool runTorchSeriallyOnThisThread()
{
    return useThreadsOnThisThread(1);
}

bool runAtLowestPriority()
{
#ifdef __linux__
    // On Linux a nice value belongs to a thread, and clone() copies it to the threads that thread starts.
    return setpriority(PRIO_PROCESS, static_cast<id_t>(gettid()), 19) == 0;
#else
    return false;
#endif
}

} // namespace ts::engine
