#!/usr/bin/env bash
# Builds and runs the libFuzzer target of the ONC RPC layer (fuzz/RPCFuzz).
#
#   scripts/fuzz.sh [RUNS] [MAX_TIME]
#
# RUNS      executions before stopping (default 200000)
# MAX_TIME  seconds before stopping, whichever comes first (default 60)
# SANITIZE  env: sanitizers besides the fuzzer (default "address"; "" for none)
# FUZZ_MAIN, CRASHERS  env: another entry point / crasher folder (to test this script)
#
# NFSWire and its NIO dependencies are built by SwiftPM with -sanitize=fuzzer
# (coverage instrumentation) into .build-fuzz; the fuzz main is then linked
# against those objects with swiftc. Seeds come from fuzz/corpus/rpc; inputs
# that add coverage go to .build-fuzz/corpus-rpc (not the repository). A crash,
# hang or OOM is minimized into fuzz/crashers/ and the script exits non-zero.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
source scripts/lib.sh

RUNS=${1:-200000}
MAX_TIME=${2:-60}
SANITIZE=${SANITIZE-address}
CRASHERS=${CRASHERS:-$ROOT/fuzz/crashers}
FUZZ_MAIN=${FUZZ_MAIN:-fuzz/RPCFuzz/main.swift}

sanitizers=fuzzer
[ -n "$SANITIZE" ] && sanitizers="fuzzer,$SANITIZE"
# One scratch folder per sanitizer set, so switching does not rebuild NIO.
SCRATCH=$ROOT/.build-fuzz
[ "$sanitizers" != fuzzer,address ] && SCRATCH=$ROOT/.build-fuzz-${sanitizers//,/-}

echo "== build NFSWire with -sanitize=$sanitizers"
quiet_build -c release --target NFSWire --scratch-path "$SCRATCH" -Xswiftc "-sanitize=$sanitizers"
REL=$SCRATCH/release
BIN=$SCRATCH/rpc-fuzz
[ "$FUZZ_MAIN" != fuzz/RPCFuzz/main.swift ] && BIN=$SCRATCH/custom-$(basename "$FUZZ_MAIN" .swift)-fuzz
WORK_CORPUS=$SCRATCH/corpus-rpc

# Clang module maps of the C targets NIOCore imports (generated ones in the
# build folder, hand-written ones in the checkouts).
modulemaps=()
while IFS= read -r -d '' m; do modulemaps+=(-Xcc "-fmodule-map-file=$m"); done < <(
  find -H "$REL" -maxdepth 2 -name module.modulemap -path '*/C*.build/*' -print0
  find "$SCRATCH/checkouts" -path '*/Sources/*/include/module.modulemap' \
    \( -path '*swift-nio/*' -o -path '*swift-atomics/*' \) -print0)
# Objects: the scratch folder only ever builds NFSWire's dependency closure.
objects=()
while IFS= read -r -d '' o; do objects+=("$o"); done < <(find -H "$REL" -path '*.build/*' -name '*.o' -print0)

echo "== link $BIN (${#objects[@]} objects)"
swiftc -sanitize="$sanitizers" -parse-as-library -O -use-ld=lld \
  -I "$REL/Modules" "${modulemaps[@]}" \
  "$FUZZ_MAIN" "${objects[@]}" -o "$BIN"

mkdir -p "$WORK_CORPUS" "$CRASHERS"
LOG=$BIN.log
echo "== fuzz: up to $RUNS runs or ${MAX_TIME}s (log: $LOG)"
# libFuzzer prints the stack of a crash itself; the Swift runtime's backtracer
# can hang when the crashing process is a libFuzzer child, so it is off.
export SWIFT_BACKTRACE=enable=no
export ASAN_OPTIONS=detect_leaks=0
set +e
"$BIN" \
  -runs="$RUNS" -max_total_time="$MAX_TIME" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
  -artifact_prefix="$CRASHERS/" -print_final_stats=1 \
  "$WORK_CORPUS" "$ROOT/fuzz/corpus/rpc" >"$LOG" 2>&1
rc=$?
set -e
grep -E '^(INFO: Seed|#[0-9]+[[:space:]]+(INITED|DONE)|==[0-9]+==ERROR|SUMMARY|artifact_prefix|Test unit written)' "$LOG" || true
execs=$(grep -oE 'stat::number_of_executed_units: [0-9]+' "$LOG" | grep -oE '[0-9]+$' || true)

if [ $rc != 0 ]; then
  tail -40 "$LOG"
  artifact=$(grep -oE "Test unit written to [^ ]+" "$LOG" | tail -1 | sed 's/Test unit written to //')
  if [ -n "$artifact" ] && [ -f "$artifact" ]; then
    minimized="$CRASHERS/minimized-$(basename "$artifact")"
    echo "== minimize $artifact -> $minimized"
    timeout 600 "$BIN" -minimize_crash=1 -runs=20000 -max_total_time=300 -timeout=10 \
      -exact_artifact_path="$minimized" "$artifact" >"$BIN-minimize.log" 2>&1 || true
    [ -f "$minimized" ] && rm -f "$artifact" && artifact=$minimized
    echo "crasher: $artifact (replayed by RPCGarbageTests once fixed)"
  fi
  echo "RPC fuzz: FAILED after ${execs:-?} executions (libFuzzer exit $rc)"
  exit 1
fi
echo "RPC fuzz: ${execs:-?} executions, no crash"
