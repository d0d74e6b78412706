# s3-checks.sh: guest side of nfs-s3.sh (run by the qemu rig as GUEST_CMD; busybox ash;
# cwd = /mnt/nfs = /export of dfs, the handshake share; ok/bad/up from /etc/riglib.sh).
# Prepended by the host: NFS_PORT SIZE_MB.
#
# /s3 (badgerlike metadata + PayloadS3 blocks in moto) is mounted on /mnt/s3.
# Handshake as in control-plane-checks.sh: "RIG: phase N ready" on the console, the host
# answers with /export/.ctl-go-N. The guest also prints "RIG: expect ..." lines: what the
# bucket must hold now (objects and bytes), which the host checks with boto3.
#   1  SIZE_MB MiB from /dev/urandom streamed to big.bin (md5 computed on the way, only
#      16 MiB at a time in the guest), a tree of 64 files with sizes around the 1 MiB block
#      boundaries, a symlink and a hard link; sync.     host: bucket listing; dfs stop+start
#   2  caches dropped; big.bin and the tree read back through the restarted server (so from
#      S3) and compared; an unaligned overwrite across a block boundary (read-modify-write
#      of two objects); big.bin removed.                host: its objects are gone
#   3  the tree removed, /s3 unmounted (the host then expects an empty prefix).
: "${SIZE_MB:=512}"
MiB=1048576
popts="vers=3,proto=tcp,mountproto=tcp,nolock,addr=10.0.2.2,mountaddr=10.0.2.2,port=$NFS_PORT,mountport=$NFS_PORT"
rate() { awk "BEGIN{d=$(up)-$2; if (d<=0) d=0.001; printf \"%.1f MiB/s in %.1f s\", $1/d, d}"; }
manifest() { # type, mode, nlink, size, md5 of every object under $1 (inode numbers excluded)
  (cd "$1" && find . | sort | while read -r f; do
     if [ -f "$f" ] && [ ! -L "$f" ]; then s=$(md5sum < "$f" | cut -d' ' -f1); else s=-; fi
     echo "$(stat -c '%n %F %a %h %s' "$f") $s"
   done)
}
expect() { # expect LABEL: objects and bytes the bucket must hold for the files now in /mnt/s3
  find /mnt/s3 -type f | while read -r f; do stat -c '%i %s' "$f"; done | sort -u | \
    awk -v m=$MiB -v l="$1" '{o += int(($2+m-1)/m); b += $2} END{printf "RIG: expect %s objects %d bytes %d\n", l, o, b}'
}

mkdir -p /mnt/s3
mount -t nfs -o "$popts" 10.0.2.2:/s3 /mnt/s3 && ok "/s3 mounted (S3-backed share)" || { bad "mount /s3"; exit 1; }

# ---- phase 1: write --------------------------------------------------------------------
mkdir /mnt/s3/tree || bad "mkdir /s3/tree"
# the guest's own ceiling (TCG: every instruction emulated): /dev/urandom -> md5 of 16 MiB, no NFS
t=$(up); dd if=/dev/urandom bs=$MiB count=16 2>/dev/null | md5sum >/dev/null
echo "RIG: info guest alone: /dev/urandom | md5sum $(rate 16 $t)"
# Streamed in 16 MiB pieces: each piece is drawn from /dev/urandom into guest RAM, written
# to the file with dd (1 MiB writes) and fed to one md5sum of the whole stream (a fifo).
# (A tee pipeline was 4-8 times slower here: busybox tee moves ~1 KiB per read, and every
# piece is a context switch between four processes on one emulated CPU.)
t=$(up); rc=0; i=0; CH=16
mkfifo /tmp/md5.fifo && { md5sum < /tmp/md5.fifo > /tmp/md5.out & }
exec 4> /tmp/md5.fifo
while [ $i -lt $SIZE_MB ]; do
  n=$CH; [ $((SIZE_MB-i)) -lt $n ] && n=$((SIZE_MB-i))
  dd if=/dev/urandom of=/tmp/piece bs=$MiB count=$n iflag=fullblock 2>/dev/null || rc=1
  dd if=/tmp/piece of=/mnt/s3/big.bin bs=$MiB seek=$i conv=notrunc 2>/tmp/dd.err || { rc=2; break; }
  dd if=/tmp/piece bs=$MiB 2>/dev/null >&4 || rc=3
  i=$((i+n))
done
exec 4>&-; wait; sync
sum1=$(cut -d' ' -f1 /tmp/md5.out); rm -f /tmp/md5.fifo /tmp/md5.out /tmp/piece
[ $rc = 0 ] && [ ${#sum1} = 32 ] && ok "big: ${SIZE_MB} MiB streamed from /dev/urandom + sync ($(rate $SIZE_MB $t)), md5 $sum1" \
  || bad "big: writing big.bin failed (step $rc at MiB $i): $(tr '\n' ' ' < /tmp/dd.err), md5 '$sum1'"
sz=$(stat -c %s /mnt/s3/big.bin); [ "$sz" = $((SIZE_MB*MiB)) ] && ok "big: size $sz" || bad "big: size $sz, expected $((SIZE_MB*MiB))"
echo "RIG: big inode $(stat -c %i /mnt/s3/big.bin)"
t=$(up); n=0
for d in 0 1 2 3; do
  mkdir /mnt/s3/tree/d$d
  for s in 0 1 4095 4096 65537 $((MiB-1)) $MiB $((MiB+1)) $((2*MiB+12345)) $((3*MiB-1)) 777 100000 300001 $((MiB/2)) 9 $((d*1000+17)); do
    if [ "$s" = 0 ]; then : > /mnt/s3/tree/d$d/f$n; else
      dd if=/dev/urandom of=/mnt/s3/tree/d$d/f$n bs=$s count=1 2>/dev/null; fi
    n=$((n+1))
  done
done
ln -s d0/f1 /mnt/s3/tree/link && ln /mnt/s3/tree/d1/f20 /mnt/s3/tree/hard || bad "tree: symlink / hard link"
chmod 600 /mnt/s3/tree/d2/f33; chmod 755 /mnt/s3/tree/d3
sync
c=$(find /mnt/s3/tree -type f | wc -l)
[ "$c" = 65 ] && ok "tree: 64 files + 1 hard link written ($(awk "BEGIN{print $(up)-$t}") s)" || bad "tree: find sees $c files, expected 65"
manifest /mnt/s3 > /tmp/s3.man
expect written
wait_go 1

# ---- phase 2: read back through the restarted server, overwrite, remove ----------------
echo 3 > /proc/sys/vm/drop_caches
t=$(up); sum2=$(md5sum < /mnt/s3/big.bin | cut -d' ' -f1)
[ "$sum1" = "$sum2" ] && ok "big: read back after dfs restart + drop_caches, md5 matches ($(rate $SIZE_MB $t))" \
  || bad "big: md5 wrote $sum1 read back $sum2"
manifest /mnt/s3 > /tmp/s3.now 2>/tmp/man.err
cmp -s /tmp/s3.man /tmp/s3.now && [ ! -s /tmp/man.err ] && ok "tree: manifest identical after restart ($(wc -l < /tmp/s3.now) entries, md5 of every file)" \
  || bad "tree differs: $(diff /tmp/s3.man /tmp/s3.now | head -6 | tr '\n' '|') $(head -2 /tmp/man.err | tr '\n' '|')"
f=/mnt/s3/tree/d0/f9   # 3 MiB - 1: an overwrite of 37000 bytes across the block 0/1 boundary
cp $f /tmp/orig && dd if=/dev/urandom of=/tmp/patch bs=1000 count=37 2>/dev/null
dd if=/tmp/patch of=/tmp/orig bs=1 seek=$((MiB-20001)) conv=notrunc 2>/dev/null
dd if=/tmp/patch of=$f bs=1 seek=$((MiB-20001)) conv=notrunc,fsync 2>/dev/null
echo 3 > /proc/sys/vm/drop_caches
cmp /tmp/orig $f >/tmp/cmp.out 2>&1 && ok "overwrite: 37000 bytes across a block boundary, cmp equal" || bad "overwrite: $(cat /tmp/cmp.out)"
rm -f /tmp/orig /tmp/patch
rm /mnt/s3/big.bin && sync && [ ! -e /mnt/s3/big.bin ] && ok "big: removed" || bad "big: rm"
expect "after-rm"
wait_go 2

# ---- phase 3: remove the rest -------------------------------------------------------
rm -rf /mnt/s3/tree && [ -z "$(ls -A /mnt/s3)" ] && ok "tree removed, /s3 empty" || bad "rm -rf tree: left $(ls -A /mnt/s3 | tr '\n' ' ')"
sync
cd /mnt/nfs; umount /mnt/s3 && ok "/s3 unmounted" || bad "umount /s3"
rm -f /mnt/nfs/.ctl-go-*
