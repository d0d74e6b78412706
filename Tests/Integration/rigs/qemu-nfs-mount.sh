#!/bin/bash
# qemu-nfs-mount.sh -- real Linux kernel NFS client against a server on host loopback.
#
# Boots Debian 12's stock kernel (linux-image-6.1.0-*-amd64, only extracted, never
# installed) under qemu TCG with a tiny busybox initramfs, brings up slirp user
# networking (guest 10.0.2.15, host loopback reachable as 10.0.2.2), mounts the
# host's NFS export with the kernel client (v3 and/or v4.x), runs checks, prints
# "RIG:" lines on the serial console and powers off.  Nothing is installed in the
# host besides Debian packages: qemu-system-x86 busybox-static cpio kmod bc.
#
# Copied from ../shared/rigs/qemu-nfs-mount.sh; changes (and why):
#  - the cache (WORK, default /tmp/dfs-qemu-cache) now holds only run-independent things:
#    the extracted kernel and a base initramfs (busybox + modules), built once under an
#    flock so concurrent runs can share it.  Per-run files (the small overlay cpio with
#    /init, config, GUEST_CMD, PAYLOAD, and console.log) go to RUNDIR (a fresh temp dir by
#    default): the original wrote initramfs/ and console.log into WORK, so two runs at
#    the same time (dfs and ganesha, or two engineers) clobbered each other.  Linux
#    unpacks concatenated cpio archives, so initrd = base.cpio + overlay.cpio.
#  - GUEST_CMD failures count: the original ran GUEST_CMD in a separate `sh` without the
#    ok/bad helpers and ignored its exit status, so a failing guest check still ended in
#    "RIG: done fails=0".  Now /etc/riglib.sh defines ok/bad (GUEST_CMD gets them too),
#    every "bad" is recorded in /tmp/rig.fails, and a non-zero GUEST_CMD status is a FAIL.
#  - GUEST_TIMEOUT (default 0 = none): busybox `timeout` around GUEST_CMD so a hung
#    server shows up as a FAIL line instead of only as the host-side TIMEOUT.
#  - LOG: where the console log goes (default $RUNDIR/console.log).
#
# Environment knobs (defaults in brackets):
#   NFS_PORT [12049]  MNT_PORT [12048]       server ports on host 127.0.0.1
#   V3_PATH  [/tmp/rigs/export]               MOUNT-protocol path for NFSv3
#   V4_PATH  [/export]                       NFSv4 pseudo-fs path
#   VERS     ["3 4.1"]                       mounts to do, in order (3, 4, 4.0, 4.1, 4.2)
#   EXTRA_OPTS []                            appended to every mount's -o (e.g. "actimeo=0,sync")
#   BASIC    [1]                             run the built-in write/read/readdir checks
#   PAYLOAD  []                              host dir copied to /payload in the guest
#   GUEST_CMD []                             shell snippet run (cwd = mount point, $NFSV = version,
#                                            ok/bad helpers available)
#   GUEST_TIMEOUT [0]                        seconds for GUEST_CMD (0 = unbounded)
#   TIMEOUT  [600]  MEM [512]  SMP [1]  ACCEL [tcg]   (KVM exists but hangs here, see report)
#   SERVER_IP [10.0.2.2]  NETDEV_EXTRA []
#   NFS_PORT/MNT_PORT set to "" -> no port=/mountport= option (kernel uses 2049 / asks rpcbind)
#   WORK     [/tmp/dfs-qemu-cache]           kernel + base initramfs cache (shared, reusable)
#   RUNDIR   [mktemp -d]                     per-run overlay + console log (removed unless KEEP_RUNDIR=1
#                                            or it was given by the caller)
# Exit status: 0 when every RIG check passed, 1 otherwise, 124 on timeout.
set -euo pipefail
WORK=${WORK:-/tmp/dfs-qemu-cache}
NFS_PORT=${NFS_PORT-12049}; MNT_PORT=${MNT_PORT-12048}
V3_PATH=${V3_PATH:-/tmp/rigs/export}; V4_PATH=${V4_PATH:-/export}
VERS=${VERS:-"3 4.1"}; EXTRA_OPTS=${EXTRA_OPTS:-}; BASIC=${BASIC:-1}
PAYLOAD=${PAYLOAD:-}; GUEST_CMD=${GUEST_CMD:-}; GUEST_TIMEOUT=${GUEST_TIMEOUT:-0}
TIMEOUT=${TIMEOUT:-600}; MEM=${MEM:-512}; SMP=${SMP:-1}; ACCEL=${ACCEL:-tcg}
SERVER_IP=${SERVER_IP:-10.0.2.2}          # 10.0.2.2 = slirp alias for host loopback
NETDEV_EXTRA=${NETDEV_EXTRA:-}
MACHINE=${MACHINE:-pc}   # "microvm" was tried: no console output within 600 s under TCG -> use pc
T0=$(date +%s.%N)
mkdir -p "$WORK"
if [ -z "${RUNDIR:-}" ]; then
  RUNDIR=$(mktemp -d /tmp/qemu-nfs-run.XXXXXX)
  [ "${KEEP_RUNDIR:-0}" = 1 ] || trap 'rm -rf "$RUNDIR"' EXIT
fi
mkdir -p "$RUNDIR"
LOG=${LOG:-$RUNDIR/console.log}

# ---- 1. kernel + base initramfs (once, shared; ~20 s the first time) -------------
exec 9>"$WORK/.lock"
flock -w 900 9 || { echo "qemu-nfs-mount: cache lock $WORK/.lock busy for 900 s" >&2; exit 1; }
if [ ! -e "$WORK/kernel/.done" ]; then
  pkg=$(apt-cache depends linux-image-amd64 | awk '/Depends: linux-image-[0-9]/{print $2; exit}')
  [ -n "$pkg" ] || { echo "qemu-nfs-mount: cannot resolve linux-image-amd64 (apt-get update?)" >&2; exit 1; }
  rm -rf "$WORK/kernel" && mkdir -p "$WORK/kernel"
  (cd "$WORK/kernel" && timeout 600 apt-get download "$pkg" >/dev/null 2>&1 && dpkg-deb -x ./*.deb root && rm -f ./*.deb) \
    || { echo "qemu-nfs-mount: kernel download/extract of $pkg failed" >&2; exit 1; }
  touch "$WORK/kernel/.done"
fi
KVER=$(ls "$WORK/kernel/root/lib/modules" | head -1)
KDIR=$WORK/kernel/root/lib/modules/$KVER
VMLINUZ=$WORK/kernel/root/boot/vmlinuz-$KVER
BASE=$WORK/base-$KVER.cpio
if [ ! -e "$BASE" ]; then
  IR=$WORK/base-initramfs; rm -rf "$IR"
  mkdir -p "$IR"/{bin,sbin,etc,proc,sys,dev,tmp,mnt/nfs,lib/modules,payload,root}
  cp /bin/busybox "$IR/bin/busybox"                 # busybox-static
  for a in $(/bin/busybox --list); do [ "$a" = busybox ] || ln -sf busybox "$IR/bin/$a"; done
  [ -e "$KDIR/modules.dep" ] || /sbin/depmod -b "$WORK/kernel/root" "$KVER"
  : > "$IR/etc/modules.list"
  for m in virtio_pci virtio_net nfsv3 nfsv4; do
    /sbin/modprobe -d "$WORK/kernel/root" -S "$KVER" --show-depends "$m" | awk '$1=="insmod"{print $2}'
  done | awk '!seen[$0]++' | while read -r ko; do
    cp "$ko" "$IR/lib/modules/"; basename "$ko" >> "$IR/etc/modules.list"
  done
  cat > "$IR/bin/openssl" <<'EOS'
#!/bin/sh
echo "MD5(stdin)= $(md5sum | cut -d' ' -f1)"
EOS
  chmod +x "$IR/bin/openssl"
  (cd "$IR" && find . | cpio -o -H newc --quiet) > "$BASE.tmp" && mv "$BASE.tmp" "$BASE"
  rm -rf "$IR"
fi
flock -u 9; exec 9>&-

# ---- 2. per-run overlay ----------------------------------------------------------
OV=$RUNDIR/overlay; rm -rf "$OV"; mkdir -p "$OV/etc" "$OV/payload"
[ -n "$PAYLOAD" ] && cp -a "$PAYLOAD"/. "$OV/payload/"
cat > "$OV/etc/rig.conf" <<EOF2
NFS_PORT='$NFS_PORT'; MNT_PORT='$MNT_PORT'; SERVER_IP='$SERVER_IP'; V3_PATH='$V3_PATH'; V4_PATH='$V4_PATH'
VERS='$VERS'; EXTRA_OPTS='$EXTRA_OPTS'; BASIC='$BASIC'; GUEST_TIMEOUT='$GUEST_TIMEOUT'
EOF2
[ -z "$GUEST_CMD" ] || printf '%s\n' "$GUEST_CMD" > "$OV/etc/guest_cmd"
cat > "$OV/etc/riglib.sh" <<'EOF2'
up()  { cut -d' ' -f1 /proc/uptime; }
ok()  { echo "RIG: ok   $*"; }
bad() { echo "RIG: FAIL $*"; echo "$*" >> /tmp/rig.fails; }
EOF2
cat > "$OV/init" <<'EOF2'
#!/bin/sh
export PATH=/bin HOME=/root
. /etc/rig.conf
mount -t proc proc /proc; mount -t sysfs sysfs /sys; mount -t devtmpfs devtmpfs /dev
mount -t tmpfs tmpfs /tmp
. /etc/riglib.sh
: > /tmp/rig.fails
echo "RIG: init at uptime $(up)s"
for m in $(cat /etc/modules.list); do insmod /lib/modules/$m || bad "insmod $m"; done
ip link set lo up; ip addr add 10.0.2.15/24 dev eth0; ip link set eth0 up
ip route add default via 10.0.2.2
echo "RIG: net up at $(up)s"
for v in $VERS; do
  case $v in
    3) src=$SERVER_IP:$V3_PATH
       opts=vers=3,proto=tcp,mountproto=tcp,mountaddr=$SERVER_IP,nolock,addr=$SERVER_IP
       [ -n "$MNT_PORT" ] && opts=$opts,mountport=$MNT_PORT ;;
    4*) src=$SERVER_IP:$V4_PATH
       opts=vers=$v,proto=tcp,addr=$SERVER_IP,clientaddr=10.0.2.15 ;;
  esac
  [ -n "$NFS_PORT" ] && opts=$opts,port=$NFS_PORT
  [ -n "$EXTRA_OPTS" ] && opts=$opts,$EXTRA_OPTS
  t=$(up)
  if ! mount -t nfs -o "$opts" "$src" /mnt/nfs; then bad "v$v mount -o $opts $src"; dmesg | tail -5; continue; fi
  ok "v$v mounted in $(awk "BEGIN{print $(up)-$t}")s: $(grep ' /mnt/nfs ' /proc/mounts)"
  cd /mnt/nfs
  if [ "$BASIC" = 1 ]; then
    d=rig-v$v; rm -rf $d; mkdir $d && ok "v$v mkdir" || bad "v$v mkdir"
    echo "hello from guest kernel nfs v$v" > $d/hello.txt && ok "v$v write small" || bad "v$v write small"
    dd if=/dev/urandom of=/tmp/blob bs=1M count=16 2>/dev/null
    t=$(up); cp /tmp/blob $d/blob && sync; w=$(awk "BEGIN{print $(up)-$t}")
    echo 3 > /proc/sys/vm/drop_caches
    t=$(up); md5sum $d/blob > /tmp/m2; r=$(awk "BEGIN{print $(up)-$t}")
    [ "$(md5sum < /tmp/blob | cut -d' ' -f1)" = "$(cut -d' ' -f1 /tmp/m2)" ] \
      && ok "v$v 16MiB copy+readback md5 match (write ${w}s, read ${r}s)" || bad "v$v 16MiB md5 mismatch"
    rm -f /tmp/blob
    ln -s hello.txt $d/sym && [ "$(readlink $d/sym)" = hello.txt ] && ok "v$v symlink" || bad "v$v symlink"
    ln $d/hello.txt $d/hard && [ "$(stat -c %h $d/hello.txt)" = 2 ] && ok "v$v hardlink nlink=2" || bad "v$v hardlink"
    mv $d/hard $d/renamed && [ -e $d/renamed ] && ok "v$v rename" || bad "v$v rename"
    chmod 600 $d/renamed && [ "$(stat -c %a $d/renamed)" = 600 ] && ok "v$v chmod" || bad "v$v chmod"
    chown 1234:5678 $d/renamed && [ "$(stat -c %u:%g $d/renamed)" = 1234:5678 ] && ok "v$v chown" || bad "v$v chown ($(stat -c %u:%g $d/renamed))"
    truncate -s 1000 $d/blob && [ "$(stat -c %s $d/blob)" = 1000 ] && ok "v$v truncate" || bad "v$v truncate"
    i=0; while [ $i -lt 200 ]; do : > $d/f$i; i=$((i+1)); done
    n=$(ls $d | wc -l); [ "$n" = 204 ] && ok "v$v readdir 204 entries" || bad "v$v readdir got $n"
    rm $d/f* $d/renamed $d/sym $d/blob && ok "v$v unlink" || bad "v$v unlink"
    cat $d/hello.txt
  fi
  if [ -s /etc/guest_cmd ]; then
    echo "RIG: guest_cmd v$v start at $(up)s"
    if [ "$GUEST_TIMEOUT" -gt 0 ] 2>/dev/null; then
      # busybox timeout leaves a watcher child behind for up to 1 s: start it from / so
      # it does not keep the mount busy
      cd /; NFSV=$v timeout "$GUEST_TIMEOUT" sh -c 'cd /mnt/nfs && . /etc/riglib.sh && . /etc/guest_cmd'; rc=$?
    else
      NFSV=$v sh -c '. /etc/riglib.sh; . /etc/guest_cmd'; rc=$?
    fi
    echo "RIG: guest_cmd v$v rc=$rc end at $(up)s"
    [ $rc = 0 ] || bad "v$v guest_cmd exit status $rc$([ $rc = 143 ] && echo ' (GUEST_TIMEOUT)')"
  fi
  cd /
  if umount /mnt/nfs 2>/tmp/uerr; then ok "v$v umount"; else
    # leftovers (e.g. a test's background child) keep the mount busy: show, kill (guest-only), retry
    for p in /proc/[0-9]*; do case "$(readlink $p/cwd)" in /mnt/nfs*)
      echo "RIG: busy pid ${p#/proc/}: $(tr '\0' ' ' < $p/cmdline)"; kill -9 ${p#/proc/};; esac; done
    sleep 1; umount /mnt/nfs && ok "v$v umount (after killing leftovers)" || { bad "v$v umount: $(cat /tmp/uerr)"; umount -l /mnt/nfs; }
  fi
done
fails=$(wc -l < /tmp/rig.fails)
echo "RIG: done fails=$fails at uptime $(up)s"
sync; poweroff -f
EOF2
chmod +x "$OV/init"
(cd "$OV" && find . | cpio -o -H newc --quiet) > "$RUNDIR/overlay.cpio"
cat "$BASE" "$RUNDIR/overlay.cpio" > "$RUNDIR/initrd.cpio"
rm -rf "$OV" "$RUNDIR/overlay.cpio"
T1=$(date +%s.%N)

# ---- 3. boot ------------------------------------------------------------------
echo "== booting (initramfs $(du -h "$RUNDIR/initrd.cpio" | cut -f1), prep $(echo "$T1 - $T0" | bc)s)" >&2
set +e
if [ "$MACHINE" = microvm ]; then NIC="-device virtio-net-device,netdev=n0"; else NIC="-device virtio-net-pci,netdev=n0,romfile="; fi
timeout "$TIMEOUT" qemu-system-x86_64 -accel "$ACCEL" -M "$MACHINE" -cpu max -smp "$SMP" -m "$MEM" \
  -nodefaults -no-user-config -display none -serial stdio -no-reboot \
  -kernel "$VMLINUZ" -initrd "$RUNDIR/initrd.cpio" \
  -append "console=ttyS0 panic=-1 quiet loglevel=4 nfs.nfs4_disable_idmapping=1" \
  -netdev "user,id=n0$NETDEV_EXTRA" $NIC \
  < /dev/null 2>&1 | tee "$LOG"
rc=${PIPESTATUS[0]}
set -e
rm -f "$RUNDIR/initrd.cpio"
T2=$(date +%s.%N)
echo "== qemu rc=$rc, boot+run $(echo "$T2 - $T1" | bc)s, total $(echo "$T2 - $T0" | bc)s" >&2
[ "$rc" = 124 ] && exit 124
grep -q 'RIG: done fails=0' "$LOG"
