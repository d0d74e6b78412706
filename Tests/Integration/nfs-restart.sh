#!/usr/bin/env bash
# nfs-restart.sh: data written over NFS survives a dfs restart on the embedded
# default (badgerlike metadata + fs payload in one data directory):
#   1. start dfs, write a tree (dir, 8 MiB random file, small file, symlink-free) with libnfs
#   2. graceful stop (SIGTERM), start again on the same data dir: same listing, same bytes
#   3. write another file, kill -9 right after nfs-cp returned (its data was committed), restart:
#      the file reads back identically
# Env: BIN (dfs build dir), DFS_BUILD=0. Exit 0 only when all passed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
it_trap
need_cmd nfs-cp nfs-ls nfs-cat sha256sum python3 setsid
dfs_locate || die "dfs not available"
it_tmpdir dfs-it-restart; WD=$TMPD
DATA=$WD/data; mkdir -p "$DATA"
PORT=$(free_port)
Q="?version=3&nfsport=$PORT&mountport=$PORT"
u() { echo "nfs://127.0.0.1/export/$1$Q"; }

start_dfs() { # start_dfs LABEL
  start_bg "dfs-$1" "$WD/dfs-$1.log" "$BIN/dfs" serve --data-dir "$DATA" --nfs-port "$PORT" \
    --nfs-bind 127.0.0.1 --squash none
  PID=$BG_PID
  wait_port "$PORT" 60 "$PID" || { tail -20 "$WD/dfs-$1.log"; die "dfs ($1) did not start"; }
}

start_dfs first
check_match "default metadata store is persistent badgerlike" 'metadata "badgerlike" \(persistent\)' "$(cat "$WD/dfs-first.log")"
head -c $((8 * 1048576)) /dev/urandom > "$WD/big"
echo "hello across restarts" > "$WD/small"
check "nfs-cp 8 MiB in" timeout 120 nfs-cp "$WD/big" "$(u big.bin)"
check "nfs-cp small in" timeout 60 nfs-cp "$WD/small" "$(u small.txt)"
before=$(timeout 60 nfs-ls "nfs://127.0.0.1/export$Q" 2>&1 | awk '{print $NF}' | sort | tr '\n' ' ')

kill -TERM "$PID"; for i in $(seq 1 100); do alive "$PID" || break; sleep 0.1; done
check "dfs stopped on SIGTERM" bash -c "! ps -o stat= -p $PID | grep -qv Z"
stop_pid "$PID" dfs-first 1

start_dfs second
after=$(timeout 60 nfs-ls "nfs://127.0.0.1/export$Q" 2>&1 | awk '{print $NF}' | sort | tr '\n' ' ')
check_eq "listing after graceful restart" "$before" "$after"
rm -f "$WD/back"
check "nfs-cp 8 MiB out after restart" timeout 120 nfs-cp "$(u big.bin)" "$WD/back"
check_eq "8 MiB file identical after restart" "$(sha256sum < "$WD/big" | cut -c1-64)" "$(sha256sum < "$WD/back" | cut -c1-64)"
check_eq "small file after restart" "$(cat "$WD/small")" "$(timeout 60 nfs-cat "$(u small.txt)" 2>&1)"

head -c $((3 * 1048576 + 123)) /dev/urandom > "$WD/crash"
check "nfs-cp 3 MiB in before kill -9" timeout 120 nfs-cp "$WD/crash" "$(u crash.bin)"
kill -KILL "$PID"; stop_pid "$PID" dfs-second 1
start_dfs third
rm -f "$WD/back2"
check "nfs-cp out after kill -9" timeout 120 nfs-cp "$(u crash.bin)" "$WD/back2"
check_eq "file written before kill -9 identical" "$(sha256sum < "$WD/crash" | cut -c1-64)" "$(sha256sum < "$WD/back2" 2>/dev/null | cut -c1-64)"
check_eq "8 MiB file still identical" "$(sha256sum < "$WD/big" | cut -c1-64)" "$(timeout 120 nfs-cat "$(u big.bin)" 2>/dev/null | sha256sum | cut -c1-64)"
stop_pid "$PID" dfs-third
it_summary "nfs-restart (dfs, badgerlike + fs)"
