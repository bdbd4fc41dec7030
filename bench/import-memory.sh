#!/usr/bin/env bash
# Benchmark 4: import of one N-line file (default 1,000,000; smoke: 2000) by the packaged bridge at -Xmx256m, rate
# limits very high, no added latency. Prints the bridge's peak RSS (/usr/bin/time -v), its messages/s, and the
# largest size on disk of each folder under the data dir while the file was imported (the ordering index is one of
# them; per message). Checks that every message arrived once and unchanged.
# With DRY_RUN=true the bridge indexes, orders, maps and validates every line (bridge.import.dry-run) without posting:
# the file-size-dependent part (the ordering index) at full size in a fraction of the time.
# Usage: bench/import-memory.sh [lines]       env: INFLIGHT=16 DRY_RUN=false
source "$(dirname "$0")/lib.sh"
require_import_route
N=${1:-1000000}
INFLIGHT=${INFLIGHT:-16}
DRY_RUN=${DRY_RUN:-false}
echo "== import of a ${N}-line file at -Xmx${BRIDGE_XMX:-256m}, dry run: $DRY_RUN"; machine
SANDBOX_XMX=${SANDBOX_XMX:-3g} start_sandbox
sandbox_faults '{"importRatePerSecond": 1000000}'
generate_input "$N" 4
echo "input: $(du -h "$INPUT" | cut -f1)"

import_env
export BRIDGE_IMPORT_RATE_PER_SECOND=10000 BRIDGE_IMPORT_MAX_IN_FLIGHT=$INFLIGHT BRIDGE_IMPORT_DRY_RUN=$DRY_RUN
start_bridge "$WORK/bridge.log" "$WORK/time.txt"
wait_bridge_up 120
T0=$(now)
drop_file "$INPUT" bench.ndjson
# largest size of each data-dir folder while the import runs (bounded: the wait below ends the loop)
( while kill -0 "$BRIDGE_PID" 2>/dev/null; do
    du -sb "$BRIDGE_DATA_DIR"/*/ 2>/dev/null | sed 's#/$##'; du -sb "$BRIDGE_DATA_DIR"/state/* 2>/dev/null
    sleep 2
  done ) > "$WORK/du.txt" &
DU_PID=$!; PIDS+=($DU_PID)
wait_report bench.ndjson $((N / 50 + 600))
T1=$(now)
echo "bridge: file dropped to report written: $(secs "$T0" "$T1") s = $(echo "$N / $(secs "$T0" "$T1")" | bc -l | xargs printf '%.0f') msg/s"
echo "report: $(report_json bench.ndjson | head -c 800)"
stop_bridge
kill "$DU_PID" 2>/dev/null || true
RC=0
if [ "$DRY_RUN" = true ]; then
  V=$(report_json bench.ndjson | jq .validated)
  [ "$V" = "$N" ] || { echo "FAIL: dry run validated $V of $N lines"; RC=1; }
else
  import_bench check "$REQUESTS" "$SANDBOX_URL" "$TARGET_KEY" 0 | tee "$WORK/check.txt" || RC=1
fi
echo "largest size on disk during the import (bytes, bytes per message):"
awk -v n="$N" '{ if ($1 > max[$2]) max[$2] = $1 } END { for (d in max) printf "  %-60s %12d  %8.1f\n", d, max[d], max[d] / n }' "$WORK/du.txt" \
  | sed "s#$BRIDGE_DATA_DIR/##" | sort
echo "ordering index: $(java -cp "$JAR" bench/IndexSize.java) bytes of heap per line (imports.LineIndex), $(echo "$N * $(java -cp "$JAR" bench/IndexSize.java) / 1048576" | bc) MB for $N lines"
echo "RESULT import_peak_rss_mb=$(peak_rss_mb "$WORK/time.txt") (-Xmx${BRIDGE_XMX:-256m}) lines=$N dry_run=$DRY_RUN"
exit $RC
