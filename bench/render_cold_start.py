#!/usr/bin/env python3
"""Summarises one run of bench/cold-start.sh as Markdown (for docs/benchmarks.md, "Cold start").

Usage: render_cold_start.py RUN_DIR

Per round and variant: time from launch to ready; 202/s in the first WINDOW s of load after ready (cold) and in
the same run against the warm process (warm) and their ratio; 202 answers within the first WINDOW s after the
process was launched (from the cold run's per-second progress lines); RSS. Medians per variant.
"""
import glob
import json
import os
import re
import statistics
import sys

PROGRESS = re.compile(r"^\[\s*([0-9.]+)s (?:measure|warmup )\] ([0-9.]+) req/s, ([0-9.]+) 202/s")


def load_json(path):
    with open(path) as f:
        return json.loads(f.read().strip().splitlines()[-1])


def buckets(log_path):
    """(elapsed_end_s, accepted_in_bucket) from the load generator's 1-s progress lines."""
    out, last = [], 0.0
    with open(log_path) as f:
        for line in f:
            m = PROGRESS.match(line.strip())
            if m:
                t = float(m.group(1))
                out.append((t, float(m.group(3)) * (t - last)))
                last = t
    return out


def rss_max_mb(proc_tsv, name):
    if not os.path.exists(proc_tsv):
        return None
    with open(proc_tsv) as f:
        header = f.readline().rstrip("\n").split("\t")
        col = header.index(f"{name}_rss_kb") if f"{name}_rss_kb" in header else None
        if col is None:
            return None
        values = [int(parts[col]) for parts in (line.rstrip("\n").split("\t") for line in f if not line.startswith("#"))
                  if len(parts) > col and parts[col].isdigit()]
    return max(values) / 1024 if values else None


def main():
    run = sys.argv[1]
    window = 10.0
    settings = {}
    if os.path.exists(f"{run}/settings.txt"):
        for line in open(f"{run}/settings.txt"):
            if "=" in line:
                k, v = line.strip().split("=", 1)
                settings[k] = v
        window = float(settings.get("WINDOW", "10"))
    rows = []
    for line in open(f"{run}/cold-rounds.tsv"):
        label, variant, launched, ready, load1 = line.rstrip("\n").split("\t")
        launched, ready = float(launched), float(ready)
        cold = load_json(f"{run}/cold-{label}.json")
        warm = load_json(f"{run}/warm-{label}.json")
        start = cold["windowStartEpochMs"] / 1000.0
        after_launch = sum(n for t, n in buckets(f"{run}/cold-{label}.log") if start + t <= launched + window)
        warmup = ""
        if os.path.exists(f"{run}/warmup-{label}.txt"):
            text = open(f"{run}/warmup-{label}.txt").read()
            m = re.search(r"in (\d+) ms: (\d+) synthetic requests", text)
            http = re.search(r"none sent; (\d+) over HTTP", text)
            if m:
                warmup = f"{int(m.group(1)) / 1000:.1f} s, {int(m.group(2)):,} requests"
                if http and int(http.group(1)) > 0:
                    warmup += f" + {int(http.group(1)):,} over HTTP"
        rows.append({
            "label": label, "variant": variant, "ready_s": ready - launched, "gap_s": start - ready,
            "cold": cold["acceptedRequestsPerSecond"], "warm": warm["acceptedRequestsPerSecond"],
            "cold_not202": cold["non202"],
            "after_launch": after_launch / window, "load1": float(load1), "warmup": warmup,
            "rss": rss_max_mb(f"{run}/{label}.proc.tsv", "ingest"),
        })
    w = print
    w(f"Run folder `{run}`; settings: " + ", ".join(f"`{k}={v}`" for k, v in settings.items()))
    w("")
    w(f"| Round | variant | ready after launch s | warm-up | cold: 202/s in the first {window:.0f} s of load after ready "
      f"| warm: 202/s, same process | cold / warm | 202/s over the first {window:.0f} s after launch | not 202 (cold) "
      "| RSS max MB | load avg (1 min) |")
    w("| --- | --- | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        w(f"| {r['label']} | {r['variant']} | {r['ready_s']:.1f} | {r['warmup'] or '-'} | {r['cold']:,.0f} | "
          f"{r['warm']:,.0f} | {100 * r['cold'] / r['warm']:.0f} % | {r['after_launch']:,.0f} | {r['cold_not202']} | "
          f"{r['rss']:.0f} | {r['load1']:.1f} |" if r["rss"] else
          f"| {r['label']} | {r['variant']} | {r['ready_s']:.1f} | {r['warmup'] or '-'} | {r['cold']:,.0f} | "
          f"{r['warm']:,.0f} | {100 * r['cold'] / r['warm']:.0f} % | {r['after_launch']:,.0f} | {r['cold_not202']} | - | "
          f"{r['load1']:.1f} |")
    w("")
    w("Medians per variant:")
    w("")
    w("| variant | rounds | ready after launch s | cold 202/s | warm 202/s | cold / warm (median of the rounds' ratios) "
      f"| 202/s over the first {window:.0f} s after launch | client start after ready s |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for variant in dict.fromkeys(r["variant"] for r in rows):
        rs = [r for r in rows if r["variant"] == variant]
        med = lambda key: statistics.median(r[key] for r in rs)
        ratio = statistics.median(r["cold"] / r["warm"] for r in rs)
        w(f"| {variant} | {len(rs)} | {med('ready_s'):.1f} | {med('cold'):,.0f} | {med('warm'):,.0f} | "
          f"**{100 * ratio:.0f} %** | {med('after_launch'):,.0f} | {med('gap_s'):.1f} |")
    alert = f"{run}/alert-load.proc.tsv"
    if os.path.exists(alert):
        w("")
        load = load_json(f"{run}/alert-load.json") if os.path.exists(f"{run}/alert-load.json") else None
        rate = f"({load['readingsPerSecond']:,.0f} readings/s)" if load else ""
        w(f"alert-service (role all) under batched ingest load {rate}: RSS max **{rss_max_mb(alert, 'alert'):.0f} MB**; "
          f"ingest-service (the stack's) {rss_max_mb(alert, 'ingest'):.0f} MB.")
        if os.path.exists(f"{run}/alert-memory.txt"):
            w("")
            w("```")
            w(open(f"{run}/alert-memory.txt").read().rstrip())
            w("```")


if __name__ == "__main__":
    main()
