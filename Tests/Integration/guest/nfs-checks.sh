# Guest-side checks for nfs-kernel.sh, run by rigs/qemu-nfs-mount.sh as GUEST_CMD inside
# the qemu guest (busybox ash; cwd = the NFS mount; ok/bad/up come from /etc/riglib.sh).
# Knobs (prepended by nfs-kernel.sh): BIG_MB FILES DEPTH CONC_MB
: "${BIG_MB:=64}" "${FILES:=2000}" "${DEPTH:=30}" "${CONC_MB:=8}"
el() { awk "BEGIN{printf \"%.2f\", $(up)-$1}"; }
rate() { awk "BEGIN{d=$(up)-$2; if (d<=0) d=0.001; printf \"%.1f\", $1/d}"; }  # MiB/s since $2
T=it-$(cut -d' ' -f1 /proc/uptime | tr -d .)
rm -rf "$T"
mkdir "$T" && ok "setup: mkdir $T" || { bad "setup: mkdir $T"; exit 1; }
cd "$T" || exit 1

# ---- 1. big file: dd write + read back + checksum compare ------------------------
dd if=/dev/urandom of=/tmp/big bs=1M count=$BIG_MB 2>/dev/null
sum1=$(md5sum < /tmp/big | cut -d' ' -f1)
t=$(up); dd if=/tmp/big of=big bs=1M conv=fsync 2>/tmp/dd.err; rc=$?; w=$(rate $BIG_MB $t)
[ $rc = 0 ] && ok "big: dd write ${BIG_MB} MiB conv=fsync ($w MiB/s)" || bad "big: dd write rc=$rc: $(cat /tmp/dd.err)"
sz=$(stat -c %s big); [ "$sz" = $((BIG_MB*1048576)) ] && ok "big: size $sz" || bad "big: size expected $((BIG_MB*1048576)) got $sz"
sync; echo 3 > /proc/sys/vm/drop_caches
t=$(up); sum2=$(dd if=big bs=1M 2>/dev/null | md5sum | cut -d' ' -f1); r=$(rate $BIG_MB $t)
[ "$sum1" = "$sum2" ] && ok "big: read back md5 $sum2 matches ($r MiB/s incl. md5)" || bad "big: md5 mismatch wrote $sum1 read $sum2"
# overwrite a range in the middle and compare again (partial-block writes)
dd if=/dev/urandom of=/tmp/patch bs=1000 count=37 2>/dev/null
dd if=/tmp/patch of=/tmp/big bs=1 seek=5000001 conv=notrunc 2>/dev/null
dd if=/tmp/patch of=big bs=1 seek=5000001 conv=notrunc,fsync 2>/dev/null
sync; echo 3 > /proc/sys/vm/drop_caches
cmp /tmp/big big >/tmp/cmp.out 2>&1 && ok "big: unaligned 37000-byte overwrite at 5000001, cmp equal" || bad "big: overwrite cmp: $(cat /tmp/cmp.out)"
rm -f big /tmp/big /tmp/patch
[ ! -e big ] && ok "big: removed" || bad "big: still there after rm"

# ---- 2. deep tree -----------------------------------------------------------------
t=$(up); p=deep; i=1
while [ $i -le $DEPTH ]; do p=$p/d$i; i=$((i+1)); done
mkdir -p "$p" && echo bottom > "$p/leaf" && ok "deep: mkdir -p depth $DEPTH + leaf" || bad "deep: mkdir -p $p"
n=$(find deep -type d | wc -l); [ "$n" = $((DEPTH+1)) ] && ok "deep: find sees $n dirs" || bad "deep: find counted $n dirs, expected $((DEPTH+1))"
[ "$(cat "$p/leaf" 2>&1)" = bottom ] && ok "deep: leaf readable at depth $DEPTH" || bad "deep: leaf content '$(cat "$p/leaf" 2>&1)'"
(cd "$p" && [ "$(cat leaf)" = bottom ] && cd ../../.. && [ -d d$((DEPTH-2)) ]) && ok "deep: cd into the bottom and back up with .." || bad "deep: cd/.. walk"
rm -rf deep && [ ! -e deep ] && ok "deep: rm -rf ($(el $t)s total)" || bad "deep: rm -rf left $(find deep 2>/dev/null | wc -l) entries"

# ---- 3. many small files ----------------------------------------------------------
mkdir many
t=$(up); i=0
while [ $i -lt $FILES ]; do echo "file $i" > many/f$i || { bad "many: create f$i"; break; }; i=$((i+1)); done
c=$(el $t)
t=$(up); n=$(ls many | wc -l); l=$(el $t)
[ "$n" = $FILES ] && ok "many: created $FILES files in ${c}s, ls lists $n in ${l}s" || bad "many: ls lists $n, expected $FILES"
n=$(ls -l many | grep -c '^-')
[ "$n" = $FILES ] && ok "many: ls -l stats $n regular files" || bad "many: ls -l counted $n regular files"
miss=0; for i in 0 1 999 $((FILES/2)) $((FILES-1)); do [ "$(cat many/f$i 2>/dev/null)" = "file $i" ] || miss=$((miss+1)); done
[ $miss = 0 ] && ok "many: sampled contents match" || bad "many: $miss sampled files with wrong content"
t=$(up); rm many/f* ; rc=$?
n=$(ls -A many | wc -l)
[ $rc = 0 ] && [ "$n" = 0 ] && ok "many: removed all in $(el $t)s, dir empty" || bad "many: rm rc=$rc, $n entries left"
rmdir many && ok "many: rmdir" || bad "many: rmdir"

# ---- 4. two concurrent writers -------------------------------------------------
dd if=/dev/urandom of=/tmp/c1 bs=1M count=$CONC_MB 2>/dev/null
dd if=/dev/urandom of=/tmp/c2 bs=1M count=$CONC_MB 2>/dev/null
t=$(up)
dd if=/tmp/c1 of=w1 bs=64k conv=fsync 2>/dev/null & p1=$!
dd if=/tmp/c2 of=w2 bs=64k conv=fsync 2>/dev/null & p2=$!
wait $p1; r1=$?; wait $p2; r2=$?
[ $r1 = 0 ] && [ $r2 = 0 ] && ok "concurrent: two writers x ${CONC_MB} MiB done in $(el $t)s" || bad "concurrent: writer status $r1/$r2"
sync; echo 3 > /proc/sys/vm/drop_caches
cmp /tmp/c1 w1 >/tmp/cmp.out 2>&1 && cmp /tmp/c2 w2 >>/tmp/cmp.out 2>&1 && ok "concurrent: both files read back equal" || bad "concurrent: $(cat /tmp/cmp.out)"
# two writers interleaving into ONE file at disjoint ranges
dd if=/tmp/c1 of=w3 bs=64k count=32 conv=notrunc 2>/dev/null & p1=$!
dd if=/tmp/c2 of=w3 bs=64k count=32 seek=32 skip=0 conv=notrunc 2>/dev/null & p2=$!
wait $p1; wait $p2; sync; echo 3 > /proc/sys/vm/drop_caches
{ dd if=/tmp/c1 bs=64k count=32 2>/dev/null; dd if=/tmp/c2 bs=64k count=32 2>/dev/null; } > /tmp/c3
cmp /tmp/c3 w3 >/tmp/cmp.out 2>&1 && ok "concurrent: two writers, disjoint halves of one file, equal" || bad "concurrent: one file: $(cat /tmp/cmp.out)"
rm -f w1 w2 w3 /tmp/c1 /tmp/c2 /tmp/c3

# ---- 5. cp -a of a tree with symlinks / hardlinks / modes / owners / times -------
S=/tmp/srctree; rm -rf $S; mkdir -p $S/a/b/c $S/empty $S/private
echo one > $S/one; dd if=/dev/urandom of=$S/a/blob bs=1k count=300 2>/dev/null
: > $S/zero; printf 'x%.0s' $(seq 1 5000) > $S/a/b/c/text
ln $S/one $S/one.hard; ln $S/one $S/a/one.hard2
ln -s one $S/one.sym; ln -s a/b $S/dir.sym; ln -s ../../one $S/a/b/up.sym
chmod 600 $S/one; chmod 755 $S/a/b/c/text; chmod 700 $S/private; chmod 1777 $S/empty; chmod 2750 $S/a/b
echo secret > $S/private/s; chmod 400 $S/private/s
chown 1234:5678 $S/a/blob; chown -h 42:43 $S/one.sym
touch -d '2001-02-03 04:05:06' $S/a/blob $S/zero
listing() { (cd "$1" && find . | sort | while read -r f; do
  if [ -L "$f" ]; then echo "$f L $(readlink "$f") $(stat -c '%u:%g' "$f")"
  elif [ -d "$f" ]; then echo "$f $(stat -c '%F %a %u:%g %h' "$f")"   # dir sizes differ by fs
  else echo "$f $(stat -c '%F %a %u:%g %s %h %Y' "$f")"; fi; done); }
listing $S > /tmp/l.src
t=$(up); cp -a $S tree; rc=$?
[ $rc = 0 ] && ok "cp -a: tree copied in $(el $t)s" || bad "cp -a: exit $rc"
diff -r $S tree > /tmp/diff.out 2>&1 && ok "cp -a: diff -r equal" || bad "cp -a: diff -r: $(head -5 /tmp/diff.out)"
listing tree > /tmp/l.nfs
diff /tmp/l.src /tmp/l.nfs > /tmp/diff.out && ok "cp -a: types/modes/owners/sizes/nlink/mtimes/link targets equal ($(wc -l < /tmp/l.src) entries)" \
  || { bad "cp -a: attribute listing differs (- guest tmpfs, + nfs)"; grep -E '^[-+]([^-+]|$)' /tmp/diff.out | head -20 | sed 's/^/RIG: |   /'; }
[ "$(stat -c %i tree/one)" = "$(stat -c %i tree/one.hard)" ] && [ "$(stat -c %i tree/one)" = "$(stat -c %i tree/a/one.hard2)" ] \
  && ok "cp -a: hard links share an inode (nlink $(stat -c %h tree/one))" || bad "cp -a: hard links not preserved"
sync; echo 3 > /proc/sys/vm/drop_caches
rm -rf /tmp/back; cp -a tree /tmp/back && diff -r $S /tmp/back > /tmp/diff.out 2>&1 && ok "cp -a: copied back from NFS, diff -r equal" || bad "cp -a back: $(head -5 /tmp/diff.out)"
listing /tmp/back > /tmp/l.back
diff /tmp/l.src /tmp/l.back > /tmp/diff.out && ok "cp -a: copy back keeps all attributes" || { bad "cp -a: copy back listing differs (- guest tmpfs, + copied back)"; grep -E '^[-+]([^-+]|$)' /tmp/diff.out | head -20 | sed 's/^/RIG: |   /'; }
rm -rf /tmp/back $S tree
[ ! -e tree ] && ok "cp -a: rm -rf tree" || bad "cp -a: rm -rf tree left $(find tree | wc -l) entries"

# ---- 6. ls -l attribute checks ----------------------------------------------------
echo attr > at; chmod 640 at; chown 1000:1001 at; truncate -s 12345 at; touch -d '2019-07-08 09:10:11' at
ln at at.link
line=$(ls -ln --full-time at)
set -- $line
[ "$1" = "-rw-r-----" ] && ok "ls -l: mode $1" || bad "ls -l: mode '$1' in: $line"
[ "$2" = 2 ] && ok "ls -l: nlink $2" || bad "ls -l: nlink '$2' in: $line"
[ "$3:$4" = 1000:1001 ] && ok "ls -l: owner $3:$4" || bad "ls -l: owner '$3:$4' in: $line"
[ "$5" = 12345 ] && ok "ls -l: size $5" || bad "ls -l: size '$5' in: $line"
[ "$(stat -c %Y at)" = "$(date -d '2019-07-08 09:10:11' +%s)" ] && ok "ls -l: mtime $6 $7" || bad "ls -l: mtime $(stat -c %Y at) in: $line"
mkdir dd; chmod 2711 dd
set -- $(ls -lnd dd)
[ "$1" = "drwx--s--x" ] && ok "ls -ld: dir mode $1" || bad "ls -ld: dir mode '$1'"
ln -s at at.sym
set -- $(ls -ln at.sym)
[ "$1" = "lrwxrwxrwx" ] && [ "$(eval echo \${$#})" = at ] && ok "ls -l: symlink -> at" || bad "ls -l symlink: $*"
before=$(stat -c %Z at); sleep 1; chmod 600 at; after=$(stat -c %Z at)
[ "$after" -gt "$before" ] && ok "ctime advances on chmod ($before -> $after)" || bad "ctime did not advance on chmod ($before -> $after)"
m1=$(stat -c %Y dd); sleep 1; : > dd/new; m2=$(stat -c %Y dd)
[ "$m2" -gt "$m1" ] && ok "dir mtime advances on create ($m1 -> $m2)" || bad "dir mtime did not advance on create ($m1 -> $m2)"
rm -rf at at.link at.sym dd

# ---- 7. rename over an existing file ----------------------------------------------
echo AAA > ra; echo BBB > rb; ia=$(stat -c %i ra)
mv -f ra rb; rc=$?
[ $rc = 0 ] && [ "$(cat rb)" = AAA ] && [ ! -e ra ] && ok "rename over existing: rb has ra's content, ra gone" || bad "rename over: rc=$rc rb='$(cat rb 2>&1)' ra exists=$([ -e ra ] && echo yes || echo no)"
[ "$(stat -c %i rb)" = "$ia" ] && ok "rename over existing: rb is ra's inode" || bad "rename over: inode $(stat -c %i rb) != $ia"
[ "$(ls | grep -c '^r[ab]$')" = 1 ] && ok "rename over existing: one name left in readdir" || bad "rename over: readdir shows $(ls | grep '^r[ab]$' | tr '\n' ' ')"
mkdir rd1 rd2; echo x > rd1/x
mv rd1 rd2/ && [ -e rd2/rd1/x ] && ok "rename dir into other dir" || bad "rename dir into other dir"
mkdir re; mv rd2/rd1 re2 && [ -e re2/x ] && [ ! -e rd2/rd1 ] && ok "rename dir across parents" || bad "rename dir across parents"
rm -rf rb rd2 re re2

# ---- 8. rmdir of a non-empty dir fails ---------------------------------------------
mkdir ne; echo x > ne/x
if rmdir ne 2>/tmp/rmdir.err; then bad "rmdir non-empty: succeeded"; else ok "rmdir non-empty fails: $(cat /tmp/rmdir.err)"; fi
grep -qi 'not empty' /tmp/rmdir.err && ok "rmdir non-empty: ENOTEMPTY" || bad "rmdir non-empty: error is '$(cat /tmp/rmdir.err)', expected 'Directory not empty'"
[ -e ne/x ] && ok "rmdir non-empty: contents intact" || bad "rmdir non-empty: ne/x vanished"
rm ne/x && rmdir ne && ok "rmdir after emptying" || bad "rmdir after emptying"
if rm ne-missing 2>/tmp/rm.err; then bad "rm missing succeeded"; else grep -qi 'no such' /tmp/rm.err && ok "rm missing: ENOENT" || bad "rm missing: '$(cat /tmp/rm.err)'"; fi
: > nd; if mkdir nd 2>/tmp/mk.err; then bad "mkdir over a file succeeded"; else grep -qi exists /tmp/mk.err && ok "mkdir over existing: EEXIST" || bad "mkdir over existing: '$(cat /tmp/mk.err)'"; fi
rm -f nd

# ---- done --------------------------------------------------------------------
cd .. && rmdir "$T" && ok "cleanup: $T removed" || bad "cleanup: $T: $(ls -A "$T" | head)"
