#!/usr/bin/env bash
# Care-team benchmark: how fast an alert reaches the care team, on the local stack of THIS machine.
# Starts ./run-local.sh --no-simulator (both services, real Kafka and PostgreSQL), then REPEATS runs of
# org.portwatch.local.bench.CareTeamLatency: EVENTS RAISED events written to vitals.alerts at RATE per second, each
# decided "now", timed to their arrival on a clinician's live feed (SSE) and at a webhook receiver on loopback.
# Then once more at BURST_RATE. Then the alerts of record at scale (issue 15), REPEATS times each: RECORD_EVENTS sent
# within one second and a RECORD_BURST burst sent as fast as the producer can, each reporting events/s recorded
# (arrival on the live feed, whose row commits with the alert) against a plain consumer of vitals.alerts in the same
# run, the feed's latency and the webhooks/s delivered to the loopback receiver. Stops the stack at the end.
#
# Usage: bench/care-team-benchmark.sh       (from anywhere; about 4 minutes)
# Knobs (environment): EVENTS=300 RATE=10 REPEATS=3 BURST_RATE=100 RECORD_EVENTS=1000 RECORD_BURST=10000
#   PHASES="latency record" (either or both); STACK_OPTS="--ingest-port 18480 --alert-port 18481" when 8080/8081 are taken;
#   STACK_OPTS="--split-roles" runs alert-service as two processes (api and detector roles) instead of one of role all,
#   the two-role layout against the single process.
# The detector under a readings load (docs/benchmarks.md, "Two roles under readings load"): READINGS_RATE=R (readings
#   per second, a whole number; 0 = none, the default) drives readings through ingest-service with load-generator for
#   the whole run: READINGS_DEVICES=500 devices, one patient each, requests of READINGS_BATCH=10 readings,
#   FEVER_SHARE=0.01 of the temperatures oral fevers (the detector raises a FEVER alert at once for a patient's first).
#   After its READINGS_WARMUP=30 s the readings run alone for READINGS_QUIET=30 s (window "quiet"), then beside the
#   care-team phases above (window "bursts"); READINGS_SECONDS=300 must outlast both (200 did not, on a loaded
#   machine: the script then warns). For each window: the detector's own latency (portwatch_detection_latency_seconds),
#   the readings it processed, the alerts it raised, each process's CPU and RSS (bench/readings_window.py).
#   LAYOUTS="all split" runs everything once per layout, each on a fresh stack, in that order (all: one process of role
#   all; split: --split-roles), and compares the layouts of the same run at the end.
# Output: bench/results/care-team-<date>-<run>.json per run, <date>.console.log, and <date>-proc.tsv: every service's
#   RSS, CPU and threads each second (bench/sample_proc.py), summarised per process at the end (median and max RSS).
#   With LAYOUTS the files of stack k are care-team-<date>-<k>-<layout>-*; with READINGS_RATE also -readings.json (the
#   load generator's report), -<window>.json, -<window>-{start,end}.prom (the metrics snapshots) and <date>-readings.md.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
EVENTS="${EVENTS:-300}"
RATE="${RATE:-10}"
REPEATS="${REPEATS:-3}"
BURST_RATE="${BURST_RATE:-100}"
RECORD_EVENTS="${RECORD_EVENTS:-1000}"
RECORD_BURST="${RECORD_BURST:-10000}"
PHASES="${PHASES:-latency record}"
READINGS_RATE="${READINGS_RATE:-0}"
READINGS_DEVICES="${READINGS_DEVICES:-500}"
READINGS_BATCH="${READINGS_BATCH:-10}"
READINGS_WARMUP="${READINGS_WARMUP:-30}"
READINGS_QUIET="${READINGS_QUIET:-30}"
READINGS_SECONDS="${READINGS_SECONDS:-300}"
FEVER_SHARE="${FEVER_SHARE:-0.01}"
LAYOUTS="${LAYOUTS:-}"
[[ "$READINGS_RATE" =~ ^[0-9]+$ ]] || { echo "READINGS_RATE must be a whole number of readings per second"; exit 2; }
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS=bench/results
mkdir -p "$RESULTS"
CONSOLE="$RESULTS/care-team-$STAMP.console.log"
exec > >(tee "$CONSOLE") 2>&1

echo "care-team benchmark $STAMP on $(uname -n): $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(grep MemTotal /proc/meminfo | awk '{print $2/1024/1024 " GiB"}')"
STACK_PID=""
SAMPLER_PID=""
LOADGEN_PID=""
stop_stack() {
  if [[ -n "$LOADGEN_PID" ]]; then kill -TERM "$LOADGEN_PID" 2>/dev/null; wait "$LOADGEN_PID" 2>/dev/null || true; fi
  if [[ -n "$SAMPLER_PID" ]]; then kill -TERM "$SAMPLER_PID" 2>/dev/null; wait "$SAMPLER_PID" 2>/dev/null || true; fi
  if [[ -n "$STACK_PID" ]]; then kill -TERM "$STACK_PID" 2>/dev/null; wait "$STACK_PID" 2>/dev/null || true; fi
  LOADGEN_PID="" SAMPLER_PID="" STACK_PID=""
}
trap stop_stack EXIT

# Where the stack under way writes: care-team-<date>-<run>, or care-team-<date>-<k>-<layout>-<run> with LAYOUTS.
PREFIX="$RESULTS/care-team-$STAMP"

run() {
  local name=$1 rate=$2
  java -cp "local-stack/target/local-stack.jar:local-stack/target/lib/*" org.portwatch.local.bench.CareTeamLatency \
    --events "$EVENTS" --rate "$rate" --wait-seconds "${WAIT:-60}" --out "$PREFIX-$name.json"
}

# The care-team phases (PHASES) against the stack that runs.
care_team_phases() {
  if [[ " $PHASES " == *" latency "* ]]; then
    for i in $(seq 1 "$REPEATS"); do
      echo "--- run $i: $EVENTS events at $RATE/s"
      run "steady-$i" "$RATE"
    done
    echo "--- burst: $EVENTS events at $BURST_RATE/s"
    run burst "$BURST_RATE"
  fi
  if [[ " $PHASES " == *" record "* ]]; then
    # Warm the batch path too (its first batches compile it), unmeasured.
    EVENTS=1000 run record-warmup 1000 > /dev/null
    for i in $(seq 1 "$REPEATS"); do
      echo "--- alerts of record $i: $RECORD_EVENTS events in one second"
      EVENTS=$RECORD_EVENTS WAIT=300 run "record-$RECORD_EVENTS-$i" "$RECORD_EVENTS"
      echo "--- alerts of record $i: a burst of $RECORD_BURST"
      EVENTS=$RECORD_BURST WAIT=600 run "record-burst-$RECORD_BURST-$i" 1000000
    done
  fi
}

# stack_url NAME...: the management URL (.local/stack.json) of the first of those services the stack runs.
stack_url() {
  python3 -c 'import json, sys
urls = json.load(open(".local/stack.json")).get("managementUrls", {})
print(next(urls[n] for n in sys.argv[1:] if n in urls))' "$@"
}

# A failed snapshot or summary costs its figure only, never the run: the .prom files stay to summarise again.
snapshot() {
  python3 bench/readings_window.py snapshot "$PREFIX-$1.prom" "$DETECTOR_URL" "$INGEST_URL" || echo "snapshot $1 failed"
}

# measure_window NAME: the detector, ingest and every process between snapshots NAME-start and NAME-end.
measure_window() {
  python3 bench/readings_window.py window "$1" "${LAYOUT:-}" "${STACK_NO:-1}" "$PREFIX-$1-start.prom" \
    "$PREFIX-$1-end.prom" "$PROC_TSV" "$DETECTOR_URL" "$INGEST_URL" "$PREFIX-$1.json" || echo "window $1: no summary"
}

# bench_stack [LAUNCHER OPTIONS...]: one stack from its start to its stop, every phase against it.
bench_stack() {
  local stack_log="$PREFIX-stack.log"
  # shellcheck disable=SC2086 # STACK_OPTS is a list of options.
  ./run-local.sh --no-simulator ${STACK_OPTS:-} "$@" > "$stack_log" 2>&1 &
  STACK_PID=$!
  for _ in $(seq 1 600); do
    grep -q "local stack is up" "$stack_log" && break
    kill -0 "$STACK_PID" 2>/dev/null || { echo "the local stack did not start; see $stack_log"; exit 1; }
    sleep 1
  done
  grep -q "local stack is up" "$stack_log" || { echo "the local stack did not start within 10 minutes"; exit 1; }

  # Every service's RSS, CPU and threads, each second, from here to the end (the launcher's .local/stack.json names
  # them), and the load generator's.
  PROC_TSV="$PREFIX-proc.tsv"
  local watched
  mapfile -t watched < <(python3 -c 'import json,sys; [print(f"{k}={v}") for k, v in json.load(open(sys.argv[1]))["pids"].items()]' \
    .local/stack.json)
  if ((READINGS_RATE > 0)); then
    DETECTOR_URL=$(stack_url alert-service-detector alert-service)
    INGEST_URL=$(stack_url ingest-service)
    # A fixed rate of requests of READINGS_BATCH readings each, over fresh devices, for longer than the phases take.
    java -Xms128m -Xmx256m -XX:+UseSerialGC -jar load-generator/target/load-generator.jar --json --threads 1 \
      --connections 16 --devices "$READINGS_DEVICES" --batch "$READINGS_BATCH" \
      --rate "$(awk -v r="$READINGS_RATE" -v b="$READINGS_BATCH" 'BEGIN { printf "%.3f", r / b }')" \
      --fever-share "$FEVER_SHARE" --warmup "${READINGS_WARMUP}s" --duration "${READINGS_SECONDS}s" --progress 30s \
      > "$PREFIX-readings.json" 2> "$PREFIX-readings.log" &
    LOADGEN_PID=$!
    watched+=("load-generator=$LOADGEN_PID")
  fi
  python3 bench/sample_proc.py "$PROC_TSV" 1 "${watched[@]}" &
  SAMPLER_PID=$!
  echo "stack: ${watched[*]} (${STACK_OPTS:-} $*)"

  # One unmeasured warm-up: the first transactions compile queries and classes.
  EVENTS=50 run warmup "$RATE" > /dev/null
  if [[ -n "$LOADGEN_PID" ]]; then
    # The load generator names its transport once its devices are registered; its warm-up follows.
    for _ in $(seq 1 300); do
      grep -q "client transport" "$PREFIX-readings.log" && break
      kill -0 "$LOADGEN_PID" 2>/dev/null || { echo "the load generator stopped; see $PREFIX-readings.log"; exit 1; }
      sleep 1
    done
    sleep "$READINGS_WARMUP"
    echo "--- readings alone: $READINGS_RATE/s for $READINGS_QUIET s"
    snapshot quiet-start
    sleep "$READINGS_QUIET"
    snapshot quiet-end
    measure_window quiet
    echo "--- readings beside the care-team phases"
    snapshot bursts-start
  fi
  care_team_phases
  if [[ -n "$LOADGEN_PID" ]]; then
    snapshot bursts-end
    kill -0 "$LOADGEN_PID" 2>/dev/null \
      || echo "warning: the readings stopped before the care-team phases ended: raise READINGS_SECONDS"
    measure_window bursts
    wait "$LOADGEN_PID" || echo "the load generator exited with $?; see $PREFIX-readings.log"
    LOADGEN_PID=""
    grep -v '^\[' "$PREFIX-readings.log" | tail -n 20
  fi
  echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
  kill -TERM "$SAMPLER_PID" 2>/dev/null && wait "$SAMPLER_PID" 2>/dev/null
  SAMPLER_PID=""
  # RSS per process over the whole run (after the stack was up): median and max, MB.
  python3 - "$PROC_TSV" <<'PY'
import statistics, sys
rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if not line.startswith("#")]
header, data = rows[0], rows[1:]
for i, name in enumerate(header):
    if name.endswith("_rss_kb"):
        values = [int(r[i]) / 1024 for r in data if len(r) > i and r[i]]
        if values:
            print(f"RSS {name[:-7]}: median {statistics.median(values):.0f} MB, max {max(values):.0f} MB"
                  f" ({len(values)} samples)")
PY
  stop_stack
}

if [[ -z "$LAYOUTS" ]]; then
  bench_stack
else
  STACK_NO=0
  for LAYOUT in $LAYOUTS; do
    STACK_NO=$((STACK_NO + 1))
    PREFIX="$RESULTS/care-team-$STAMP-$STACK_NO-$LAYOUT"
    echo "=== stack $STACK_NO: layout $LAYOUT ($(date -u +%H:%M:%S), load $(cut -d' ' -f1-3 /proc/loadavg))"
    case "$LAYOUT" in
      all) bench_stack ;;
      split) bench_stack --split-roles ;;
      *) echo "LAYOUTS: unknown layout $LAYOUT (all or split)"; exit 2 ;;
    esac
  done
fi
if ((READINGS_RATE > 0)); then
  python3 bench/readings_window.py compare "$RESULTS/care-team-$STAMP-readings.md" \
    "$RESULTS"/care-team-"$STAMP"*-quiet.json "$RESULTS"/care-team-"$STAMP"*-bursts.json
fi
