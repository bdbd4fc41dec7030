#!/usr/bin/env bash
# Benchmark 2: unpaced import. Rate limits set very high (sandbox and bridge); LATENCY_MS added per call (default 0).
# Side by side on the same sandbox: (1) a plain java.net.http.HttpClient loop with INFLIGHT threads (the bridge's
# max-in-flight, default 16) posting the generated requests, (2) the bridge importing the file, (3) the plain loop
# again, posting exactly the requests the bridge made. Rates come from the sandbox's arrival times.
# Prints the bridge's messages/s ÷ the plain loop's (mean of 1 and 3). Goal >= 0.8.
# Usage: bench/unpaced-import.sh [messages]      (default 20,000; smoke: 300)   env: INFLIGHT=16 LATENCY_MS=0
source "$(dirname "$0")/lib.sh"
require_import_route
N=${1:-20000}
INFLIGHT=${INFLIGHT:-16}
LATENCY_MS=${LATENCY_MS:-0}
echo "== unpaced import: $N messages, $INFLIGHT in flight, ${LATENCY_MS} ms latency"; machine
start_sandbox
UNLIMITED='"importRatePerSecond": 1000000, "latencyMs": '$LATENCY_MS
sandbox_faults "{$UNLIMITED}"
generate_input "$N" 2

plain() {
  import_bench plain-client "$1" "$SANDBOX_URL" bench-org bench-tgt bench-tgt-client bench-tgt-secret "$INFLIGHT" >&2
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
T0=$(now)
drop_file "$INPUT" bench.ndjson
wait_report bench.ndjson $((N / 20 + 300))
T1=$(now)
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
exit $RC
