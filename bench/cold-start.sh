#!/usr/bin/env bash
# Cold start of ingest-service, in ONE run on THIS machine: single-reading requests/s in the first 10 s after a
# fresh ingest-service process is ready (and in the first 10 s after its process started) against the same
# process warm, for each variant of how it starts:
#   off     no start-up warm-up (ingest.warmup-requests=0, ingest.warmup-registry-lookups=0), no AppCDS archive:
#           how it started before issue 15
#   inprocess  the start-up warm-up as it was before its HTTP part (ingest.warmup-http-requests=0,
#           ingest.warmup-requests=20000): readiness DOWN until the readings path ran in process
#   nosettle   the start-up warm-up without its last part (ingest.warmup-jit-settle=false): readiness DOWN until
#           the readings path ran in process and over HTTP on loopback, every such request refused before sending
#   warmup  the start-up warm-up (ReadingWarmup): all of the above, then it waits until the JIT is quiet
#   cds     the warm-up and the AppCDS archive (ingest-service/target/quarkus-app/app-cds.jsa, built by
#           `mvn package -Pappcds`; the variant is skipped, and said so, when it is missing)
#
# How: starts the local stack (bench/ingest-benchmark.sh's helpers, alert-service paused), registers the devices
# once through the stack's ingest-service, then per round and variant starts a SECOND ingest-service process with
# the stack's own command line (same flags, same broker and registry) on other ports, so the first request it
# ever serves is a measured one:
#   cold   flat out, 128 connections, 1 reading a request, 10 s from the moment it is ready, by a load generator
#          that first warmed itself up (PRIME_SECONDS against the stack's ingest-service) and then waited for
#          readiness: what is cold is the server alone
#   warm   the same 10 s of load after WARM_SECONDS of it, against the same process
# The variants alternate within each round, so the machine's other load falls on all of them alike.
#
# Usage: bench/cold-start.sh            (about 2 minutes per round and variant)
# Knobs: ROUNDS=2 VARIANTS="off warmup cds" WARM_SECONDS=50 PRIME_SECONDS=15 WINDOW=10 COLD_PORT=28180 (its management port is
#   +1000) DEVICES=2000 CONNECTIONS=128, and those of bench/ingest-benchmark.sh for the stack (INGEST_PORT,
#   ALERT_PORT, SKIP_BUILD, ...). ALERT_LOAD_SECONDS=60: afterwards, alert-service's RSS while it consumes
#   batched ingest load (0 skips it).
set -euo pipefail

# shellcheck source=bench/ingest-benchmark.sh
source "$(dirname "${BASH_SOURCE[0]}")/ingest-benchmark.sh"

ROUNDS="${ROUNDS:-2}"
VARIANTS="${VARIANTS:-off warmup cds}"
WARM_SECONDS="${WARM_SECONDS:-50}"
PRIME_SECONDS="${PRIME_SECONDS:-15}"
WINDOW="${WINDOW:-10}"
COLD_PORT="${COLD_PORT:-28180}"
COLD_DEVICES="${DEVICES:-2000}"
CONNECTIONS="${CONNECTIONS:-128}"
ALERT_LOAD_SECONDS="${ALERT_LOAD_SECONDS:-60}"
CDS_ARCHIVE="$ROOT/ingest-service/target/quarkus-app/app-cds.jsa"
COLD_PID=""

stop_cold() {
    [[ -n "$COLD_PID" ]] || return 0
    stop_process "$COLD_PID"
    COLD_PID=""
}

cold_cleanup() {
    local code=$?
    stop_cold
    # Then ingest-benchmark.sh's cleanup (sampler, the stack), with this script's exit code.
    (exit "$code")
    cleanup
}
trap cold_cleanup EXIT

# The stack's ingest-service command line, with this variant's ports and flags (one argument a line).
cold_command() { # cold_command VARIANT
    local variant=$1 arg first=1
    while IFS= read -r -d '' arg; do
        case "$arg" in
        -Dquarkus.http.port=*) arg="-Dquarkus.http.port=$COLD_PORT" ;;
        -Dquarkus.management.port=*) arg="-Dquarkus.management.port=$((COLD_PORT + 1000))" ;;
        -XX:SharedArchiveFile=*) continue ;;
        esac
        printf '%s\n' "$arg"
        if ((first)); then
            first=0
            case "$variant" in
            off) printf '%s\n' "-Dingest.warmup-requests=0" "-Dingest.warmup-registry-lookups=0" \
                "-Dingest.warmup-preload-verdicts=false" "-Dingest.warmup-http-requests=0" ;;
            inprocess) printf '%s\n' "-Dingest.warmup-http-requests=0" "-Dingest.warmup-requests=20000" \
                "-Dingest.warmup-jit-settle=false" ;;
            nosettle) printf '%s\n' "-Dingest.warmup-jit-settle=false" ;;
            cds) printf '%s\n' "-XX:SharedArchiveFile=$CDS_ARCHIVE" "-Xshare:auto" ;;
            esac
        fi
    done <"/proc/$INGEST_PID/cmdline"
}

# epoch seconds with fractions
now() { date +%s.%N; }

cold_round() { # cold_round ROUND VARIANT
    local round=$1 variant=$2 label="$2-$1"
    local cmd
    mapfile -t cmd < <(cold_command "$variant")
    printf 'cold %s: %s\n' "$label" "${cmd[*]}" >>"$RUN_DIR/commands.txt"
    local url="http://127.0.0.1:$COLD_PORT" health="http://127.0.0.1:$((COLD_PORT + 1000))/q/health/ready"
    local common=(--devices-file "$RUN_DIR/devices.tsv" --batch 1 --rate 0 --connections "$CONNECTIONS"
        --devices "$COLD_DEVICES")
    # The cold run's client first warms itself up against the stack's (warm) ingest-service, then waits for the
    # fresh one to be ready and starts that moment: what is cold in the measured 10 s is the server alone.
    log "$label: priming the client (${PRIME_SECONDS}s against the stack's ingest-service)"
    "${LOADGEN_JAVA[@]}" --credentials "$CREDENTIALS" --url "$url" --threads "$LOADGEN_THREADS" --json "${common[@]}" \
        --prime-url "$INGEST_URL" --prime "${PRIME_SECONDS}s" --start-when-ready "$health" \
        --warmup 0s --duration "${WINDOW}s" --progress 1s >"$RUN_DIR/cold-$label.json" 2>"$RUN_DIR/cold-$label.log" &
    local client=$! waited=0
    until grep -q '^waiting for' "$RUN_DIR/cold-$label.log" 2>/dev/null; do
        kill -0 "$client" 2>/dev/null || { tail -20 "$RUN_DIR/cold-$label.log" >&2; die "$label: the client exited"; }
        ((waited < 1200)) || die "$label: the client did not finish priming in 120 s"
        sleep 0.1
        waited=$((waited + 1))
    done
    log "$label: starting a fresh ingest-service on port $COLD_PORT"
    local launched ready
    launched="$(now)"
    # The launcher's environment for its services (ServiceProcess.ENVIRONMENT), and the stack's per-address limit.
    # Where the launcher runs it (relative paths in its command line, if any, mean the same).
    (cd "$(readlink "/proc/$INGEST_PID/cwd")"
        MALLOC_ARENA_MAX=2 INGEST_ADDRESS_REQUESTS_PER_SECOND=100000000 INGEST_ADDRESS_REQUESTS_BURST=100000000 \
            exec "${cmd[@]}") >"$RUN_DIR/ingest-$label.log" 2>&1 </dev/null &
    COLD_PID=$!
    waited=0
    until curl -sf -o /dev/null --max-time 1 "$health"; do
        kill -0 "$COLD_PID" 2>/dev/null || { tail -30 "$RUN_DIR/ingest-$label.log" >&2; die "$label: ingest-service exited"; }
        ((waited < 1200)) || die "$label: not ready after 120 s"
        sleep 0.1
        waited=$((waited + 1))
    done
    ready="$(now)"
    python3 bench/sample_proc.py "$RUN_DIR/$label.proc.tsv" 0.5 "ingest=$COLD_PID" &
    SAMPLER_PID=$!
    # Where the cold process's CPU goes in its first seconds of load (the JIT's compiler threads, the event
    # loops, the producer): per-thread ticks from /proc, no agent in the process.
    python3 bench/thread_cpu.py "$COLD_PID" "$WINDOW" >"$RUN_DIR/thread-cpu-cold-$label.txt" 2>&1 &
    wait "$client" || { tail -20 "$RUN_DIR/cold-$label.log" >&2; die "$label: cold run failed"; }
    # Warm: the same process after WARM_SECONDS of the same load, measured by a client warmed up in that load.
    "${LOADGEN_JAVA[@]}" --credentials "$CREDENTIALS" --url "$url" --threads "$LOADGEN_THREADS" --json "${common[@]}" \
        --warmup "${WARM_SECONDS}s" --duration "${WINDOW}s" --progress 0 >"$RUN_DIR/warm-$label.json" \
        2>"$RUN_DIR/warm-$label.log" || { tail -20 "$RUN_DIR/warm-$label.log" >&2; die "$label: warm run failed"; }
    stop_sampler
    grep -h 'Ingest warm-up' "$RUN_DIR/ingest-$label.log" | sed 's/^.*Ingest warm-up/warm-up/' >"$RUN_DIR/warmup-$label.txt" || true
    printf '%s\t%s\t%s\t%s\t%s\n' "$label" "$variant" "$launched" "$ready" "$(cut -d' ' -f1 /proc/loadavg)" \
        >>"$RUN_DIR/cold-rounds.tsv"
    stop_cold
    log "$label: ready $(python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.1f}')" "$launched" "$ready") s after launch; cold $(json_get "$RUN_DIR/cold-$label.json" 'round(d["acceptedRequestsPerSecond"])') 202/s, warm $(json_get "$RUN_DIR/warm-$label.json" 'round(d["acceptedRequestsPerSecond"])') 202/s"
}

# alert-service (role all, as the local run starts it) while it consumes what ingest is sent: its RSS.
alert_under_load() {
    [[ -n "$ALERT_PID" && "$ALERT_LOAD_SECONDS" -gt 0 ]] || return 0
    log "alert-service (pid $ALERT_PID, role all) resumed; batched load for ${ALERT_LOAD_SECONDS}s, RSS sampled"
    kill -CONT "$ALERT_PID"
    loadgen alert-load --batch 100 --rate 0 --connections "$BATCH_CONNECTIONS" --devices "$BATCH_DEVICES" \
        --warmup 5s --duration "$((ALERT_LOAD_SECONDS - 5))s" --progress 0
    {
        echo "# /proc/$ALERT_PID/status at the end"
        grep -E '^(VmRSS|RssAnon|RssFile|VmHWM|Threads)' "/proc/$ALERT_PID/status"
        jcmd "$ALERT_PID" GC.heap_info 2>/dev/null | tail -n +2
        jcmd "$ALERT_PID" VM.flags 2>/dev/null | tr ' ' '\n' | grep -E 'MaxHeapSize|InitialHeapSize|Use.*GC|ReservedCodeCacheSize' || true
    } >"$RUN_DIR/alert-memory.txt" 2>&1 || true
}

cold_main() {
    mkdir -p "$RUN_DIR"
    : >"$RUN_DIR/commands.txt"
    printf 'ROUNDS=%s\nVARIANTS=%s\nWARM_SECONDS=%s\nWINDOW=%s\nDEVICES=%s\nCONNECTIONS=%s\n' "$ROUNDS" "$VARIANTS" \
        "$WARM_SECONDS" "$WINDOW" "$COLD_DEVICES" "$CONNECTIONS" >"$RUN_DIR/settings.txt"
    log "results in $RUN_DIR"
    { uptime; ps -eo pid,pcpu,rss,etime,args --sort=-pcpu | cut -c1-200 | head -15; } >"$RUN_DIR/ps-start.txt" 2>&1 || true
    build_if_needed
    local variants=()
    for v in $VARIANTS; do
        if [[ "$v" == cds && ! -f "$CDS_ARCHIVE" ]]; then
            log "no $CDS_ARCHIVE (build it with mvn package -Pappcds): variant cds skipped"
            continue
        fi
        variants+=("$v")
    done
    start_stack
    # Registered through the stack's ingest-service (same registry), so no cold process serves a registration.
    loadgen register --devices-file "$RUN_DIR/devices.tsv" --batch 1 --rate 0 --connections 8 \
        --devices "$COLD_DEVICES" --warmup 0s --duration 1s --progress 0
    : >"$RUN_DIR/cold-rounds.tsv"
    for round in $(seq 1 "$ROUNDS"); do
        for v in "${variants[@]}"; do
            cold_round "$round" "$v"
        done
    done
    alert_under_load
    stop_stack
    python3 bench/render_cold_start.py "$RUN_DIR" >"$RUN_DIR/cold-start.md"
    log "wrote $RUN_DIR/cold-start.md"
    cat "$RUN_DIR/cold-start.md"
}

cold_main "$@"
