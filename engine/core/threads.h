#pragma once

namespace ts::engine {

/// The number of cores the calling thread may run on: its CPU affinity mask (taskset, a container's cpuset),
/// or every hardware thread where that cannot be read. At least 1.
int availableCores();

/// Sets LibTorch's intra-op thread count (its OpenMP team) for the calling thread (0 = availableCores()) and
/// returns the count used. Other threads keep theirs, and a thread that has not set one runs LibTorch serially.
/// Call it on the thread that trains, before it runs anything.
int configureThreads(int threads);

/// The calling thread's LibTorch work runs on `threads` OpenMP threads; every other thread's count stays as it
/// is. Returns false when the OpenMP runtime LibTorch uses cannot be found (LibTorch built with its own thread
/// pool, which all threads share: then the shared count is set).
bool useThreadsOnThisThread(int threads);

/// useThreadsOnThisThread(1), for threads that only prepare or preview (a GUI thread, a dataset loader): with
/// GNU OpenMP each thread that runs a parallel region keeps its own team of idle workers, and once a process
/// holds more OpenMP threads than cores, every team stops spin-waiting and sleeps at each barrier, which made
/// training in the desktop application about 30 % slower than in the CLI on 2 cores. Threads that never set a
/// count run serially as well; this makes it explicit.
bool runTorchSeriallyOnThisThread();

/// Lowers the calling thread, and the threads it starts from now on, to the lowest priority (nice 19: scheduler
/// weight 15 against 1024 for a training thread), for work beside a run that can wait for a free moment: the
/// window's data panels and closing t-SNE. On a machine whose cores the training keeps busy, such work then fills
/// the gaps between its steps instead of preempting one of its OpenMP threads, which stalls the whole team at the
/// next barrier. Returns false where the system refuses (the thread keeps its priority) or has no such call.
bool runAtLowestPriority();

} // namespace ts::engine
