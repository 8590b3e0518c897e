#!/usr/bin/env python3
"""Renders docs/benchmarks.md from one run directory of bench/ingest-benchmark.sh.

Usage: render_benchmarks.py RUN_DIR EXISTING_DOC "COMMAND"

Everything above the notes marker is generated; the hand-written notes below the marker in
EXISTING_DOC (if any) are carried over unchanged, so re-running the benchmark keeps them.
"""
import datetime
import glob
import json
import os
import platform
import re
import statistics
import subprocess
import sys

NOTES_MARKER = "<!-- Hand-written notes below this line are kept when the benchmark regenerates this file. -->"

# Issue 15 raised the batched bar from 50 % to 70 % of the raw producer.
TARGET_RATIO = 0.70
TARGET_SINGLE_RPS = 8000
TARGET_P99_MS = 50
TARGET_RSS_MB = 300


def sh(*cmd):
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (r.stdout + r.stderr).strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    mem_kb = 0
    with open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemTotal:"):
                mem_kb = int(line.split()[1])
    java = sh("java", "-version").splitlines()
    commit = sh("git", "rev-parse", "--short", "HEAD") or "unknown"
    dirty = sh("git", "status", "--porcelain", "--untracked-files=no")
    return {
        "nproc": sh("nproc"),
        "cpu": cpu,
        "memory": f"{mem_kb / 1024 / 1024:.1f} GiB",
        "java": "; ".join(java[:2]),
        "kernel": platform.release(),
        "commit": commit + (" (with uncommitted changes)" if dirty else ""),
    }


def load(path):
    with open(path) as f:
        return json.load(f)


def runs(run_dir, prefix):
    return [(os.path.basename(p)[:-5], load(p)) for p in sorted(glob.glob(f"{run_dir}/{prefix}-[0-9]*.json"),
                                                               key=lambda p: int(re.findall(r"(\d+)\.json$", p)[0]))]


RAW = re.compile(r"(\d+) records sent, ([\d.]+) records/sec \(([\d.]+) MB/sec\), ([\d.]+) ms avg latency, "
                 r"([\d.]+) ms max latency(?:, (\d+) ms 50th, (\d+) ms 95th, (\d+) ms 99th, (\d+) ms 99.9th)?")


def raw_runs(run_dir):
    result = []
    for p in sorted(glob.glob(f"{run_dir}/raw-[0-9]*.txt"), key=lambda p: int(re.findall(r"(\d+)\.txt$", p)[0])):
        lines = [l for l in open(p).read().splitlines() if RAW.search(l)]
        if not lines:
            continue
        m = RAW.search(lines[-1])
        result.append((os.path.basename(p)[:-4], {
            "records": int(m.group(1)), "recordsPerSecond": float(m.group(2)), "mbPerSecond": float(m.group(3)),
            "avgLatencyMs": float(m.group(4)), "maxLatencyMs": float(m.group(5)),
            "p50": m.group(6), "p99": m.group(8)}))
    return result


def proc_stats(run_dir, label, window=None):
    """Max RSS (whole scenario) and CPU % of one core (in the window) from the sampler's TSV."""
    path = f"{run_dir}/{label}.proc.tsv"
    if not os.path.exists(path):
        return {}
    rows, hz, ncpu = [], 100, os.cpu_count() or 1
    with open(path) as f:
        header = f.readline().rstrip("\n").split("\t")
        for line in f:
            if line.startswith("#"):
                m = re.search(r"clk_tck=(\d+) ncpu=(\d+)", line)
                if m:
                    hz, ncpu = int(m.group(1)), int(m.group(2))
                continue
            values = line.rstrip("\n").split("\t")
            rows.append({h: (int(v) if v else None) for h, v in zip(header, values)})
    if not rows:
        return {}
    out = {}
    for name in ("ingest", "launcher", "alert"):
        rss = [r[f"{name}_rss_kb"] for r in rows if r.get(f"{name}_rss_kb")]
        if rss:
            out[f"{name}_rss_max_mb"] = max(rss) / 1024
        threads = [r[f"{name}_threads"] for r in rows if r.get(f"{name}_threads")]
        if threads:
            out[f"{name}_threads_max"] = max(threads)
    inside = rows
    if window:
        start, end = window
        inside = [r for r in rows if start <= r["epoch_ms"] <= end]
    if len(inside) >= 2:
        a, b = inside[0], inside[-1]
        seconds = (b["epoch_ms"] - a["epoch_ms"]) / 1000
        if seconds > 0:
            for name in ("ingest", "launcher", "alert"):
                ka = f"{name}_cpu_ticks"
                if a.get(ka) is not None and b.get(ka) is not None:
                    out[f"{name}_cpu_pct"] = 100.0 * (b[ka] - a[ka]) / hz / seconds
            busy = b["machine_busy_ticks"] - a["machine_busy_ticks"]
            total = b["machine_total_ticks"] - a["machine_total_ticks"]
            if total > 0:
                out["machine_busy_pct"] = 100.0 * busy / total  # of the whole machine
                out["machine_cores_busy"] = busy / total * ncpu
    return out


def f0(v):
    return "–" if v is None else f"{v:,.0f}"


def f1(v):
    return "–" if v is None else f"{v:,.1f}"


def f2(v):
    return "–" if v is None else f"{v:,.2f}"


def med(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def main():
    run_dir, existing_doc, command = sys.argv[1], sys.argv[2], sys.argv[3]
    m = machine()
    raw = raw_runs(run_dir)
    single = runs(run_dir, "single")
    batched = runs(run_dir, "batched")
    fhir = runs(run_dir, "fhir")
    half = runs(run_dir, "half")
    sweep = sorted(((int(re.findall(r"c(\d+)", os.path.basename(p))[0]), load(p))
                    for p in glob.glob(f"{run_dir}/sweep-c*.json")), key=lambda x: x[0])
    settings = {}
    if os.path.exists(f"{run_dir}/settings.txt"):
        for line in open(f"{run_dir}/settings.txt"):
            if "=" in line:
                k, v = line.rstrip("\n").split("=", 1)
                settings[k] = v
    commands = {}
    if os.path.exists(f"{run_dir}/commands.txt"):
        for line in open(f"{run_dir}/commands.txt"):
            label, cmd = line.rstrip("\n").split(": ", 1)
            commands[label] = cmd

    def window(j):
        return (j["windowStartEpochMs"], j["windowEndEpochMs"])

    def proc(label, j):
        return proc_stats(run_dir, label, window(j))

    raw_median = med([r["recordsPerSecond"] for _, r in raw])
    batched_readings = med([j["readingsPerSecond"] for _, j in batched])
    ratio = batched_readings / raw_median if raw_median and batched_readings is not None else None
    # Each repeat ran raw-i right before batched-i: the ratio within a repeat compares like with like.
    raw_by_i = {label.split("-")[1]: r["recordsPerSecond"] for label, r in raw}
    pair_ratios = [(label, j["readingsPerSecond"] / raw_by_i[label.split("-")[1]])
                   for label, j in batched if raw_by_i.get(label.split("-")[1])]
    single_rps = med([j["acceptedRequestsPerSecond"] for _, j in single])
    # FHIR against our JSON: fhir-i ran right after batched-i, the same readings as a FHIR batch Bundle.
    fhir_readings = med([j["readingsPerSecond"] for _, j in fhir])
    batched_by_i = {label.split("-")[1]: j["readingsPerSecond"] for label, j in batched}
    fhir_pairs = [(label, j["readingsPerSecond"] / batched_by_i[label.split("-")[1]])
                  for label, j in fhir if batched_by_i.get(label.split("-")[1])]
    fhir_ratio = fhir_readings / batched_readings if fhir_readings is not None and batched_readings else None
    load_runs = batched + fhir + single + half
    rss_max = max((proc(label, j).get("ingest_rss_max_mb") or 0 for label, j in load_runs), default=None)

    def verdict(ok):
        return "**met**" if ok else "**not met**"

    now = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    out = []
    w = out.append
    w("# Ingest benchmarks")
    w("")
    w(f"Generated by `bench/ingest-benchmark.sh` on {now} from the raw data in `{run_dir}/` "
      "(not committed: `.local/` is ignored). Re-run the script to regenerate everything above the notes.")
    w("")
    w("## Machine")
    w("")
    w(f"- `nproc`: {m['nproc']}; CPU: {m['cpu']}; memory: {m['memory']}; kernel {m['kernel']}")
    w(f"- Java: {m['java']}")
    w(f"- Commit: `{m['commit']}`; date: {now}")
    w("- Everything on this one machine at once: the load generator, ingest-service, the KRaft broker and "
      "PostgreSQL (both inside the local-stack launcher JVM and its child processes), and whatever else the "
      "shared machine was running (see *other* in the CPU table).")
    loads = []
    if os.path.exists(f"{run_dir}/loadavg.txt"):
        with open(f"{run_dir}/loadavg.txt") as f:
            loads = [line.split() for line in f if len(line.split()) >= 2]
    if loads:
        one_minute = [float(parts[1]) for parts in loads]
        w(f"- Load average (1 min, sampled after each run): median {statistics.median(one_minute):.1f}, "
          f"range {min(one_minute):.1f}-{max(one_minute):.1f} on {m['nproc']} cores "
          "(the benchmark alone keeps both cores busy, about 2-3)")
    if settings.get("ALERT_MODE", "pause") == "pause":
        w("- alert-service (which consumes every ingested reading for detection) was paused (SIGSTOP) during the "
          "measurements, so that the figures are ingest-service's and the broker's; `ALERT_MODE=run` leaves it on.")
    else:
        w("- alert-service ran during the measurements and consumed every ingested reading (column *alert-service CPU*).")
    w("")
    w("## Command")
    w("")
    w("```")
    w(command.strip())
    w("```")
    w("")
    if settings:
        w("Settings: " + ", ".join(f"`{k}={v}`" for k, v in settings.items()))
        w("")
    w("What it ran (first of each kind; all commands are in `commands.txt` of the run):")
    w("")
    w("```")
    for label in ("raw-1", "batched-1", "fhir-1", "single-1", "half-1"):
        if label in commands:
            w(f"# {label}")
            w(commands[label])
    w("```")
    w("")
    w("## Results against the targets")
    w("")
    w("| Target | Measured (median) | Verdict |")
    w("| --- | --- | --- |")
    if ratio is not None:
        pairs = ", ".join(f"{r * 100:.0f} %" for _, r in pair_ratios)
        w(f"| Batched ingest (100 readings/request) ≥ {TARGET_RATIO * 100:.0f} % of the raw producer's records/s | "
          f"{f0(batched_readings)} readings/s vs {f0(raw_median)} records/s raw = **{ratio * 100:.0f} %** "
          f"(repeat by repeat: {pairs}) | {verdict(ratio >= TARGET_RATIO)} |")
    if fhir_ratio is not None:
        pairs = ", ".join(f"{r * 100:.0f} %" for _, r in fhir_pairs)
        w(f"| FHIR R4 ingest (batch Bundles of 100 Observations) ≥ 50 % of `/api/v1/readings`' readings/s | "
          f"{f0(fhir_readings)} vs {f0(batched_readings)} readings/s = **{fhir_ratio * 100:.0f} %** "
          f"(repeat by repeat: {pairs}) | {verdict(fhir_ratio >= 0.5)} |")
    if single_rps is not None:
        w(f"| One reading per request ≥ {TARGET_SINGLE_RPS:,} requests/s | **{f0(single_rps)}** requests/s (202) | "
          f"{verdict(single_rps >= TARGET_SINGLE_RPS)} |")
    for label, hj in half:
        lat = hj["latencyMs"]
        sustained = hj["sentInWindow"] >= 0.99 * hj["scheduledInWindow"]
        which = ("half the measured flat-out rate" if label == "half-1"
                 else f"half the target's {TARGET_SINGLE_RPS:,}/s")
        w(f"| p99 < {TARGET_P99_MS} ms at half that rate: {f0(hj['targetRate'])} req/s ({which}) | "
          f"p50 {f2(lat['p50'])} ms, **p99 {f2(lat['p99'])} ms**, max {f2(lat['max'])} ms "
          f"(from intended send time){'' if sustained else ', rate NOT sustained'} | "
          f"{verdict(lat['p99'] < TARGET_P99_MS and sustained)} |")
    if rss_max:
        w(f"| ingest-service RSS < {TARGET_RSS_MB} MB under that load | max **{f0(rss_max)} MB** over runs (b)-(d) | "
          f"{verdict(rss_max < TARGET_RSS_MB)} |")
    w("")

    w("## All runs")
    w("")
    w("Raw producer (`ProducerPerformance`, 200-byte records, acks=all, topic `bench.raw`, 6 partitions):")
    w("")
    w("| Run | records/s | MB/s | avg latency ms | max latency ms | broker+PG (launcher) CPU % of a core | "
      "machine busy (of 200 %) |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: |")
    for label, r in raw:
        p = proc_stats(run_dir, label)
        busy = p.get("machine_cores_busy")
        w(f"| {label} | {f0(r['recordsPerSecond'])} | {f2(r['mbPerSecond'])} | {f1(r['avgLatencyMs'])} | "
          f"{f1(r['maxLatencyMs'])} | {f0(p.get('launcher_cpu_pct'))} % | {f0(busy * 100 if busy else None)} % |")
    w("")
    w("Ingest (latency in ms of the 202 answers; at a fixed rate measured from the intended send time; "
      "CPU as % of one core over the measured window; the machine has "
      f"{m['nproc']} cores = {int(m['nproc'] or 1) * 100} %):")
    w("")
    w("| Run | batch | conns | target rate | req/s | 202/s | readings/s | not 202 | p50 | p90 | p99 | p99.9 | max "
      "| ingest CPU | broker+PG CPU | alert-service CPU | client CPU | other | ingest RSS max MB | ingest threads |")
    w("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: "
      "| ---: | ---: | ---: | ---: |")
    for label, j in batched + fhir + single + half + [(f"sweep-c{c}", j) for c, j in sweep]:
        p = proc(label, j)
        lat = j["latencyMs"]
        machine_pct = p.get("machine_cores_busy")
        other = None
        if machine_pct is not None:
            other = machine_pct * 100 - (p.get("ingest_cpu_pct") or 0) - (p.get("launcher_cpu_pct") or 0) \
                - (p.get("alert_cpu_pct") or 0) - max(0, j.get("clientCpuPercent") or 0)
        w(f"| {label} | {j['batch']} | {j['connections']} | "
          f"{f0(j['targetRate']) if j['targetRate'] else 'flat out'} | {f0(j['requestsPerSecond'])} | "
          f"{f0(j['acceptedRequestsPerSecond'])} | {f0(j['readingsPerSecond'])} | {j['non202']} | "
          f"{f2(lat['p50'])} | {f2(lat['p90'])} | {f2(lat['p99'])} | {f2(lat['p999'])} | {f2(lat['max'])} | "
          f"{f0(p.get('ingest_cpu_pct'))} % | {f0(p.get('launcher_cpu_pct'))} % | {f0(p.get('alert_cpu_pct'))} % | "
          f"{f0(j.get('clientCpuPercent'))} % | "
          f"{f0(other)} % | {f0(p.get('ingest_rss_max_mb'))} | {p.get('ingest_threads_max', '–')} |")
    w("")
    problems = [(label, j) for label, j in load_runs + [(f"sweep-c{c}", j) for c, j in sweep] if j["non202"] > 0]
    if problems:
        w("Answers other than 202 (counted in *not 202* above, never dropped):")
        w("")
        for label, j in problems:
            counts = ", ".join(f"{k}: {v}" for k, v in j["statusCounts"].items() if k != "202")
            w(f"- {label}: {counts}")
            for status, body in j.get("samples", {}).items():
                w(f"  - sample {status}: `{body[:200]}`")
        w("")
    else:
        w("Every request in every measured window was answered 202.")
        w("")
    for label, hj in half:
        if hj["sentInWindow"] < 0.99 * hj["scheduledInWindow"]:
            w(f"{label} fell behind its schedule: {hj['sentInWindow']} of {hj['scheduledInWindow']} requests left "
              f"in the window (max lag {f1(hj['maxScheduleLagMs'])} ms); the latencies above include that wait.")
            w("")

    for name, title in (("single", "single readings, flat out"), ("batched", "100 readings a request, flat out")):
        threads = f"{run_dir}/thread-cpu-{name}.txt"
        profile = f"{run_dir}/profile-top-{name}.txt"
        memory = f"{run_dir}/memory-{name}.txt"
        if not any(os.path.exists(x) for x in (threads, profile, memory)):
            continue
        w(f"## Where ingest-service spends its CPU and memory ({title})")
        w("")
        w("Taken after the measured runs, in a separate run, so that profiling does not touch the figures.")
        w("")
        if os.path.exists(threads):
            w("CPU per thread group (from `/proc/<pid>/task/*/stat`, % of one core):")
            w("")
            w("```")
            w(open(threads).read().rstrip())
            w("```")
            w("")
        if os.path.exists(profile):
            text = open(profile).read().rstrip().splitlines()
            w("JFR execution samples (Java code only; time in system calls is not sampled):")
            w("")
            w("```")
            w("\n".join(text[:70]))
            w("```")
            w("")
        if os.path.exists(memory):
            w("Memory (RSS, heap, metaspace, code cache) at the end of that run:")
            w("")
            w("```")
            w(open(memory).read().rstrip())
            w("```")
            w("")

    w("## What the figures say (generated)")
    w("")
    if ratio is not None:
        w(f"- Batched: ingest-service turned {f0(batched_readings)} readings/s into Kafka records, "
          f"{ratio * 100:.0f} % of what the raw producer alone reached ({f0(raw_median)} records/s). The raw figure is "
          "one producer with nothing else to do; ingest pays for HTTP, JSON parsing, validation and a JSON "
          "record per reading (larger than 200 bytes), on the same two cores as the broker and the client.")
    if single_rps is not None:
        w(f"- Single readings: {f0(single_rps)} requests/s flat out (median of {len(single)}), "
          f"{'above' if single_rps >= TARGET_SINGLE_RPS else 'below'} the {TARGET_SINGLE_RPS:,}/s target.")
    for label, hj in half:
        w(f"- Latency at {f0(hj['targetRate'])} req/s: p99 {f2(hj['latencyMs']['p99'])} ms, "
          f"max {f2(hj['latencyMs']['max'])} ms, counted from when each request was due, so client or server "
          "stalls are included, not hidden.")
    if rss_max:
        w(f"- Memory: ingest-service's RSS peaked at {f0(rss_max)} MB (run-local starts it with -Xmx256m).")
    w("- Client share: the load generator itself needs CPU on the same box (column *client CPU*); every "
      "request/s it spends is one the server cannot. A second machine would raise every ingest figure.")
    w("")
    w(NOTES_MARKER)
    notes = ""
    if os.path.exists(existing_doc):
        text = open(existing_doc).read()
        if NOTES_MARKER in text:
            notes = text.split(NOTES_MARKER, 1)[1]
    print("\n".join(out) + (notes if notes.strip() else "\n"), end="")


if __name__ == "__main__":
    main()
