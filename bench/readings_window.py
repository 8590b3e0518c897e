#!/usr/bin/env python3
"""The detector under a readings load, for bench/care-team-benchmark.sh (READINGS_RATE=...).

  readings_window.py snapshot OUT.prom URL...
      GETs URL/q/metrics of each service (one after the other) into OUT.prom, each block headed by
      '# url=URL epoch_ms=MS loadavg=L1 L5 L15'.
  readings_window.py window NAME LAYOUT STACK A.prom B.prom PROC.tsv DETECTOR_URL INGEST_URL [OUT.json]
      What happened between snapshots A and B (window NAME of stack STACK, layout all or split): the detector's latency (portwatch_detection_latency_seconds,
      since=received and since=measured: median, p95, p99 from the histogram's buckets, as Prometheus'
      histogram_quantile interpolates), alerts RAISED, readings it processed per second, readings ingest
      accepted per second, Kafka Streams' own record e2e latency at the readings source (gauges over its last
      sample windows, read at B), and per process from PROC.tsv
      (bench/sample_proc.py) the CPU it used (cores) and its RSS (median, max MB). Prints one line, writes JSON.
  readings_window.py compare OUT.md WINDOW.json...
      One table row per window, then the medians per layout and window name and the ratio split / single.
"""
import glob
import json
import re
import statistics
import sys
import time
import urllib.request

SAMPLE = re.compile(r'^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+(\S+)')
LABEL = re.compile(r'(\w+)="((?:[^"\\]|\\.)*)"')


# What the windows read; the rest of /q/metrics (about 1 MB a snapshot) is not kept.
KEEP = ("portwatch_detection_", "portwatch_ingest_readings_", "kafka_stream_processor_node_record_e2e_latency")


def kept(text):
    return "".join(line + "\n" for line in text.splitlines()
                   if line.startswith(KEEP) or line.startswith(tuple("# TYPE " + k for k in KEEP)))


def snapshot(out, urls):
    with open(out, "w") as f:
        for url in urls:
            now = int(time.time() * 1000)
            load = " ".join(open("/proc/loadavg").read().split()[:3])
            try:
                text = urllib.request.urlopen(url.rstrip("/") + "/q/metrics", timeout=10).read().decode()
            except OSError as e:
                text = f"# unreachable: {e}\n"
            f.write(f"# url={url} epoch_ms={now} loadavg={load}\n{kept(text)}\n")


def parse(path):
    """{url: {"epoch_ms": int, "loadavg": str, "samples": [(name, {labels}, value)]}}"""
    blocks, current = {}, None
    for line in open(path):
        if line.startswith("# url="):
            head = dict(kv.split("=", 1) for kv in line[2:].split(" ", 2))
            current = blocks.setdefault(head["url"], {"epoch_ms": int(head["epoch_ms"]),
                                                      "loadavg": head["loadavg"].strip(), "samples": []})
            continue
        if current is None or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        if m:
            try:
                value = float(m.group(4))
            except ValueError:
                continue
            current["samples"].append((m.group(1), dict(LABEL.findall(m.group(3) or "")), value))
    return blocks


def total(block, name, **labels):
    return sum(v for n, l, v in block["samples"]
               if n == name and all(l.get(k) == want for k, want in labels.items()))


def buckets(block, name, **labels):
    out = {}
    for n, l, v in block["samples"]:
        if n == name + "_bucket" and all(l.get(k) == want for k, want in labels.items()):
            le = float("inf") if l["le"] == "+Inf" else float(l["le"])
            out[le] = out.get(le, 0) + v
    return out


def quantile(q, cumulative):
    """histogram_quantile over [(le, cumulative count)] sorted by le; None without observations."""
    if not cumulative or cumulative[-1][1] <= 0:
        return None
    rank = q * cumulative[-1][1]
    lower_le, lower_count = 0.0, 0.0
    for le, count in cumulative:
        if count >= rank:
            if le == float("inf"):
                return lower_le
            if count == lower_count:
                return le
            return lower_le + (le - lower_le) * (rank - lower_count) / (count - lower_count)
        lower_le, lower_count = le, count
    return cumulative[-1][0]


def latency(a, b, since):
    name = "portwatch_detection_latency_seconds"
    before, after = buckets(a, name, since=since), buckets(b, name, since=since)
    cumulative = sorted((le, after[le] - before.get(le, 0)) for le in after)
    count = total(b, name + "_count", since=since) - total(a, name + "_count", since=since)
    seconds = total(b, name + "_sum", since=since) - total(a, name + "_sum", since=since)
    ms = lambda s: None if s is None else round(s * 1000, 1)
    return {"count": int(count), "meanMs": ms(seconds / count) if count else None,
            "p50Ms": ms(quantile(0.5, cumulative)), "p95Ms": ms(quantile(0.95, cumulative)),
            "p99Ms": ms(quantile(0.99, cumulative))}


def streams_e2e(block):
    """Kafka Streams' record e2e latency at the readings source node (ms: wall clock at processing minus the record's
    timestamp), averaged over the tasks, and its max: gauges over Streams' last sample windows (~30-60 s), read at the
    snapshot. The record timestamp is the reading's; ingest's batches of several seconds of readings add to it."""
    avg = [v for n, l, v in block["samples"] if n == "kafka_stream_processor_node_record_e2e_latency_avg"
           and l.get("processor_node_id") == "readings" and v == v]
    peak = [v for n, l, v in block["samples"] if n == "kafka_stream_processor_node_record_e2e_latency_max"
            and l.get("processor_node_id") == "readings" and v == v]
    return {"readingsAvgMs": round(statistics.mean(avg)) if avg else None,
            "readingsMaxMs": round(max(peak)) if peak else None}


def processes(proc_tsv, start_ms, end_ms):
    rows = [line.rstrip("\n").split("\t") for line in open(proc_tsv)]
    header = rows[0]
    tck = int(next(r[0].split("clk_tck=")[1].split()[0] for r in rows if r[0].startswith("# clk_tck")))
    data = [r for r in rows[1:] if not r[0].startswith("#") and start_ms <= int(r[0]) <= end_ms]
    out = {}
    if len(data) < 2:
        return out, None
    seconds = (int(data[-1][0]) - int(data[0][0])) / 1000
    busy = int(data[-1][1]) - int(data[0][1])
    machine_total = int(data[-1][2]) - int(data[0][2])
    for i, name in enumerate(header):
        if not name.endswith("_rss_kb"):
            continue
        process = name[:-7]
        rss = [int(r[i]) / 1024 for r in data if len(r) > i and r[i]]
        ticks = [int(r[i + 1]) for r in data if len(r) > i + 1 and r[i + 1]]
        if len(rss) < 2:
            continue
        out[process] = {"cpuCores": round((ticks[-1] - ticks[0]) / tck / seconds, 3),
                        "rssMedianMb": round(statistics.median(rss)), "rssMaxMb": round(max(rss))}
    return out, round(busy / machine_total, 3) if machine_total else None


def window(name, layout, stack, a_path, b_path, proc_tsv, detector_url, ingest_url, out=None):
    a_all, b_all = parse(a_path), parse(b_path)
    a, b = a_all[detector_url], b_all[detector_url]
    ia, ib = a_all[ingest_url], b_all[ingest_url]
    seconds = (b["epoch_ms"] - a["epoch_ms"]) / 1000
    raised = "portwatch_detection_alerts_total"
    result = {
        "window": name,
        "layout": layout,
        "stack": stack,
        "seconds": round(seconds, 1),
        "loadavgAtStart": a["loadavg"], "loadavgAtEnd": b["loadavg"],
        "detectorReadingsPerSecond": round((total(b, "portwatch_detection_readings_total")
                                            - total(a, "portwatch_detection_readings_total")) / seconds, 1),
        "ingestAcceptedPerSecond": round((total(ib, "portwatch_ingest_readings_accepted_total")
                                          - total(ia, "portwatch_ingest_readings_accepted_total")) / seconds, 1),
        "alertsRaised": int(total(b, raised, transition="raised") - total(a, raised, transition="raised")),
        "feverRaised": int(total(b, raised, transition="raised", condition="fever")
                           - total(a, raised, transition="raised", condition="fever")),
        "detectionSinceReceived": latency(a, b, "received"),
        "detectionSinceMeasured": latency(a, b, "measured"),
        "streamsE2eAtEndMs": streams_e2e(b),
    }
    result["processes"], result["machineBusy"] = processes(proc_tsv, a["epoch_ms"], b["epoch_ms"])
    if out:
        with open(out, "w") as f:
            json.dump(result, f, indent=2)
    d = result["detectionSinceReceived"]
    cpu = ", ".join(f"{p} {v['cpuCores']:.2f} cores {v['rssMedianMb']}/{v['rssMaxMb']} MB"
                    for p, v in result["processes"].items())
    print(f"{name}: {seconds:.0f} s, load {a['loadavg'].split()[0]}->{b['loadavg'].split()[0]}; readings/s detector "
          f"{result['detectorReadingsPerSecond']}, ingest {result['ingestAcceptedPerSecond']}; "
          f"{result['alertsRaised']} alerts raised; detection since received p50 {d['p50Ms']} p95 {d['p95Ms']} "
          f"p99 {d['p99Ms']} ms ({d['count']}); {cpu}")
    return result


def care_team(prefix):
    """The care-team figures of one stack (CareTeamLatency's JSON files beside the window files), where present."""
    def load(suffix):
        hits = sorted(glob.glob(prefix + suffix))
        return json.load(open(hits[0])) if hits else None
    out = {}
    for key, suffix in (("steady", "-steady-1.json"), ("burst", "-burst.json")):
        d = load(suffix)
        if d:
            out[key + " feed p50 / p99 ms"] = f"{d['liveFeed']['medianMs']} / {d['liveFeed']['p99Ms']}"
            out[key + " feed p50 ms"] = d["liveFeed"]["medianMs"]
            out[key + " feed p99 ms"] = d["liveFeed"]["p99Ms"]
    for key, suffix in (("record 1,000", "-record-[0-9]*-1.json"), ("record burst", "-record-burst-*-1.json")):
        d = load(suffix)
        if d:
            t = d["throughput"]
            out[key + " recorded/s"] = round(t["recordedPerSecond"])
            out[key + " ratio to plain consumer"] = round(t["recordedToPlainConsumer"], 2)
            out[key + " feed p99 ms"] = d["liveFeed"]["p99Ms"]
            out[key + " missing"] = d["liveFeed"]["missing"] + d["webhook"]["missing"]
    return out


def compare(out_md, paths):
    """Rows per window; medians per (layout, window); ratios split / single; the care-team figures per stack."""
    windows = [json.load(open(p)) | {"file": p} for p in paths]
    lines = ["| stack | window | s | load | readings/s (detector) | alerts | detection p50 / p95 / p99 ms"
             " | detector CPU cores | detector RSS median/max MB | api CPU cores |",
             "|---|---|---|---|---|---|---|---|---|---|"]
    groups = {}
    for w in windows:
        layout = w.get("layout", "?")
        procs = w["processes"]
        detector = procs.get("alert-service-detector") or procs.get("alert-service") or {}
        api = procs.get("alert-service") if "alert-service-detector" in procs else None
        d = w["detectionSinceReceived"]
        lines.append(f"| {w.get('stack', '')} {layout} | {w['window']} | {w['seconds']:.0f} | "
                     f"{w['loadavgAtStart'].split()[0]}–{w['loadavgAtEnd'].split()[0]} | "
                     f"{w['detectorReadingsPerSecond']:.0f} | {w['alertsRaised']} | "
                     f"{d['p50Ms']} / {d['p95Ms']} / {d['p99Ms']} | {detector.get('cpuCores')} | "
                     f"{detector.get('rssMedianMb')}/{detector.get('rssMaxMb')} | "
                     f"{api['cpuCores'] if api else '(in one process)'} |")
        groups.setdefault((w["window"], layout), []).append(w)
    med = lambda ws, f: statistics.median(v for v in (f(w) for w in ws) if v is not None) \
        if any(f(w) is not None for w in ws) else None
    metrics = {
        "readings/s (detector)": lambda w: w["detectorReadingsPerSecond"],
        "detection p50 ms": lambda w: w["detectionSinceReceived"]["p50Ms"],
        "detection p95 ms": lambda w: w["detectionSinceReceived"]["p95Ms"],
        "detection p99 ms": lambda w: w["detectionSinceReceived"]["p99Ms"],
        "alert-service CPU cores (both roles)": lambda w: sum(
            v["cpuCores"] for p, v in w["processes"].items() if p.startswith("alert-service")),
        "alert-service RSS median MB (both roles)": lambda w: sum(
            v["rssMedianMb"] for p, v in w["processes"].items() if p.startswith("alert-service")),
        "machine busy": lambda w: w["machineBusy"],
        "Streams e2e at readings source, avg ms (gauge at the end)": lambda w: w["streamsE2eAtEndMs"]["readingsAvgMs"],
    }
    lines += ["", "| window | figure | single (all), median | split, median | split / single |", "|---|---|---|---|---|"]
    for name in sorted({w["window"] for w in windows}):
        single, split = groups.get((name, "all"), []), groups.get((name, "split"), [])
        for label, f in metrics.items():
            s, p = med(single, f), med(split, f)
            s, p = (None if v is None else round(v, 3) for v in (s, p))
            ratio = f"{p / s:.2f}" if s and p is not None else "–"
            lines.append(f"| {name} | {label} | {s} | {p} | {ratio} |")
    stacks = {}
    for w in windows:
        stacks.setdefault(w["file"].rsplit("-", 1)[0], w.get("layout", "?"))
    figures = {prefix: care_team(prefix) for prefix in stacks}
    every = list(dict.fromkeys(k for f in figures.values() for k in f))
    # Per stack, steady and burst as "p50 / p99"; in the ratios, each figure on its own.
    names = [n for n in every if n.startswith("record") or n.endswith("p50 / p99 ms")]
    lines += ["", "Care-team phases beside the readings (bench/care-team-benchmark.sh's own figures):", "",
              "| stack | " + " | ".join(names) + " |", "|---" * (len(names) + 1) + "|"]
    for prefix, layout in stacks.items():
        lines.append(f"| {prefix.rsplit('/', 1)[-1]} ({layout}) | "
                     + " | ".join(str(figures[prefix].get(n, "")) for n in names) + " |")
    numeric = [n for n in every if all(isinstance(figures[p].get(n), (int, float)) for p in stacks)]
    lines += ["", "| care-team figure | single (all), median | split, median | split / single |", "|---|---|---|---|"]
    for n in numeric:
        s_vals = [figures[p][n] for p, l in stacks.items() if l == "all"]
        p_vals = [figures[p][n] for p, l in stacks.items() if l == "split"]
        if s_vals and p_vals:
            s_med, p_med = statistics.median(s_vals), statistics.median(p_vals)
            lines.append(f"| {n} | {s_med} | {p_med} | {p_med / s_med:.2f} |" if s_med else f"| {n} | {s_med} | {p_med} | – |")
    text = "\n".join(lines) + "\n"
    with open(out_md, "w") as f:
        f.write(text)
    print(text)


def main():
    command, args = sys.argv[1], sys.argv[2:]
    if command == "snapshot":
        snapshot(args[0], args[1:])
    elif command == "window":
        window(*args)
    elif command == "compare":
        compare(args[0], args[1:])
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main()
