#!/usr/bin/env bash
# nfs-s3-outage.sh: the S3 store goes away in the middle of a write stream and comes back
# (docs/CACHE.md "Back-pressure"), seen by the Linux kernel NFSv3 client (qemu guest,
# rigs/qemu-nfs-mount.sh; guest side: guest/outage-checks.sh).
#   - its OWN moto (moto.sh start; never the one scripts/test.sh exports, because this
#     test interrupts it) behind tools/tcp-gate.py, a switchable TCP forwarder: "down"
#     closes the listener and resets every live connection, so dfs's requests are refused
#     while moto keeps its (in-memory) data;
#   - dfs init + start --daemon, dfsctl: an S3 payload store pointed at the gate, share /s3
#     with a CACHE_MB write-back cache (high watermark 75 %), the nfs adapter;
#   - the guest writes COLD_MB MiB (cold.bin), then streams SIZE_MB MiB into big.bin
#     (16 MiB pieces, each fsynced); once DOWN_AT_MB MiB are written the gate goes down;
#   - during the outage (at least OUTAGE_S s, and until the cache pushes back): dfs stays
#     up (a metrics sample every 0.5 s, tools/metrics-sampler.py), dfs_cache_again_total
#     and the write JUKEBOXes (dfs_operation_errors_total{op="write",status="AGAIN"}) rise,
#     failed uploads are counted, dirty bytes reach the high watermark and never pass the
#     cache size; another share (/export, local blocks) still answers a libnfs read at
#     once (with OUTAGE_MODE=hang also while HOGS_N (12) libnfs reads of /s3 wait for S3,
#     more than dfs has workers); `dfsctl share delete /s3` is refused (409: its cache cannot upload, nothing is
#     deleted); the guest reads cold.bin, which left the cache before the outage (DOWN_AT_MB >
#     CACHE_MB): that read is answered JUKEBOX while S3 is away and must complete, with
#     the right md5, within 30 s after the gate is up (the client retries every 5 s);
#   - gate up: the writer ends with status 0 and no EIO anywhere (dd, kernel log, no
#     operation answered IO); dfs_cache_dirty_bytes falls to 0 and the bucket holds one
#     object per 1 MiB block; dfs stop, the cache directory DELETED, dfs start: the guest
#     reads both files back (from S3) with the md5s it wrote.
# Figures (printed on the last lines): outage length, MiB the guest wrote during it,
# AGAIN/JUKEBOX counts, time to the low watermark and to zero dirty bytes after the gate
# came back, when the cold read ended. Console lines are stamped with the host's clock
# as they arrive, so guest events and metrics samples share one time line.
# Env: BIN, DFS_BUILD=0, SIZE_MB (192), COLD_MB (8), CACHE_MB (64), DOWN_AT_MB (CACHE_MB+16),
#      OUTAGE_S (20), COLD_HOLD (10: s of outage after the cold read starts), PUSHBACK_WAIT
#      (240: max s of outage waiting for back-pressure), DRAIN_TIMEOUT (300), QEMU_CACHE,
#      MEM (1024), TIMEOUT (1500), KEEP=1, OUTAGE_MODE (down; hang: the gate accepts but
#      forwards nothing, so S3 requests wait for dfs's timeouts instead of being refused),
#      REMOTE_DURABLE=1 (the share's COMMIT waits for S3: COMMITs are answered JUKEBOX, the
#      writer stops at its next fsync, so dirty bytes stay below the high mark).
set -uo pipefail
. "$(dirname "$0")/lib.sh"
it_trap
need_cmd nfs-cp curl qemu-system-x86_64 busybox cpio depmod modprobe bc apt-get dpkg-deb python3 ss setsid flock moto_server
dfs_locate || die "dfs not available"
for f in dfsctl libPayloadS3.so libMetadataBadgerLike.so libAdapterNFS.so; do
  [ -e "$BIN/$f" ] || die "$f not built in $BIN"
done
python3 -c 'import boto3' 2>/dev/null || die "python3 boto3 missing (Tests/Integration/pydeps.sh)"
SIZE_MB=${SIZE_MB:-192}; COLD_MB=${COLD_MB:-8}; CACHE_MB=${CACHE_MB:-64}; DOWN_AT_MB=${DOWN_AT_MB:-$((CACHE_MB + 16))}
OUTAGE_S=${OUTAGE_S:-20}; PUSHBACK_WAIT=${PUSHBACK_WAIT:-240}; DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-300}
COLD_HOLD=${COLD_HOLD:-10}; OUTAGE_MODE=${OUTAGE_MODE:-down}; HOGS_N=${HOGS_N:-12}; HOGS=()
case $OUTAGE_MODE in down|hang) ;; *) die "OUTAGE_MODE must be down or hang, got '$OUTAGE_MODE'";; esac
for v in SIZE_MB COLD_MB CACHE_MB DOWN_AT_MB OUTAGE_S PUSHBACK_WAIT DRAIN_TIMEOUT COLD_HOLD HOGS_N; do
  [[ ${!v} =~ ^[1-9][0-9]*$ ]] || die "$v must be a positive integer, got '${!v}'"
done
# back-pressure must be certain: more is written after the gate goes down than the high mark
[ $((SIZE_MB - DOWN_AT_MB)) -gt $((CACHE_MB * 3 / 4 + 32)) ] || die "SIZE_MB=$SIZE_MB too small for CACHE_MB=$CACHE_MB / DOWN_AT_MB=$DOWN_AT_MB"
# cold.bin must have left the cache before the outage: more than the cache size uploaded after it
[ "$DOWN_AT_MB" -gt "$CACHE_MB" ] || die "DOWN_AT_MB=$DOWN_AT_MB must exceed CACHE_MB=$CACHE_MB (so cold.bin is evicted)"
CACHE_BYTES=$((CACHE_MB * 1048576))
T0=$(now); W_DOWN=?; W_UP=?
it_tmpdir dfs-it-outage; WD=$TMPD

# ---- S3: own moto behind the gate ------------------------------------------------------
it_on_cleanup "bash '$IT_LIB_DIR/moto.sh' stop '$WD/moto' >/dev/null 2>&1"
bash "$IT_LIB_DIR/moto.sh" start "$WD/moto" >/dev/null || die "could not start moto (Tests/Integration/moto.sh)"
MOTO_PORT=$(cat "$WD/moto/port")
S3_KEY=$(sed -n 1p "$WD/moto/credentials"); S3_SECRET=$(sed -n 2p "$WD/moto/credentials")
GATE_PORT=$(free_port)
GATE() { python3 "$IT_LIB_DIR/tools/tcp-gate.py" set "$WD/gate" "$1"; }
start_bg gate "$WD/gate.log" python3 "$IT_LIB_DIR/tools/tcp-gate.py" run "$WD/gate" "$GATE_PORT" "$MOTO_PORT"
GATE_PID=$BG_PID
wait_port "$GATE_PORT" 20 "$GATE_PID" || { cat "$WD/gate.log"; die "tcp-gate did not start"; }
ENDPOINT=http://127.0.0.1:$GATE_PORT
echo "== own moto on port $MOTO_PORT, reached through the gate at $ENDPOINT"
BUCKET=dfs-test
PREFIX=outage-$(date +%s)-$RANDOM-
s3_objects() { AWS_ACCESS_KEY_ID=$S3_KEY AWS_SECRET_ACCESS_KEY=$S3_SECRET \
  python3 "$IT_LIB_DIR/tools/s3-objects.py" "http://127.0.0.1:$MOTO_PORT" "$BUCKET" "$PREFIX"; }
check_eq "bucket prefix empty at the start (moto direct)" "objects 0" "$(s3_objects 2>&1 | sed -n 1p)"

# ---- dfs -------------------------------------------------------------------------------
dfs_managed_env
dfs_managed_up
check "metadata store om (badgerlike)" CTL store metadata add om --type badgerlike --config "{\"path\":\"$WD/om\"}"
check "payload store ob (s3 through the gate)" CTL store payload add ob --type s3 --config \
  "{\"endpoint\":\"$ENDPOINT\",\"bucket\":\"$BUCKET\",\"prefix\":\"$PREFIX\",\"access_key_id\":\"$S3_KEY\",\"secret_access_key\":\"$S3_SECRET\"}"
RD=(); [ "${REMOTE_DURABLE:-0}" = 1 ] && RD=(--remote-durable)
check "share /s3 with a ${CACHE_MB} MiB cache ${RD[*]}" CTL share create /s3 --metadata-store om --payload-store ob --squash none --cache-size "${CACHE_MB}M" "${RD[@]}"
check_match "/s3 listed" '^/s3 +om +ob' "$(CTL share list)"
# the cache directory, from the server's own log line for the share
cache_dir() { DFS logs -n 400 2>/dev/null | grep -a 'serving share "/s3"' | tail -1 | grep -o 'cache [^)]*' | sed 's/^cache //'; }
CACHE_DIR=$(cache_dir)
check_match "dfs serves /s3 with a cache directory" '^/' "$CACHE_DIR"

M=""
scrape() { M=$(curl -s -m 5 "http://127.0.0.1:$METRICS_PORT/metrics"); [ -n "$M" ]; }
# mval NAME [LABEL-SUBSTRING] -> the sum of the values of NAME's series that contain it
mval() { awk -v n="$1" -v l="${2:-}" '!/^#/ { split($1, a, "{"); if (a[1] == n && index($1, l)) s += $NF } END { printf "%.0f\n", s }' <<< "$M"; }
S='share="/s3"'
scrape
check_match "metrics: the cache's gauges are exported" "^dfs_cache_dirty_bytes\\{$S\\} " "$M"

# a file on the OTHER share (/export: local blocks) that must stay readable during the outage
head -c 100000 /dev/urandom > "$WD/probe"
check "probe file on /export (libnfs)" timeout 60 nfs-cp "$WD/probe" "nfs://127.0.0.1/export/probe.bin?version=3&nfsport=$NFS_PORT&mountport=$NFS_PORT"
probe() { # probe -> seconds a libnfs read of /export/probe.bin took; fails when it failed or differs
  local t; t=$(now); rm -f "$WD/probe.back"
  timeout 60 nfs-cp "nfs://127.0.0.1/export/probe.bin?version=3&nfsport=$NFS_PORT&mountport=$NFS_PORT" "$WD/probe.back" >/dev/null 2>&1 \
    && cmp -s "$WD/probe" "$WD/probe.back" && elapsed "$t"
}

if [ $IT_FAIL -gt 0 ]; then
  echo "-- dfs log:"; DFS logs -n 30 2>&1 | sed 's/^/  /'
  it_summary "nfs-s3-outage (set-up failed)"; exit 1
fi

# ---- time lines: metrics every 0.5 s, console lines stamped with the host's clock ------
SAMPLES=$WD/samples.txt; STAMPED=$WD/console.stamped
COLS=(dirty clean again throttled upok uperr wjuke rjuke io nfsread cjuke)
start_bg sampler "$WD/sampler.log" python3 "$IT_LIB_DIR/tools/metrics-sampler.py" "http://127.0.0.1:$METRICS_PORT/metrics" "$SAMPLES" 0.5 \
  "dfs_cache_dirty_bytes{$S}" "dfs_cache_clean_bytes{$S}" "dfs_cache_again_total{$S}" "dfs_cache_throttled_total{$S}" \
  'dfs_cache_uploads_total{result="ok"}' 'dfs_cache_uploads_total{result="error"}' \
  'dfs_operation_errors_total{op="write",status="AGAIN"}' 'dfs_operation_errors_total{op="read,status="AGAIN"}' \
  'dfs_operation_errors_total{status="IO"}' 'dfs_adapter_requests_total{procedure="NFS3.READ"}' \
  'dfs_operation_errors_total{op="commit",status="AGAIN"}'
col() { local i; for i in "${!COLS[@]}"; do [ "${COLS[$i]}" = "$1" ] && { echo $((i + 3)); return; }; done; die "no column $1"; }
last() { awk -v c="$(col "$1")" '$2=="ok" {v=$c} END {print v+0}' "$SAMPLES"; }
# first_time FROM COL le|gt|eq VALUE -> time of the first sample at or after FROM that holds
first_time() { awk -v f="$1" -v c="$(col "$2")" -v op="$3" -v x="$4" \
  '$2=="ok" && $1>=f { v=$c; if ((op=="le" && v<=x) || (op=="gt" && v>x) || (op=="eq" && v==x)) { print $1; exit } }' "$SAMPLES"; }
max_in() { awk -v a="$1" -v b="$2" -v c="$(col "$3")" '$2=="ok" && $1>=a && $1<=b && $c>m {m=$c} END {print m+0}' "$SAMPLES"; }
downs_in() { awk -v a="$1" -v b="$2" '$1>=a && $1<=b && $2!="ok"' "$SAMPLES" | wc -l; }
samples_in() { awk -v a="$1" -v b="$2" '$1>=a && $1<=b' "$SAMPLES" | wc -l; }
stamp_of() { grep -aE "^[0-9.]+ $1" "$STAMPED" 2>/dev/null | head -1 | cut -d' ' -f1; }   # host time of a console line
diff_s() { awk -v a="$1" -v b="$2" 'BEGIN {printf "%.1f", b - a}'; }
for ((i=0; i<50; i++)); do [ "$(grep -c ' ok ' "$SAMPLES" 2>/dev/null)" -ge 1 ] 2>/dev/null && break; sleep 0.1; done
check_ge "metrics sampler running" 1 "$(grep -c ' ok ' "$SAMPLES" 2>/dev/null)"

# ---- the guest -------------------------------------------------------------------------
PHASE=$WD/phase; echo 0 > "$PHASE"; CTL_PORT=$(free_port)
start_bg phase-server "$WD/phase-server.log" python3 "$IT_LIB_DIR/tools/phase-server.py" "$PHASE" "$CTL_PORT"
wait_port "$CTL_PORT" 10 "$BG_PID" || die "phase server did not start"
say() { echo "$1" > "$PHASE"; echo "   told the guest: go $1"; }
RUNDIR=$WD/rig; mkdir -p "$RUNDIR"; LOG=$RUNDIR/console.log; : > "$LOG"
start_bg stamper /dev/null bash -c 'tail -n +1 -F "$0" 2>/dev/null | while IFS= read -r l; do printf "%s %s\n" "$EPOCHREALTIME" "${l%$'"'\r'"'}"; done > "$1"' "$LOG" "$STAMPED"
GUEST="NFS_PORT=$NFS_PORT; CTL_PORT=$CTL_PORT; SIZE_MB=$SIZE_MB; COLD_MB=$COLD_MB
$(cat "$IT_LIB_DIR/guest/outage-checks.sh")"
start_bg qemu "$RUNDIR/rig.log" env WORK="${QEMU_CACHE:-/tmp/dfs-qemu-cache}" RUNDIR="$RUNDIR" LOG="$LOG" \
  VERS=3 BASIC=0 NFS_PORT="$NFS_PORT" MNT_PORT="$NFS_PORT" V3_PATH=/export \
  EXTRA_OPTS=nolock MEM="${MEM:-1024}" TIMEOUT="${TIMEOUT:-1500}" GUEST_TIMEOUT="$((${TIMEOUT:-1500} - 60))" \
  GUEST_CMD="$GUEST" bash "$IT_RIGS/qemu-nfs-mount.sh"
QEMU_PID=$BG_PID
it_on_cleanup 'for p in $(pgrep -P "$QEMU_PID" 2>/dev/null); do kill -TERM "$p" 2>/dev/null; done'
written() { grep -aoE '^RIG: written [0-9]+ MiB' "$LOG" | tail -1 | awk '{print $3+0}'; }
written_by() { awk -v t="$1" '$1<=t && $2=="RIG:" && $3=="written" {n=$4} END {print n+0}' "$STAMPED"; }

# -- mid-stream: gate down, once DOWN_AT_MB are written and more than the cache size was
#    uploaded after cold.bin (so the clean-block LRU has dropped it)
for ((i=0; i<${TIMEOUT:-1500}*4; i++)); do
  [ "$(written)" -ge "$DOWN_AT_MB" ] 2>/dev/null && [ "$(last upok)" -ge $((COLD_MB + CACHE_MB)) ] && break
  alive "$QEMU_PID" || break
  sleep 0.25
done
w=$(written)
check_ge "blocks uploaded before the outage (cold.bin + more than the cache size)" $((COLD_MB + CACHE_MB)) "$(last upok)"
if check_ge "guest: $DOWN_AT_MB MiB of big.bin written (the stream is running)" "$DOWN_AT_MB" "${w:-0}"; then
  B_AGAIN=$(last again); B_UPERR=$(last uperr); B_JUKE=$(last wjuke); B_RJUKE=$(last rjuke); B_THR=$(last throttled); B_CJUKE=$(last cjuke)
  reqs() { curl -s -m 5 "http://127.0.0.1:$METRICS_PORT/metrics" | grep -E '^dfs_adapter_requests_total\{adapter="nfs"' | sed -E 's/.*procedure="[A-Z0-9]+\.([A-Z]+)"\} /\1 /'; }
  reqs > "$WD/reqs.down"
  check "gate $OUTAGE_MODE at $w MiB written (moto unreachable; it keeps running)" GATE "$OUTAGE_MODE"
  T_DOWN=$(now)
  check_fails "S3 unreachable through the gate" curl -s -m 3 -o /dev/null "$ENDPOINT/"
  # -- the outage: until OUTAGE_S have passed, the cache pushed back, and the guest's read
  #    of cold.bin had COLD_HOLD s; at most PUSHBACK_WAIT s
  T_PUSH=""
  while :; do
    el=$(elapsed "$T_DOWN")
    if [ -z "$T_PUSH" ] && [ "$(last again)" -gt "$B_AGAIN" ]; then
      T_PUSH=$(now); echo "   back-pressure: first AGAIN ${el}s into the outage"
      say 1
      # the rest of the server must still answer while /s3's writers are pushed back
      sleep 2; p=$(probe); check_match "another share answers during the back-pressure (a libnfs read of /export took ${p:-?}s)" '^[0-9.]+$' "$p"
      [ -n "$p" ] && check_ge "... within 10 s" "$(awk -v p="$p" 'BEGIN {printf "%d", p}')" 10
      # deleting the share now would drop writes that are only in the cache: refused (409), nothing deleted
      del_out=$(CTL share delete /s3 2>&1); del_rc=$?
      check_eq "share delete refused while its cache cannot upload (exit 1)" 1 "$del_rc"
      check_match "... saying why (HTTP 409)" 'not deleted.*not yet in.*payload store "ob".*\(HTTP 409\)' "$del_out"
      check "... and /s3 is still there" CTL share get /s3
      if [ "$OUTAGE_MODE" = hang ]; then
        # a read of a block only S3 holds now waits inside dfs (the S3 client's timeouts),
        # holding a worker; more such reads than workers (8) must still leave workers to
        # the other shares (HostServices' per-share limit, WorkerPool.perKeyLimit)
        for h in $(seq "$HOGS_N"); do
          timeout 150 nfs-cp "nfs://127.0.0.1/s3/cold.bin?version=3&nfsport=$NFS_PORT&mountport=$NFS_PORT" "$WD/hog.$h" >/dev/null 2>&1 &
          HOGS+=($!)
        done
        sleep 3; p=$(probe)
        check_match "another share answers while $HOGS_N more reads of /s3 wait for S3 (a libnfs read of /export took ${p:-?}s)" '^[0-9.]+$' "$p"
        [ -n "$p" ] && check_ge "... within 10 s" "$(awk -v p="$p" 'BEGIN {printf "%d", p}')" 10
      fi
    fi
    if [ -n "$T_PUSH" ] && awk -v e="$el" -v o="$OUTAGE_S" -v t="$(elapsed "$T_PUSH")" -v h="$COLD_HOLD" 'BEGIN {exit !(e >= o && t >= h)}'; then break; fi
    awk -v e="$el" -v w="$PUSHBACK_WAIT" 'BEGIN {exit !(e >= w)}' && break
    alive "$QEMU_PID" || break
    sleep 0.5
  done
  [ -n "$T_PUSH" ] || say 1    # no back-pressure (a failure, counted below): keep the guest going
  reqs > "$WD/reqs.up"; curl -s -m 5 "http://127.0.0.1:$METRICS_PORT/metrics" > "$WD/metrics.up"
  check "gate up after $(elapsed "$T_DOWN")s" GATE up
  T_UP=$(now); OUTAGE=$(diff_s "$T_DOWN" "$T_UP"); PUSH_AFTER=${T_PUSH:+$(diff_s "$T_DOWN" "$T_PUSH")}
  say 2
  sleep 1   # one more sample
  again=$(( $(last again) - B_AGAIN )); uperr=$(( $(last uperr) - B_UPERR )); juke=$(( $(last wjuke) - B_JUKE ))
  rjuke=$(( $(last rjuke) - B_RJUKE )); thr=$(( $(last throttled) - B_THR )); cjuke=$(( $(last cjuke) - B_CJUKE ))
  max_dirty=$(max_in "$T_DOWN" "$T_UP" dirty)
  grep -E '^dfs_operation_errors_total' "$WD/metrics.up" | sed 's/^/   at gate up: /'
  echo "   NFS requests served during the outage: $(awk 'NR==FNR {b[$1]=$2; next} $2-b[$1] > 0 {printf "%s %d  ", $1, $2-b[$1]}' "$WD/reqs.down" "$WD/reqs.up")"
  W_DOWN=$(written_by "$T_DOWN"); W_UP=$(written_by "$T_UP")
  echo "   outage ${OUTAGE}s: $again AGAIN, $juke write JUKEBOX, $cjuke COMMIT JUKEBOX, $rjuke read JUKEBOX, $thr throttled puts, $uperr failed uploads, max dirty $max_dirty bytes; guest had written $W_DOWN MiB at gate down, $W_UP MiB at gate up"
  check_eq "dfs answered every metrics sample during the outage ($(samples_in "$T_DOWN" "$T_UP") samples)" 0 "$(downs_in "$T_DOWN" "$T_UP")"
  check_ge "outage lasted >= $OUTAGE_S s" "$OUTAGE_S" "${OUTAGE%.*}"
  check_match "back-pressure reached during the outage" '^[0-9.]+$' "$T_PUSH"
  check_ge "dfs_cache_again_total rose during the outage" 1 "$again"
  if [ ${#RD[@]} = 0 ]; then
    check_ge "write JUKEBOXes (dfs_operation_errors_total{op=write,status=AGAIN}) rose" 1 "$juke"
  else  # remote-durable: COMMIT waits for S3, so the writer stops at its next fsync instead
    check_ge "COMMIT JUKEBOXes (dfs_operation_errors_total{op=commit,status=AGAIN}) rose" 1 "$cjuke"
  fi
  # a hanging store makes uploads wait for the S3 client's timeouts (idle 30 s), not fail
  if [ "$OUTAGE_MODE" = down ]; then check_ge "failed uploads counted (dfs_cache_uploads_total{result=error})" 1 "$uperr"; fi
  check_ge "dirty bytes stayed <= the cache size ($CACHE_BYTES)" "$max_dirty" "$CACHE_BYTES"
  [ ${#RD[@]} = 0 ] && check_ge "dirty bytes reached the high watermark" "$((CACHE_BYTES * 3 / 4))" "$max_dirty"
  # -- after the gate: how fast the pressure goes away
  for ((i=0; i<DRAIN_TIMEOUT*2; i++)); do [ -n "$(first_time "$T_UP" dirty le $((CACHE_BYTES / 2)))" ] && break; sleep 0.5; done
  t=$(first_time "$T_UP" dirty le $((CACHE_BYTES / 2))); T_LOW=${t:+$(diff_s "$T_UP" "$t")}
  check_match "dirty bytes fell to the low watermark after the gate came back (${T_LOW:-never}s)" '^[0-9.]+$' "$T_LOW"
fi

# -- the writer ends; everything drains
if check "guest: writer finished (phase 3 ready)" wait_console '^RIG: phase 3 ready' 1200; then
  sleep 0.5; T_WDONE=$(stamp_of 'RIG: phase 3 ready'); T_WDONE=${T_WDONE:-$(now)}
  for ((i=0; i<DRAIN_TIMEOUT*2; i++)); do [ -n "$(first_time "$T_WDONE" dirty eq 0)" ] && break; sleep 0.5; done
  t=$(first_time "$T_WDONE" dirty eq 0)
  T_DRAIN=${t:+$(diff_s "$T_WDONE" "$t")}; T_DRAIN_UP=${t:+$(diff_s "${T_UP:-$T_WDONE}" "$t")}
  check_match "dfs_cache_dirty_bytes reached 0 (${T_DRAIN:-never}s after the writer's sync, ${T_DRAIN_UP:-never}s after the gate came back)" '^[0-9.]+$' "$T_DRAIN"
  if [ ${#HOGS[@]} -gt 0 ]; then
    hog_fail=0; for h in "${HOGS[@]}"; do wait "$h" || hog_fail=$((hog_fail + 1)); done
    check_eq "the $HOGS_N held-up reads of /s3 ended without error after the gate came back" 0 "$hog_fail"
    check_eq "... each read all of cold.bin ($COLD_MB MiB)" "$HOGS_N" "$(find "$WD" -maxdepth 1 -name 'hog.*' -size "$((COLD_MB * 1024))k" | wc -l)"
  fi
  check_eq "no operation answered IO (dfs_operation_errors_total{status=IO})" 0 "$(last io)"
  # cold.bin had left the cache: its read needs S3, so during the outage it is answered
  # JUKEBOX (the client retries every 5 s) and completes once the gate is up
  cs=$(stamp_of 'RIG: cold read starts'); ce=$(stamp_of 'RIG: cold read ends')
  if [ -n "$cs" ] && [ -n "$ce" ] && [ -n "${T_UP:-}" ]; then
    COLD="started $(diff_s "$T_DOWN" "$cs")s into the outage, ended $(diff_s "$T_UP" "$ce")s after the gate came back; $rjuke read JUKEBOXes during the outage"
    echo "   cold read: $COLD"
    check_ge "cold read started during the outage" "$(awk -v a="$cs" -v b="$T_UP" 'BEGIN {print (a < b) ? 1 : 0}')" 1
    # hang: the read's GET waits in dfs (S3 timeouts) instead of being answered JUKEBOX
    [ "$OUTAGE_MODE" = down ] && check_ge "cold read needed S3: answered JUKEBOX during the outage (dfs_operation_errors_total{op=read*,status=AGAIN})" 1 "$rjuke"
    check_ge "cold read completed within 30 s after the gate came back" "$(awk -v a="$T_UP" -v b="$ce" 'BEGIN {printf "%d", b - a}')" 30
  else
    _fail "cold read timed" "no start/end line on the console"
  fi
  L=$(s3_objects 2>&1); echo "$L" | grep -v '^file' | sed 's/^/   s3: /'
  check_eq "bucket: one object per 1 MiB block" "objects $((SIZE_MB + COLD_MB))" "$(echo "$L" | sed -n 1p)"
  check_eq "bucket: big.bin is $SIZE_MB full blocks" 1 "$(echo "$L" | awk -v n="$SIZE_MB" '$1=="file" && $4==n && $8==n-1 && $10=="1048576"' | wc -l)"
  check_eq "bucket: cold.bin is $COLD_MB full blocks" 1 "$(echo "$L" | awk -v n="$COLD_MB" '$1=="file" && $4==n && $8==n-1 && $10=="1048576"' | wc -l)"
  scrape
  echo "   uploads: ok $(mval dfs_cache_uploads_total "$S,result=\"ok\"") error $(mval dfs_cache_uploads_total "$S,result=\"error\""); clean bytes $(mval dfs_cache_clean_bytes "$S")"
  check "dfs stop (graceful)" DFS stop --timeout 60
  if [ -n "$CACHE_DIR" ] && [ -d "$CACHE_DIR" ]; then
    rm -rf --one-file-system "$CACHE_DIR"; check_eq "cache directory deleted" no "$([ -e "$CACHE_DIR" ] && echo yes || echo no)"
  else
    _fail "cache directory deleted" "no cache directory '$CACHE_DIR'"
  fi
  check "dfs start --daemon (empty cache)" DFS start --daemon
  check "NFS listens again" wait_port "$NFS_PORT" 30
  say 3
fi

for ((i=0; i<${TIMEOUT:-1500}*10; i++)); do alive "$QEMU_PID" || break; sleep 0.1; done
wait "$QEMU_PID" 2>/dev/null; rig_rc=$?
stop_pid "$QEMU_PID" qemu 1
grep -aE '^(RIG:|\[ *[0-9.]+\] (nfs|NFS|RPC|rpc|BUG|WARN|Kernel))' "$LOG" | grep -av '^RIG: written' | tr -d '\r'
nok=$(grep -ac '^RIG: ok' "$LOG"); nfail=$(grep -ac '^RIG: FAIL' "$LOG")
check_eq "rig exit status" 0 "$rig_rc"
check_eq "guest checks failed" 0 "$nfail"
check_ge "guest checks passed" 11 "$nok"
check_match "guest reached the end" 'RIG: done fails=0' "$(grep -a 'RIG: done' "$LOG")"
# the removals reach S3 through the cache: wait for them (bounded)
for ((i=0; i<60; i++)); do [ "$(s3_objects 2>&1 | sed -n 1p)" = "objects 0" ] && break; sleep 1; done
check_eq "bucket prefix empty after the guest removed the files" "objects 0" "$(s3_objects 2>&1 | sed -n 1p)"
check "dfs stop at the end" DFS stop --timeout 60
if [ $IT_FAIL -gt 0 ]; then
  echo "-- dfs log:"; "$BIN/dfs" logs --config "$CFG" -n 40 2>&1 | sed 's/^/  /'
  echo "-- rig:"; tail -15 "$RUNDIR/rig.log"; echo "-- gate:"; cat "$WD/gate/stats" 2>/dev/null
fi
echo "== SIZE_MB=$SIZE_MB CACHE_MB=$CACHE_MB DOWN_AT_MB=$DOWN_AT_MB OUTAGE_MODE=$OUTAGE_MODE REMOTE_DURABLE=${REMOTE_DURABLE:-0}: outage ${OUTAGE:-?}s (first AGAIN after ${PUSH_AFTER:-?}s; $W_DOWN..$W_UP MiB written by the guest at gate down..up; ${again:-?} AGAIN, ${juke:-?} write JUKEBOX); low mark ${T_LOW:-?}s after the gate came back; dirty 0 ${T_DRAIN:-?}s after the writer's sync (${T_DRAIN_UP:-?}s after gate up); cold read: ${COLD:-?}; total $(elapsed "$T0")s"
it_summary "nfs-s3-outage (S3 outage under a write stream, kernel client)"
