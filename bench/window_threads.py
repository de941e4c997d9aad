#!/usr/bin/env python3
"""Which threads take the cores from the training, in the CLI and in the window.

    bench/window_threads.py DEMO_DIR DEMO [BUILD_DIR]      (ROUNDS=4 by default)

Runs DEMO in the CLI and in the window (`--run`, TS_QUIT_AFTER_RUN=1), alternating, and reads every thread's
/proc/PID/task/TID/schedstat every 20 ms until the process exits: the CPU time each thread ran and the time it
waited, runnable, for a core. Threads are grouped by name ("training" is the engine's thread and its OpenMP
team in the window; the CLI trains on its main thread, "transfer-studio-cli"). Prints per round the wall time,
the engine's own `seconds` (summary.json) and, per thread name, run and runqueue-wait milliseconds, and the X
server's CPU time during the window's run. On a 2-core machine whose training keeps both cores busy, the
training threads' runqueue wait is the time other threads (the GUI, the data panel's loader, the X server)
took from it. DEMO_DIR as for bench/window_vs_cli.sh; 2 threads; the pretraining cache is filled first.
Needs Xvfb (offscreen Qt without it; the X server's column is then empty).
"""
import glob
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

if len(sys.argv) < 3:
    sys.exit(__doc__)
demo_dir, demo = os.path.abspath(sys.argv[1]), sys.argv[2]
build = os.path.abspath(sys.argv[3] if len(sys.argv) > 3 else os.path.join(os.path.dirname(__file__), "..", "build"))
rounds = int(os.environ.get("ROUNDS", "4"))
work = tempfile.mkdtemp()
env = dict(os.environ, XDG_CACHE_HOME=f"{work}/cache", XDG_DATA_HOME=f"{work}/data", XDG_CONFIG_HOME=f"{work}/config")
xvfb = None
if shutil.which("Xvfb"):
    display = f":{90 + os.getpid() % 9}"
    xvfb = subprocess.Popen(["Xvfb", display, "-screen", "0", "1600x1000x24"], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    time.sleep(2)
    env["DISPLAY"] = display
else:
    env["QT_QPA_PLATFORM"] = "offscreen"


def cpu_ms(pid):
    """utime + stime of a process, milliseconds (100 ticks a second)."""
    fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) * 10


def run(kind):
    out = f"{work}/out-{kind}"
    if kind == "cli":
        cmd = [f"{build}/app/transfer-studio-cli", "run", f"{demo_dir}/{demo}.json", "--out", out, "--force",
               "--threads", "2", "--quiet"]
        extra = {}
    else:
        cmd = [f"{build}/app/transfer-studio", f"{demo_dir}/{demo}.json", "--run"]
        extra = {"TS_PROFILE": "1", "TS_PROFILE_LATENCY": "0", "TS_QUIT_AFTER_RUN": "1"}
    x0 = cpu_ms(xvfb.pid) if xvfb else 0
    start = time.time()
    with open(f"{work}/err", "w") as err:
        p = subprocess.Popen(cmd, env=dict(env, **extra), stdout=subprocess.DEVNULL, stderr=err)
        last = {}
        while p.poll() is None:
            for task in glob.glob(f"/proc/{p.pid}/task/*"):
                try:
                    name = open(f"{task}/comm").read().strip()
                    ran, waited, _ = map(int, open(f"{task}/schedstat").read().split())
                    last[task] = (name, ran / 1e6, waited / 1e6)
                except (OSError, ValueError):
                    pass  # the thread ended between the listing and the read
            time.sleep(0.02)
    wall = time.time() - start
    x = (cpu_ms(xvfb.pid) - x0) if xvfb else None
    if p.returncode != 0:
        return f"{kind}: exit status {p.returncode}"
    if kind == "window":
        dirs = [l.split("=", 1)[1].strip() for l in open(f"{work}/err") if l.startswith("run_dir=")]
        out = dirs[-1] if dirs else out
    seconds = json.load(open(f"{out}/summary.json"))["seconds"]
    threads = {}
    for name, ran, waited in last.values():
        t = threads.setdefault(name, [0, 0.0, 0.0])
        t[0] += 1
        t[1] += ran
        t[2] += waited
    parts = [f"{kind}: wall {wall:.2f} s, run {seconds:.2f} s"]
    if x is not None and kind == "window":
        parts.append(f"X server {x} ms CPU")
    for name, (n, ran, waited) in sorted(threads.items(), key=lambda kv: -kv[1][1]):
        if ran >= 5:
            parts.append(f"{name} ({n}) ran {ran:.0f} ms, waited {waited:.0f} ms")
    return "; ".join(parts)


try:
    subprocess.run([f"{build}/app/transfer-studio-cli", "run", f"{demo_dir}/{demo}.json", "--out", f"{work}/fill",
                    "--force", "--threads", "2", "--quiet"], env=env, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)  # fills the pretraining cache
    for r in range(1, rounds + 1):
        for kind in (("cli", "window") if r % 2 else ("window", "cli")):
            print(f"round {r} {run(kind)}", flush=True)
finally:
    if xvfb:
        xvfb.kill()
    shutil.rmtree(work, ignore_errors=True)
