# Shared helpers of the bench/*.sh scripts (sourced, not run). Everything listens on 127.0.0.1 only; every process
# started here is stopped by the EXIT trap; every wait is bounded.
set -euo pipefail

BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
REPO_DIR=$(cd "$BENCH_DIR/.." && pwd)
cd "$REPO_DIR"
JAR=target/chat-history-bridge.jar
[ -f "$JAR" ] || mvn -B -q -o package -DskipTests

WORK=$(mktemp -d "${TMPDIR:-/tmp}/chb-bench.XXXXXX")
PIDS=()
KEEP_WORK=${KEEP_WORK:-false}

cleanup() {
  local p
  for p in "${PIDS[@]:-}"; do
    [ -n "$p" ] || continue
    pkill -TERM -P "$p" 2>/dev/null || true   # children first (the JVM under /usr/bin/time)
    kill -TERM "$p" 2>/dev/null || true
  done
  sleep 0.5
  for p in "${PIDS[@]:-}"; do
    [ -n "$p" ] || continue
    pkill -KILL -P "$p" 2>/dev/null || true
    kill -KILL "$p" 2>/dev/null || true
  done
  if [ "$KEEP_WORK" = true ]; then echo "work folder kept: $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# run_java ARGS: a foreground JVM that a SIGTERM to this script still stops at once (bash runs traps only between
# commands, and `wait` is such a point)
run_java() {
  java "$@" &
  local p=$!
  PIDS+=($p)
  wait "$p"
}

# the machine, once per run: figures mean little without it
machine() {
  echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/{print $2}') GB, load $(cut -d' ' -f1-3 /proc/loadavg)," \
       "$(java -version 2>&1 | head -1)"
}

now() { date +%s.%N; }
# seconds between two now values, one decimal
secs() { echo "$2 - $1" | bc -l | xargs printf '%.2f'; }
# a / b with 3 decimals (0 when b is 0)
ratio() { if [ "$(echo "$2 == 0" | bc -l)" = 1 ]; then echo 0; else echo "scale=6; $1 / $2" | bc -l | xargs printf '%.3f'; fi; }

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])' 2>/dev/null \
  || echo $((20000 + RANDOM % 20000)); }

# wait_for FILE TEXT SECONDS: until FILE contains TEXT
wait_for() {
  local i
  for i in $(seq 1 $(($3 * 5))); do grep -q -- "$2" "$1" 2>/dev/null && return 0; sleep 0.2; done
  echo "timed out after $3 s waiting for '$2' in $1" >&2; tail -30 "$1" >&2; return 1
}

# start_sandbox [records]: a sandbox JVM (bench/BenchSandbox.java) with the bench source and target apps; sets
# SANDBOX_URL, and SANDBOX_HOUR / SANDBOX_GZ when it serves a generated history hour of `records` records
start_sandbox() {
  java -Xmx${SANDBOX_XMX:-1g} -cp "$JAR" bench/BenchSandbox.java "${1:-0}" > "$WORK/sandbox.log" 2>&1 &
  PIDS+=($!)
  SANDBOX_PID=$!
  wait_for "$WORK/sandbox.log" "listening on" 600
  SANDBOX_URL=$(sed -n 's/.*listening on //p' "$WORK/sandbox.log")
  SANDBOX_HOUR=$(sed -n 's/^hour \([0-9]*\) .*/\1/p' "$WORK/sandbox.log")
  SANDBOX_GZ=$(sed -n 's/^hour .* file \(.*\)$/\1/p' "$WORK/sandbox.log")
}

# cpu_ms PID: CPU time (user + system) the process has used so far, in ms (from /proc)
cpu_ms() { awk -v hz="$(getconf CLK_TCK)" '{ printf "%d\n", ($14 + $15) * 1000 / hz }' "/proc/$1/stat"; }
# thread_cpu PID: one line per thread: tid, name, CPU ticks so far (utime + stime; one awk over /proc, no poller)
thread_cpu() {
  awk '{ open = index($0, "("); match($0, /\) [A-Za-z] /); name = substr($0, open + 1, RSTART - open - 1)
         split(substr($0, RSTART + 2), f, " "); print $1 "\t" name "\t" f[12] + f[13] }' /proc/"$1"/task/*/stat 2>/dev/null
}
# cpu_by_thread BEFORE AFTER: each thread group's share of the process's CPU between two thread_cpu snapshots, largest
# first (numbered threads count as one group: import-users-1..N are the lanes; C2/C1 CompilerThread is the JIT)
cpu_by_thread() {
  awk -F'\t' 'NR == FNR { before[$1] = $3; next }
    { g = $2; sub(/[-#]?[0-9]+$/, "", g); share[g] += $3 - before[$1]; total += $3 - before[$1] }
    END { for (g in share) if (total > 0 && share[g] * 50 >= total) printf "%d\t%s\n", 100 * share[g] / total + 0.5, g }' \
    "$1" "$2" | sort -rn | awk -F'\t' '{ printf "%s%s %s%%", (NR > 1 ? ", " : ""), $2, $1 } END { print "" }'
}

# sandbox_faults JSON: POST /_sandbox/faults (also the per-app import rate limit)
sandbox_faults() { curl -sf -X POST -H 'Content-Type: application/json' -d "$1" "$SANDBOX_URL/_sandbox/faults" > /dev/null; }
# latency_json LO[-HI]: the faults' latency settings for a fixed latency or a range drawn uniformly per call
latency_json() {
  case "$1" in
    *-*) echo "\"latencyMs\": ${1%-*}, \"latencyMaxMs\": ${1#*-}" ;;
    *) echo "\"latencyMs\": $1" ;;
  esac
}
# mean_latency_ms: how long the sandbox really held each call it delayed so far, on average (2 decimals): the drawn
# latency and its sleep's late wake-up, which is the server's time, not the bridge's
mean_latency_ms() {
  sandbox_stats | jq -r '.faults.counters | if .delayed > 0 then .heldNanos / .delayed / 1e6 else 0 end' | xargs printf '%.2f'
}
# mean_drawn_latency_ms: the mean latency drawn for those calls (what LATENCY_MS asked for)
mean_drawn_latency_ms() {
  sandbox_stats | jq -r '.faults.counters | if .delayed > 0 then .delayedNanos / .delayed / 1e6 else 0 end' | xargs printf '%.2f'
}
sandbox_reset() { curl -sf -X POST "$SANDBOX_URL/_sandbox/reset" > /dev/null; }
sandbox_stats() { curl -sf "$SANDBOX_URL/_sandbox/stats?windowMs=${1:-1000}"; }
TARGET_KEY='bench-org#bench-tgt'
SOURCE_KEY='bench-org#bench-src'

# bridge_env: the bridge's settings for a bench (target and source = the sandbox's bench apps)
bridge_env() {
  BRIDGE_MGMT_PORT=${BRIDGE_MGMT_PORT:-$(free_port)}
  export BRIDGE_SOURCE_BASE_URL="$SANDBOX_URL" BRIDGE_SOURCE_ORG=bench-org BRIDGE_SOURCE_APP=bench-src \
         BRIDGE_SOURCE_CLIENT_ID=bench-src-client BRIDGE_SOURCE_CLIENT_SECRET=bench-src-secret \
         BRIDGE_TARGET_BASE_URL="$SANDBOX_URL" BRIDGE_TARGET_ORG=bench-org BRIDGE_TARGET_APP=bench-tgt \
         BRIDGE_TARGET_CLIENT_ID=bench-tgt-client BRIDGE_TARGET_CLIENT_SECRET=bench-tgt-secret \
         BRIDGE_MANAGEMENT_PORT="$BRIDGE_MGMT_PORT" BRIDGE_DATA_DIR="${BRIDGE_DATA_DIR:-$WORK/data}"
}

# start_bridge LOG [time-output]: the packaged jar at -Xmx256m in the repo root (run under /usr/bin/time -v when a
# time-output file is given); sets BRIDGE_PID (the JVM's pid) and BRIDGE_WRAPPER_PID
start_bridge() {
  local log=$1 timeout_file=${2:-}
  if [ -n "$timeout_file" ]; then
    /usr/bin/time -v -o "$timeout_file" java -Xmx${BRIDGE_XMX:-256m} ${BRIDGE_JAVA_OPTS:-} -jar "$JAR" >> "$log" 2>&1 &
    BRIDGE_WRAPPER_PID=$!
    PIDS+=($BRIDGE_WRAPPER_PID)
    local i
    for i in $(seq 1 50); do BRIDGE_PID=$(pgrep -P "$BRIDGE_WRAPPER_PID" || true); [ -n "$BRIDGE_PID" ] && break; sleep 0.1; done
  else
    java -Xmx${BRIDGE_XMX:-256m} ${BRIDGE_JAVA_OPTS:-} -jar "$JAR" >> "$log" 2>&1 &
    BRIDGE_PID=$!
    BRIDGE_WRAPPER_PID=$BRIDGE_PID
    PIDS+=($BRIDGE_PID)
  fi
}

# wait_bridge_up SECONDS: until the management health endpoint answers UP
wait_bridge_up() {
  local i
  for i in $(seq 1 $(($1 * 5))); do
    curl -sf "http://127.0.0.1:$BRIDGE_MGMT_PORT/observe/health" 2>/dev/null | grep -q UP && return 0
    kill -0 "$BRIDGE_PID" 2>/dev/null || { echo "bridge exited" >&2; return 1; }
    sleep 0.2
  done
  echo "bridge not up after $1 s" >&2; return 1
}

# stop_bridge: SIGTERM to the JVM and wait for it (and for /usr/bin/time to write its report)
stop_bridge() {
  kill -TERM "$BRIDGE_PID" 2>/dev/null || true
  local i
  for i in $(seq 1 300); do kill -0 "$BRIDGE_WRAPPER_PID" 2>/dev/null || break; sleep 0.2; done
  kill -KILL "$BRIDGE_PID" 2>/dev/null || true
  wait "$BRIDGE_WRAPPER_PID" 2>/dev/null || true
}

# drop_file SRC NAME: moves a finished file into the import inbox in one rename (never a half-written file)
drop_file() {
  local inbox=${BRIDGE_IMPORT_INBOX:-$BRIDGE_DATA_DIR/inbox}
  mkdir -p "$inbox"
  cp "$1" "$inbox/.$2.part"
  mv "$inbox/.$2.part" "$inbox/$2"
}

# wait_report NAME SECONDS: until the import wrote {data-dir}/reports/{NAME without extensions}.json and the file left the inbox
wait_report() {
  local inbox=${BRIDGE_IMPORT_INBOX:-$BRIDGE_DATA_DIR/inbox} i
  for i in $(seq 1 $(($2 * 2))); do
    if ls "$BRIDGE_DATA_DIR"/reports/"${1%%.*}"*.json > /dev/null 2>&1 && [ ! -e "$inbox/$1" ]; then return 0; fi
    kill -0 "$BRIDGE_PID" 2>/dev/null || { echo "bridge exited before the report of $1" >&2; return 1; }
    sleep 0.5
  done
  echo "no report for $1 after $2 s" >&2; return 1
}

# the import's report of a file ({data-dir}/reports/{file name without extensions}.json), on one line
report_json() { jq -c . "$(ls "$BRIDGE_DATA_DIR"/reports/"${1%%.*}"*.json | head -1)"; }

# peak RSS in MB from a /usr/bin/time -v output
peak_rss_mb() { awk -F': ' '/Maximum resident set size/{printf "%.0f", $2/1024}' "$1"; }

# the import route is on this branch (the import benches need it)
have_import_route() { [ -f routes/import.camel.yaml ]; }
require_import_route() {
  have_import_route || { echo "SKIP: routes/import.camel.yaml is not on this branch yet (issue 4)"; exit 0; }
}

# ImportBench helper (bench/ImportBench.java) with its own heap
import_bench() { run_java -Xmx${CHECK_XMX:-2g} -cp "$JAR" bench/ImportBench.java "$@"; }

# generate_input N SEED: $WORK/in/bench.ndjson (the history file to drop) and $WORK/in/requests.ndjson (what the
# sandbox must accept)
generate_input() {
  mkdir -p "$WORK/in"
  import_bench generate "$WORK/in/bench.ndjson" "$WORK/in/requests.ndjson" "$1" "$2"
  INPUT="$WORK/in/bench.ndjson"
  REQUESTS="$WORK/in/requests.ndjson"
}

# import_env: the bridge as an import-only bridge (export off)
import_env() {
  bridge_env
  export BRIDGE_EXPORT_ENABLED=false BRIDGE_IMPORT_ENABLED=true BRIDGE_IMPORT_INBOX="$BRIDGE_DATA_DIR/inbox"
  # the import benches measure the import: their generated media point at files the sandbox does not hold
  export BRIDGE_IMPORT_ATTACHMENTS=link
}

# field NAME FILE [ENDPOINT]: a value from the RESULT lines of `ImportBench check`
field() {
  if [ $# -ge 3 ]; then grep "^RESULT endpoint=$3 " "$2" | sed -n "s/.* $1=\([^ ]*\).*/\1/p" | head -1
  else grep '^RESULT ' "$2" | grep -v '^RESULT endpoint=' | sed -n "s/.* $1=\([^ ]*\).*/\1/p" | head -1; fi
}
