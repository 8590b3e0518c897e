#!/usr/bin/env bash
# Detection benchmark: the detection topology alone (module detection), on a real KRaft broker, against its
# ceiling (a plain consumer that only deserializes the same topic), on THIS machine. One run of
# detection-benchmark/target/detection-benchmark.jar (org.portwatch.bench.DetectionBenchmark):
#   load     a monitored profile per patient; the warm state: every patient's first HISTORY_MINUTES=190 minutes
#            (heart rate every minute, temperature every five, a few % febrile or tachycardic) computed offline
#            with the detector's own PatientDetector and state serde; then the replay, the next
#            REPLAY_MINUTES=10 minutes of all patients (PATIENTS x 12 readings), produced before anything is
#            measured. HISTORY_MINUTES=0: the v1 benchmark (fresh state, READINGS_PER_PATIENT readings each)
#   (a)+(b)  REPEATS x: the ceiling, then the topology (exactly_once_v2, 1 stream thread, fresh application id):
#            its changelogs seeded with the warm state, a warm-up (restore, profiles) and a clean close, then
#            a restart on its local state timed to committed offsets at the end of the replay: throughput from
#            RUNNING (per stream-thread CPU-second) and catch-up from start; CPU per thread group
#   (c)      live: RATE readings/s for LATENCY_SECONDS with receivedAt = now, detection latency, NO_DATA active
#            (every patient monitored and filed; 500 silent patients coming due during the phase)
#   (d)      state bytes per patient (store after the replay = 3 h 20 min of history, RocksDB, changelog, and
#            the offline steady state by kind of patient)
#   (e)      flood: 70,000 heart rates from one device in 10 s, then 20 other patients' oral 38.6 °C: their
#            alerts' delay, and the flooded patient's state bytes
#   profile  PROFILE=1: one more, unmeasured topology run under JFR, summarised by top frames, if time allows
# The broker runs in a JVM of its own (started and stopped here), so the benchmark JVM's CPU is the
# detector's. Everything talks to 127.0.0.1 only; every phase is bounded and the whole run is cut at
# MAX_MINUTES (the benchmark skips what would not fit) plus a hard timeout.
#
# Usage: bench/detection-benchmark.sh          (from anywhere; about 15-20 minutes at 100,000 patients)
# Knobs (environment): PATIENTS=100000 HISTORY_MINUTES=190 REPLAY_MINUTES=10 READINGS_PER_PATIENT=20
#   PARTITIONS=6 RATE=5000 LATENCY_SECONDS=60 REPEATS=3 SKIP_CEILING=0 SKIP_LIVE=0 SKIP_FLOOD=0
#   FLOOD_READINGS=70000 PROFILE=0 MAX_MINUTES=22 HEAP=4g BROKER_HEAP=1g SKIP_BUILD=0 EXTRA_ARGS= (more
#   options, see `java -jar detection-benchmark/target/detection-benchmark.jar help`)
#   A quick check that every phase works: PATIENTS=2000 REPEATS=1 LATENCY_SECONDS=20 MAX_MINUTES=8
# Output: bench/results/detection-<date>.json (the whole result), .console.log (this console), .log (Kafka,
#   Streams and detector logs of the benchmark JVM), -broker.log, and
#   the JFR recording in detection-benchmark/target/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PATIENTS="${PATIENTS:-100000}"
READINGS_PER_PATIENT="${READINGS_PER_PATIENT:-20}"
HISTORY_MINUTES="${HISTORY_MINUTES:-190}"
REPLAY_MINUTES="${REPLAY_MINUTES:-10}"
SKIP_CEILING="${SKIP_CEILING:-0}"
SKIP_LIVE="${SKIP_LIVE:-0}"
SKIP_FLOOD="${SKIP_FLOOD:-0}"
FLOOD_READINGS="${FLOOD_READINGS:-70000}"
PARTITIONS="${PARTITIONS:-6}"
RATE="${RATE:-5000}"
LATENCY_SECONDS="${LATENCY_SECONDS:-60}"
REPEATS="${REPEATS:-3}"
PROFILE="${PROFILE:-0}"
MAX_MINUTES="${MAX_MINUTES:-22}"
HEAP="${HEAP:-4g}"
BROKER_HEAP="${BROKER_HEAP:-1g}"
SKIP_BUILD="${SKIP_BUILD:-0}"
EXTRA_ARGS="${EXTRA_ARGS:-}"

JAR=detection-benchmark/target/detection-benchmark.jar
STAMP="$(date -u +%Y%m%dT%H%M%SZ)"
RESULTS=bench/results
JSON="$RESULTS/detection-$STAMP.json"
CONSOLE="$RESULTS/detection-$STAMP.console.log"
BROKER_LOG="$RESULTS/detection-$STAMP-broker.log"
WORK="detection-benchmark/target/bench-work/$STAMP"
JFR="detection-benchmark/target/detection-$STAMP.jfr"
BOOTSTRAP_FILE="$WORK/bootstrap"

BROKER_PID=""

log() { printf '[detection-benchmark.sh %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

stop_broker() {
    if [[ -n "$BROKER_PID" ]] && kill -0 "$BROKER_PID" 2>/dev/null; then
        touch "$BOOTSTRAP_FILE.stop"
        for _ in $(seq 1 150); do # up to 30 s for a clean shutdown
            kill -0 "$BROKER_PID" 2>/dev/null || break
            sleep 0.2
        done
        if kill -0 "$BROKER_PID" 2>/dev/null; then
            log "broker $BROKER_PID did not stop by itself; terminating it"
            kill "$BROKER_PID" 2>/dev/null || true
        fi
        wait "$BROKER_PID" 2>/dev/null || true
    fi
    BROKER_PID=""
}
LOAD_PID=""
cleanup() {
    stop_broker
    if [[ -n "$LOAD_PID" ]]; then kill "$LOAD_PID" 2>/dev/null || true; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

needs_build() {
    [[ ! -f "$JAR" || ! -d detection-benchmark/target/lib ]] && return 0
    [[ -n "$(find detection-benchmark/src detection-benchmark/pom.xml detection/src common-model/src \
        embedded-infra/src -newer "$JAR" -type f 2>/dev/null | head -1)" ]]
}

if [[ "$SKIP_BUILD" != 1 ]] && needs_build; then
    # One reactor build: the benchmark runs this tree's detection module (target/lib gets its jar), never
    # whatever version another build installed in the local repository, and nothing is installed there.
    log "building detection-benchmark with this tree's detection (and what it needs)"
    mvn -B -q -o -pl detection-benchmark -am package -DskipTests \
        || mvn -B -q -pl detection-benchmark -am package -DskipTests || die "building detection-benchmark"
fi
[[ -f "$JAR" ]] || die "$JAR is missing (SKIP_BUILD=1?)"

mkdir -p "$RESULTS" "$WORK"
GIT_COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo), load $(cut -d' ' -f1-3 /proc/loadavg)"
# The load of the machine every 10 s during the run (other processes share it): written beside the result.
LOADLOG="$RESULTS/detection-$STAMP.load.log"
( while sleep 10; do echo "$(date -u +%H:%M:%S) $(cut -d' ' -f1-4 /proc/loadavg)"; done ) >"$LOADLOG" 2>/dev/null &
LOAD_PID=$!
log "starting the broker in its own JVM (log: $BROKER_LOG)"
java -Xms512m -Xmx"$BROKER_HEAP" -Djava.util.logging.manager=org.jboss.logmanager.LogManager \
    -jar "$JAR" broker --bootstrap-file "$BOOTSTRAP_FILE" --max-minutes $((MAX_MINUTES + 4)) \
    >"$BROKER_LOG" 2>&1 </dev/null &
BROKER_PID=$!
for _ in $(seq 1 600); do # up to 120 s
    [[ -s "$BOOTSTRAP_FILE" ]] && break
    kill -0 "$BROKER_PID" 2>/dev/null || die "the broker exited; see $BROKER_LOG"
    sleep 0.2
done
[[ -s "$BOOTSTRAP_FILE" ]] || die "the broker did not start within 120 s; see $BROKER_LOG"
BOOTSTRAP="$(head -1 "$BOOTSTRAP_FILE")"
log "broker $BOOTSTRAP (pid $BROKER_PID)"

ARGS=(--patients "$PATIENTS" --history-minutes "$HISTORY_MINUTES" --replay-minutes "$REPLAY_MINUTES"
    --readings-per-patient "$READINGS_PER_PATIENT" --flood-readings "$FLOOD_READINGS" --partitions "$PARTITIONS"
    --rate "$RATE" --latency-seconds "$LATENCY_SECONDS" --repeats "$REPEATS" --max-minutes "$MAX_MINUTES"
    --bootstrap "$BOOTSTRAP" --broker-pid "$BROKER_PID" --json-out "$JSON" --work-dir "$WORK/run"
    --git-commit "$GIT_COMMIT")
[[ "$PROFILE" == 1 ]] && ARGS+=(--jfr "$JFR")
[[ "$SKIP_CEILING" == 1 ]] && ARGS+=(--skip-ceiling)
[[ "$SKIP_LIVE" == 1 ]] && ARGS+=(--skip-live)
[[ "$SKIP_FLOOD" == 1 ]] && ARGS+=(--skip-flood)
# shellcheck disable=SC2206
[[ -n "$EXTRA_ARGS" ]] && ARGS+=($EXTRA_ARGS)

CMD=(java -Xms1g -Xmx"$HEAP" -XX:+UseG1GC -Djava.util.logging.manager=org.jboss.logmanager.LogManager
    -jar "$JAR" "${ARGS[@]}")
log "running: ${CMD[*]}"
set +e
timeout --signal=TERM --kill-after=30s $((MAX_MINUTES * 60 + 150)) "${CMD[@]}" 2>&1 | tee "$CONSOLE"
RC=${PIPESTATUS[0]}
set -e
stop_broker
rm -rf "$WORK"

if [[ -f "$JSON" ]]; then
    log "result: $JSON (console: $CONSOLE)"
    grep -m1 '^{"benchmark":"detection"' "$CONSOLE" || true
fi
case "$RC" in
    0) log "done" ;;
    3) log "done, but a phase hit its time limit before the end of the topic (see 'complete' in $JSON)" ;;
    124) die "the benchmark exceeded its hard time limit" ;;
    *) die "the benchmark failed (exit $RC); see $CONSOLE" ;;
esac
exit "$RC"
