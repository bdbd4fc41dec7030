#!/usr/bin/env bash
# Benchmark 3: export of one history hour of N records (default 1,000,000; smoke: 2000) by the packaged bridge at
# -Xmx256m against a sandbox in its own JVM. Prints the export's wall time, its ratio to `gzip -dc FILE | wc -l` on
# the same file (timed right before and right after the export, mean), and the bridge's peak RSS; then checks that
# the output holds the history file's lines byte for byte (the documented repeats dropped).
# Usage: bench/export-hour.sh [records]
source "$(dirname "$0")/lib.sh"
RECORDS=${1:-1000000}
echo "== export of a ${RECORDS}-record hour"; machine

start_sandbox "$RECORDS"
HOUR=$SANDBOX_HOUR
echo "history file: $(du -h "$SANDBOX_GZ" | cut -f1) gzip, hour $HOUR"

baseline() {
  local t0 t1 n
  t0=$(now); n=$(gzip -dc "$SANDBOX_GZ" | wc -l); t1=$(now)
  [ "$n" = "$RECORDS" ] || { echo "baseline counted $n lines, expected $RECORDS" >&2; exit 1; }
  secs "$t0" "$t1"
}
B1=$(baseline)

bridge_env
export BRIDGE_IMPORT_ENABLED=false BRIDGE_EXPORT_TIME_ZONE=UTC BRIDGE_EXPORT_SETTLE_MINUTES=0 BRIDGE_EXPORT_BACKFILL_HOURS=1
T0=$(now)
start_bridge "$WORK/bridge.log" "$WORK/time.txt"
wait_for "$WORK/bridge.log" "Export hour $HOUR:" 1800
T1=$(now)
stop_bridge
B2=$(baseline)

LINE=$(grep -o "Export hour $HOUR:.*" "$WORK/bridge.log" | head -1)
echo "bridge: $LINE"
grep -q "Export hour $HOUR: done" "$WORK/bridge.log" || { echo "FAIL: the hour is not DONE"; exit 1; }
OUT="$BRIDGE_DATA_DIR/inbox/$HOUR.ndjson"
LINES=$(wc -l < "$OUT")
HOUR_S=$(echo "$LINE" | sed -n 's/.*, \([0-9.]*\) s$/\1/p')
LAUNCH_S=$(secs "$T0" "$T1")
BASE_S=$(echo "($B1 + $B2) / 2" | bc -l | xargs printf '%.2f')
RSS=$(peak_rss_mb "$WORK/time.txt")
echo "output: $LINES lines ($(du -h "$OUT" | cut -f1)); the documented duplicate lines are dropped"
# the generator's duplicates are byte-identical repeats of the line before: without them, the output must hold the
# history file's lines byte for byte (checked after the timing)
if LC_ALL=C gzip -dc "$SANDBOX_GZ" | LC_ALL=C uniq | cmp -s - "$OUT"; then
  echo "output bytes: equal to the history file's lines without the repeated ones"
else
  echo "FAIL: the output's bytes differ from the history file's lines"; exit 1
fi
echo "baseline gzip -dc | wc -l: $B1 s before, $B2 s after, mean $BASE_S s"
echo "RESULT export_hour_seconds=$HOUR_S (the hour as logged by the route) launch_to_done_seconds=$LAUNCH_S (incl. JVM start)"
echo "RESULT export_time_ratio=$(ratio "$HOUR_S" "$BASE_S") (hour / baseline) launch_ratio=$(ratio "$LAUNCH_S" "$BASE_S")"
echo "RESULT export_peak_rss_mb=$RSS (-Xmx${BRIDGE_XMX:-256m})"
