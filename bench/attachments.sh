#!/usr/bin/env bash
# Benchmark: attachments on the import's critical path. The same N messages (default 5,000; smoke: 300) imported
# twice by the packaged bridge with its default settings (bridge.import.attachments=copy), each run on a fresh data
# dir: once as text only, once with a MEDIA fraction of them (default 0.4) turned into img / audio / video (+ thumb)
# / file messages whose files (1 KB-1 MB, log-uniform; half restricted; one in ten shared) the sandbox's source app
# holds. Sandbox: LIMIT imports per second per endpoint (default 100), chatfiles at their documented 100/s per
# direction, LATENCY_MS (default 50) added to every import, download and upload.
# Prints the media run's rate (messages ÷ time from the drop to the report) ÷ the text run's (goal >= 0.9), next to
# a third run of the media file with bridge.attachments.max-in-flight=0 (each message copies its files when its turn
# comes, as before the copies went ahead), and
# checks that every message arrived once, in order, unchanged but for its urls and secrets, which point at copies in
# the target app, and that each source file was uploaded once.
# Also prints each run's peak RSS of the bridge (at BRIDGE_XMX, default 256m) and the largest size of its
# tmp-attachments/ folder (sampled every 0.2 s): with FILE_KB every file has that size,
# e.g. FILE_KB=8192 MEDIA=1 bench/attachments.sh 200 for large attachments.
# Usage: bench/attachments.sh [messages]     env: MEDIA=0.4 LIMIT=100 LATENCY_MS=50 FILE_KB=(1-1024 log-uniform)
source "$(dirname "$0")/lib.sh"
require_import_route
N=${1:-5000}
MEDIA=${MEDIA:-0.4}
LIMIT=${LIMIT:-100}
LATENCY_MS=${LATENCY_MS:-50}
echo "== attachments: $N messages, $MEDIA of them media, limit $LIMIT/s per endpoint, ${LATENCY_MS} ms latency"; machine
start_sandbox
generate_input "$N" 4
import_bench media "$INPUT" "$REQUESTS" "$WORK/in/media.ndjson" "$WORK/in/media-requests.ndjson" "$SANDBOX_URL" \
    "$MEDIA" 5 | tee "$WORK/media.txt"
FILES=$(sed -n 's/.* files=\([0-9]*\).*/\1/p' "$WORK/media.txt")
FAULTS="{\"importRatePerSecond\": $LIMIT, $(latency_json "$LATENCY_MS")}"

# run LABEL FILE REQUESTS [COPIES_AHEAD]: one import on a fresh data dir; prints messages per second from the drop to the report
run() {
  sandbox_reset; sandbox_faults "$FAULTS"
  BRIDGE_DATA_DIR="$WORK/data-$1"
  import_env
  export BRIDGE_IMPORT_ATTACHMENTS=copy BRIDGE_IMPORT_RATE_PER_SECOND=$LIMIT
  if [ -n "${4:-}" ]; then export BRIDGE_ATTACHMENTS_MAX_IN_FLIGHT=$4; else unset BRIDGE_ATTACHMENTS_MAX_IN_FLIGHT; fi
  start_bridge "$WORK/bridge-$1.log" "$WORK/time-$1.txt"
  wait_bridge_up 120
  local t0 t1; t0=$(now)
  # the largest size of tmp-attachments/ while it runs (bounded: stops with the bridge)
  ( while kill -0 "$BRIDGE_PID" 2>/dev/null; do
      du -sb "$BRIDGE_DATA_DIR/tmp-attachments" 2>/dev/null | cut -f1; sleep 0.2
    done ) > "$WORK/du-$1.txt" &
  PIDS+=($!)
  drop_file "$2" "$1.ndjson"
  wait_report "$1.ndjson" $((N / 20 + 300))
  t1=$(now)
  stop_bridge
  report_json "$1.ndjson" > "$WORK/report-$1.json"
  echo "$1: $(secs "$t0" "$t1") s, peak RSS $(peak_rss_mb "$WORK/time-$1.txt") MB, report: $(jq -c '{imported, failed, attachmentsCopied, attachmentsReused, attachmentsMissing, attachmentBytesCopied}' "$WORK/report-$1.json")" >&2
  import_bench check "$3" "$SANDBOX_URL" "$TARGET_KEY" 0 > "$WORK/check-$1.txt" \
    || { cat "$WORK/check-$1.txt" >&2; echo "FAIL: the $1 run lost or changed messages" >&2; exit 1; }
  echo "$(echo "scale=3; $N / ($t1 - $t0)" | bc -l) $(peak_rss_mb "$WORK/time-$1.txt")" \
       "$(sort -n "$WORK/du-$1.txt" | tail -1 | awk '{ printf "%.1f", $1 / 1048576 }')"
}

OUT=$(run text "$INPUT" "$REQUESTS"); read -r TEXT TEXT_RSS _ <<< "$OUT"
OUT=$(run media "$WORK/in/media.ndjson" "$WORK/in/media-requests.ndjson"); read -r MEDIA_RATE MEDIA_RSS MEDIA_TMP <<< "$OUT"
OUT=$(run inline "$WORK/in/media.ndjson" "$WORK/in/media-requests.ndjson" 0); read -r INLINE INLINE_RSS INLINE_TMP <<< "$OUT"
COPIED=$(jq '.attachmentsCopied' "$WORK/report-media.json")
RC=0
[ "$COPIED" = "$FILES" ] || { echo "FAIL: $COPIED files copied, the source holds $FILES"; RC=1; }
echo "RESULT attachments media_rate=$MEDIA_RATE/s text_rate=$TEXT/s ratio=$(ratio "$MEDIA_RATE" "$TEXT") (goal >= 0.9)" \
     "inline_rate=$INLINE/s inline_ratio=$(ratio "$INLINE" "$TEXT") media=$MEDIA files_copied=$COPIED of $FILES" \
     "latency_ms=$LATENCY_MS file_kb=${FILE_KB:-1-1024} peak_rss_mb=$TEXT_RSS/$MEDIA_RSS/$INLINE_RSS (text/media/inline," \
     "-Xmx${BRIDGE_XMX:-256m}) tmp_attachments_max_mb=$MEDIA_TMP/$INLINE_TMP (media/inline; budget" \
     "$(sed -n 's/^bridge.attachments.disk-budget-mb = //p' config/application.properties) MB + one file per lane)"
exit $RC
