#!/usr/bin/env python3
"""Samples processes from /proc while a benchmark scenario runs.

Usage: sample_proc.py OUT.tsv INTERVAL_S NAME=PID [NAME=PID ...]

Every INTERVAL_S seconds one line: epoch_ms, the whole machine's busy and total CPU ticks
(/proc/stat), and per process its VmRSS (kB), CPU ticks (utime+stime) and thread count.
Stops on SIGTERM/SIGINT, or when every watched process is gone. Reads /proc only.
"""
import os
import signal
import sys
import time

running = True


def stop(*_):
    global running
    running = False


def machine_ticks():
    with open("/proc/stat") as f:
        parts = f.readline().split()[1:]
    values = [int(v) for v in parts]
    idle = values[3] + (values[4] if len(values) > 4 else 0)  # idle + iowait
    total = sum(values[:8])  # user nice system idle iowait irq softirq steal
    return total - idle, total


def process(pid):
    """(rss_kb, cpu_ticks, threads) or None once the process is gone."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read()
        fields = stat[stat.rindex(")") + 2:].split()
        ticks = int(fields[11]) + int(fields[12])  # utime, stime
        rss = threads = 0
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    rss = int(line.split()[1])
                elif line.startswith("Threads:"):
                    threads = int(line.split()[1])
        return rss, ticks, threads
    except (OSError, ValueError, IndexError):
        return None


def main():
    out, interval = sys.argv[1], float(sys.argv[2])
    watched = [arg.split("=", 1) for arg in sys.argv[3:]]
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    with open(out, "w", buffering=1) as f:
        header = ["epoch_ms", "machine_busy_ticks", "machine_total_ticks"]
        for name, _ in watched:
            header += [f"{name}_rss_kb", f"{name}_cpu_ticks", f"{name}_threads"]
        f.write("\t".join(header) + "\n")
        f.write(f"# clk_tck={os.sysconf('SC_CLK_TCK')} ncpu={os.cpu_count()}\n")
        while running:
            busy, total = machine_ticks()
            row = [str(int(time.time() * 1000)), str(busy), str(total)]
            alive = 0
            for _, pid in watched:
                p = process(pid)
                if p is None:
                    row += ["", "", ""]
                else:
                    alive += 1
                    row += [str(v) for v in p]
            f.write("\t".join(row) + "\n")
            if alive == 0 and watched:
                break
            time.sleep(interval)


if __name__ == "__main__":
    main()
