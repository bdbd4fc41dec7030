#!/usr/bin/env bash
# Benchmark 1: paced import. The sandbox limits each import endpoint to LIMIT requests in any sliding 1 s window
# (default 100) and adds a latency to each call, drawn uniformly from LATENCY_MS (a range lo-hi, default 60-140, or
# one fixed value); the bridge (packaged jar, -Xmx256m, rate = LIMIT, its default settings otherwise: INFLIGHT sets
# max-in-flight only when given) imports one file of N messages (default 20,000; smoke: 300) split over 1:1 and
# group conversations.
# Prints per endpoint: achieved rate ÷ limit (goal >= 0.97), the max requests in any sliding 1 s window (must stay
# <= limit) and the 429s the bridge caused (goal 0); and checks that every message arrived once and unchanged.
# Usage: bench/paced-import.sh [messages]     env: LIMIT=100 LATENCY_MS=60-140 [INFLIGHT=n]
source "$(dirname "$0")/lib.sh"
require_import_route
N=${1:-20000}
LIMIT=${LIMIT:-100}
LATENCY_MS=${LATENCY_MS:-60-140}
INFLIGHT=${INFLIGHT:-}
echo "== paced import: $N messages, limit $LIMIT/s per endpoint, ${LATENCY_MS} ms latency," \
     "max-in-flight ${INFLIGHT:-default ($(sed -n 's/^bridge.import.max-in-flight = //p' config/application.properties))}"; machine
start_sandbox
sandbox_faults "{\"importRatePerSecond\": $LIMIT, $(latency_json "$LATENCY_MS")}"
generate_input "$N" 1

import_env
export BRIDGE_IMPORT_RATE_PER_SECOND=$LIMIT
[ -z "$INFLIGHT" ] || export BRIDGE_IMPORT_MAX_IN_FLIGHT=$INFLIGHT
start_bridge "$WORK/bridge.log"
wait_bridge_up 120
T0=$(now)
drop_file "$INPUT" bench.ndjson
wait_report bench.ndjson $((N / LIMIT + 300))
T1=$(now)
echo "bridge: file dropped to report written: $(secs "$T0" "$T1") s; report: $(report_json bench.ndjson | head -c 600)"
stop_bridge

MEAN_MS=$(mean_latency_ms)
RC=0
import_bench check "$REQUESTS" "$SANDBOX_URL" "$TARGET_KEY" 0 | tee "$WORK/check.txt" || RC=1
for EP in users chatgroups; do
  RATE=$(field rate_per_s "$WORK/check.txt" $EP)
  MAXW=$(field max_requests_in_1s "$WORK/check.txt" $EP)
  R429=$(field rejected429 "$WORK/check.txt" $EP)
  echo "RESULT paced_$EP rate=$RATE/s ratio_to_limit=$(ratio "$RATE" "$LIMIT") (goal >= 0.97) max_in_any_1s=$MAXW (limit $LIMIT) self_caused_429=$R429 (goal 0) latency_ms=$LATENCY_MS mean_latency_ms=$MEAN_MS"
  [ "$MAXW" -le "$LIMIT" ] || { echo "FAIL: $EP went over the limit"; RC=1; }
done
exit $RC
