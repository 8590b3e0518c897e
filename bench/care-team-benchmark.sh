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
# Output: bench/results/care-team-<date>-<run>.json per run, <date>.console.log, and <date>-proc.tsv: every service's
#   RSS, CPU and threads each second (bench/sample_proc.py), summarised per process at the end (median and max RSS).
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
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS=bench/results
mkdir -p "$RESULTS"
CONSOLE="$RESULTS/care-team-$STAMP.console.log"
exec > >(tee "$CONSOLE") 2>&1

echo "care-team benchmark $STAMP on $(uname -n): $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg), $(grep MemTotal /proc/meminfo | awk '{print $2/1024/1024 " GiB"}')"
STACK_LOG="$RESULTS/care-team-$STAMP-stack.log"
./run-local.sh --no-simulator ${STACK_OPTS:-} > "$STACK_LOG" 2>&1 &
STACK_PID=$!
SAMPLER_PID=""
stop_stack() {
  [[ -n "$SAMPLER_PID" ]] && kill -TERM "$SAMPLER_PID" 2>/dev/null && wait "$SAMPLER_PID" 2>/dev/null
  kill -TERM "$STACK_PID" 2>/dev/null || true
  wait "$STACK_PID" 2>/dev/null || true
}
trap stop_stack EXIT

for _ in $(seq 1 600); do
  grep -q "local stack is up" "$STACK_LOG" && break
  kill -0 "$STACK_PID" 2>/dev/null || { echo "the local stack did not start; see $STACK_LOG"; exit 1; }
  sleep 1
done
grep -q "local stack is up" "$STACK_LOG" || { echo "the local stack did not start within 10 minutes"; exit 1; }

# Every service's RSS, CPU and threads, each second, from here to the end (the launcher's .local/stack.json names them).
PROC_TSV="$RESULTS/care-team-$STAMP-proc.tsv"
mapfile -t WATCHED < <(python3 -c 'import json,sys; [print(f"{k}={v}") for k, v in json.load(open(sys.argv[1]))["pids"].items()]' \
  .local/stack.json)
python3 bench/sample_proc.py "$PROC_TSV" 1 "${WATCHED[@]}" &
SAMPLER_PID=$!
echo "stack: ${WATCHED[*]} (${STACK_OPTS:-single process})"

run() {
  local name=$1 rate=$2
  java -cp "local-stack/target/local-stack.jar:local-stack/target/lib/*" org.portwatch.local.bench.CareTeamLatency \
    --events "$EVENTS" --rate "$rate" --wait-seconds "${WAIT:-60}" --out "$RESULTS/care-team-$STAMP-$name.json"
}
# One unmeasured warm-up: the first transactions compile queries and classes.
EVENTS=50 run warmup "$RATE" > /dev/null
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
