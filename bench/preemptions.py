#!/usr/bin/env python3
"""Who takes the cores from the training threads: preemptions attributed to the task that was switched in.

    perf record -e sched:sched_switch -a -o sched.data -- COMMAND...
    perf script -i sched.data -F comm,tid,cpu,time,event,trace > sched.txt
    bench/preemptions.py sched.txt [THREAD_NAME]           (THREAD_NAME "training" by default)

Each time a thread named THREAD_NAME is switched out while still runnable (prev_state R: preempted, not
waiting), the time until it runs again is charged to the task that took its core. Prints the total and the
tasks that took the most. With two OpenMP threads on two cores, the team waits for a preempted member, so this
time is lost to the whole step, not to one thread.
"""
import collections
import re
import sys

if len(sys.argv) < 2:
    sys.exit(__doc__)
name = sys.argv[2] if len(sys.argv) > 2 else "training"
switch = re.compile(r"([\d.]+):\s+sched:sched_switch:\s+prev_comm=(.+?) prev_pid=(\d+) prev_prio=\d+ "
                    r"prev_state=(\S+) ==> next_comm=(.+?) next_pid=(\d+)")
waiting = {}  # tid -> (since, task that took the core)
charged = collections.Counter()
times = collections.Counter()
for line in open(sys.argv[1]):
    m = switch.search(line)
    if not m:
        continue
    t = float(m.group(1))
    prev_comm, prev_pid, prev_state, next_comm, next_pid = m.group(2), m.group(3), m.group(4), m.group(5), m.group(6)
    if prev_comm == name and prev_state.startswith("R"):
        waiting[prev_pid] = (t, next_comm)
    if next_pid in waiting:
        since, taker = waiting.pop(next_pid)
        charged[taker] += (t - since) * 1000
        times[taker] += 1
print(f"threads named '{name}' waited {sum(charged.values()):.0f} ms in all after being preempted")
for taker, ms in charged.most_common(12):
    print(f"{ms:8.1f} ms {times[taker]:5d} times  {taker}")
