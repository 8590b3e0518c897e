#!/usr/bin/env python3
"""CPU per thread group of one process over an interval, from /proc/PID/task/*/stat.

Usage: thread_cpu.py PID SECONDS

Prints, per thread name with trailing numbers folded together (vert.x-eventloo..., executor-thread,
kafka-producer-...), the CPU used as % of one core and the number of threads. Reads /proc only.
"""
import collections
import os
import re
import sys
import time


def snapshot(pid):
    result = {}
    for tid in os.listdir(f"/proc/{pid}/task"):
        try:
            with open(f"/proc/{pid}/task/{tid}/stat") as f:
                stat = f.read()
            name = stat[stat.index("(") + 1:stat.rindex(")")]
            fields = stat[stat.rindex(")") + 2:].split()
            result[tid] = (name, int(fields[11]) + int(fields[12]))
        except (OSError, ValueError):
            pass
    return result


def main():
    pid, seconds = sys.argv[1], float(sys.argv[2])
    hz = os.sysconf("SC_CLK_TCK")
    before = snapshot(pid)
    time.sleep(seconds)
    after = snapshot(pid)
    cpu = collections.Counter()
    count = collections.Counter()
    for tid, (name, ticks) in after.items():
        group = re.sub(r"[-_ #]?\d+$", "", name)
        used = ticks - before.get(tid, (name, 0))[1] if tid in before else ticks
        cpu[group] += used
        count[group] += 1
    total = sum(cpu.values())
    print(f"process {pid}: {100.0 * total / hz / seconds:.0f} % of one core over {seconds:.0f} s, {len(after)} threads")
    for group, ticks in cpu.most_common():
        if ticks == 0:
            continue
        print(f"  {100.0 * ticks / hz / seconds:6.1f} %  {group} (x{count[group]})")
    idle = [g for g, t in cpu.items() if t == 0]
    print(f"  idle groups: {', '.join(f'{g} (x{count[g]})' for g in sorted(idle))}")


if __name__ == "__main__":
    main()
