#!/usr/bin/env bash
# Benchmark: a backlog of hour files with a hot group. FILES hour files of RECORDS records each (default 6 × 2,000;
# shuffled in file order, 5 % equal timestamps, one group holding 30 % of each hour's group messages) are dropped
# into the inbox at once; the sandbox limits each endpoint to LIMIT per sliding 1 s and adds a latency drawn per call
# from LATENCY_MS (default 20-120); the bridge runs with its default settings (rate = LIMIT). HOT=hourly makes the
# hot group another one each hour: each file's critical path is its own, so the files must overlap to reach the bound.
# Prints the time from the drop to the last report beside its bound, and time ÷ bound (goal >= 0.95 of the bound,
# that is bound ÷ time; printed as both). The bound, from the files and the sandbox's measured mean latency (how long
# it really held each call; the bound with the drawn latency alone is printed beside it):
#   max(messages of the busier endpoint / LIMIT, messages of the largest conversation × mean latency)
# (each conversation is strictly sequential, so its messages take at least a round trip each). Checks that every
# message arrived once, unchanged and in order, and prints where the hottest conversation's time went
# (bench/HotConversation.java).
# Usage: bench/backlog.sh [files] [records per file]     env: LIMIT=100 LATENCY_MS=20-120 HOT=same|hourly
source "$(dirname "$0")/lib.sh"
require_import_route
FILES=${1:-6}
RECORDS=${2:-2000}
LIMIT=${LIMIT:-100}
LATENCY_MS=${LATENCY_MS:-20-120}
HOT=${HOT:-same}
echo "== backlog: $FILES hour files × $RECORDS records dropped at once, limit $LIMIT/s per endpoint, ${LATENCY_MS} ms latency, hot group: $HOT, default settings"; machine
start_sandbox
sandbox_faults "{\"importRatePerSecond\": $LIMIT, $(latency_json "$LATENCY_MS")}"
mkdir -p "$WORK/in"
import_bench backlog "$WORK/in/hours" "$WORK/in/requests.ndjson" "$FILES" "$RECORDS" 7 "$HOT" | tee "$WORK/gen.txt"
USERS=$(field users "$WORK/gen.txt")
GROUPS_N=$(field chatgroups "$WORK/gen.txt")
HOT=$(field hottest_messages "$WORK/gen.txt")

import_env
export BRIDGE_IMPORT_RATE_PER_SECOND=$LIMIT
start_bridge "$WORK/bridge.log"
wait_bridge_up 120
INBOX=$BRIDGE_IMPORT_INBOX
mkdir -p "$INBOX"
for F in "$WORK"/in/hours/*.ndjson; do cp "$F" "$INBOX/.$(basename "$F").part"; done
T0=$(now)
for F in "$WORK"/in/hours/*.ndjson; do mv "$INBOX/.$(basename "$F").part" "$INBOX/$(basename "$F")"; done
TOTAL=$((FILES * RECORDS))
for F in "$WORK"/in/hours/*.ndjson; do wait_report "$(basename "$F")" $((TOTAL / LIMIT + 600)); done
T1=$(now)
TIME=$(secs "$T0" "$T1")
MEAN_MS=$(mean_latency_ms)
DRAWN_MS=$(mean_drawn_latency_ms)
stop_bridge

BUSIER=$(( USERS > GROUPS_N ? USERS : GROUPS_N ))
BOUND_RATE=$(echo "scale=3; $BUSIER / $LIMIT" | bc -l)
BOUND_HOT=$(echo "scale=3; $HOT * $MEAN_MS / 1000" | bc -l)
# bound_s LATENCY_MS: the larger of the endpoint's time and the hottest conversation's at that mean latency
bound_s() { echo "r = $BOUND_RATE; h = $HOT * $1 / 1000; if (r > h) r else h" | bc -l | xargs printf '%.2f'; }
BOUND=$(bound_s "$MEAN_MS")
BOUND_DRAWN=$(bound_s "$DRAWN_MS")
RC=0
import_bench check "$WORK/in/requests.ndjson" "$SANDBOX_URL" "$TARGET_KEY" 0 | tee "$WORK/check.txt" || RC=1
ORDER=$(field order_violations "$WORK/check.txt")
# where the hot conversation's time went: gaps across file boundaries, within a file shared with others or alone
HOT_TARGET=$(field hottest "$WORK/gen.txt"); HOT_TARGET=${HOT_TARGET#g:}
run_java -cp "$JAR" bench/HotConversation.java "$SANDBOX_URL" "$TARGET_KEY" chatgroups "$HOT_TARGET" "$MEAN_MS"
echo "RESULT backlog files=$FILES records=$TOTAL time_s=$TIME bound_s=$BOUND (endpoint $BUSIER msgs / $LIMIT per s = $(printf '%.2f' "$BOUND_RATE") s;" \
     "hottest conversation $HOT msgs × $MEAN_MS ms mean latency = $(printf '%.2f' "$BOUND_HOT") s)" \
     "time_per_bound=$(ratio "$TIME" "$BOUND") bound_per_time=$(ratio "$BOUND" "$TIME") (goal >= 0.95) order_violations=$ORDER" \
     "with_drawn_latency: $DRAWN_MS ms, bound_s=$BOUND_DRAWN bound_per_time=$(ratio "$BOUND_DRAWN" "$TIME")"
[ "$ORDER" = 0 ] || { echo "FAIL: order violations"; RC=1; }
exit $RC
