#!/usr/bin/env bash
# The test command of the README: installs what the tests need, builds
# everything, runs `swift test`, then runs the conformance suite against
# every in-tree store plugin and the plain-C store, one summary line each.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

bash scripts/deps.sh
bash Tests/Integration/deps.sh
bash Tests/Integration/pydeps.sh
source scripts/lib.sh

echo "== build"
quiet_build --build-tests
BIN=$(swift build --show-bin-path)

echo "== PostgreSQL (throw-away cluster for MetadataPostgres; a cluster that cannot start fails the run)"
PG_DIR=$(mktemp -d /tmp/dfs-pg.XXXXXX)
trap 'bash Tests/Integration/postgres.sh stop "$PG_DIR" >/dev/null 2>&1 || true' EXIT
if ! PG_DSN=$(bash Tests/Integration/postgres.sh start "$PG_DIR"); then
  echo "FATAL: could not start the PostgreSQL test cluster (Tests/Integration/postgres.sh)"; exit 1
fi
export DFS_TEST_PG_DSN="$PG_DSN"
echo "   $PG_DSN"

echo "== moto (in-memory S3 for PayloadS3, authentication on; a server that cannot start fails the run)"
S3_DIR=$(mktemp -d /tmp/dfs-moto.XXXXXX)
trap 'bash Tests/Integration/postgres.sh stop "$PG_DIR" >/dev/null 2>&1 || true; bash Tests/Integration/moto.sh stop "$S3_DIR" >/dev/null 2>&1 || true' EXIT
if ! S3_ENDPOINT=$(bash Tests/Integration/moto.sh start "$S3_DIR"); then
  echo "FATAL: could not start moto_server (Tests/Integration/moto.sh)"; exit 1
fi
eval "$(bash Tests/Integration/moto.sh env "$S3_DIR")"   # DFS_TEST_S3_ENDPOINT, _ACCESS_KEY_ID, _SECRET_ACCESS_KEY
echo "   $S3_ENDPOINT"

echo "== swift test"
set +e
# All tests use Swift Testing; --disable-xctest keeps XCTest from closing the
# run with an empty "Executed 0 tests" line that reads like a run of nothing.
swift test --skip-build --disable-xctest >.build/swift-test.log 2>&1
rc=$?
set -e
# Passing cases are one line each in the log; show suites, failures and the summary.
grep -vE '^(􀟈|✔|◇|Test Case .* (started|passed))' .build/swift-test.log | grep -vE '^\s*$' | tail -60
# Swift Testing's own closing line ("✔ Test run with N tests in M suites passed ...").
grep -E 'Test run with [0-9]+ tests?' .build/swift-test.log | tail -1
if [ $rc != 0 ]; then
  # The tail above is mostly server logs; name the failures themselves, last.
  echo "== swift test failures"
  grep -E '^✘|recorded an issue|Expectation failed|Caught error|Fatal error|Crash' .build/swift-test.log | head -40
  echo "swift test failed (exit $rc); full log: .build/swift-test.log"; exit 1
fi
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
run_conformance metadata-badgerlike "$BIN/libMetadataBadgerLike.so" --config '{"path":"{tmp}"}'
run_conformance metadata-postgres "$BIN/libMetadataPostgres.so" --config "{\"dsn\":\"$PG_DSN\",\"schema\":\"{unique}\"}"
run_conformance payload-memory "$BIN/libPayloadMemory.so"
run_conformance payload-fs "$BIN/libPayloadFS.so" --config '{"path":"{tmp}"}'
# max_retries 10: moto answers 500 (a KeyError) to a listing that races a delete (docs/STORES.md)
run_conformance payload-s3 "$BIN/libPayloadS3.so" --config "{\"endpoint\":\"$DFS_TEST_S3_ENDPOINT\",\"bucket\":\"dfs-test\",\"prefix\":\"{unique}-\",\"max_retries\":10,\"access_key_id\":\"$DFS_TEST_S3_ACCESS_KEY_ID\",\"secret_access_key\":\"$DFS_TEST_S3_SECRET_ACCESS_KEY\"}"

echo "== NFS: real clients against dfs (embedded default: badgerlike + fs)"
it_pass=0; it_fail=0; failed_suites=()
run_it() { # label script args...
  local label=$1; shift
  local log=.build/it-$label.log
  echo "-- $label"
  set +e
  BIN=$BIN DFS_BUILD=0 "$@" >"$log" 2>&1
  local rc=$?
  set -e
  grep -E '^(FAIL|FATAL)|RIG: FAIL' "$log" || true
  local summary; summary=$(grep -E '^== .*: [0-9]+ passed, [0-9]+ failed' "$log" | tail -1)
  echo "   ${summary:-no summary} (exit $rc; log $log)"
  if [ -n "$summary" ]; then
    it_pass=$((it_pass + $(echo "$summary" | sed -E 's/.*: ([0-9]+) passed.*/\1/')))
    it_fail=$((it_fail + $(echo "$summary" | sed -E 's/.* ([0-9]+) failed.*/\1/')))
  fi
  if [ $rc != 0 ] || [ -z "$summary" ]; then failed_suites+=("$label"); tail -30 "$log"; fi
}
run_it robustness bash Tests/Integration/nfs-robustness.sh
run_it libnfs bash Tests/Integration/nfs-libnfs.sh dfs
run_it kernel-client bash Tests/Integration/nfs-kernel.sh dfs
run_it restart bash Tests/Integration/nfs-restart.sh
run_it cache-crash bash Tests/Integration/cache-crash.sh   # kill -9 under COMMIT with the payload cache (TRIALS=10)
run_it restart-kernel bash Tests/Integration/nfs-restart-kernel.sh   # badgerlike + postgres (DFS_TEST_PG_DSN)
run_it admin bash Tests/Integration/admin-commands.sh
echo "== control plane: dfs + dfsctl against a real server"
run_it control-plane bash Tests/Integration/control-plane.sh
run_it control-plane-kernel bash Tests/Integration/control-plane-kernel.sh
run_it nfs-s3 bash Tests/Integration/nfs-s3.sh   # /s3 on PayloadS3 (moto above), kernel client; SIZE_MB (512)
run_it nfs-s3-outage bash Tests/Integration/nfs-s3-outage.sh   # its own moto behind a TCP gate, taken down mid-stream; SIZE_MB (192) CACHE_MB (64)
# the same with a store that accepts and never answers, on a remote-durable share (COMMIT waits for the upload)
run_it nfs-s3-outage-hang-durable env OUTAGE_MODE=hang REMOTE_DURABLE=1 bash Tests/Integration/nfs-s3-outage.sh
run_it control-plane-postgres bash Tests/Integration/control-plane-postgres.sh
run_it api-conformance bash Tests/Integration/api-conformance.sh

echo "== fuzz: RPC decoders (short run; scripts/fuzz.sh for long runs)"
set +e
bash scripts/fuzz.sh "${FUZZ_RUNS:-200000}" "${FUZZ_SECONDS:-90}" >.build/fuzz.log 2>&1
fuzz_rc=$?
set -e
grep -E 'Done [0-9]+ runs|executions|crash|ERROR' .build/fuzz.log | tail -5
if [ $fuzz_rc != 0 ]; then failed_suites+=("fuzz"); tail -30 .build/fuzz.log; fi

echo "== docs/CLI.md matches --help"
bash scripts/cli-doc.sh "$BIN" .build/CLI.md >/dev/null
if ! diff -u docs/CLI.md .build/CLI.md; then
  echo "docs/CLI.md is out of date: run scripts/cli-doc.sh"; failed_suites+=("cli-doc")
fi

echo "== dfs start --once (embedded default: control plane, badgerlike + fs, NFS)"
DATA=$(mktemp -d)
"$BIN/dfs" init --config "$DATA/dfs.yaml" --data-dir "$DATA/data" >/dev/null
sed -i -e 's/^  nfs_port: .*/  nfs_port: 0/' -e 's/^  nfs_bind: .*/  nfs_bind: "127.0.0.1"/' "$DATA/dfs.yaml"
set +e
DFS_ADMIN_PASSWORD=ci-admin-pass "$BIN/dfs" start --once --config "$DATA/dfs.yaml" --api-port 0 --metrics-port 0 \
  >.build/start-once.log 2>&1
once_rc=$?
set -e
grep -vE '^(metadata|payload|adapter|KIND) ' .build/start-once.log | grep -vE ' (info|debug) ' || true
if [ $once_rc != 0 ] || ! grep -q '^ready$' .build/start-once.log; then failed_suites+=("start-once"); tail -20 .build/start-once.log; fi
rm -rf "$DATA"

echo
echo "swift test: $swift_tests tests; conformance: $total_pass cases passed, $total_fail failed; real-client checks: $it_pass passed, $it_fail failed"
if ((${#failed_plugins[@]} + ${#failed_suites[@]})); then
  echo "failed: ${failed_plugins[*]} ${failed_suites[*]}"
  echo "total: $((swift_tests + total_pass + it_pass)) passed, $((total_fail + it_fail + ${#failed_suites[@]})) failed"
  exit 1
fi
echo "total: $((swift_tests + total_pass + it_pass)) passed, 0 failed"
