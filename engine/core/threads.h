#pragma once

namespace ts::engine {

/// The number of cores the calling thread may run on: its CPU affinity mask (taskset, a container's cpuset),
/// or every hardware thread where that cannot be read. At least 1.
int availableCores();

/// Sets LibTorch's intra-op thread count for the calling thread and the default for threads that have not
/// used LibTorch yet (0 = availableCores()). Returns the count used. Call it on the thread that trains.
int configureThreads(int threads);

/// Makes the calling thread's LibTorch work run on that thread alone, leaving every other thread's count
/// as it is. For threads that only prepare or preview (a GUI thread, a dataset loader): with GNU OpenMP
/// each thread that runs a parallel region keeps its own team of idle workers, and once a process holds
/// more OpenMP threads than cores, every team stops spin-waiting and sleeps at each barrier, which made
/// training in the desktop application about 30 % slower than in the CLI on 2 cores. Returns false when
/// the OpenMP runtime LibTorch uses cannot be found (LibTorch built with its own thread pool, which all
/// threads share, so there is nothing to do).
bool runTorchSeriallyOnThisThread();

} // namespace ts::engine
