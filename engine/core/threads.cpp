#include "engine/core/threads.h"

#include <torch/torch.h>

#include <dlfcn.h>
#ifdef __linux__
#include <sched.h>
#endif

#include <algorithm>
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

int configureThreads(int threads)
{
    if (threads <= 0)
        threads = availableCores();
    torch::set_num_threads(threads);
    return threads;
}

bool runTorchSeriallyOnThisThread()
{
    // at::set_num_threads(1) would also change the default every new thread starts from, and with it the
    // training thread's next run; omp_set_num_threads changes the calling thread's own setting only. It is
    // looked up at run time so that it is the OpenMP runtime LibTorch loaded (a pip wheel bundles its own).
    using SetNumThreads = void (*)(int);
    static const auto ompSetNumThreads = reinterpret_cast<SetNumThreads>(dlsym(RTLD_DEFAULT, "omp_set_num_threads"));
    if (!ompSetNumThreads)
        return false;
    // LibTorch sets each thread's count from its default the first time the thread runs a parallel
    // operation; do that first so that it cannot overwrite the 1 below later.
    at::internal::lazy_init_num_threads();
    ompSetNumThreads(1);
    return true;
}

} // namespace ts::engine
