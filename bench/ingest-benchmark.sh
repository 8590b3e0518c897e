#!/usr/bin/env bash
# Ingest benchmark: the raw Kafka producer against ingest-service, in ONE run, against ONE broker,
# on THIS machine. Starts the local stack (./run-local.sh --no-simulator), measures
#   (a) raw producer baseline: kafka-tools ProducerPerformance, 200-byte records, acks=all
#   (b) ingest batched: 100 readings a request, flat out; and the same as FHIR R4 Bundles (/fhir/r4)
#   (c) ingest single: 1 reading a request, flat out (connections picked by a short sweep)
#   (d) ingest single at half of (c)'s rate, for latency; and at TARGET_HALF_RATE (4,000/s, half the
#       target's 8,000/s) too
# after an unmeasured warm-up of the service; repeats (a)+(b)+(c) REPEATS times and takes medians,
# samples ingest-service's RSS and CPU from /proc during (b)-(d), profiles it in separate runs
# afterwards, and writes docs/benchmarks.md. All load goes to 127.0.0.1; every step is bounded.
#
# Usage: bench/ingest-benchmark.sh            (from anywhere; about 15 minutes)
# Knobs (environment): DURATION=30s WARMUP=10s REPEATS=3 RAW_RECORDS=2000000 SINGLE_DEVICES=2000
#   TARGET_HALF_RATE=4000 BATCH_DEVICES=2500 BATCH_CONNECTIONS=32 CONNECTION_SWEEP="64 128 256" SINGLE_CONNECTIONS= (skips
#   the sweep) LOADGEN_THREADS=2 PROFILE=1 (JFR profile of ingest-service after the measured runs)
#   SKIP_BUILD=0 OUT_DOC=docs/benchmarks.md INGEST_PORT=8080 ALERT_PORT=8081 (when another local
#   stack holds the default ports) ALERT_MODE=pause|run: alert-service consumes every reading ingested
#   (detection); "pause" (default) stops it (SIGSTOP) while measuring, so that the figures are
#   ingest-service's and the broker's, not a share of two cores with the detector; "run" leaves it on.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

DURATION="${DURATION:-30s}"
WARMUP="${WARMUP:-10s}"
REPEATS="${REPEATS:-3}"
RAW_RECORDS="${RAW_RECORDS:-2000000}"
RECORD_SIZE=200
# Devices: with the budget in force a run of W+D seconds may send at most 3,000 + 5 (W+D) readings per device
# and 20 requests/s per device: 2,500 devices carry 100-reading batches up to ~190,000 readings/s over 40 s,
# 2,000 carry single readings up to 40,000 requests/s.
SINGLE_DEVICES="${SINGLE_DEVICES:-2000}"
BATCH_DEVICES="${BATCH_DEVICES:-2500}"
BATCH_CONNECTIONS="${BATCH_CONNECTIONS:-32}"
CONNECTION_SWEEP="${CONNECTION_SWEEP:-64 128 256}"
SINGLE_CONNECTIONS="${SINGLE_CONNECTIONS:-}"
LOADGEN_THREADS="${LOADGEN_THREADS:-2}"
PROFILE="${PROFILE:-1}"
SKIP_BUILD="${SKIP_BUILD:-0}"
OUT_DOC="${OUT_DOC:-docs/benchmarks.md}"
STACK_TIMEOUT_S="${STACK_TIMEOUT_S:-300}"
ALERT_MODE="${ALERT_MODE:-pause}"
TARGET_HALF_RATE="${TARGET_HALF_RATE:-4000}"
INGEST_PORT="${INGEST_PORT:-8080}"
ALERT_PORT="${ALERT_PORT:-8081}"
RAW_TOPIC=bench.raw

RUN_DIR=".local/bench/$(date -u +%Y%m%dT%H%M%SZ)"
CREDENTIALS="$RUN_DIR/credentials.json"
LOADGEN_JAR=load-generator/target/load-generator.jar
KAFKA_TOOLS_CP="load-generator/target/kafka-tools/*:load-generator/target/lib/*"
# The client gets a fixed, modest heap so that it competes with the server as little as it can.
LOADGEN_JAVA=(java -Xms256m -Xmx512m -XX:+UseParallelGC -jar "$LOADGEN_JAR")
TOOLS_JAVA=(java -Xms256m -Xmx512m -cp "$KAFKA_TOOLS_CP")

STACK_PID=""
SAMPLER_PID=""
ALERT_PID=""

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "FAILED: $*"; exit 1; }

json_get() { # json_get FILE PYTHON-EXPR-ON-d
    python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); v=eval(sys.argv[2]); print("" if v is None else v)' "$1" "$2"
}

stop_process() { # stop_process PID : SIGTERM, up to 20 s to exit, then SIGKILL; reaps it
    kill -TERM "$1" 2>/dev/null || true
    for _ in $(seq 1 40); do
        kill -0 "$1" 2>/dev/null || break
        sleep 0.5
    done
    kill -KILL "$1" 2>/dev/null || true
    wait "$1" 2>/dev/null || true
}

stop_sampler() {
    if [[ -n "$SAMPLER_PID" ]]; then
        kill -TERM "$SAMPLER_PID" 2>/dev/null || true
        wait "$SAMPLER_PID" 2>/dev/null || true
        SAMPLER_PID=""
    fi
}

stop_stack() {
    [[ -n "$STACK_PID" ]] || return 0
    # A stopped process cannot shut down: let alert-service run again first.
    if [[ -n "$ALERT_PID" ]]; then
        kill -CONT "$ALERT_PID" 2>/dev/null || true
    fi
    # The whole process group: the launcher (broker, PostgreSQL's supervisor) and the services it started.
    if kill -0 -- "-$STACK_PID" 2>/dev/null; then
        log "stopping the local stack (SIGINT to process group $STACK_PID)"
        kill -INT -- "-$STACK_PID" 2>/dev/null || true
        for _ in $(seq 1 60); do
            kill -0 -- "-$STACK_PID" 2>/dev/null || break
            sleep 1
        done
        if kill -0 -- "-$STACK_PID" 2>/dev/null; then
            log "still running after 60 s: SIGTERM"
            kill -TERM -- "-$STACK_PID" 2>/dev/null || true
            sleep 10
            kill -KILL -- "-$STACK_PID" 2>/dev/null || true
        fi
    fi
    wait "$STACK_PID" 2>/dev/null || true
    STACK_PID=""
}

# Dies unless the stack this script started is still whole.
require_stack() {
    kill -0 "$STACK_PID" 2>/dev/null || die "the local stack (launcher pid $STACK_PID) is gone; see $RUN_DIR/stack.log"
    kill -0 "$INGEST_PID" 2>/dev/null || die "ingest-service (pid $INGEST_PID) is gone; see .local/logs/"
}

cleanup() {
    local code=$?
    trap - EXIT INT TERM
    stop_sampler
    stop_stack
    if ((code != 0)); then
        log "exit $code; logs in $RUN_DIR (stack: $RUN_DIR/stack.log, services: .local/logs/)"
    fi
    exit "$code"
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

build_if_needed() {
    local stamp=.local/bench/.build-stamp
    if [[ "$SKIP_BUILD" == 1 ]]; then
        [[ -f "$LOADGEN_JAR" ]] || die "SKIP_BUILD=1 but $LOADGEN_JAR does not exist"
        return
    fi
    local stale=0
    [[ -f "$LOADGEN_JAR" && -f ingest-service/target/quarkus-app/quarkus-run.jar && -f "$stamp" ]] || stale=1
    if ((stale == 0)) && [[ -n "$(find . -path ./.git -prune -o -path ./.local -prune -o \
            \( -name pom.xml -o -path '*/src/*' -o -name run-local.sh \) -newer "$stamp" -type f -print -quit)" ]]; then
        stale=1
    fi
    if ((stale == 1)); then
        # As run-local.sh builds it (with ingest's AppCDS archive), so that what is measured is what the local run runs.
        log "building: mvn -B -q install -DskipTests -Pappcds"
        mvn -B -q install -DskipTests -Pappcds >"$RUN_DIR/build.log" 2>&1 || { tail -30 "$RUN_DIR/build.log" >&2; die "build failed"; }
        touch "$stamp"
    else
        log "build is up to date"
    fi
}

start_stack() {
    [[ -x ./run-local.sh ]] || die "./run-local.sh does not exist (yet)"
    local port
    for port in "$INGEST_PORT" "$ALERT_PORT"; do
        if (: <"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            die "something already listens on 127.0.0.1:$port (another local stack?): stop it, or set INGEST_PORT/ALERT_PORT"
        fi
    done
    touch "$RUN_DIR/stack-started"
    log "starting ./run-local.sh --no-simulator --ingest-port $INGEST_PORT --alert-port $ALERT_PORT (log: $RUN_DIR/stack.log)"
    # Job control on: the stack gets its own process group, and SIGINT is not ignored in it
    # (a background job of a script otherwise starts with SIGINT ignored, and the JVM keeps it so).
    set -m
    # The per-device limits stay in force, as in production (issue 15: the bar is measured with the readings
    # budget on): each run registers enough fresh devices that none of them exceeds its budget (3,000 at
    # once + 5/s, 20 requests/s; see BATCH_DEVICES, SINGLE_DEVICES), and every 429 shows as "not 202". Only
    # the per-address limit (500 requests/s) is lifted: every simulated device sends from 127.0.0.1.
    INGEST_ADDRESS_REQUESTS_PER_SECOND="${INGEST_ADDRESS_REQUESTS_PER_SECOND:-100000000}" \
    INGEST_ADDRESS_REQUESTS_BURST="${INGEST_ADDRESS_REQUESTS_BURST:-100000000}" \
    ./run-local.sh --no-simulator --ingest-port "$INGEST_PORT" --alert-port "$ALERT_PORT" >"$RUN_DIR/stack.log" 2>&1 </dev/null &
    STACK_PID=$!
    set +m

    # run-local.sh execs the launcher, so its pid is the launcherPid that stack.json will name. Another
    # stack started from this work tree at the same time would write the same files: wait for ours.
    local waited=0
    until [[ -f .local/stack.json && .local/stack.json -nt "$RUN_DIR/stack-started" && -f .local/credentials.json ]] &&
        [[ "$(json_get .local/stack.json 'd.get("launcherPid")' 2>/dev/null)" == "$STACK_PID" ]]; do
        kill -0 "$STACK_PID" 2>/dev/null || { tail -40 "$RUN_DIR/stack.log" >&2; die "run-local.sh exited during start-up"; }
        ((waited < STACK_TIMEOUT_S)) || { tail -40 "$RUN_DIR/stack.log" >&2; die "no .local/stack.json after ${STACK_TIMEOUT_S}s"; }
        sleep 1
        waited=$((waited + 1))
    done
    # Our own copies: the load generator reads the credentials again for every run.
    cp .local/credentials.json "$CREDENTIALS"
    chmod 600 "$CREDENTIALS"
    cp .local/stack.json "$RUN_DIR/stack.json"
    INGEST_PID="$(json_get "$RUN_DIR/stack.json" 'd["pids"]["ingest-service"]')"
    LAUNCHER_PID="$(json_get "$RUN_DIR/stack.json" 'd.get("launcherPid")')"
    ALERT_PID="$(json_get "$RUN_DIR/stack.json" 'd["pids"].get("alert-service")')"
    BOOTSTRAP="$(json_get "$RUN_DIR/stack.json" 'd["kafkaBootstrapServers"]')"
    local url
    url="$(json_get "$CREDENTIALS" 'd["ingestUrl"]')"
    INGEST_URL="${url/localhost/127.0.0.1}"
    [[ -n "$INGEST_PID" && -d "/proc/$INGEST_PID" ]] || die "ingest-service pid '$INGEST_PID' from stack.json is not running"
    # Health is on the management port, never the API's: the local stack puts it at the API port + 1000.
    local health="http://127.0.0.1:$((INGEST_PORT + 1000))/q/health/ready"
    until curl -sf -o /dev/null --max-time 2 "$health"; do
        ((waited < STACK_TIMEOUT_S)) || die "$health not ready after ${STACK_TIMEOUT_S}s"
        sleep 1
        waited=$((waited + 1))
    done
    log "stack up in ${waited}s: ingest $INGEST_URL (pid $INGEST_PID), broker $BOOTSTRAP (launcher pid $LAUNCHER_PID)"
    if [[ -n "$ALERT_PID" && "$ALERT_MODE" == pause ]]; then
        log "pausing alert-service (pid $ALERT_PID, SIGSTOP) while measuring: ALERT_MODE=run leaves it consuming"
        kill -STOP "$ALERT_PID"
    fi
}

start_sampler() { # start_sampler LABEL
    local args=("ingest=$INGEST_PID")
    [[ -n "${LAUNCHER_PID:-}" ]] && args+=("launcher=$LAUNCHER_PID")
    [[ -n "$ALERT_PID" ]] && args+=("alert=$ALERT_PID")
    python3 bench/sample_proc.py "$RUN_DIR/$1.proc.tsv" 0.5 "${args[@]}" &
    SAMPLER_PID=$!
}

# loadgen LABEL ARGS... : one load-generator run; JSON in $RUN_DIR/LABEL.json, report in LABEL.log
loadgen() {
    local label=$1
    shift
    local cmd=("${LOADGEN_JAVA[@]}" --credentials "$CREDENTIALS" --url "$INGEST_URL"
        --threads "$LOADGEN_THREADS" --json "$@")
    printf '%s: %s\n' "$label" "${cmd[*]}" >>"$RUN_DIR/commands.txt"
    log "$label: ${*}"
    require_stack
    start_sampler "$label"
    local rc=0
    "${cmd[@]}" >"$RUN_DIR/$label.json" 2>"$RUN_DIR/$label.log" || rc=$?
    stop_sampler
    echo "$label $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RUN_DIR/loadavg.txt"
    if ((rc != 0 && rc != 3)); then
        tail -20 "$RUN_DIR/$label.log" >&2
        die "$label: load generator exited $rc"
    fi
    require_stack
    grep -E '^(throughput|responses|NOT 202|latency|schedule|client)' "$RUN_DIR/$label.log" | sed 's/^/    /' >&2 || true
}

# raw LABEL : the raw producer baseline against the same broker
raw() {
    local label=$1
    local cmd=("${TOOLS_JAVA[@]}" org.apache.kafka.tools.ProducerPerformance --topic "$RAW_TOPIC"
        --num-records "$RAW_RECORDS" --record-size "$RECORD_SIZE" --throughput -1
        --producer-props "bootstrap.servers=$BOOTSTRAP" acks=all)
    printf '%s: %s\n' "$label" "${cmd[*]}" >>"$RUN_DIR/commands.txt"
    log "$label: ProducerPerformance $RAW_RECORDS x ${RECORD_SIZE} B, acks=all"
    require_stack
    start_sampler "$label"
    local rc=0
    # Bounded: 2 M records take seconds; ten minutes means the broker is stuck.
    timeout 600 "${cmd[@]}" >"$RUN_DIR/$label.txt" 2>"$RUN_DIR/$label.err" || rc=$?
    stop_sampler
    echo "$label $(cut -d' ' -f1-3 /proc/loadavg)" >>"$RUN_DIR/loadavg.txt"
    ((rc == 0)) || { tail -20 "$RUN_DIR/$label.err" >&2; die "$label: ProducerPerformance exited $rc"; }
    tail -1 "$RUN_DIR/$label.txt" | sed 's/^/    /' >&2
}

median_of() { # median_of LABEL-PREFIX FIELD : median of a JSON field over $RUN_DIR/PREFIX-*.json
    python3 - "$RUN_DIR" "$1" "$2" <<'EOF'
import glob, json, statistics, sys
run, prefix, field = sys.argv[1:]
values = [json.load(open(f))[field] for f in sorted(glob.glob(f"{run}/{prefix}-[0-9]*.json"))]
print(statistics.median(values) if values else 0)
EOF
}

# profile_ingest NAME LOADGEN-ARGS... : a separate, unmeasured run under which ingest-service is
# looked at: CPU per thread, a JFR recording, thread dumps, and where its memory goes.
profile_ingest() {
    local name=$1
    shift
    log "profile-$name: JFR, thread CPU, thread dumps and memory of ingest-service (not part of the figures)"
    require_stack
    local cmd=("${LOADGEN_JAVA[@]}" --credentials "$CREDENTIALS" --url "$INGEST_URL" --threads "$LOADGEN_THREADS"
        --json "$@" --warmup 5s --duration 25s --progress 0)
    printf 'profile-%s: %s\n' "$name" "${cmd[*]}" >>"$RUN_DIR/commands.txt"
    "${cmd[@]}" >"$RUN_DIR/profile-$name-load.json" 2>"$RUN_DIR/profile-$name-load.log" &
    local lg=$!
    # Registration of the devices comes first; wait for the load itself.
    local waited=0
    until grep -q '^registered' "$RUN_DIR/profile-$name-load.log" 2>/dev/null || ((waited > 120)); do
        sleep 1
        waited=$((waited + 1))
    done
    sleep 6
    python3 bench/thread_cpu.py "$INGEST_PID" 8 >"$RUN_DIR/thread-cpu-$name.txt" 2>&1 || true
    jcmd "$INGEST_PID" JFR.start name="bench-$name" settings=profile duration=12s \
        filename="$ROOT/$RUN_DIR/ingest-$name.jfr" >"$RUN_DIR/jfr-start-$name.txt" 2>&1 || true
    for i in 1 2 3; do
        sleep 4
        jcmd "$INGEST_PID" Thread.print >"$RUN_DIR/ingest-threads-$name-$i.txt" 2>&1 || true
    done
    {
        echo "# /proc/$INGEST_PID/status"
        grep -E '^(VmRSS|RssAnon|RssFile|RssShmem|VmHWM|Threads)' "/proc/$INGEST_PID/status"
        echo "# jcmd GC.heap_info"
        jcmd "$INGEST_PID" GC.heap_info | tail -n +2
        echo "# jcmd VM.metaspace (summary)"
        jcmd "$INGEST_PID" VM.metaspace | grep -E -A4 '^Total Usage' | head -5
        echo "# jcmd Compiler.codecache"
        jcmd "$INGEST_PID" Compiler.codecache | tail -n +2 | head -12
        echo "# heap flags"
        jcmd "$INGEST_PID" VM.flags | tr ' ' '\n' | grep -E 'MaxHeapSize|InitialHeapSize|Use.*GC|ReservedCodeCacheSize|MaxMetaspaceSize' || true
    } >"$RUN_DIR/memory-$name.txt" 2>&1 || true
    wait "$lg" || true
    sleep 2
    if [[ -s "$RUN_DIR/ingest-$name.jfr" ]]; then
        python3 bench/jfr_top.py "$RUN_DIR/ingest-$name.jfr" >"$RUN_DIR/profile-top-$name.txt" 2>"$RUN_DIR/profile-top-$name.err" || true
    fi
    python3 bench/thread_summary.py "$RUN_DIR"/ingest-threads-"$name"-*.txt >"$RUN_DIR/threads-summary-$name.txt" 2>/dev/null || true
}

main() {
    mkdir -p "$RUN_DIR"
    : >"$RUN_DIR/commands.txt"
    {
        echo "DURATION=$DURATION"
        echo "WARMUP=$WARMUP"
        echo "REPEATS=$REPEATS"
        echo "RAW_RECORDS=$RAW_RECORDS"
        echo "SINGLE_DEVICES=$SINGLE_DEVICES"
        echo "BATCH_DEVICES=$BATCH_DEVICES"
        echo "BATCH_CONNECTIONS=$BATCH_CONNECTIONS"
        echo "CONNECTION_SWEEP=$CONNECTION_SWEEP"
        echo "LOADGEN_THREADS=$LOADGEN_THREADS"
        echo "INGEST_PORT=$INGEST_PORT"
        echo "ALERT_MODE=$ALERT_MODE"
        echo "TARGET_HALF_RATE=$TARGET_HALF_RATE"
    } >"$RUN_DIR/settings.txt"
    log "results in $RUN_DIR"
    # What else this shared machine is doing: the figures are only as clean as this.
    { uptime; ps -eo pid,pcpu,rss,etime,args --sort=-pcpu | cut -c1-200 | head -15; } >"$RUN_DIR/ps-start.txt" 2>&1 || true
    build_if_needed
    [[ -f "$LOADGEN_JAR" && -d load-generator/target/kafka-tools ]] || die "$LOADGEN_JAR or its kafka-tools/ missing"
    start_stack

    log "creating topic $RAW_TOPIC (6 partitions)"
    "${TOOLS_JAVA[@]}" org.apache.kafka.tools.TopicCommand --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
        --topic "$RAW_TOPIC" --partitions 6 --replication-factor 1 >"$RUN_DIR/topic.txt" 2>&1 ||
        { cat "$RUN_DIR/topic.txt" >&2; die "could not create $RAW_TOPIC"; }

    # A JVM that has not compiled its hot paths yet is not what is being measured: warm the
    # service (and the broker) up with both kinds of load first, unmeasured.
    loadgen warmup-single --batch 1 --rate 0 --connections 128 --devices "$SINGLE_DEVICES" --warmup 40s --duration 5s --progress 0
    loadgen warmup-batched --batch 100 --rate 0 --connections "$BATCH_CONNECTIONS" --devices "$BATCH_DEVICES" \
        --warmup 20s --duration 5s --progress 0

    local c="$SINGLE_CONNECTIONS"
    if [[ -z "$c" ]]; then
        local best=0
        for n in $CONNECTION_SWEEP; do
            loadgen "sweep-c$n" --batch 1 --rate 0 --connections "$n" --devices "$SINGLE_DEVICES" \
                --warmup 5s --duration 10s --progress 0
            local r
            r="$(json_get "$RUN_DIR/sweep-c$n.json" 'd["acceptedRequestsPerSecond"]')"
            if python3 -c "import sys; sys.exit(0 if float(sys.argv[1]) > float(sys.argv[2]) else 1)" "$r" "$best"; then
                best="$r"
                c="$n"
            fi
        done
        [[ -n "$c" ]] || c=128
        log "single-reading runs use $c connections (sweep best: $best 202/s)"
    fi
    echo "SINGLE_CONNECTIONS=$c" >>"$RUN_DIR/settings.txt"

    for i in $(seq 1 "$REPEATS"); do
        raw "raw-$i"
        loadgen "batched-$i" --batch 100 --rate 0 --connections "$BATCH_CONNECTIONS" --devices "$BATCH_DEVICES" \
            --warmup "$WARMUP" --duration "$DURATION"
        # The same readings as FHIR R4 batch Bundles of Observations (issue 12: at least half the JSON path's rate).
        loadgen "fhir-$i" --format fhir --batch 100 --rate 0 --connections "$BATCH_CONNECTIONS" \
            --devices "$BATCH_DEVICES" --warmup "$WARMUP" --duration "$DURATION"
        loadgen "single-$i" --batch 1 --rate 0 --connections "$c" --devices "$SINGLE_DEVICES" \
            --warmup "$WARMUP" --duration "$DURATION"
    done

    local single half
    single="$(median_of single acceptedRequestsPerSecond)"
    half="$(python3 -c "import sys; print(max(1, round(float(sys.argv[1]) / 2)))" "$single")"
    log "median single-reading rate $single 202/s: latency run at $half req/s"
    loadgen half-1 --batch 1 --rate "$half" --connections "$c" --devices "$SINGLE_DEVICES" \
        --warmup "$WARMUP" --duration "$DURATION"
    # The target's own reading of "half that rate": half of 8,000 requests/s.
    if [[ -n "$TARGET_HALF_RATE" && "$TARGET_HALF_RATE" != "$half" ]]; then
        loadgen half-2 --batch 1 --rate "$TARGET_HALF_RATE" --connections "$c" --devices "$SINGLE_DEVICES" \
            --warmup "$WARMUP" --duration "$DURATION"
    fi

    if [[ "$PROFILE" == 1 ]]; then
        profile_ingest single --batch 1 --rate 0 --connections "$c" --devices "$SINGLE_DEVICES"
        profile_ingest batched --batch 100 --rate 0 --connections "$BATCH_CONNECTIONS" --devices "$BATCH_DEVICES"
    fi

    stop_stack
    mkdir -p "$(dirname "$OUT_DOC")"
    python3 bench/render_benchmarks.py "$RUN_DIR" "$OUT_DOC" "bench/ingest-benchmark.sh $*" >"$RUN_DIR/benchmarks.md"
    cp "$RUN_DIR/benchmarks.md" "$OUT_DOC"
    log "wrote $OUT_DOC (raw data in $RUN_DIR)"
}

# Sourced (bench/cold-start.sh uses its stack and load-generator helpers): define only, run nothing.
if [[ "${BASH_SOURCE[0]}" == "$0" ]]; then
    main "$@"
fi
