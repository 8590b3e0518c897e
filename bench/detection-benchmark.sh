#!/usr/bin/env bash
# Detection benchmark: the detection topology alone (module detection), on a real KRaft broker, against its
# ceiling (a plain consumer that only deserializes the same topic), on THIS machine. One run of
# detection-benchmark/target/detection-benchmark.jar (org.portwatch.bench.DetectionBenchmark):
#   load     a monitored profile per patient, then the replay: PATIENTS x READINGS_PER_PATIENT readings
#            (heart rate every minute, temperature every five, patients interleaved, a few % febrile or
#            tachycardic), produced before anything is measured
#   (a)+(b)  REPEATS x: the ceiling, then the topology (exactly_once_v2, 1 stream thread, fresh application id),
#            timed until its committed offsets reach the end of the topic; CPU per thread group
#   (c)      live: RATE readings/s for LATENCY_SECONDS with receivedAt = now, detection latency
#   (d)      state bytes per patient (store, RocksDB files, changelog, and a 3-hour steady state offline)
#   profile  PROFILE=1: one more, unmeasured topology run under JFR, summarised by top frames, if the time
#            left allows (it rarely does within MAX_MINUTES=12 at 100,000 patients: see docs/benchmarks.md)
# The broker runs in a JVM of its own (started and stopped here), so the benchmark JVM's CPU is the
# detector's. Everything talks to 127.0.0.1 only; every phase is bounded and the whole run is cut at
# MAX_MINUTES (the benchmark skips what would not fit) plus a hard timeout.
#
# Usage: bench/detection-benchmark.sh          (from anywhere; about 13-15 minutes)
# Knobs (environment): PATIENTS=100000 READINGS_PER_PATIENT=20 PARTITIONS=6 RATE=5000 LATENCY_SECONDS=60
#   REPEATS=3 PROFILE=0 MAX_MINUTES=12 HEAP=4g BROKER_HEAP=1g SKIP_BUILD=0 EXTRA_ARGS= (more options, see
#   `java -jar detection-benchmark/target/detection-benchmark.jar help`)
# Output: bench/results/detection-<date>.json (the whole result), .console.log (this console), .log (Kafka,
#   Streams and detector logs of the benchmark JVM), -broker.log, and
#   the JFR recording in detection-benchmark/target/.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

PATIENTS="${PATIENTS:-100000}"
READINGS_PER_PATIENT="${READINGS_PER_PATIENT:-20}"
PARTITIONS="${PARTITIONS:-6}"
RATE="${RATE:-5000}"
LATENCY_SECONDS="${LATENCY_SECONDS:-60}"
REPEATS="${REPEATS:-3}"
PROFILE="${PROFILE:-0}"
MAX_MINUTES="${MAX_MINUTES:-12}"
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
trap stop_broker EXIT
trap 'exit 130' INT TERM

needs_build() {
    [[ ! -f "$JAR" || ! -d detection-benchmark/target/lib ]] && return 0
    [[ -n "$(find detection-benchmark/src detection-benchmark/pom.xml detection/src common-model/src \
        embedded-infra/src -newer "$JAR" -type f 2>/dev/null | head -1)" ]]
}

if [[ "$SKIP_BUILD" != 1 ]] && needs_build; then
    log "building detection (and what it needs) and detection-benchmark"
    mvn -B -q -o -pl detection -am install -DskipTests || mvn -B -q -pl detection -am install -DskipTests \
        || die "building detection"
    mvn -B -q -o -f detection-benchmark/pom.xml package -DskipTests \
        || mvn -B -q -f detection-benchmark/pom.xml package -DskipTests || die "building detection-benchmark"
fi
[[ -f "$JAR" ]] || die "$JAR is missing (SKIP_BUILD=1?)"

mkdir -p "$RESULTS" "$WORK"
GIT_COMMIT="$(git rev-parse --short HEAD 2>/dev/null || echo unknown)"

log "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load $(cut -d' ' -f1-3 /proc/loadavg)"
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

ARGS=(--patients "$PATIENTS" --readings-per-patient "$READINGS_PER_PATIENT" --partitions "$PARTITIONS"
    --rate "$RATE" --latency-seconds "$LATENCY_SECONDS" --repeats "$REPEATS" --max-minutes "$MAX_MINUTES"
    --bootstrap "$BOOTSTRAP" --broker-pid "$BROKER_PID" --json-out "$JSON" --work-dir "$WORK/run"
    --git-commit "$GIT_COMMIT")
[[ "$PROFILE" == 1 ]] && ARGS+=(--jfr "$JFR")
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
