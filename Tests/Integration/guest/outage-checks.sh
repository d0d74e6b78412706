# outage-checks.sh: guest side of nfs-s3-outage.sh (run by the qemu rig as GUEST_CMD;
# busybox ash; cwd = /mnt/nfs = /export of dfs, the handshake share, whose blocks are
# local and so reachable during the outage; ok/bad/up from /etc/riglib.sh).
# Prepended by the host: NFS_PORT CTL_PORT SIZE_MB COLD_MB.
#
# /s3 (PayloadS3 in moto behind a TCP gate, with the write-back cache) is mounted on
# /mnt/s3 (hard mount: the client retries JUKEBOX answers, as it must).
# Handshake: "RIG: phase N ready" on the console (guest -> host); host -> guest through
# tools/phase-server.py at 10.0.2.2:CTL_PORT (busybox nc), NOT through NFS: during the
# outage the client's one connection to dfs is full of WRITEs waiting for room, and a
# handshake file on /export arrived ~30 s late. Progress: the writer prints
# "RIG: written N MiB at Ts" every 16 MiB; the host takes the gate down once enough is
# written (mid-stream). The host stamps console lines with its own clock as they arrive.
#   0  cold.bin (COLD_MB MiB) written and synced; the big writer starts in the background:
#      SIZE_MB MiB from /dev/urandom in 16 MiB pieces, each dd'ed with conv=fsync (so a
#      write error would surface at once), md5 on the way.            -> phase 1 ready
#   1  (go 1 = the gate is down and the cache pushes back) caches dropped, cold.bin read
#      in the background: its blocks were evicted from the cache, so the read needs S3
#      during the outage (JUKEBOX until the gate is up; the host times it from the
#      "cold read" console lines).                                      -> phase 2 ready
#   2  (go 2 = the gate is up again) the writer must end with status 0 and no
#      "Input/output error"; sync; the kernel log must show no I/O error (the client's
#      "server not responding" / "OK" lines are fine); the cold read must have ended
#      with the right md5.                                             -> phase 3 ready
#   3  (go 3 = dfs restarted with an EMPTY cache directory, so everything comes from
#      S3) caches dropped; big.bin and cold.bin read back, md5s compared.
: "${SIZE_MB:=384}" "${COLD_MB:=8}"
MiB=1048576
popts="vers=3,proto=tcp,mountproto=tcp,nolock,addr=10.0.2.2,mountaddr=10.0.2.2,port=$NFS_PORT,mountport=$NFS_PORT"
rate() { awk "BEGIN{d=$(up)-$2; if (d<=0) d=0.001; printf \"%.1f MiB/s in %.1f s\", $1/d, d}"; }
wait_go() { # wait_go N [SECONDS]: until the host's phase server says N (or more)
  echo "RIG: phase $1 ready at $(up)s"
  i=0
  while [ $i -lt "${2:-300}" ]; do
    p=$(timeout 5 nc -w 3 10.0.2.2 "$CTL_PORT" 2>/dev/null | tr -dc 0-9)
    [ "${p:-0}" -ge "$1" ] && { echo "RIG: go $1 at $(up)s"; return 0; }
    sleep 0.5; i=$((i+1))
  done
  bad "no 'go $1' from the host"; return 1
}
eio_lines() { dmesg | grep -iE 'input/output error|error -5|EIO|I/O error' | grep -v 'not responding\|OK$'; }

mkdir -p /mnt/s3
mount -t nfs -o "$popts" 10.0.2.2:/s3 /mnt/s3 && ok "/s3 mounted (S3-backed share with the cache)" || { bad "mount /s3"; exit 1; }
dmesg -c >/dev/null 2>&1   # only what happens from here on counts

# ---- phase 0: cold file, then the big writer in the background -------------------------
dd if=/dev/urandom of=/tmp/cold bs=$MiB count=$COLD_MB 2>/dev/null
cold_sum=$(md5sum < /tmp/cold | cut -d' ' -f1)
dd if=/tmp/cold of=/mnt/s3/cold.bin bs=$MiB conv=fsync 2>/tmp/cold.err && ok "cold.bin: $COLD_MB MiB written + fsynced" \
  || bad "cold.bin: $(tr '\n' ' ' < /tmp/cold.err)"
rm -f /tmp/cold

writer() { # the big write: exit status 0 only when every piece was written and fsynced
  rc=0; i=0; CH=16; t=$(up)
  mkfifo /tmp/md5.fifo && { md5sum < /tmp/md5.fifo > /tmp/md5.out & }
  exec 4> /tmp/md5.fifo
  while [ $i -lt $SIZE_MB ]; do
    n=$CH; [ $((SIZE_MB-i)) -lt $n ] && n=$((SIZE_MB-i))
    dd if=/dev/urandom of=/tmp/piece bs=$MiB count=$n iflag=fullblock 2>/dev/null || { rc=1; break; }
    dd if=/tmp/piece of=/mnt/s3/big.bin bs=$MiB seek=$i conv=notrunc,fsync 2>>/tmp/dd.err || { rc=2; break; }
    dd if=/tmp/piece bs=$MiB 2>/dev/null >&4 || { rc=3; break; }
    i=$((i+n))
    echo "RIG: written $i MiB at $(up)s"
  done
  exec 4>&-; wait
  echo "$rc $i $(rate $i $t)" > /tmp/writer.out
  return $rc
}
: > /tmp/dd.err
writer & WPID=$!
wait_go 1 600

# ---- phase 1: the outage is on: read a block the cache no longer holds --------------------
echo 3 > /proc/sys/vm/drop_caches
( t=$(up); echo "RIG: cold read starts at ${t}s"
  s=$(md5sum < /mnt/s3/cold.bin 2>/tmp/coldread.err | cut -d' ' -f1)
  echo "$s $t $(up)" > /tmp/coldread.out; echo "RIG: cold read ends at $(up)s, md5 ${s:-none}" ) &
CPID=$!
wait_go 2 600
# the client's view of the outage (per-op counts, queue/rtt/execute ms totals; transport)
awk '/mounted on \/mnt\/s3 /{m=1; next} /^device /{m=0} m && /^[ \t]+(READ|WRITE|COMMIT|GETATTR|xprt):/' /proc/self/mountstats | sed 's/^[ \t]*/RIG: mountstats /'

# ---- phase 2: the outage is over: the writer must finish cleanly ---------------------------
i=0; while [ $i -lt 900 ] && kill -0 $WPID 2>/dev/null; do sleep 1; i=$((i+1)); done
if kill -0 $WPID 2>/dev/null; then bad "writer still running 900 s after the outage ended"; kill $WPID; fi
wait $WPID; wrc=$?
sync
read -r rc done_mb wrate < /tmp/writer.out
sum1=$(cut -d' ' -f1 /tmp/md5.out)
[ "$wrc" = 0 ] && [ "$done_mb" = "$SIZE_MB" ] && [ ${#sum1} = 32 ] \
  && ok "big: $SIZE_MB MiB written through the outage, every piece fsynced, exit 0 ($wrate), md5 $sum1" \
  || bad "big: writer exit $wrc (step $rc at MiB $done_mb): $(tr '\n' ' ' < /tmp/dd.err | cut -c1-300)"
grep -qi 'input/output error' /tmp/dd.err && bad "big: dd saw an Input/output error" || ok "big: no Input/output error from dd"
sz=$(stat -c %s /mnt/s3/big.bin); [ "$sz" = $((SIZE_MB*MiB)) ] && ok "big: size $sz" || bad "big: size $sz, expected $((SIZE_MB*MiB))"
i=0; while [ $i -lt 600 ] && kill -0 $CPID 2>/dev/null; do sleep 1; i=$((i+1)); done
if [ -s /tmp/coldread.out ]; then
  read -r csum cstart cend < /tmp/coldread.out
  [ "$csum" = "$cold_sum" ] && ok "cold.bin read (started during the outage) has the right md5 (it took $(awk "BEGIN{print $cend - $cstart}") s)" \
    || bad "cold.bin read: md5 '$csum', want $cold_sum; $(tr '\n' ' ' < /tmp/coldread.err)"
else
  bad "cold.bin read did not end 600 s after the outage"
fi
e=$(eio_lines)
[ -z "$e" ] && ok "kernel log: no I/O error ($(dmesg | grep -c 'not responding') 'not responding' lines)" \
  || bad "kernel log: $(echo "$e" | head -3 | tr '\n' '|')"
dmesg | grep -iE 'nfs|rpc' | tail -5 | sed 's/^/RIG: dmesg /'
wait_go 3 900

# ---- phase 3: everything from S3 (dfs restarted on an empty cache directory) --------------
echo 3 > /proc/sys/vm/drop_caches
t=$(up); sum2=$(md5sum < /mnt/s3/big.bin | cut -d' ' -f1)
[ "$sum1" = "$sum2" ] && ok "big: read back from S3 after restart with an empty cache, md5 matches ($(rate $SIZE_MB $t))" \
  || bad "big: md5 wrote $sum1 read back $sum2"
s=$(md5sum < /mnt/s3/cold.bin | cut -d' ' -f1)
[ "$s" = "$cold_sum" ] && ok "cold: read back from S3, md5 matches" || bad "cold: md5 wrote $cold_sum read back $s"
e=$(eio_lines)
[ -z "$e" ] && ok "kernel log: still no I/O error" || bad "kernel log at the end: $(echo "$e" | head -3 | tr '\n' '|')"
rm -f /mnt/s3/big.bin /mnt/s3/cold.bin && sync && ok "files removed" || bad "rm"
cd /mnt/nfs; umount /mnt/s3 && ok "/s3 unmounted" || bad "umount /s3"
