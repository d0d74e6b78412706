#!/bin/bash
# Start/stop nfs-ganesha (Debian 12: apt-get install nfs-ganesha nfs-ganesha-vfs)
# as a loopback-only NFSv3+v4 stand-in server, without rpcbind.
#   ganesha-loopback.sh start [EXPORT_DIR] [NFS_PORT] [MNT_PORT]
#   ganesha-loopback.sh stop
# Defaults: /tmp/rigs/export 12049 12048.  Workdir: $RUN (default /tmp/rigs/ganesha).
#
# Copied from ../shared/rigs/ganesha-loopback.sh; changes (and why):
#  - GANESHA_FOREGROUND=1: `start` execs ganesha.nfsd -F in place instead of backgrounding
#    it, so the caller (Tests/Integration/lib.sh start_bg) owns the daemon's PID and stops
#    it by that PID; readiness is checked by the caller (log line + both ports).
#  - NFSV4 RecoveryRoot under $RUN: the default /var/lib/nfs/ganesha is shared by every
#    ganesha on the machine; several engineers/tests run their own at the same time.
#  - the shim is compiled from this directory's copy of ganesha-norpcbind.c.
#  - GANESHA_WAIT (default 30 s, was 10 s): the machine is shared and often loaded.
#  - `stop` tolerates a daemon that is already gone (was: set -e abort in kill).
#  - GANESHA_EXTRA: extra lines for NFS_CORE_PARAM (e.g. tuning for benchmarks).
set -euo pipefail
RUN=${RUN:-/tmp/rigs/ganesha}
HERE=$(cd "$(dirname "$0")" && pwd)
SHIM=$RUN/ganesha-norpcbind.so
cmd=${1:-start}
case $cmd in
start)
  EXP=${2:-/tmp/rigs/export}; PORT=${3:-12049}; MPORT=${4:-12048}
  mkdir -p "$RUN" "$EXP" "$RUN/recov"
  [ -e "$SHIM" ] || gcc -shared -fPIC -O2 -o "$SHIM" "$HERE/ganesha-norpcbind.c" \
        -Wl,--version-script="$HERE/ganesha-norpcbind.map"
  cat > "$RUN/ganesha.conf" <<EOC
NFS_CORE_PARAM {
    NFS_Port = $PORT;
    MNT_Port = $MPORT;      # must differ from NFS_Port (same port => SO_REUSEPORT split, MOUNT calls rejected)
    NLM_Port = $((PORT+10));
    Rquota_Port = $((PORT+11));
    Bind_Addr = 127.0.0.1;
    Protocols = 3, 4;
    Enable_NLM = false;
    Enable_RQUOTA = false;
    Enable_UDP = false;
    ${GANESHA_EXTRA:-}
}
NFSV4 {
    Graceless = true;          # skip the 90 s grace period at startup
    Lease_Lifetime = 10;
    Minor_Versions = 0, 1, 2;
    Allow_Numeric_Owners = true;
    Only_Numeric_Owners = true;
    RecoveryRoot = "$RUN/recov";
}
NFS_KRB5 { Active_krb5 = false; }
EXPORT {
    Export_Id = 1;
    Path = $EXP;
    Pseudo = /export;
    Protocols = 3, 4;
    Transports = TCP;
    Access_Type = RW;
    Squash = No_Root_Squash;
    SecType = sys;
    FSAL { Name = VFS; }
}
LOG { Default_Log_Level = EVENT; }
EOC
  rm -f "$RUN/ganesha.log"
  if [ "${GANESHA_FOREGROUND:-0}" = 1 ]; then
    LD_PRELOAD=$SHIM exec ganesha.nfsd -F -f "$RUN/ganesha.conf" -L "$RUN/ganesha.log" \
        -p "$RUN/ganesha.pid" -N NIV_EVENT
  fi
  ( LD_PRELOAD=$SHIM exec ganesha.nfsd -F -f "$RUN/ganesha.conf" -L "$RUN/ganesha.log" \
        -p "$RUN/ganesha.pid" -N NIV_EVENT >"$RUN/stdout" 2>&1 ) &
  echo $! > "$RUN/launcher.pid"
  for i in $(seq 1 $(( ${GANESHA_WAIT:-30} * 10 ))); do
    grep -q 'NFS SERVER INITIALIZED' "$RUN/ganesha.log" 2>/dev/null && { echo "ganesha up pid=$(cat "$RUN/ganesha.pid") nfs=$PORT mnt=$MPORT export=$EXP pseudo=/export"; exit 0; }
    sleep 0.1
  done
  echo "ganesha failed to start"; tail -20 "$RUN/ganesha.log"; exit 1 ;;
stop)
  [ -e "$RUN/ganesha.pid" ] || { echo "not running"; exit 0; }
  pid=$(cat "$RUN/ganesha.pid"); kill "$pid" 2>/dev/null || { echo "not running (pid $pid gone)"; exit 0; }
  for i in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || { echo stopped; exit 0; }; sleep 0.1; done
  echo "still alive after 10s, SIGKILL $pid"; kill -9 "$pid" ;;
esac
