#!/usr/bin/env bash
# Exports one hour of N generated records (default 200000) with the bridge at -Xmx256m against a sandbox in
# another JVM, and prints the bridge's peak RSS and the hour's export time.
# Usage: bench/export-memory.sh [records]      (run from the repository root; builds the jar if missing)
set -euo pipefail
RECORDS=${1:-200000}
cd "$(dirname "$0")/.."
[ -f target/chat-history-bridge.jar ] || mvn -B -q -o package -DskipTests
WORK=$(mktemp -d)
SANDBOX_PID=""
BRIDGE_PID=""
cleanup() {
  [ -n "$BRIDGE_PID" ] && kill "$BRIDGE_PID" 2>/dev/null || true
  [ -n "$SANDBOX_PID" ] && kill "$SANDBOX_PID" 2>/dev/null || true
}
trap cleanup EXIT

java -cp target/chat-history-bridge.jar bench/ExportMemorySandbox.java "$RECORDS" > "$WORK/sandbox.log" 2>&1 &
SANDBOX_PID=$!
for _ in $(seq 1 600); do grep -q "listening on" "$WORK/sandbox.log" && break; sleep 0.2; done
BASE_URL=$(sed -n 's/.*listening on //p' "$WORK/sandbox.log")
HOUR=$(sed -n 's/^hour \([0-9]*\) .*/\1/p' "$WORK/sandbox.log")
grep '^hour' "$WORK/sandbox.log"

START=$(date +%s.%N)
env BRIDGE_SOURCE_BASE_URL="$BASE_URL" BRIDGE_SOURCE_ORG=bench-org BRIDGE_SOURCE_APP=bench-app \
    BRIDGE_SOURCE_CLIENT_ID=bench-client BRIDGE_SOURCE_CLIENT_SECRET=bench-secret \
    BRIDGE_DATA_DIR="$WORK/data" BRIDGE_IMPORT_ENABLED=false BRIDGE_EXPORT_TIME_ZONE=UTC \
    BRIDGE_EXPORT_SETTLE_MINUTES=0 BRIDGE_EXPORT_BACKFILL_HOURS=1 \
    /usr/bin/time -v -o "$WORK/time.txt" java -Xmx256m -jar target/chat-history-bridge.jar > "$WORK/bridge.log" 2>&1 &
BRIDGE_PID=$!
for _ in $(seq 1 1800); do grep -q "Export hour $HOUR:" "$WORK/bridge.log" && break; sleep 0.2; done
END=$(date +%s.%N)
grep "Export hour $HOUR:" "$WORK/bridge.log" || { tail -50 "$WORK/bridge.log"; exit 1; }
# /usr/bin/time's child is the JVM: stop it, then time reports
JVM_PID=$(pgrep -P "$BRIDGE_PID" || true); [ -n "$JVM_PID" ] && kill -TERM $JVM_PID
wait "$BRIDGE_PID" 2>/dev/null || true
BRIDGE_PID=""
echo "output: $(wc -l < "$WORK/data/inbox/$HOUR.ndjson") lines, $(du -h "$WORK/data/inbox/$HOUR.ndjson" | cut -f1)"
echo "raw gz: $(du -h "$WORK/data/export/raw/$HOUR.gz" | cut -f1)"
printf 'wall time from bridge launch to the hour logged: %.1f s\n' "$(echo "$END - $START" | bc)"
grep -E "Maximum resident set size|Elapsed" "$WORK/time.txt"
rm -rf "$WORK"
