# restart-checks.sh: guest side of nfs-restart-kernel.sh (run by the qemu rig as GUEST_CMD,
# cwd = /mnt/nfs = the badgerlike server; ok/bad from /etc/riglib.sh).
# Prepended by the host: PG_PORT (the postgres-backed server's port).
#
# The host restarts both servers while this script waits; handshake:
#   guest -> host: "RIG: phase N ready" on the console (the host watches console.log)
#   host -> guest: file .ctl-go-N appears in the badgerlike export's root (the host writes
#   it with libnfs once both servers are back). (busybox wget, the first idea for this
#   channel, segfaults in the guest: static busybox + getaddrinfo.) A poll that reaches
#   a server that is down just waits (hard mount) until it is back.
# Both mounts stay mounted throughout, so after each restart the kernel client works from
# its cached dentries/inodes, i.e. the OLD file handles, plus file descriptors opened
# before the restart. actimeo=0 makes every stat a GETATTR on the server.
mkdir -p /mnt/pg
popts=vers=3,proto=tcp,mountproto=tcp,nolock,actimeo=0,addr=10.0.2.2,mountaddr=10.0.2.2,port=$PG_PORT,mountport=$PG_PORT
mount -t nfs -o "$popts" 10.0.2.2:/export /mnt/pg && ok "postgres-backed export mounted" || bad "mount $popts"
MNTS="/mnt/nfs /mnt/pg"
tag() { case $1 in /mnt/nfs) echo badgerlike;; *) echo postgres;; esac; }

# manifest DIR -> one line per object: path type+mode nlink uid gid size mtime inode [md5]
manifest() {
  (cd "$1/rt" && find . | sort | while read -r f; do
     if [ -f "$f" ] && [ ! -L "$f" ]; then s=$(md5sum < "$f" | cut -d' ' -f1); else s=-; fi
     [ -L "$f" ] && s="-> $(readlink "$f")"
     echo "$(stat -c '%n %f %h %u %g %s %Y %i' "$f") $s"
   done)
}
wait_go() { # wait_go N: until the host says the servers are back (at most 300 s)
  echo "RIG: phase $1 ready at $(up)s"
  i=0
  while [ $i -lt 600 ]; do
    [ -e /mnt/nfs/.ctl-go-$1 ] && { echo "RIG: go $1 at $(up)s"; return 0; }
    # a server that lost its handles makes the (old) root handle stale: fail now, not in 300 s
    if ls -a /mnt/nfs 2>&1 | grep -qi stale; then bad "phase $1: export root handle is stale"; return 1; fi
    sleep 0.5; i=$((i+1))
  done
  bad "no 'go $1' from the host within 300 s"; return 1
}
# verify PHASE MANIFEST-SUFFIX: same manifest as recorded, with no stale handle
verify() {
  for m in $MNTS; do
    t=$(tag $m)
    manifest $m > /tmp/now-$t 2>/tmp/err-$t
    if cmp -s /tmp/man$2-$t /tmp/now-$t && [ ! -s /tmp/err-$t ]; then
      ok "$1 $t: $(wc -l < /tmp/now-$t) objects, same type/mode/nlink/uid/gid/size/mtime/inode/md5"
    else
      bad "$1 $t: tree differs: $(diff /tmp/man$2-$t /tmp/now-$t | head -8 | tr '\n' '|') $(head -3 /tmp/err-$t | tr '\n' '|')"
    fi
  done
}

# ---- phase 0: a tree on each server ---------------------------------------------
dd if=/dev/urandom of=/tmp/big bs=1M count=4 2>/dev/null
for m in $MNTS; do
  t=$(tag $m); r=$m/rt
  rm -rf $r; mkdir -p $r/d1/d2/d3 $r/empty || bad "$t mkdir"
  cp /tmp/big $r/big.bin
  echo "small $t" > $r/small.txt
  i=0; while [ $i -lt 50 ]; do echo "file $i of $t" > $r/d1/f$i; i=$((i+1)); done
  head -c 100000 /tmp/big > $r/d1/d2/d3/deep.bin
  chmod 640 $r/small.txt; chmod 4755 $r/d1/f1; chmod 700 $r/d1/d2
  chown 1234:5678 $r/d1/f2; chown 4321:100 $r/d1/d2/d3/deep.bin
  touch -d '2001-02-03 04:05:06' $r/d1/f3
  ln -s ../small.txt $r/d1/sym; ln $r/d1/f4 $r/d1/hard
  : > $r/empty.txt
done
sync
for m in $MNTS; do manifest $m > /tmp/man1-$(tag $m); done
for m in $MNTS; do
  n=$(wc -l < /tmp/man1-$(tag $m)); [ "$n" = 61 ] && ok "$(tag $m): tree of $n objects written" || bad "$(tag $m): tree has $n objects, want 61"
done
# descriptors opened before the restarts: reads through them must still work afterwards
exec 3< /mnt/nfs/rt/big.bin 4< /mnt/pg/rt/big.bin
want=$(md5sum < /tmp/big | cut -d' ' -f1)

# ---- phase 1: graceful restart ---------------------------------------------------
wait_go 1
echo 1 > /proc/sys/vm/drop_caches    # page cache only: dentries/inodes (old handles) stay
verify "after graceful restart" 1
[ "$(md5sum <&3 | cut -d' ' -f1)" = "$want" ] && ok "badgerlike: fd opened before restart reads the same bytes" || bad "badgerlike: read through old fd"
[ "$(md5sum <&4 | cut -d' ' -f1)" = "$want" ] && ok "postgres: fd opened before restart reads the same bytes" || bad "postgres: read through old fd"

# ---- phase 2: more writes, sync (COMMIT), kill -9 right after ---------------------
dd if=/dev/urandom of=/tmp/crash bs=1000 count=3123 2>/dev/null
for m in $MNTS; do
  r=$m/rt
  cp /tmp/crash $r/d1/crash.bin
  echo "appended" >> $r/small.txt
  mv $r/d1/f10 $r/d1/d2/moved10; rm $r/d1/f11; mkdir $r/d1/new; chmod 600 $r/d1/f12
  chown 99:98 $r/big.bin; touch -d '1999-12-31 23:59:59' $r/d1/f5
done
exec 5< /mnt/nfs/rt/d1/crash.bin 6< /mnt/pg/rt/d1/crash.bin
for m in $MNTS; do manifest $m > /tmp/man2-$(tag $m); done
sync
echo "RIG: synced at $(up)s"     # the host kill -9's both servers as soon as it sees this
wait_go 2
echo 1 > /proc/sys/vm/drop_caches
verify "after kill -9" 2
want=$(md5sum < /tmp/crash | cut -d' ' -f1)
[ "$(md5sum <&5 | cut -d' ' -f1)" = "$want" ] && ok "badgerlike: fd opened before kill -9 reads the synced bytes" || bad "badgerlike: read through old fd after kill -9"
[ "$(md5sum <&6 | cut -d' ' -f1)" = "$want" ] && ok "postgres: fd opened before kill -9 reads the synced bytes" || bad "postgres: read through old fd after kill -9"
exec 3<&- 4<&- 5<&- 6<&-
# fresh lookups too (all caches dropped): same tree by path
echo 3 > /proc/sys/vm/drop_caches
verify "after kill -9, cold caches" 2
if dmesg | grep -qi stale; then bad "kernel log mentions stale handles: $(dmesg | grep -i stale | head -3 | tr '\n' '|')"; else ok "no stale file handle in the kernel log"; fi
rm -f /mnt/nfs/.ctl-go-*
for m in $MNTS; do rm -rf $m/rt && ok "$(tag $m): tree removed" || bad "$(tag $m): rm -rf"; done
cd /; umount /mnt/pg && ok "postgres-backed export unmounted" || bad "umount /mnt/pg"
