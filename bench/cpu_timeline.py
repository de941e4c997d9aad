#!/usr/bin/env python3
"""Which threads had the cores, slice by slice: CPU milliseconds per thread name in each interval of a run.

    perf record -e sched:sched_switch -e sched:sched_wakeup -e sched:sched_wakeup_new -a -o sched.data -- COMMAND...
    perf script -i sched.data -F comm,tid,cpu,time,event,trace > sched.txt
    bench/cpu_timeline.py sched.txt [SECONDS_PER_ROW] [FIRST_THREAD_NAME]

A task runs on a CPU from its switch-in to its switch-out (sched_switch). On this machine's kernel the switch
out of the idle task is not always recorded (none on CPU 1 in one trace, all on CPU 0); a task switched out
without a recorded switch-in then ran from its wakeup on that CPU (sched_wakeup, or sched_wakeup_new for a new
thread), and the CPU was idle before. Without a wakeup in the trace that time counts as "unknown". Time 0 is the
first run of a thread named FIRST_THREAD_NAME (default: the first of "transfer-studio", "transfer-studio-cli"
and "training" that ran). Each row (0.1 s by default) lists the six names that ran most; on 2 CPUs a row holds
up to 200 ms per 0.1 s.
"""
import collections
import re
import sys

if len(sys.argv) < 2:
    sys.exit(__doc__)
step = float(sys.argv[2]) if len(sys.argv) > 2 else 0.1
starters = [sys.argv[3]] if len(sys.argv) > 3 else ["transfer-studio", "transfer-studio-cli", "training"]
switch = re.compile(r"\[(\d+)\]\s+([\d.]+):\s+sched:sched_switch:\s+prev_comm=(.+?) prev_pid=(\d+) prev_prio=\d+ "
                    r"prev_state=\S+ ==> next_comm=(.+?) next_pid=(\d+)")
wakeup = re.compile(r"([\d.]+):\s+sched:sched_wakeup(?:_new)?:\s+comm=.+? pid=(\d+) prio=\d+ target_cpu=(\d+)")


def label(name):
    return "idle" if name.startswith("swapper") else name


last = {}   # cpu -> time of its last switch
inside = {}  # cpu -> pid switched in at that switch
woken = {}  # pid -> (time, cpu) of its last wakeup
runs = []   # (start, end, name)
for line in open(sys.argv[1]):
    w = wakeup.search(line)
    if w:
        woken[w.group(2)] = (float(w.group(1)), int(w.group(3)))
        continue
    m = switch.search(line)
    if not m:
        continue
    cpu, t = int(m.group(1)), float(m.group(2))
    prev, prev_pid, nxt, next_pid = m.group(3), m.group(4), m.group(5), m.group(6)
    if cpu in last:
        if inside.get(cpu) == prev_pid:
            runs.append((last[cpu], t, label(prev)))
        else:  # the switch-in is missing: it left the idle task, at the wakeup when there was one here
            at = woken.get(prev_pid)
            if at and at[1] == cpu and last[cpu] <= at[0] <= t:
                runs.append((last[cpu], at[0], "idle"))
                runs.append((at[0], t, label(prev)))
            else:
                runs.append((last[cpu], t, "unknown"))
    last[cpu] = t
    inside[cpu] = next_pid
starts = [r[0] for r in runs if r[2] in starters]
if not starts:
    sys.exit(f"no thread named {' or '.join(starters)} ran")
t0 = min(starts)
rows = collections.defaultdict(collections.Counter)
for start, end, name in runs:
    t = max(start, t0)
    while t < end:
        row = int((t - t0) / step)
        row_end = max(t0 + (row + 1) * step, t + 1e-9)  # rounding must never stall the walk
        rows[row][name] += (min(end, row_end) - t) * 1000
        t = min(end, row_end)
for row in sorted(rows):
    cells = "  ".join(f"{name[:15]}={ms:.0f}" for name, ms in rows[row].most_common(6) if ms >= 2)
    print(f"{row * step:6.2f} s  {cells}")
