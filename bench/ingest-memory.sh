#!/usr/bin/env bash
# Where ingest-service's memory goes under the benchmark's load, and what JVM flags or settings take off it, in ONE
# run on THIS machine: per variant, a fresh ingest-service process with the local stack's own command line (same
# flags, broker, registry) plus the variant's flags and -XX:NativeMemoryTracking=summary, on other ports, driven by
#   batched  flat out, 100 readings a request, BATCH_CONNECTIONS connections (bench/ingest-benchmark.sh's batched run)
#   fhir     the same as FHIR R4 batch Bundles of 100 Observations
#   single   flat out, 1 reading a request, SINGLE_CONNECTIONS connections
# one after the other (as the benchmark's runs follow each other in one process), RSS sampled every 0.5 s; then
# the JVM's own account (jcmd VM.native_memory summary: heap, classes and metaspace, threads, code cache, GC,
# direct buffers under "Other", malloc'd "Internal") and /proc's (RssAnon, RssFile). The variants alternate within
# each round, so the machine's other load falls on all of them alike.
#
# Usage: bench/ingest-memory.sh
# Knobs: ROUNDS=1 MEM_VARIANTS (default below: "name=flags|name=flags", flags separated by spaces; -D settings
#   work too, e.g. -Dkafka.buffer.memory=8388608; --jar=PATH runs another build's jar) MEM_PORT=28380 (its management port is +1000) MEM_BATCHED=25
#   MEM_FHIR=15 MEM_SINGLE=15 (seconds measured, after 5 s of warm-up each), and those of bench/ingest-benchmark.sh for the
#   stack (INGEST_PORT, ALERT_PORT, SKIP_BUILD, BATCH_DEVICES, BATCH_CONNECTIONS, SINGLE_CONNECTIONS, ...).
set -euo pipefail

# shellcheck source=bench/ingest-benchmark.sh
source "$(dirname "${BASH_SOURCE[0]}")/ingest-benchmark.sh"

ROUNDS="${ROUNDS:-1}"
MEM_VARIANTS="${MEM_VARIANTS:-base=|trim=-XX:TrimNativeHeapInterval=5000}"
MEM_PORT="${MEM_PORT:-28380}"
MEM_BATCHED="${MEM_BATCHED:-25}"
MEM_SINGLE="${MEM_SINGLE:-15}"
MEM_FHIR="${MEM_FHIR:-15}"
MEM_SINGLE_CONNECTIONS="${SINGLE_CONNECTIONS:-128}"
MEM_PID=""
STACK_INGEST_PID=""
STACK_INGEST_URL=""

stop_mem() {
    [[ -n "$MEM_PID" ]] || return 0
    stop_process "$MEM_PID"
    MEM_PID=""
}

mem_cleanup() {
    local code=$?
    stop_mem
    [[ -n "$STACK_INGEST_PID" ]] && INGEST_PID="$STACK_INGEST_PID"
    (exit "$code")
    cleanup
}
trap mem_cleanup EXIT

# The stack's ingest-service command line with this variant's ports and flags (one argument a line); the
# variant's flags go last before -jar, so that they win over the launcher's. A flag --jar=PATH runs another build's
# quarkus-run.jar instead (e.g. a worktree of an earlier commit, for a same-run baseline), with that build's AppCDS
# archive if it has one.
mem_command() { # mem_command FLAGS...
    local arg jar="" flags=() next_is_jar=0
    for arg in "$@"; do
        case "$arg" in
        --jar=*) jar="${arg#--jar=}" ;;
        *) flags+=("$arg") ;;
        esac
    done
    while IFS= read -r -d '' arg; do
        if ((next_is_jar)); then
            next_is_jar=0
            [[ -n "$jar" ]] && arg="$jar"
        fi
        case "$arg" in
        -Dquarkus.http.port=*) arg="-Dquarkus.http.port=$MEM_PORT" ;;
        -Dquarkus.management.port=*) arg="-Dquarkus.management.port=$((MEM_PORT + 1000))" ;;
        -XX:SharedArchiveFile=*) [[ -n "$jar" ]] && arg="-XX:SharedArchiveFile=$(dirname "$jar")/app-cds.jsa" ;;
        -jar)
            printf '%s\n' "-XX:NativeMemoryTracking=summary" ${flags[@]+"${flags[@]}"}
            next_is_jar=1
            ;;
        esac
        printf '%s\n' "$arg"
    done <"/proc/$STACK_INGEST_PID/cmdline"
}

mem_round() { # mem_round ROUND NAME FLAGS
    local round=$1 name=$2 flags=$3 label="$2-$1"
    local extra=() cmd
    read -r -a extra <<<"$flags"
    mapfile -t cmd < <(mem_command "${extra[@]}")
    printf 'mem %s: %s\n' "$label" "${cmd[*]}" >>"$RUN_DIR/commands.txt"
    local health="http://127.0.0.1:$((MEM_PORT + 1000))/q/health/ready"
    log "$label: starting ingest-service on port $MEM_PORT with: ${flags:-(only the stack flags)}"
    (cd "$(readlink "/proc/$STACK_INGEST_PID/cwd")"
        MALLOC_ARENA_MAX=2 INGEST_ADDRESS_REQUESTS_PER_SECOND=100000000 INGEST_ADDRESS_REQUESTS_BURST=100000000 \
            exec "${cmd[@]}") >"$RUN_DIR/ingest-$label.log" 2>&1 </dev/null &
    MEM_PID=$!
    local waited=0
    until curl -sf -o /dev/null --max-time 1 "$health"; do
        kill -0 "$MEM_PID" 2>/dev/null || { tail -30 "$RUN_DIR/ingest-$label.log" >&2; die "$label: ingest-service exited"; }
        ((waited < 1200)) || die "$label: not ready after 120 s"
        sleep 0.1
        waited=$((waited + 1))
    done
    INGEST_PID="$MEM_PID"
    INGEST_URL="http://127.0.0.1:$MEM_PORT"
    loadgen "mem-$label-batched" --devices-file "$RUN_DIR/devices.tsv" --batch 100 --rate 0 \
        --connections "$BATCH_CONNECTIONS" --devices "$BATCH_DEVICES" --warmup 5s --duration "${MEM_BATCHED}s" --progress 0
    loadgen "mem-$label-fhir" --devices-file "$RUN_DIR/devices.tsv" --format fhir --batch 100 --rate 0 \
        --connections "$BATCH_CONNECTIONS" --devices "$BATCH_DEVICES" --warmup 5s --duration "${MEM_FHIR}s" --progress 0
    loadgen "mem-$label-single" --devices-file "$RUN_DIR/devices.tsv" --batch 1 --rate 0 \
        --connections "$MEM_SINGLE_CONNECTIONS" --devices "$SINGLE_DEVICES" --warmup 5s --duration "${MEM_SINGLE}s" \
        --progress 0
    {
        echo "# variant $name: ${flags:-(none)}"
        echo "# /proc/$MEM_PID/status"
        grep -E '^(VmRSS|RssAnon|RssFile|RssShmem|VmHWM|Threads)' "/proc/$MEM_PID/status"
        jcmd "$MEM_PID" VM.native_memory summary 2>&1 | tail -n +2
        jcmd "$MEM_PID" GC.heap_info 2>&1 | tail -n +2
        # Last: the histogram runs a full collection (live objects only).
        echo "# live objects (jcmd GC.class_histogram, top 25)"
        jcmd "$MEM_PID" GC.class_histogram 2>&1 | sed -n 2,28p
    } >"$RUN_DIR/memory-$label.txt" 2>&1 || true
    INGEST_PID="$STACK_INGEST_PID"
    INGEST_URL="$STACK_INGEST_URL"
    stop_mem
}

mem_main() {
    mkdir -p "$RUN_DIR"
    : >"$RUN_DIR/commands.txt"
    printf 'ROUNDS=%s\nMEM_VARIANTS=%s\nMEM_BATCHED=%s\nMEM_SINGLE=%s\nBATCH_DEVICES=%s\nBATCH_CONNECTIONS=%s\n' \
        "$ROUNDS" "$MEM_VARIANTS" "$MEM_BATCHED" "$MEM_SINGLE" "$BATCH_DEVICES" "$BATCH_CONNECTIONS" >"$RUN_DIR/settings.txt"
    log "results in $RUN_DIR"
    build_if_needed
    start_stack
    STACK_INGEST_PID="$INGEST_PID"
    STACK_INGEST_URL="$INGEST_URL"
    # Registered once through the stack's ingest-service (same registry); each variant's fresh process has fresh
    # per-device budgets (they are per instance), enough for both runs.
    loadgen register --devices-file "$RUN_DIR/devices.tsv" --batch 1 --rate 0 --connections 8 \
        --devices "$BATCH_DEVICES" --warmup 0s --duration 1s --progress 0
    local variants=() v
    IFS='|' read -r -a variants <<<"$MEM_VARIANTS"
    for round in $(seq 1 "$ROUNDS"); do
        for v in "${variants[@]}"; do
            mem_round "$round" "${v%%=*}" "${v#*=}"
        done
    done
    stop_stack
    python3 bench/render_memory.py "$RUN_DIR" >"$RUN_DIR/memory.md"
    log "wrote $RUN_DIR/memory.md"
    cat "$RUN_DIR/memory.md"
}

mem_main "$@"
