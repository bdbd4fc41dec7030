#!/usr/bin/env bash
# Benchmark: the per-line cost of the import's UTF-8 check (issue 14) beside the lenient decode it replaced and the
# JSON parse each line already gets, on N history lines in memory (default 1,000,000; smoke: 20000).
# Usage: bench/line-decode.sh [lines] [rounds]
source "$(dirname "$0")/lib.sh"
N=${1:-1000000}
echo "== per-line UTF-8 check, ${N} lines"; machine
run_java -Xmx${CHECK_XMX:-2g} -cp "$JAR" bench/LineDecode.java "$N" "${2:-7}"
