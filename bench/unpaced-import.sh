#!/usr/bin/env bash
# Benchmark 2: unpaced import. Rate limits set very high (sandbox and bridge); LATENCY_MS added per call (default 0).
# Side by side on the same sandbox: (1) a plain java.net.http.HttpClient loop with INFLIGHT threads (the bridge's
# max-in-flight, default 16) posting the generated requests, (2) the bridge importing the file, (3) the plain loop
# again, posting exactly the requests the bridge made. Rates come from the sandbox's arrival times.
# Both sides are measured warm, as a bridge that has been running for a while: each JVM first posts a warm-up file of
# WARMUP other messages (not counted; the sandbox is cleared after it). WARMUP=0 measures cold JVMs.
# Prints the bridge's messages/s ÷ the plain loop's (mean of 1 and 3). Goal >= 0.8.
# Usage: bench/unpaced-import.sh [messages]      (default 20,000; smoke: 300)
#        env: INFLIGHT=16 LATENCY_MS=0 WARMUP=min(messages, 10000) (0 at the smoke size)
source "$(dirname "$0")/lib.sh"
require_import_route
N=${1:-20000}
INFLIGHT=${INFLIGHT:-16}
if [ "$N" -ge 1000 ]; then WARMUP=${WARMUP:-$(( N < 10000 ? N : 10000 ))}; else WARMUP=${WARMUP:-0}; fi
LATENCY_MS=${LATENCY_MS:-0}
echo "== unpaced import: $N messages, $INFLIGHT in flight, ${LATENCY_MS} ms latency, warm-up $WARMUP messages"; machine
start_sandbox
UNLIMITED='"importRatePerSecond": 1000000, "latencyMs": '$LATENCY_MS
sandbox_faults "{$UNLIMITED}"
generate_input "$N" 2
WARM_ARGS=()
if [ "$WARMUP" -gt 0 ]; then   # other msg_ids (seed 3), the same conversations
  import_bench generate "$WORK/in/warm-up.ndjson" "$WORK/in/warm-up-requests.ndjson" "$WARMUP" 3 > /dev/null
  WARM_ARGS=("$WORK/in/warm-up-requests.ndjson" "{$UNLIMITED}")
fi

# plain REQUESTS CHECK-OUTPUT: the plain loop (after its warm-up); prints its rate. Its CPU per message and the
# sandbox's during the counted pass go to $2.cpu
plain() {
  local s0 line; s0=$(cpu_ms "$SANDBOX_PID")
  import_bench plain-client "$1" "$SANDBOX_URL" bench-org bench-tgt bench-tgt-client bench-tgt-secret "$INFLIGHT" \
      "${WARM_ARGS[@]}" | while IFS= read -r line; do
    echo "$line"
    case $line in warm-up*) cpu_ms "$SANDBOX_PID" > "$2.s0" ;; esac   # the counted pass starts now
  done | tee "$2.loop" >&2
  [ ! -s "$2.s0" ] || s0=$(cat "$2.s0")
  echo "$(sed -n 's/^plain_cpu_ms_per_msg=//p' "$2.loop") $(( $(cpu_ms "$SANDBOX_PID") - s0 ))" > "$2.cpu"
  import_bench check "$1" "$SANDBOX_URL" "$TARGET_KEY" 0 > "$2" || { cat "$2"; echo "FAIL: the plain loop lost messages"; exit 1; }
  field overall_rate_per_s "$2"
}

if [ "$N" -ge 1000 ]; then   # the smoke size skips it
  echo "-- 0. warm-up of the sandbox JVM (plain loop, not counted)"
  import_bench plain-client "$REQUESTS" "$SANDBOX_URL" bench-org bench-tgt bench-tgt-client bench-tgt-secret "$INFLIGHT"
  sandbox_reset; sandbox_faults "{$UNLIMITED}"
fi

echo "-- 1. plain HttpClient loop"
P1=$(plain "$REQUESTS" "$WORK/plain1.txt" | tail -1)
sandbox_reset; sandbox_faults "{$UNLIMITED}"

echo "-- 2. bridge"
import_env
export BRIDGE_IMPORT_RATE_PER_SECOND=10000 BRIDGE_IMPORT_MAX_IN_FLIGHT=$INFLIGHT
start_bridge "$WORK/bridge.log"
wait_bridge_up 120
if [ "$WARMUP" -gt 0 ]; then
  drop_file "$WORK/in/warm-up.ndjson" warm-up.ndjson
  wait_report warm-up.ndjson $((WARMUP / 20 + 300))
  echo "bridge warm-up: $WARMUP messages imported (not counted)"
  sandbox_reset; sandbox_faults "{$UNLIMITED}"
fi
T0=$(now)
B0=$(cpu_ms "$BRIDGE_PID"); S0=$(cpu_ms "$SANDBOX_PID"); thread_cpu "$BRIDGE_PID" > "$WORK/bridge-threads0.txt"
drop_file "$INPUT" bench.ndjson
wait_report bench.ndjson $((N / 20 + 300))
T1=$(now)
BRIDGE_CPU=$(( $(cpu_ms "$BRIDGE_PID") - B0 )); SANDBOX_CPU=$(( $(cpu_ms "$SANDBOX_PID") - S0 ))
thread_cpu "$BRIDGE_PID" > "$WORK/bridge-threads1.txt"
stop_bridge
RC=0
import_bench check "$REQUESTS" "$SANDBOX_URL" "$TARGET_KEY" 0 | tee "$WORK/bridge-check.txt" || RC=1
BR=$(field overall_rate_per_s "$WORK/bridge-check.txt")
curl -sf "$SANDBOX_URL/_sandbox/imports?app=bench-org%23bench-tgt" > "$WORK/bridge-requests.ndjson"
sandbox_reset; sandbox_faults "{$UNLIMITED}"

echo "-- 3. plain HttpClient loop, the bridge's own requests"
P2=$(plain "$WORK/bridge-requests.ndjson" "$WORK/plain2.txt" | tail -1)
PM=$(echo "($P1 + $P2) / 2" | bc -l | xargs printf '%.1f')
echo "bridge: $BR msg/s between its first and last accepted import ($(secs "$T0" "$T1") s from drop to report, $(echo "$N / $(secs "$T0" "$T1")" | bc -l | xargs printf '%.0f') msg/s)"
echo "plain loop: $P1 msg/s before, $P2 msg/s after, mean $PM"
echo "RESULT unpaced bridge_rate=$BR plain_rate=$PM ratio=$(ratio "$BR" "$PM") (goal >= 0.8)"
# where the 2 cores go: CPU ms per message of each client and of the sandbox serving it (both runs of the loop, mean)
read -r PC1 PS1 < "$WORK/plain1.txt.cpu"; read -r PC2 PS2 < "$WORK/plain2.txt.cpu"
per_msg() { echo "$1 / $N" | bc -l | xargs printf '%.3f'; }
echo "RESULT unpaced_cpu_ms_per_msg bridge=$(per_msg "$BRIDGE_CPU") sandbox_serving_bridge=$(per_msg "$SANDBOX_CPU")" \
     "plain_loop=$(echo "($PC1 + $PC2) / 2" | bc -l | xargs printf '%.3f')" \
     "sandbox_serving_loop=$(per_msg "$(( (PS1 + PS2) / 2 ))")"
# a JVM still compiling (C2 CompilerThread) spends its CPU on that, not on messages: the short runs' spread
echo "RESULT unpaced_bridge_cpu_by_thread $(cpu_by_thread "$WORK/bridge-threads0.txt" "$WORK/bridge-threads1.txt")"
exit $RC
