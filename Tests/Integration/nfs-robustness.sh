#!/usr/bin/env bash
# nfs-robustness.sh: starts dfs on a free loopback port and runs nfs-garbage.py
# against it (oversized/truncated/random records, wrong program/version/procedure,
# garbage arguments, bad auth, pipelining, many connections, duplicate request cache),
# then checks that the server still answers and stops cleanly on SIGTERM.
# Env: BIN (dfs build dir), DFS_BUILD=0 (never build). Exit 0 only when all passed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
it_trap
need_cmd python3
server_start dfs 90 || die "dfs did not start (see above)"
if python3 "$IT_LIB_DIR/nfs-garbage.py" --host 127.0.0.1 --port "$NFS_PORT" --export /export; then
  _ok "nfs-garbage.py: every robustness check"
else
  _fail "nfs-garbage.py" "see the FAIL lines above"; server_log_tail 20
fi
if server_alive; then _ok "dfs still serving after the garbage"; else _fail "dfs still serving after the garbage"; fi
check_server_stops
it_summary "nfs robustness (dfs)"
