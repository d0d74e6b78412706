# control-plane-checks.sh: guest side of control-plane-kernel.sh (run by the qemu rig as
# GUEST_CMD; cwd = /mnt/nfs = /export of the control-plane dfs; ok/bad from /etc/riglib.sh).
# Prepended by the host: NFS_PORT.
#
# Handshake (as in restart-checks.sh):
#   guest -> host: "RIG: phase N ready" on the console (the host watches console.log)
#   host -> guest: file .ctl-go-N appears in /export's root (written with libnfs)
# Phases (host actions after each, through dfsctl):
#   1  /export: write a tree, record a manifest. /team (default permission none; uid 0
#      is nobody's): MOUNT must be refused.       host: user ops (uid 0) read-write on /team
#   2  /team mounts; root (= ops) makes alice-dir 0777; alice (uid 1001, group eng:
#      read-write) writes; bob (uid 1002, read grant) reads but cannot write.
#                                                 host: ops's grant lowered to read (live)
#   3  root can no longer write to /team.         host: `dfsctl adapter disable nfs`
#      The mount stops answering (a GETATTR with actimeo=0 hangs until killed).
#                                                 host: dfs stop, dfs start; the adapter
#                                                 is still disabled; enable it
#   4  same mounts, old handles: /export and /team read back identical; the grants
#      still apply (bob and root still cannot write, alice can).
popts="vers=3,proto=tcp,mountproto=tcp,nolock,actimeo=0,addr=10.0.2.2,mountaddr=10.0.2.2,port=$NFS_PORT,mountport=$NFS_PORT"
grep -q '^root:' /etc/passwd 2>/dev/null || echo 'root:x:0:0:root:/root:/bin/sh' >> /etc/passwd
echo 'alice:x:1001:1001::/tmp:/bin/sh' >> /etc/passwd
echo 'bob:x:1002:1002::/tmp:/bin/sh' >> /etc/passwd
as() { u=$1; shift; su "$u" -c "$*" </dev/null; }

manifest() {
  (cd "$1" && find . -path ./.ctl-go-\* -prune -o -print | sort | while read -r f; do
     if [ -f "$f" ] && [ ! -L "$f" ]; then s=$(md5sum < "$f" | cut -d' ' -f1); else s=-; fi
     echo "$(stat -c '%n %f %h %u %g %s %Y %i' "$f") $s"
   done)
}

# ---- phase 1 ---------------------------------------------------------------------
mkdir -p /mnt/nfs/cp/d1 || bad "mkdir on /export"
dd if=/dev/urandom of=/mnt/nfs/cp/big.bin bs=1M count=8 2>/dev/null || bad "write 8 MiB on /export"
i=0; while [ $i -lt 20 ]; do echo "file $i" > /mnt/nfs/cp/d1/f$i; i=$((i+1)); done
chmod 640 /mnt/nfs/cp/d1/f1; chown 1001:1001 /mnt/nfs/cp/d1/f2
sync
manifest /mnt/nfs/cp > /tmp/export.man
[ "$(wc -l < /tmp/export.man)" = 23 ] && ok "/export: tree of 23 objects written" || bad "/export tree: $(wc -l < /tmp/export.man) objects"
exec 3< /mnt/nfs/cp/big.bin
mkdir -p /mnt/team
if mount -t nfs -o "$popts" 10.0.2.2:/team /mnt/team 2>/tmp/mnt.err; then
  bad "/team mounted although uid 0 has no access (default none)"; umount /mnt/team
else
  ok "/team MOUNT refused for uid 0 (default none): $(head -1 /tmp/mnt.err)"
fi
wait_go 1

# ---- phase 2 ---------------------------------------------------------------------
mount -t nfs -o "$popts" 10.0.2.2:/team /mnt/team && ok "/team mounted (uid 0 is user ops, read-write)" || bad "mount /team after the grant"
mkdir /mnt/team/alice-dir && chmod 777 /mnt/team/alice-dir && ok "root (ops) made alice-dir" || bad "root (ops, read-write) could not mkdir"
as alice "dd if=/dev/urandom of=/mnt/team/alice-dir/a.bin bs=1k count=512 2>/dev/null" && ok "alice (group eng, read-write) wrote to /team" || bad "alice could not write to /team"
as alice "echo hello > /mnt/team/alice-dir/a.txt" || bad "alice a.txt"
sync
[ "$(as bob "md5sum /mnt/team/alice-dir/a.bin" | cut -d' ' -f1)" = "$(md5sum < /mnt/team/alice-dir/a.bin | cut -d' ' -f1)" ] \
  && ok "bob (read grant) reads alice's file" || bad "bob cannot read alice's file"
as bob "echo x > /mnt/team/alice-dir/bob.txt" 2>/dev/null && bad "bob wrote with a read grant" || ok "bob cannot write (read grant)"
wait_go 2

# ---- phase 3 ---------------------------------------------------------------------
touch /mnt/team/by-root 2>/tmp/e && bad "root wrote to /team after its grant became read" || ok "root cannot write to /team any more (read): $(head -1 /tmp/e)"
manifest /mnt/team > /tmp/team.man
echo "RIG: phase 3 ready at $(up)s"   # the host disables the nfs adapter when it sees this
i=0; gone=0
while [ $i -lt 120 ]; do
  sleep 1; i=$((i+1))
  if ! timeout -s KILL 5 stat /mnt/team/alice-dir/a.txt >/dev/null 2>&1; then gone=1; break; fi
done
[ $gone = 1 ] && ok "the mount stopped answering after 'adapter disable nfs' (${i} s)" || bad "the mount kept answering for 120 s after the disable"
wait_go 4

# ---- phase 4: after dfs restart + adapter enable, old handles ---------------------
manifest /mnt/nfs/cp > /tmp/export.now 2>/tmp/e1
cmp -s /tmp/export.man /tmp/export.now && [ ! -s /tmp/e1 ] && ok "/export after restart: same tree, same handles" \
  || bad "/export differs after restart: $(diff /tmp/export.man /tmp/export.now | head -5 | tr '\n' '|') $(head -2 /tmp/e1 | tr '\n' '|')"
manifest /mnt/team > /tmp/team.now 2>/tmp/e2
cmp -s /tmp/team.man /tmp/team.now && [ ! -s /tmp/e2 ] && ok "/team after restart: same tree, same handles" \
  || bad "/team differs after restart: $(diff /tmp/team.man /tmp/team.now | head -5 | tr '\n' '|') $(head -2 /tmp/e2 | tr '\n' '|')"
[ "$(md5sum <&3 | cut -d' ' -f1)" = "$(md5sum < /mnt/nfs/cp/big.bin | cut -d' ' -f1)" ] && ok "descriptor opened before the restart still reads" || bad "old descriptor"
as alice "echo more >> /mnt/team/alice-dir/a.txt" && ok "alice still writes after the restart" || bad "alice cannot write after the restart"
as bob "echo x > /mnt/team/alice-dir/bob.txt" 2>/dev/null && bad "bob wrote after the restart" || ok "bob still cannot write after the restart"
exec 3<&-
umount /mnt/team || bad "umount /team"
rm -rf /mnt/nfs/cp /mnt/nfs/.ctl-go-*
