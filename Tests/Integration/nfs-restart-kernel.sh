#!/usr/bin/env bash
# nfs-restart-kernel.sh: persistence across dfs restarts, seen by the Linux kernel NFSv3
# client (qemu guest, rigs/qemu-nfs-mount.sh) that stays mounted throughout, on BOTH
# persistent metadata stores at once (one guest boot, two mounts):
#   A: dfs on the embedded default (badgerlike + fs under its data dir)
#   B: dfs with --metadata postgres (payload fs under its own data dir)
# Guest (guest/restart-checks.sh): writes a tree on each (files, dirs, modes, owners, set
# mtimes, symlink, hard link), syncs, records a manifest (type/mode/nlink/uid/gid/size/
# mtime/inode/md5), opens descriptors, then waits for the host:
#   phase 1: the host stops both servers with SIGTERM and starts them again;
#   phase 2: the guest changes the trees, syncs (COMMIT), prints "RIG: synced"; the host
#            kill -9's both servers as soon as it sees that line and starts them again.
# After each restart the guest — still mounted, working from its cached (old) file
# handles and old descriptors, actimeo=0 — must find the same manifest with no ESTALE.
# PostgreSQL: DFS_TEST_PG_DSN when set (scripts/test.sh exports it), else a throw-away
# cluster of our own (Tests/Integration/postgres.sh); one that cannot start is a FAILURE.
# Env: BIN (dfs build dir), DFS_BUILD=0, QEMU_CACHE, MEM (1024), TIMEOUT (900), KEEP=1.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
it_trap
need_cmd nfs-cp qemu-system-x86_64 busybox cpio depmod modprobe bc apt-get dpkg-deb python3 ss setsid flock
dfs_locate || die "dfs not available"
[ -e "$BIN/libMetadataPostgres.so" ] || die "$BIN/libMetadataPostgres.so missing (swift build --product MetadataPostgres)"
T0=$(now)
it_tmpdir dfs-it-rkern; WD=$TMPD

if [ -n "${DFS_TEST_PG_DSN:-}" ]; then
  PG_DSN=$DFS_TEST_PG_DSN
else
  it_tmpdir dfs-it-pg; PGD=$TMPD    # not under $WD: the postgres user must reach it
  it_on_cleanup "bash '$IT_LIB_DIR/postgres.sh' stop '$PGD' >/dev/null 2>&1"
  PG_DSN=$(bash "$IT_LIB_DIR/postgres.sh" start "$PGD") || die "could not start a PostgreSQL cluster (postgres.sh)"
fi
SCHEMA=restart_k$$_$RANDOM        # our own schema: never collides with other users of the DSN
PG_CFG=$(python3 -c 'import json,sys; print(json.dumps({"dsn": sys.argv[1], "schema": sys.argv[2]}))' "$PG_DSN" "$SCHEMA")

declare -A PORT PID DATA ARGS
PORT[badgerlike]=$(free_port); PORT[postgres]=$(free_port)
while [ "${PORT[postgres]}" = "${PORT[badgerlike]}" ]; do PORT[postgres]=$(free_port); done
for s in badgerlike postgres; do DATA[$s]=$WD/data-$s; mkdir -p "${DATA[$s]}"; done
STORES="badgerlike postgres"

start_dfs() { # start_dfs STORE LABEL
  local s=$1 extra=()
  [ "$s" = postgres ] && extra=(--metadata postgres --metadata-config "$PG_CFG")
  start_bg "dfs-$s-$2" "$WD/dfs-$s-$2.log" "$BIN/dfs" serve --data-dir "${DATA[$s]}" \
    --nfs-port "${PORT[$s]}" --nfs-bind 127.0.0.1 --squash none "${extra[@]}"
  PID[$s]=$BG_PID
  if ! wait_port "${PORT[$s]}" 60 "${PID[$s]}"; then
    tail -20 "$WD/dfs-$s-$2.log" | sed "s/^/  dfs-$s| /"; return 1
  fi
}
restart_all() { # restart_all LABEL (after the servers were stopped); not via check: that
  local s          # runs its command in a subshell, and PID/IT_PIDS must be set here
  for s in $STORES; do
    if start_dfs "$s" "$1"; then _ok "dfs ($s) starts again ($1)"; else _fail "dfs ($s) starts again ($1)"; return 1; fi
  done
}

for s in $STORES; do start_dfs "$s" first || die "dfs ($s) did not start"; done
check_match "A is the persistent badgerlike default" 'metadata "badgerlike" \(persistent\)' "$(cat "$WD/dfs-badgerlike-first.log")"
check_match "B runs on postgres" 'metadata "postgres"' "$(cat "$WD/dfs-postgres-first.log")"

# go N: tell the guest the servers are back: file .ctl-go-N in the badgerlike export's root
echo go > "$WD/go"
say() {
  check "told the guest: $1" timeout 60 nfs-cp "$WD/go" \
    "nfs://127.0.0.1/export/.ctl-${1// /-}?version=3&nfsport=${PORT[badgerlike]}&mountport=${PORT[badgerlike]}"
}

RUNDIR=$WD/rig; mkdir -p "$RUNDIR"; LOG=$RUNDIR/console.log; : > "$LOG"
GUEST="PG_PORT=${PORT[postgres]}
$(cat "$IT_LIB_DIR/guest/restart-checks.sh")"
echo "== kernel client v3 -> dfs badgerlike (port ${PORT[badgerlike]}) + dfs postgres (port ${PORT[postgres]})"
start_bg qemu "$RUNDIR/rig.log" env WORK="${QEMU_CACHE:-/tmp/dfs-qemu-cache}" RUNDIR="$RUNDIR" LOG="$LOG" \
  VERS=3 BASIC=0 NFS_PORT="${PORT[badgerlike]}" MNT_PORT="${PORT[badgerlike]}" V3_PATH=/export \
  EXTRA_OPTS=nolock,actimeo=0 MEM="${MEM:-1024}" TIMEOUT="${TIMEOUT:-900}" GUEST_TIMEOUT="${GUEST_TIMEOUT:-780}" \
  GUEST_CMD="$GUEST" bash "$IT_RIGS/qemu-nfs-mount.sh"
QEMU_PID=$BG_PID
# the rig runs qemu under timeout(1), which makes its own process group: stop it by its pid
it_on_cleanup 'for p in $(pgrep -P "$QEMU_PID" 2>/dev/null); do kill -TERM "$p" 2>/dev/null; done'


# phase 1: graceful stop + start
if check "guest wrote its trees (phase 1 ready)" wait_console '^RIG: phase 1 ready' "${TIMEOUT:-900}"; then
  for s in $STORES; do
    t1=$(now); kill -TERM "${PID[$s]}"
    for i in $(seq 1 150); do alive "${PID[$s]}" || break; sleep 0.1; done
    check "dfs ($s) exits on SIGTERM (in $(elapsed "$t1")s)" bash -c "! ps -o stat= -p ${PID[$s]} | grep -qv Z"
    stop_pid "${PID[$s]}" "dfs-$s" 1
  done
  restart_all second && say "go 1"
fi

# phase 2: kill -9 right after the guest's sync
if check "guest synced its changes (phase 2)" wait_console '^RIG: synced' 600; then
  for s in $STORES; do check "kill -9 dfs ($s) pid ${PID[$s]}" kill -KILL "${PID[$s]}"; done
  it_log "kill -9 sent to both servers"
  for s in $STORES; do stop_pid "${PID[$s]}" "dfs-$s" 1; done
  if wait_console '^RIG: phase 2 ready' 60; then restart_all third && say "go 2"; else _fail "guest reached phase 2"; fi
fi

for ((i=0; i<${TIMEOUT:-900}*10; i++)); do alive "$QEMU_PID" || break; sleep 0.1; done
wait "$QEMU_PID" 2>/dev/null; rig_rc=$?
stop_pid "$QEMU_PID" qemu 1
grep -E '^(RIG:|\[ *[0-9.]+\] (nfs|NFS|RPC|rpc|BUG|WARN|Kernel))' "$LOG" | tr -d '\r'
nok=$(grep -c '^RIG: ok' "$LOG"); nfail=$(grep -c '^RIG: FAIL' "$LOG")
check_eq "rig exit status" 0 "$rig_rc"
check_eq "guest checks failed" 0 "$nfail"
check_ge "guest checks passed" 16 "$nok"
check_match "guest reached the end" 'RIG: done fails=0' "$(grep 'RIG: done' "$LOG")"
for s in $STORES; do
  SERVER_PID=${PID[$s]} SERVER_KIND="dfs-$s" NFS_PORT=${PORT[$s]} SERVER_LOG=$WD/dfs-$s-third.log
  check "dfs ($s) still running after the guest" server_alive && check_server_stops
done
if [ $IT_FAIL -gt 0 ]; then
  for s in $STORES; do echo "-- dfs ($s) logs:"; tail -15 "$WD"/dfs-$s-*.log | sed "s/^/  /"; done
  echo "-- rig:"; tail -15 "$RUNDIR/rig.log"
fi
echo "== total $(elapsed "$T0")s"
it_summary "nfs-restart-kernel (kernel client; badgerlike and postgres)"
