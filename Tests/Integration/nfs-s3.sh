#!/usr/bin/env bash
# nfs-s3.sh: a share whose blocks live in S3 (PayloadS3 against moto, signature checking
# on), set up through the control plane and proven with the Linux kernel NFSv3 client
# (qemu guest, rigs/qemu-nfs-mount.sh):
#   dfs init; dfs start --daemon; dfsctl login; a badgerlike metadata store and the S3
#   payload store `s3blocks` (dfsctl store payload add --type s3: the server opens it and
#   HEADs the bucket; a missing bucket and a wrong secret must be refused with a clear
#   message); share /s3; the nfs adapter up.
#   guest phase 1: SIZE_MB MiB from /dev/urandom streamed into /s3 (md5 on the way) and a
#     64-file tree around the 1 MiB block boundaries; sync.
#   host: boto3 lists the bucket under the store's prefix: one object per 1 MiB block,
#     names decode to block keys, the big file has SIZE_MB full blocks, the object count
#     and byte total are what the guest computed; then dfs stop + dfs start (nothing can
#     come from dfs's memory afterwards).
#   guest phase 2: drop_caches, read back, compare md5s and the tree manifest; an
#     unaligned overwrite across a block boundary; rm of the big file.
#   host: its objects are gone. guest phase 3: rm -rf; host: the prefix is empty.
# Guest side: guest/s3-checks.sh.
# S3: DFS_TEST_S3_ENDPOINT / _ACCESS_KEY_ID / _SECRET_ACCESS_KEY when set (scripts/test.sh
# exports them; bucket dfs-test), else its own moto (moto.sh start). A moto that cannot
# start is a failure, never a skip.
# Env: BIN (build dir with dfs + dfsctl + plugins), DFS_BUILD=0, SIZE_MB (512), QEMU_CACHE,
#      MEM (1024), TIMEOUT (1500), GUEST_TIMEOUT (1380), KEEP=1.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
it_trap
need_cmd nfs-cp curl qemu-system-x86_64 busybox cpio depmod modprobe bc apt-get dpkg-deb python3 ss setsid flock
dfs_locate || die "dfs not available"
for f in dfsctl libPayloadS3.so libMetadataBadgerLike.so libAdapterNFS.so; do
  [ -e "$BIN/$f" ] || die "$f not built in $BIN"
done
python3 -c 'import boto3' 2>/dev/null || die "python3 boto3 missing (Tests/Integration/pydeps.sh)"
SIZE_MB=${SIZE_MB:-512}
[[ $SIZE_MB =~ ^[1-9][0-9]*$ ]] || die "SIZE_MB must be a positive integer (MiB), got '$SIZE_MB'"
T0=$(now)
it_tmpdir dfs-it-s3; WD=$TMPD

# ---- S3 --------------------------------------------------------------------------------
if [ -z "${DFS_TEST_S3_ENDPOINT:-}" ]; then
  it_on_cleanup "bash '$IT_LIB_DIR/moto.sh' stop '$WD/moto' >/dev/null 2>&1"
  bash "$IT_LIB_DIR/moto.sh" start "$WD/moto" >/dev/null || die "could not start moto (Tests/Integration/moto.sh)"
  eval "$(bash "$IT_LIB_DIR/moto.sh" env "$WD/moto")"
  echo "== own moto at $DFS_TEST_S3_ENDPOINT"
else
  echo "== moto from the environment: $DFS_TEST_S3_ENDPOINT"
fi
: "${DFS_TEST_S3_ACCESS_KEY_ID:?}" "${DFS_TEST_S3_SECRET_ACCESS_KEY:?}"
BUCKET=dfs-test
PREFIX=nfs-s3-$(date +%s)-$RANDOM-     # moto (auth on) rejects listings of prefixes with '/'
s3_objects() { AWS_ACCESS_KEY_ID=$DFS_TEST_S3_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY=$DFS_TEST_S3_SECRET_ACCESS_KEY \
  python3 "$IT_LIB_DIR/tools/s3-objects.py" "$DFS_TEST_S3_ENDPOINT" "$BUCKET" "$PREFIX"; }
s3_conf() { # s3_conf [bucket [secret]]
  printf '{"endpoint":"%s","bucket":"%s","prefix":"%s","access_key_id":"%s","secret_access_key":"%s","max_retries":10}' \
    "$DFS_TEST_S3_ENDPOINT" "${1:-$BUCKET}" "$PREFIX" "$DFS_TEST_S3_ACCESS_KEY_ID" "${2:-$DFS_TEST_S3_SECRET_ACCESS_KEY}"
}

# ---- dfs: init, daemon, login, stores, share ------------------------------------------
dfs_managed_env
dfs_managed_up

# bad input first: refused with a message that says why, and nothing is left behind
out=$(CTL store payload add nobucket --type s3 --config "$(s3_conf no-such-bucket-$RANDOM)" 2>&1); rc=$?
check_match "s3 store with a missing bucket refused (exit 1)" '^1 .*bucket.*does not exist' "$rc $out"
out=$(CTL store payload add badkey --type s3 --config "$(s3_conf "$BUCKET" wrong-secret)" 2>&1); rc=$?
check_match "s3 store with a wrong secret refused (exit 1)" '^1 .*(access denied|SignatureDoesNotMatch)' "$rc $out"
out=$(CTL store payload add badcfg --type s3 --config '{"bucket":"dfs-test","endpoint":"http://127.0.0.1:1","multipart_threshold":1}' 2>&1); rc=$?
check_match "s3 store with an out-of-range setting refused (exit 1)" '^1 .*multipart_threshold' "$rc $out"
L=$(CTL store payload list 2>&1)
check_match "store list answers" '^default ' "$L"
check_eq "none of the refused stores was added" 0 "$(grep -cE '^(nobucket|badkey|badcfg) ' <<< "$L")"

check "metadata store s3meta (badgerlike)" CTL store metadata add s3meta --type badgerlike --config "{\"path\":\"$WD/s3meta\"}"
check "payload store s3blocks (s3, moto, prefix $PREFIX)" CTL store payload add s3blocks --type s3 --config "$(s3_conf)"
out=$(CTL store payload get s3blocks -o json 2>&1)
check_match "store get shows the s3 store" '"s3"' "$out"
if grep -qF -- "$DFS_TEST_S3_SECRET_ACCESS_KEY" <<< "$out"; then _fail "store get masks the secret key" "the secret is printed"
else _ok "store get masks the secret key"; fi
check "share /s3 (s3meta + s3blocks)" CTL share create /s3 --metadata-store s3meta --payload-store s3blocks --squash none
check_match "nfs adapter enabled" '^nfs +true ' "$(CTL adapter list)"
check_match "/s3 listed" '^/s3 +s3meta +s3blocks' "$(CTL share list)"
check_eq "bucket prefix empty before the guest" "objects 0" "$(s3_objects | sed -n 1p)"

if [ $IT_FAIL -gt 0 ]; then   # no guest without the store and the share
  echo "-- dfs log:"; "$BIN/dfs" logs --config "$CFG" -n 30 2>&1 | sed 's/^/  /'
  it_summary "nfs-s3 (S3-backed share, kernel client; set-up failed)"; exit 1
fi

# ---- the guest -------------------------------------------------------------------------
RUNDIR=$WD/rig; mkdir -p "$RUNDIR"; LOG=$RUNDIR/console.log; : > "$LOG"
GUEST="NFS_PORT=$NFS_PORT; SIZE_MB=$SIZE_MB
$(cat "$IT_LIB_DIR/guest/handshake.sh" "$IT_LIB_DIR/guest/s3-checks.sh")"
start_bg qemu "$RUNDIR/rig.log" env WORK="${QEMU_CACHE:-/tmp/dfs-qemu-cache}" RUNDIR="$RUNDIR" LOG="$LOG" \
  VERS=3 BASIC=0 NFS_PORT="$NFS_PORT" MNT_PORT="$NFS_PORT" V3_PATH=/export \
  EXTRA_OPTS=nolock,actimeo=0 MEM="${MEM:-1024}" TIMEOUT="${TIMEOUT:-1500}" GUEST_TIMEOUT="${GUEST_TIMEOUT:-1380}" \
  GUEST_CMD="$GUEST" bash "$IT_RIGS/qemu-nfs-mount.sh"
QEMU_PID=$BG_PID
it_on_cleanup 'for p in $(pgrep -P "$QEMU_PID" 2>/dev/null); do kill -TERM "$p" 2>/dev/null; done'
# expect_line LABEL -> "objects N bytes B" the guest printed for that point
expect_line() { grep -aoE "^RIG: expect $1 objects [0-9]+ bytes [0-9]+" "$LOG" | tail -1 | sed -E 's/^RIG: expect [^ ]+ //'; }

T1=$(now)
if check "guest: phase 1 (big file + tree written)" wait_console '^RIG: phase 1 ready' "${TIMEOUT:-1500}"; then
  T_W=$(elapsed "$T1")
  L=$(s3_objects 2>&1); echo "$L" | grep -v '^file' | sed 's/^/   s3: /'
  exp=$(expect_line written)
  check_match "guest computed the expected contents" '^objects [0-9]+ bytes [0-9]+$' "$exp"
  check_eq "bucket: objects and bytes under the prefix = the guest's files" "$exp" \
    "$(echo "$L" | awk '$1=="objects"{o=$2} $1=="bytes"{b=$2} END{print "objects " o " bytes " b}')"
  check_eq "bucket: every name decodes to a block key" "undecodable 0" "$(echo "$L" | grep '^undecodable')"
  check_eq "bucket: the big file is $SIZE_MB objects of 1 MiB (blocks 0..$((SIZE_MB-1)))" 1 \
    "$(echo "$L" | awk -v n="$SIZE_MB" '$1=="file" && $4==n && $8==n-1 && $10=="1048576"' | wc -l)"
  check_eq "bucket: 60 files of the tree (4 are empty, 1 is a hard link) + the big file" 61 "$(echo "$L" | grep -c '^file')"
  # how the kernel client's writes reached the store (for the timings in the report)
  curl -s "http://127.0.0.1:$METRICS_PORT/metrics" | grep -E '^(dfs_adapter_requests_total\{adapter="nfs",procedure="NFS3\.(WRITE|COMMIT)"\}|dfs_bytes_written_total|dfs_store_operation_duration_seconds_(count|sum)\{[^}]*payload)' | sed 's/^/   metrics: /'
  t=$(now); check "dfs stop (graceful)" DFS stop --timeout 60; echo "   (stop took $(elapsed "$t")s)"
  t=$(now); check "dfs start --daemon again" DFS start --daemon
  check "NFS listens again" wait_port "$NFS_PORT" 30; echo "   (start took $(elapsed "$t")s)"
  check_match "/s3 is back" '^/s3 +s3meta +s3blocks' "$(CTL share list)"
  say 1
fi
if check "guest: phase 2 (read back, overwrite, rm)" wait_console '^RIG: phase 2 ready' 900; then
  L=$(s3_objects 2>&1)
  check_eq "bucket after rm of the big file: the tree only" "$(expect_line after-rm)" \
    "$(echo "$L" | awk '$1=="objects"{o=$2} $1=="bytes"{b=$2} END{print "objects " o " bytes " b}')"
  check_eq "bucket: no file with $SIZE_MB blocks left" 0 "$(echo "$L" | awk -v n="$SIZE_MB" '$1=="file" && $4==n' | wc -l)"
  say 2
fi

for ((i=0; i<${TIMEOUT:-1500}*10; i++)); do alive "$QEMU_PID" || break; sleep 0.1; done
wait "$QEMU_PID" 2>/dev/null; rig_rc=$?
stop_pid "$QEMU_PID" qemu 1
grep -aE '^(RIG:|\[ *[0-9.]+\] (nfs|NFS|RPC|rpc|BUG|WARN|Kernel))' "$LOG" | tr -d '\r'
nok=$(grep -ac '^RIG: ok' "$LOG"); nfail=$(grep -ac '^RIG: FAIL' "$LOG")
check_eq "rig exit status" 0 "$rig_rc"
check_eq "guest checks failed" 0 "$nfail"
check_ge "guest checks passed" 11 "$nok"
check_match "guest reached the end" 'RIG: done fails=0' "$(grep -a 'RIG: done' "$LOG")"
check_eq "bucket prefix empty after the guest removed everything" "objects 0" "$(s3_objects 2>&1 | sed -n 1p)"
M=$(curl -s "http://127.0.0.1:$METRICS_PORT/metrics")
check_match "metrics: NFS WRITE requests counted" 'dfs_adapter_requests_total\{adapter="nfs",procedure="NFS3\.WRITE"\} [1-9]' "$M"
check "dfs stop at the end" DFS stop --timeout 60
if [ $IT_FAIL -gt 0 ]; then
  echo "-- dfs log:"; "$BIN/dfs" logs --config "$CFG" -n 40 2>&1 | sed 's/^/  /'
  echo "-- rig:"; tail -15 "$RUNDIR/rig.log"
fi
# timings for the report: the guest's own rates are in its RIG lines above
echo "== SIZE_MB=$SIZE_MB; guest boot to phase 1 ready ${T_W:-?}s; total $(elapsed "$T0")s"
it_summary "nfs-s3 (S3-backed share, kernel client)"
