#!/usr/bin/env python3
"""Renders bench/ingest-memory.sh's run folder as Markdown (stdout).

Usage: render_memory.py RUN_DIR

Per round and variant: readings/s batched, requests/s and p99 single, RSS max over each run (sampled every 0.5 s),
/proc's RSS split at the end, and the JVM's own account (NMT summary, committed MB) at the end.
"""
import json
import os
import re
import sys

sys.path.insert(0, os.path.dirname(__file__))
from render_benchmarks import proc_stats  # noqa: E402

NMT = re.compile(r"^-\s+(.+?) \(reserved=(\d+)KB, committed=(\d+)KB\)")
CATEGORIES = ["Java Heap", "Class", "Thread", "Code", "GC", "Compiler", "Internal", "Other", "Symbol",
              "Native Memory Tracking", "Shared class space", "Arena Chunk", "Module", "Synchronizer", "Metaspace"]


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def memory(path):
    out, proc = {}, {}
    if not os.path.exists(path):
        return out, proc
    flags = ""
    with open(path) as f:
        text = f.read()
    for line in text.splitlines():
        m = NMT.match(line.strip() if line.strip().startswith("-") else line)
        if m:
            out[m.group(1).strip()] = int(m.group(3)) / 1024
        m = re.match(r"^Total: reserved=(\d+)KB, committed=(\d+)KB", line.strip())
        if m:
            out["Total"] = int(m.group(2)) / 1024
        m = re.match(r"^\s*\(classes #(\d+)\)", line)
        if m:
            out["classes"] = int(m.group(1))
        m = re.match(r"^\s*\(thread #(\d+)\)", line)
        if m:
            out["threads"] = int(m.group(1))
        m = re.match(r"^(VmRSS|RssAnon|RssFile|RssShmem|VmHWM):\s+(\d+) kB", line)
        if m:
            proc[m.group(1)] = int(m.group(2)) / 1024
        m = re.match(r"^# variant [^:]+: (.*)$", line)
        if m:
            flags = m.group(1)
    proc["flags"] = flags
    return out, proc


def main():
    run = sys.argv[1]
    labels = []
    for name in sorted(os.listdir(run)):
        m = re.match(r"^memory-(.+)\.txt$", name)
        if m:
            labels.append(m.group(1))
    labels.sort(key=lambda l: (int(l.rsplit("-", 1)[1]), l))
    w = print
    w(f"Run folder `{run}`.")
    w("")
    w("| Round | flags | batched readings/s | single 202/s | single p99 ms | RSS max batched MB | RSS max FHIR MB | RSS max single MB "
      "| RSS end MB (anon + file) | NMT committed MB | heap | metaspace + class space | classes | threads (MB, #) | code "
      "| GC | compiler | internal | other (direct) | symbol | NMT itself |")
    w("| --- | --- | ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: "
      "| ---: | ---: | ---: | ---: |")
    for label in labels:
        b = load(f"{run}/mem-{label}-batched.json") or {}
        s = load(f"{run}/mem-{label}-single.json") or {}
        pb = proc_stats(run, f"mem-{label}-batched")
        ps = proc_stats(run, f"mem-{label}-single")
        pf = proc_stats(run, f"mem-{label}-fhir")
        nmt, proc = memory(f"{run}/memory-{label}.txt")
        p99 = (s.get("latencyMs") or {}).get("p99")

        def mb(key, src=nmt):
            v = src.get(key)
            return f"{v:,.0f}" if v is not None else "-"

        w(f"| {label} | `{proc.get('flags') or '-'}` | {b.get('readingsPerSecond', 0):,.0f} | "
          f"{s.get('acceptedRequestsPerSecond', 0):,.0f} | {p99 if p99 is not None else '-'} | "
          f"{pb.get('ingest_rss_max_mb', 0):,.0f} | {pf.get('ingest_rss_max_mb', 0):,.0f} | {ps.get('ingest_rss_max_mb', 0):,.0f} | "
          f"{mb('VmRSS', proc)} ({mb('RssAnon', proc)} + {mb('RssFile', proc)}) | {mb('Total')} | {mb('Java Heap')} | "
          f"{(nmt.get('Metaspace') or 0) + (nmt.get('Class') or 0):,.0f} | {nmt.get('classes', '-')} | {mb('Thread')}, {nmt.get('threads', '-')} | {mb('Code')} | "
          f"{mb('GC')} | {mb('Compiler')} | {mb('Internal')} | {mb('Other')} | {mb('Symbol')} | "
          f"{mb('Native Memory Tracking')} |")


if __name__ == "__main__":
    main()
