#!/usr/bin/env bash
# The test command of the README: installs what the tests need, builds
# everything, runs `swift test`, then runs the conformance suite against
# every in-tree store plugin and the plain-C store, one summary line each.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

bash scripts/deps.sh
source scripts/lib.sh

echo "== build"
quiet_build --build-tests
BIN=$(swift build --show-bin-path)

echo "== swift test"
set +e
swift test --skip-build >.build/swift-test.log 2>&1
rc=$?
set -e
# Passing cases are one line each in the log; show suites, failures and the summary.
grep -vE '^(􀟈|✔|◇|Test Case .* (started|passed))' .build/swift-test.log | grep -vE '^\s*$' | tail -60
if [ $rc != 0 ]; then echo "swift test failed (exit $rc); full log: .build/swift-test.log"; exit 1; fi
swift_tests=$(grep -oE 'Test run with [0-9]+ tests?' .build/swift-test.log | tail -1 | grep -oE '[0-9]+' || echo 0)

echo "== plain-C store"
CSTORE_DIR=$ROOT/.build/c-memstore
bash conformance/examples/c-memstore/build.sh "$CSTORE_DIR"

echo "== conformance"
total_pass=0; total_fail=0; failed_plugins=()
run_conformance() { # label plugin-path [config]
  local label=$1 so=$2; shift 2
  local log=.build/conformance-$label.log
  echo "-- $label ($so)"
  set +e
  "$BIN/dfs-conformance" --plugin "$so" --junit ".build/conformance-$label.xml" "$@" >"$log" 2>&1
  local rc=$?
  set -e
  grep -E '^FAIL' "$log" || true
  local summary; summary=$(grep -E '^[0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  if [ -z "$summary" ]; then echo "   no summary (exit $rc):"; tail -20 "$log"; failed_plugins+=("$label"); return; fi
  echo "$label: $summary"
  total_pass=$((total_pass + $(echo "$summary" | cut -d' ' -f1)))
  total_fail=$((total_fail + $(echo "$summary" | cut -d' ' -f3)))
  [ $rc = 0 ] || failed_plugins+=("$label")
}
run_conformance metadata-memory "$BIN/libMetadataMemory.so"
run_conformance metadata-c-memstore "$CSTORE_DIR/libc-memstore.so"
run_conformance payload-memory "$BIN/libPayloadMemory.so"
run_conformance payload-fs "$BIN/libPayloadFS.so" --config '{"path":"{tmp}"}'

echo "== dfs start --once (embedded default)"
DATA=$(mktemp -d)
"$BIN/dfs" start --once --data-dir "$DATA"
rm -rf "$DATA"

echo
if ((${#failed_plugins[@]})); then
  echo "conformance failed for: ${failed_plugins[*]}"
  echo "conformance: $total_pass passed, $total_fail failed"
  exit 1
fi
echo "swift test: $swift_tests tests passed; conformance: $total_pass cases passed"
echo "total: $((swift_tests + total_pass)) passed, $total_fail failed"
