#!/usr/bin/env bash
# control-plane-postgres.sh: the control database on PostgreSQL (database.type: postgres),
# shared by two dfs hosts: what one host writes the other reads, a token issued by one is
# accepted by the other (one signing key, kept sealed in the shared database), and
# everything survives a restart of both.
# PostgreSQL: DFS_TEST_PG_DSN when set (scripts/test.sh exports it), else a throw-away
# cluster of our own (postgres.sh); one that cannot start is a FAILURE.
# Env: BIN, DFS_BUILD=0, KEEP=1.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
it_trap
need_cmd python3 curl
dfs_locate || die "dfs not available"
[ -x "$BIN/dfsctl" ] || die "dfsctl not built in $BIN"
it_tmpdir dfs-it-cppg; WD=$TMPD
if [ -n "${DFS_TEST_PG_DSN:-}" ]; then
  PG_DSN=$DFS_TEST_PG_DSN
else
  it_tmpdir dfs-it-pg; PGD=$TMPD
  it_on_cleanup "bash '$IT_LIB_DIR/postgres.sh' stop '$PGD' >/dev/null 2>&1"
  PG_DSN=$(bash "$IT_LIB_DIR/postgres.sh" start "$PGD") || die "could not start a PostgreSQL cluster (postgres.sh)"
fi
SCHEMA=cp_it_$$_$RANDOM
export DFS_ADMIN_PASSWORD=pg-admin-$RANDOM
export DFSCTL_CONFIG=$WD/dfsctl.json
declare -A API PID
for h in a b; do
  API[$h]=$(free_port)
  mkdir -p "$WD/$h"
  check "dfs init ($h, postgres)" "$BIN/dfs" init --config "$WD/$h/dfs.yaml" --data-dir "$WD/$h/data" \
    --api-port "${API[$h]}" --database postgres --dsn "$PG_DSN"
  sed -i -e "s/^  schema: .*/  schema: \"$SCHEMA\"/" -e 's/^  enabled: true/  enabled: false/' \
         -e 's/^  nfs_port: .*/  nfs_port: 0/' -e 's/^  nfs_bind: .*/  nfs_bind: "127.0.0.1"/' "$WD/$h/dfs.yaml"
done
# the NT-hash/secret key must be the same on every host of one database
mkdir -p "$WD/a/data/secrets" "$WD/b/data/secrets"
head -c 32 /dev/urandom > "$WD/a/data/secrets/control.key"; chmod 600 "$WD/a/data/secrets/control.key"
cp -p "$WD/a/data/secrets/control.key" "$WD/b/data/secrets/control.key"

start_host() { # start_host a|b LABEL
  start_bg "dfs-$1" "$WD/$1/dfs-$2.log" "$BIN/dfs" start --config "$WD/$1/dfs.yaml"
  PID[$1]=$BG_PID
  wait_port "${API[$1]}" 60 "${PID[$1]}" || { tail -20 "$WD/$1/dfs-$2.log"; return 1; }
}
start_host a first && _ok "host a starts on PostgreSQL" || _fail "host a starts on PostgreSQL"
check_match "host a: first start on the shared database" 'first start' "$(cat "$WD/a/dfs-first.log")"
start_host b first && _ok "host b starts on the same database" || _fail "host b starts on the same database"
check_fails "host b: not a first start (the admin exists)" grep -q 'first start' "$WD/b/dfs-first.log"

login() { # login CONTEXT HOST USER PASSWORD
  "$BIN/dfsctl" login --context "$1" --server "http://127.0.0.1:${API[$2]}" --username "$3" --password-stdin <<< "$4"; }
check "login on a" login a a admin "$DFS_ADMIN_PASSWORD"
check "login on b" login b b admin "$DFS_ADMIN_PASSWORD"
check "user carol created on a" bash -c "'$BIN/dfsctl' user create carol --context a --uid 2001 --password-stdin <<< carol-pass-1"
check_match "carol visible on b" '^carol ' "$("$BIN/dfsctl" user list --context b)"
check "carol logs in on b" login carol-b b carol carol-pass-1
check "payload store on b" "$BIN/dfsctl" store payload add shared-mem --type memory --context b
check_match "store listed on a (kept in the shared database)" 'shared-mem' "$("$BIN/dfsctl" store payload list --context a)"
# a token of host a is accepted by host b
TOKEN=$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["contexts"]["a"]["accessToken"])' "$DFSCTL_CONFIG")
check_eq "a's token works on b" 200 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:${API[b]}/api/v1/users")"

for h in a b; do stop_pid "${PID[$h]}" "dfs-$h"; done
start_host a second && _ok "host a starts again" || _fail "host a starts again"
check "carol logs in on a after the restart" login carol-a a carol carol-pass-1
check_match "the store added on b is open on a after its restart" '^shared-mem +payload +memory +open' "$("$BIN/dfsctl" store payload list --context a 2>&1 || true)"
stop_pid "${PID[a]}" dfs-a
python3 - "$PG_DSN" "$SCHEMA" <<'PY' >/dev/null 2>&1 || true
import subprocess, sys
subprocess.run(["psql", sys.argv[1], "-c", f'DROP SCHEMA IF EXISTS "{sys.argv[2]}" CASCADE'], check=False)
PY
it_summary "control-plane-postgres (two hosts, one PostgreSQL control database)"
