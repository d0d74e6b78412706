#!/usr/bin/env bash
# nfs-kernel.sh SERVER_KIND   (dfs | ganesha)
# The Linux kernel NFSv3 client (in a qemu TCG guest, rigs/qemu-nfs-mount.sh) against a
# server started here on a free loopback port: dfs (MOUNT and NFS on one port, export
# /export) or nfs-ganesha (separate NFS/MOUNT ports, export = a temp dir).
# Runs the rig's basic checks plus guest/nfs-checks.sh (64 MiB dd + checksum, depth-30
# tree, 2,000 small files, concurrent writers, cp -a + diff -r with links/modes/owners,
# ls -l attributes, rename over a file, rmdir of a non-empty dir, error codes).
# Prints the RIG lines; exit 0 only when every check passed; any missing tool or a server
# that does not start is a failure (never a skip).
# Env: BIN (dfs build dir), BIG_MB FILES DEPTH CONC_MB (guest workload), MEM (1024),
#      QEMU_CACHE (/tmp/dfs-qemu-cache, reused between runs), TIMEOUT (900), KEEP=1,
#      EXTRA_OPTS (default nolock; v3 mounts need it until the server has NLM).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
KIND=${1:-}
case $KIND in dfs|ganesha) ;; *) echo "usage: $0 dfs|ganesha" >&2; exit 2;; esac
it_trap
need_cmd qemu-system-x86_64 busybox cpio depmod modprobe bc apt-get dpkg-deb python3 ss setsid flock
[ -x /bin/busybox ] && [ "$(/bin/busybox --list | grep -cx sh)" = 1 ] || die "/bin/busybox (busybox-static) missing"

T0=$(now)
server_start "$KIND" 90 || die "$KIND server did not start (see above)"
it_tmpdir dfs-it-qemu; RUNDIR=$TMPD
GUEST="BIG_MB=${BIG_MB:-64}; FILES=${FILES:-2000}; DEPTH=${DEPTH:-30}; CONC_MB=${CONC_MB:-8}
$(cat "$IT_LIB_DIR/guest/nfs-checks.sh")"

echo "== kernel client v3 -> $KIND (nfs port $NFS_PORT, mount port $MNT_PORT, path $V3_PATH)"
T1=$(now)
WORK=${QEMU_CACHE:-/tmp/dfs-qemu-cache} RUNDIR=$RUNDIR LOG=$RUNDIR/console.log \
  VERS=3 NFS_PORT=$NFS_PORT MNT_PORT=$MNT_PORT V3_PATH=$V3_PATH \
  EXTRA_OPTS=${EXTRA_OPTS:-nolock} MEM=${MEM:-1024} TIMEOUT=${TIMEOUT:-900} \
  GUEST_TIMEOUT=${GUEST_TIMEOUT:-780} GUEST_CMD=$GUEST \
  bash "$IT_RIGS/qemu-nfs-mount.sh" 2>&1 | grep --line-buffered -E '^(RIG:|==|\[ *[0-9.]+\] (nfs|NFS|RPC|rpc|lockd|BUG|WARN|Kernel))|^hello' 
rig_rc=${PIPESTATUS[0]}
echo "== rig exit $rig_rc after $(elapsed "$T1")s"

# host-side verdict: the rig's own status, plus every RIG line accounted for
LOG=$RUNDIR/console.log
nok=$(grep -c '^RIG: ok' "$LOG"); nfail=$(grep -c '^RIG: FAIL' "$LOG")
check_eq "rig exit status" 0 "$rig_rc"
check_eq "guest checks failed" 0 "$nfail"
check_ge "guest checks passed" 60 "$nok"
check_match "guest reached the end" 'RIG: done fails=0' "$(grep 'RIG: done' "$LOG")"
check "$KIND still running after the guest" server_alive
if [ "$KIND" = ganesha ]; then
  # the guest removed everything it created except the rig's own rig-v3/hello.txt
  check_eq "export left with only rig-v3" "rig-v3" "$(ls -A "$V3_PATH" | tr '\n' ' ' | sed 's/ $//')"
fi
check_server_stops
if [ $IT_FAIL -gt 0 ]; then
  echo "-- failing guest lines:"; grep -E '^RIG: FAIL' "$LOG" | head -40
  echo "-- $KIND log tail:"; server_log_tail 40
fi
echo "== total $(elapsed "$T0")s"
it_summary "nfs-kernel $KIND"
