#!/usr/bin/env bash
# control-plane-kernel.sh: the control plane end to end with the Linux kernel NFSv3 client
# (qemu guest, rigs/qemu-nfs-mount.sh), as a user would run it:
#   dfs init; dfs start --daemon (admin password from DFS_ADMIN_PASSWORD); dfs status;
#   dfsctl login; users alice/bob/ops, group eng; stores (badgerlike + fs) and share /team
#   (default permission none); grants; the guest mounts /export and /team and checks what
#   each uid may do while the permissions change live; `dfsctl adapter disable nfs` (the
#   mount stops answering); dfs stop + dfs start --daemon (everything back, the adapter
#   still disabled); `dfsctl adapter enable nfs`; the guest finds the same files through
#   its old handles. Metrics and `dfs logs` are checked on the way.
# Guest side: guest/control-plane-checks.sh (after guest/handshake.sh: wait_go for lib.sh's say).
# Env: BIN (build dir with dfs + dfsctl + plugins), DFS_BUILD=0, QEMU_CACHE, MEM, TIMEOUT, KEEP=1.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
it_trap
need_cmd nfs-cp curl qemu-system-x86_64 busybox cpio depmod modprobe bc apt-get dpkg-deb python3 ss setsid flock
dfs_locate || die "dfs not available"
[ -x "$BIN/dfsctl" ] || die "dfsctl not built in $BIN"
T0=$(now)
it_tmpdir dfs-it-cpk; WD=$TMPD
dfs_managed_env

# ---- set-up: init, daemon, login -----------------------------------------------------
check "dfs init" "$BIN/dfs" init --config "$CFG" --data-dir "$DATA" --api-port "$API_PORT"
dfs_config_loopback "$CFG" "$NFS_PORT" "$METRICS_PORT" || die "cannot set the test ports in $CFG"
check "dfs config validate" DFS config validate
check "dfs start --daemon" DFS start --daemon
check "dfs status: running and ready" DFS status
check "NFS listens on the first-start port" wait_port "$NFS_PORT" 30
check "dfsctl login" bash -c "'$BIN/dfsctl' login --server '$API' --username admin --password-stdin <<< '$DFS_ADMIN_PASSWORD'"
check "/export squash none (the guest writes as root)" CTL share update /export --squash none

# users, group, stores, share, grants
check "user alice (uid 1001)" bash -c "'$BIN/dfsctl' user create alice --uid 1001 --password-stdin <<< alice-pass-1"
check "user bob (uid 1002)" bash -c "'$BIN/dfsctl' user create bob --uid 1002 --password-stdin <<< bob-pass-11"
check "group eng" CTL group create eng
check "alice joins eng" CTL group add-member eng alice
check "metadata store team-meta (badgerlike)" CTL store metadata add team-meta --type badgerlike --config "{\"path\":\"$WD/team-meta\"}"
check "payload store team-blocks (fs)" CTL store payload add team-blocks --type fs --config "{\"path\":\"$WD/team-blocks\"}"
check "share /team, default none" CTL share create /team --metadata-store team-meta --payload-store team-blocks --squash none --default-permission none
check "grant eng read-write" CTL share permission grant /team --group eng --level read-write
check "grant bob read" CTL share permission grant /team --user bob --level read

# ---- the guest -------------------------------------------------------------------------
RUNDIR=$WD/rig; mkdir -p "$RUNDIR"; LOG=$RUNDIR/console.log; : > "$LOG"
GUEST="NFS_PORT=$NFS_PORT
$(cat "$IT_LIB_DIR/guest/handshake.sh" "$IT_LIB_DIR/guest/control-plane-checks.sh")"
start_bg qemu "$RUNDIR/rig.log" env WORK="${QEMU_CACHE:-/tmp/dfs-qemu-cache}" RUNDIR="$RUNDIR" LOG="$LOG" \
  VERS=3 BASIC=0 NFS_PORT="$NFS_PORT" MNT_PORT="$NFS_PORT" V3_PATH=/export \
  EXTRA_OPTS=nolock,actimeo=0 MEM="${MEM:-1024}" TIMEOUT="${TIMEOUT:-900}" GUEST_TIMEOUT="${GUEST_TIMEOUT:-780}" \
  GUEST_CMD="$GUEST" bash "$IT_RIGS/qemu-nfs-mount.sh"
QEMU_PID=$BG_PID
it_on_cleanup 'for p in $(pgrep -P "$QEMU_PID" 2>/dev/null); do kill -TERM "$p" 2>/dev/null; done'

if check "guest: phase 1 (tree on /export, /team refused)" wait_console '^RIG: phase 1 ready' "${TIMEOUT:-900}"; then
  check "user ops (uid 0)" bash -c "'$BIN/dfsctl' user create ops --uid 0 --password-stdin <<< ops-pass-11"
  check "grant ops read-write on /team" CTL share permission grant /team --user ops --level read-write
  say 1
fi
if check "guest: phase 2 (alice writes, bob reads)" wait_console '^RIG: phase 2 ready' 300; then
  check "lower ops to read (live)" CTL share permission grant /team --user ops --level read
  say 2
fi
if check "guest: phase 3 (root read-only)" wait_console '^RIG: phase 3 ready' 300; then
  # metrics before the adapter goes away: operations of the guest were counted
  M=$(curl -s "http://127.0.0.1:$METRICS_PORT/metrics")
  check_match "metrics: write latency histogram" 'dfs_operation_duration_seconds_count\{op="write"\} [1-9]' "$M"
  check_match "metrics: NFS WRITE requests" 'dfs_adapter_requests_total\{adapter="nfs",procedure="NFS3\.WRITE"\} [1-9]' "$M"
  check_match "metrics: access refusals counted" 'dfs_operation_errors_total\{op="[a-z_]*",status="ACCES"\} [1-9]' "$M"
  check "adapter disable nfs" CTL adapter disable nfs
  sleep 1; port_open "$NFS_PORT" && _fail "NFS port closed after the disable" || _ok "NFS port closed after the disable"
fi
if check "guest: the mount stopped answering (phase 4 ready)" wait_console '^RIG: phase 4 ready' 300; then
  check "dfs stop (graceful)" DFS stop --timeout 60
  check_fails "dfs status after stop: not running" DFS status
  check "dfs start --daemon again" DFS start --daemon
  check "dfs logs show the restart" bash -c "'$BIN/dfs' logs --config '$CFG' -n 400 | grep -q 'serving share \"/team\"'"
  check_match "the nfs adapter stayed disabled" '^nfs +false ' "$(CTL adapter list)"
  check_match "/team is back" '^/team +team-meta +team-blocks' "$(CTL share list)"
  check_match "alice is back" '^alice ' "$(CTL user list)"
  check_match "grants are back" '^user +ops +read' "$(CTL share permission list /team)"
  check "adapter enable nfs" CTL adapter enable nfs --port "$NFS_PORT" --bind 127.0.0.1
  check "NFS listens again" wait_port "$NFS_PORT" 30
  say 4
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
check "dfs stop at the end" DFS stop --timeout 60
if [ $IT_FAIL -gt 0 ]; then
  echo "-- dfs log:"; "$BIN/dfs" logs --config "$CFG" -n 40 2>&1 | sed 's/^/  /'
  echo "-- rig:"; tail -15 "$RUNDIR/rig.log"
fi
echo "== total $(elapsed "$T0")s"
it_summary "control-plane-kernel (dfs + dfsctl + kernel client)"
