#!/usr/bin/env python3
"""Summarises `jcmd PID Thread.print` dumps: threads by name group and state, and what the
RUNNABLE application threads were doing (their top frames).

Usage: thread_summary.py DUMP [DUMP ...]
"""
import collections
import re
import sys

IDLE = ("epollWait", "EPoll.wait", "Unsafe.park", "Object.wait", "Thread.sleep", "accept0", "poll0",
        "socketAccept", "LockSupport.park", "SelectorImpl.select")


def threads(text):
    for block in text.split("\n\n"):
        lines = block.strip().splitlines()
        if not lines or not lines[0].startswith('"'):
            continue
        name = lines[0].split('"')[1]
        state = "?"
        frames = []
        for line in lines[1:]:
            s = line.strip()
            if s.startswith("java.lang.Thread.State:"):
                state = s.split(":", 1)[1].strip().split()[0]
            elif s.startswith("at "):
                frames.append(s[3:])
        yield name, state, frames


def main():
    groups = collections.Counter()
    busy = collections.Counter()
    dumps = 0
    for path in sys.argv[1:]:
        dumps += 1
        with open(path) as f:
            for name, state, frames in threads(f.read()):
                group = re.sub(r"[-_ #]?\d+$", "", name)
                groups[(group, state)] += 1
                if state == "RUNNABLE" and frames and not any(i in frames[0] for i in IDLE):
                    busy[(group, frames[0].split("(")[0])] += 1
    print(f"{dumps} thread dumps; threads per group and state (summed over dumps):")
    for (group, state), n in sorted(groups.items(), key=lambda kv: -kv[1])[:30]:
        print(f"  {n:4d}  {group}  {state}")
    print("\nRUNNABLE and not waiting for I/O: group, top frame (count over dumps):")
    for (group, frame), n in busy.most_common(25):
        print(f"  {n:4d}  {group}  {frame}")


if __name__ == "__main__":
    main()
