#!/usr/bin/env bash
# api-conformance.sh: the served OpenAPI document is valid and complete
# (openapi-check.py), and the running API conforms to it (schemathesis.sh: every safe
# operation fuzzed; no 5xx, only documented statuses, content types and bodies).
# Starts its own `dfs start` (SQLite, embedded stores) on free loopback ports.
# Env: BIN, DFS_BUILD=0, KEEP=1, MAX_EXAMPLES (25).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
it_trap
need_cmd python3 curl
dfs_locate || die "dfs not available"
it_tmpdir dfs-it-api; WD=$TMPD
CFG=$WD/dfs.yaml
API_PORT=$(free_port); METRICS_PORT=$(free_port)
while [ "$METRICS_PORT" = "$API_PORT" ]; do METRICS_PORT=$(free_port); done
PW=api-$RANDOM-$RANDOM

check "the document is valid OpenAPI 3.0 and lists every route" python3 "$IT_LIB_DIR/openapi-check.py"
"$BIN/dfs" init --config "$CFG" --data-dir "$WD/data" --api-port "$API_PORT" >/dev/null || die "dfs init failed"
dfs_config_loopback "$CFG" 0 "$METRICS_PORT" || die "cannot set the test ports in $CFG"
start_bg dfs "$WD/dfs.log" env DFS_ADMIN_PASSWORD="$PW" "$BIN/dfs" start --config "$CFG"
PID=$BG_PID
wait_port "$API_PORT" 60 "$PID" || { tail -20 "$WD/dfs.log"; die "dfs did not open the API"; }
check_eq "served document = the checked one" \
  "$(python3 -c 'import json,sys; print(json.load(sys.stdin)["openapi"])' < <(curl -s "http://127.0.0.1:$API_PORT/api/v1/openapi.json"))" "3.0.3"
bash "$IT_LIB_DIR/schemathesis.sh" "http://127.0.0.1:$API_PORT" "$PW" > "$WD/schemathesis.log" 2>&1
st_rc=$?
line=$(grep -E '^schemathesis: [0-9]+ passed, [0-9]+ failed' "$WD/schemathesis.log" | tail -1)
echo "   ${line:-no schemathesis summary}"
grep -E 'Test cases:|generated' "$WD/schemathesis.log" | tail -1
check_eq "schemathesis exit status" 0 "$st_rc"
if [ -n "$line" ]; then
  n=$(sed -E 's/^schemathesis: ([0-9]+) passed.*/\1/' <<< "$line"); f=$(sed -E 's/.* ([0-9]+) failed.*/\1/' <<< "$line")
  check_ge "schemathesis: operations passed" 30 "$n"
  check_eq "schemathesis: operations failed" 0 "$f"
fi
[ $st_rc = 0 ] || tail -60 "$WD/schemathesis.log"
check "dfs still running after the fuzzing" alive "$PID"
stop_pid "$PID" dfs
it_summary "api-conformance (OpenAPI + schemathesis)"
