#!/usr/bin/env bash
# Benchmark 5: the idempotency store's lookup-and-insert rate with N keys stored (default 10,000,000; smoke: 20000)
# ÷ its rate on an empty store, side by side, and its size on disk per million keys.
# Usage: bench/idempotency-store.sh [keys] [ops per store (default 200000)] [msgid|random]
source "$(dirname "$0")/lib.sh"
KEYS=${1:-10000000}
OPS=${2:-200000}
SHAPE=${3:-msgid}
echo "== idempotency store, ${KEYS} keys stored"; machine
T0=$(now)
run_java -Xmx${STORE_XMX:-512m} -cp "$JAR" bench/IdempotencyStore.java "$WORK/store" "$KEYS" "$OPS" "$SHAPE"
echo "total $(secs "$T0" "$(now)") s"
