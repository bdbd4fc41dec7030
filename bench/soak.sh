#!/usr/bin/env bash
# The soak: one file of N messages (default 50,000; smoke: 1000) imported while the sandbox injects faults
# (10 % 503, 5 % 429, 1 % dropped connections before and 1 % after the import was recorded, all tokens revoked every
# 5 s) and the bridge is killed with kill -9 and restarted KILLS times (default 3, at evenly spaced shares of the
# messages accepted so far). Verifies against the sandbox's record of accepted imports: zero missing, zero
# mismatched, zero unexpected; duplicates and order-violation rejections at most what hidden successes explain
# (drops after record + kills x in-flight); counts token requests per app.
# Usage: bench/soak.sh [messages]    env: LIMIT=200 (sandbox, per endpoint) RATE=LIMIT (bridge) LATENCY_MS=20
#        INFLIGHT=16 KILLS=3 TOKEN_MIN_INTERVAL=1 (s between token requests; the bridge's default 10 would stall
#        up to 5 s after every revocation)
source "$(dirname "$0")/lib.sh"
require_import_route
N=${1:-50000}
LIMIT=${LIMIT:-200}
RATE=${RATE:-$LIMIT}
LATENCY_MS=${LATENCY_MS:-20}
INFLIGHT=${INFLIGHT:-16}
KILLS=${KILLS:-3}
TOKEN_MIN_INTERVAL=${TOKEN_MIN_INTERVAL:-1}
echo "== soak: $N messages, limit $LIMIT/s, bridge rate $RATE/s, ${LATENCY_MS} ms, $INFLIGHT in flight, $KILLS kill -9"; machine
start_sandbox
sandbox_faults "{\"importRatePerSecond\": $LIMIT, \"latencyMs\": $LATENCY_MS, \"rate503\": 0.10, \"rate429\": 0.05,
  \"dropRate\": 0.01, \"dropAfterRecordRate\": 0.01, \"revokeTokensEveryMs\": 5000, \"seed\": 6}"
curl -sf "$SANDBOX_URL/_sandbox/faults"; echo
generate_input "$N" 6

import_env
export BRIDGE_IMPORT_RATE_PER_SECOND=$RATE BRIDGE_IMPORT_MAX_IN_FLIGHT=$INFLIGHT \
       BRIDGE_TOKEN_MIN_INTERVAL_SECONDS=$TOKEN_MIN_INTERVAL
# imports the sandbox accepted so far (the stats call is retried: it must not end the soak by itself)
accepted() {
  local v i
  for i in 1 2 3 4 5; do
    v=$(curl -s --max-time 10 "$SANDBOX_URL/_sandbox/stats" | jq ".apps[\"$TARGET_KEY\"].imports" 2>/dev/null || true)
    [[ "$v" =~ ^[0-9]+$ ]] && { echo "$v"; return 0; }
    echo "stats unreadable (attempt $i): $(curl -s -i --max-time 10 "$SANDBOX_URL/_sandbox/stats" | head -c 300)" >&2
    sleep 0.5
  done
  echo 0
}

start_bridge "$WORK/bridge.log"
wait_bridge_up 120
T0=$(now)
drop_file "$INPUT" bench.ndjson
DEADLINE=$(( $(date +%s) + N / 20 + 600 ))
for K in $(seq 1 "$KILLS"); do
  AT=$(( N * (2 * K - 1) / (2 * KILLS + 1) ))   # e.g. 3 kills: at 1/7, 3/7, 5/7 of the messages
  while [ "$(accepted)" -lt "$AT" ]; do
    [ "$(date +%s)" -lt "$DEADLINE" ] || { echo "FAIL: timed out before kill $K ($(accepted) accepted)"; tail -40 "$WORK/bridge.log"; exit 1; }
    kill -0 "$BRIDGE_PID" 2>/dev/null || { echo "FAIL: the bridge exited"; tail -40 "$WORK/bridge.log"; exit 1; }
    sleep 0.2
  done
  kill -9 "$BRIDGE_PID"; wait "$BRIDGE_PID" 2>/dev/null || true
  echo "kill -9 number $K at $(accepted) accepted imports, $(secs "$T0" "$(now)") s"
  echo "===== kill -9 number $K, restarting =====" >> "$WORK/bridge.log"
  start_bridge "$WORK/bridge.log"
  wait_bridge_up 120
done
wait_report bench.ndjson $(( DEADLINE - $(date +%s) ))
T1=$(now)
echo "file done $(secs "$T0" "$T1") s after the drop; report: $(report_json bench.ndjson | head -c 800)"
stop_bridge

COUNTERS=$(sandbox_stats | jq -c .faults.counters)
DAR=$(echo "$COUNTERS" | jq .droppedAfterRecord)
# per kill: 2 endpoints x 2 x max-in-flight (being posted, or accepted and waiting for the store's commit)
ALLOW=$(( DAR + KILLS * 4 * INFLIGHT ))
RC=0
import_bench check "$REQUESTS" "$SANDBOX_URL" "$TARGET_KEY" "$ALLOW" | tee "$WORK/check.txt" || RC=1
DUPS=$(field duplicates "$WORK/check.txt"); OV=$(field order_violations "$WORK/check.txt")
echo "hidden successes: $DAR drops after record + $KILLS kills x $((4 * INFLIGHT)) unrecorded at most = at most $ALLOW"
echo "RESULT soak missing=$(field missing "$WORK/check.txt") mismatched=$(field mismatched "$WORK/check.txt") duplicates=$DUPS order_violations=$OV (allowed <= $ALLOW each, from hidden successes)"
[ "$OV" -le "$ALLOW" ] || { echo "FAIL: more order violations than hidden successes explain"; RC=1; }
echo "RESULT soak $(grep '^RESULT token_requests' "$WORK/check.txt" | sed 's/^RESULT //') over $(secs "$T0" "$T1") s (revocations every 5 s: $(echo "$(secs "$T0" "$T1") / 5" | bc) during the run)"
echo "RESULT soak sandbox_counters=$COUNTERS"
DEAD=$(find "$BRIDGE_DATA_DIR" -path '*failed*' -type f 2>/dev/null | wc -l)
echo "RESULT soak files_under_failed=$DEAD"
if grep -q 'YWMt\|bench-tgt-secret' "$WORK/bridge.log"; then echo "FAIL: a token or secret in the bridge log"; RC=1; fi
[ $RC = 0 ] && echo "SOAK PASS" || echo "SOAK FAIL"
exit $RC
