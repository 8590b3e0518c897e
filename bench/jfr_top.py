#!/usr/bin/env python3
"""Summarises a JFR recording of ingest-service: where its Java threads spend their time.

Usage: jfr_top.py RECORDING.jfr

Prints samples per thread group, the hottest methods by self time (top frame) and by total time
(anywhere on the stack, project and framework code), and GC pauses. Uses the JDK's `jfr` tool.
Execution samples cover threads running Java code only: time inside system calls (socket reads
and writes, epoll) shows in the thread CPU table of the benchmark, not here.
"""
import collections
import re
import subprocess
import sys

GROUP = re.compile(r"[-_ ]?\d+$")


def thread_group(name):
    name = GROUP.sub("", name.strip('"'))
    return GROUP.sub("", name)


def samples(path):
    text = subprocess.run(["jfr", "print", "--events", "jdk.ExecutionSample", "--stack-depth", "64", path],
                          check=True, capture_output=True, text=True).stdout
    thread, frames, in_stack = None, [], False
    for line in text.splitlines():
        s = line.strip()
        if s.startswith("sampledThread = "):
            thread = s[len("sampledThread = "):].split(" (")[0]
        elif s.startswith("stackTrace = ["):
            in_stack, frames = True, []
        elif in_stack and s == "]":
            in_stack = False
            yield thread, frames
        elif in_stack and s and s != "...":
            frames.append(re.sub(r"\s+line: \d+$", "", s))


INTERESTING = ("org.portwatch", "io.quarkus", "io.vertx", "io.netty", "org.apache.kafka", "com.fasterxml",
               "io.smallrye", "org.jboss", "org.hibernate", "com.github.benmanes", "io.micrometer")


def owner(frames):
    """The first application or framework frame from the top: who asked for the work being done."""
    for f in frames:
        if f.startswith(INTERESTING):
            return method(f)
    return method(frames[0])


def component(name):
    parts = name.split(".")
    return ".".join(parts[:3]) if name.startswith(INTERESTING) else ".".join(parts[:2])


def method(frame):
    return frame.split("(")[0]


def gcs(path):
    text = subprocess.run(["jfr", "print", "--events", "jdk.GarbageCollection", path],
                          check=True, capture_output=True, text=True).stdout
    pauses = []
    names = collections.Counter()
    for block in text.split("jdk.GarbageCollection {")[1:]:
        m = re.search(r"sumOfPauses = ([\d.]+) (ms|s|us)", block)
        n = re.search(r'name = "([^"]+)"', block)
        if m:
            value = float(m.group(1)) * {"ms": 1, "s": 1000, "us": 0.001}[m.group(2)]
            pauses.append(value)
        if n:
            names[n.group(1)] += 1
    return pauses, names


def main():
    path = sys.argv[1]
    by_thread = collections.Counter()
    self_time = collections.Counter()
    total_time = collections.Counter()
    owners = collections.Counter()
    components = collections.Counter()
    n = 0
    for thread, frames in samples(path):
        if not frames:
            continue
        n += 1
        by_thread[thread_group(thread)] += 1
        self_time[method(frames[0])] += 1
        owners[owner(frames)] += 1
        components[component(owner(frames))] += 1
        for m in set(method(f) for f in frames):
            total_time[m] += 1
    print(f"execution samples: {n}")
    print("\nsamples by thread group:")
    for name, count in by_thread.most_common(15):
        print(f"  {100.0 * count / n:5.1f} %  {name}")
    print("\nself time by component (the first framework or project frame from the top of each sample):")
    for name, count in components.most_common(15):
        print(f"  {100.0 * count / n:5.1f} %  {name}")
    print("\nself time by the first framework or project method from the top:")
    for name, count in owners.most_common(20):
        print(f"  {100.0 * count / n:5.1f} %  {name}")
    print("\nhottest methods, self (top of stack):")
    for name, count in self_time.most_common(15):
        print(f"  {100.0 * count / n:5.1f} %  {name}")
    print("\nhottest methods, total (on the stack), org.portwatch / io.quarkus / io.vertx / io.netty / "
          "org.apache.kafka / com.fasterxml / io.smallrye / org.jboss / io.micrometer:")
    interesting = INTERESTING
    shown = 0
    for name, count in total_time.most_common():
        if name.startswith(interesting):
            print(f"  {100.0 * count / n:5.1f} %  {name}")
            shown += 1
            if shown >= 30:
                break
    pauses, names = gcs(path)
    if pauses:
        print(f"\nGC: {len(pauses)} collections ({', '.join(f'{k} x{v}' for k, v in names.items())}), "
              f"pauses total {sum(pauses):.1f} ms, longest {max(pauses):.1f} ms")
    else:
        print("\nGC: no collections recorded")


if __name__ == "__main__":
    main()
