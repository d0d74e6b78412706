#!/usr/bin/env bash
# nfs-libnfs.sh SERVER_KIND   (dfs | ganesha)
# libnfs user-space client (NFSv3, no portmapper: nfs://127.0.0.1/PATH?version=3&nfsport=P&mountport=M)
# against a server started here on free loopback ports:
#   - 256 MiB of random data in and back out with nfs-cp, sha256 compared (+ overwrite with a
#     smaller file must truncate)
#   - 10,000+ entries created with tools/nfs-it (libnfs async API), listed with nfs-ls and
#     nfs-it count, removed again
#   - stat of files/dirs (tools/nfs-it stat: Debian 12's libnfs-utils has no nfs-stat)
#   - error cases: unknown export, missing file, reading a directory, creating in a missing dir,
#     each must be a clean error (non-zero exit with a message, no hang, no crash), and the
#     server must keep answering afterwards
# Prints timings; exit 0 only when every check passed.
# Env: BIN (dfs build dir), DATA_MB (256), NFILES (10000), INFLIGHT (64), KEEP=1.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
KIND=${1:-}
case $KIND in dfs|ganesha) ;; *) echo "usage: $0 dfs|ganesha" >&2; exit 2;; esac
it_trap
need_cmd nfs-cp nfs-ls nfs-cat cc sha256sum python3 ss setsid timeout
[ -e /usr/include/nfsc/libnfs.h ] || die "libnfs-dev missing (run Tests/Integration/deps.sh)"
DATA_MB=${DATA_MB:-256}; NFILES=${NFILES:-10000}; INFLIGHT=${INFLIGHT:-64}
T0=$(now)
it_tmpdir dfs-it-libnfs; WD=$TMPD
cc -O2 -Wall -o "$WD/nfs-it" "$IT_LIB_DIR/tools/nfs-it.c" -lnfs || die "building tools/nfs-it.c failed"
NFSIT=$WD/nfs-it
TIMES=()
timing() { TIMES+=("$(printf '| %-44s | %10s |' "$1" "$2")"); }

server_start "$KIND" 90 || die "$KIND server did not start (see above)"
ROOT="$NFS_URL$NFS_Q"                       # export root
u() { echo "$NFS_URL/$1$NFS_Q"; }           # URL of a path inside the export
T=60  # per-command timeout (s); big copies get more

echo "== libnfs -> $KIND ($ROOT)"
check "mount + GETATTR root (nfs-it ping)" timeout $T "$NFSIT" ping "$ROOT"
out=$(timeout $T nfs-ls "$ROOT" 2>&1); rc=$?
check_eq "nfs-ls of the export root exits 0" 0 "$rc"

# ---- 1. 256 MiB in and out -------------------------------------------------------
t=$(now); head -c $((DATA_MB*1048576)) /dev/urandom > "$WD/rand"; sum_in=$(sha256sum < "$WD/rand" | cut -d' ' -f1)
echo "   generated $DATA_MB MiB random data in $(elapsed "$t")s"
t=$(now); out=$(timeout 600 nfs-cp "$WD/rand" "$(u big.bin)" 2>&1); rc=$?; dt=$(elapsed "$t")
check_eq "nfs-cp $DATA_MB MiB in: exit status ($out)" 0 "$rc"
timing "nfs-cp write $DATA_MB MiB" "$(fmt_rate $((DATA_MB*1048576)) "$dt") MiB/s"
st=$(timeout $T "$NFSIT" stat "$ROOT" big.bin 2>&1)
check_match "stat big.bin: regular file of $((DATA_MB*1048576)) bytes" "^type=file .*size=$((DATA_MB*1048576)) " "$st"
if [ "$KIND" = ganesha ]; then   # the server side sees the same bytes
  check_eq "server-side file sha256" "$sum_in" "$(sha256sum < "$V3_PATH/big.bin" | cut -d' ' -f1)"
fi
t=$(now); out=$(timeout 600 nfs-cp "$(u big.bin)" "$WD/back" 2>&1); rc=$?; dt=$(elapsed "$t")
check_eq "nfs-cp $DATA_MB MiB out: exit status ($out)" 0 "$rc"
timing "nfs-cp read $DATA_MB MiB" "$(fmt_rate $((DATA_MB*1048576)) "$dt") MiB/s"
check_eq "sha256 in == out" "$sum_in" "$(sha256sum < "$WD/back" | cut -d' ' -f1)"
rm -f "$WD/back"
# overwrite with a smaller, unaligned file must truncate (nfs-cp refuses existing files: it
# creates with GUARDED/EXCLUSIVE, so nfs-it put opens with O_TRUNC), then SETATTR size
head -c 1234567 "$WD/rand" > "$WD/small"
check "nfs-it put 1234567 bytes over big.bin (open O_TRUNC + writes + COMMIT)" timeout $T "$NFSIT" put "$ROOT" big.bin "$WD/small"
st=$(timeout $T "$NFSIT" stat "$ROOT" big.bin 2>&1)
check_match "overwrite truncated big.bin to 1234567" "size=1234567 " "$st"
check_eq "nfs-cat of the overwritten file (sha256)" "$(sha256sum < "$WD/small" | cut -d' ' -f1)" \
  "$(timeout $T nfs-cat "$(u big.bin)" 2>/dev/null | sha256sum | cut -d' ' -f1)"
check "truncate big.bin to 1000 (SETATTR size)" timeout $T "$NFSIT" truncate "$ROOT" big.bin 1000
check_eq "read after truncate = first 1000 bytes" "$(head -c 1000 "$WD/small" | sha256sum | cut -d' ' -f1)" \
  "$(timeout $T nfs-cat "$(u big.bin)" 2>/dev/null | sha256sum | cut -d' ' -f1)"
check "extend big.bin to 5000 (SETATTR size)" timeout $T "$NFSIT" truncate "$ROOT" big.bin 5000
check_eq "extended part reads as zeros" "$( { head -c 1000 "$WD/small"; head -c 4000 /dev/zero; } | sha256sum | cut -d' ' -f1)" \
  "$(timeout $T nfs-cat "$(u big.bin)" 2>/dev/null | sha256sum | cut -d' ' -f1)"
printf 'hello libnfs\n' > "$WD/hello"
check "nfs-cp small text file" timeout $T nfs-cp "$WD/hello" "$(u hello.txt)"
check_eq "nfs-cat small text file" "hello libnfs" "$(timeout $T nfs-cat "$(u hello.txt)" 2>&1)"
rm -f "$WD/rand" "$WD/small"

# ---- 2. a directory with 10,000+ entries ------------------------------------------
t=$(now); out=$(TIMEOUT_S=300 timeout 320 "$NFSIT" mkfiles "$ROOT" many "$NFILES" "$INFLIGHT" 2>&1); rc=$?; dt=$(elapsed "$t")
check_eq "nfs-it mkfiles $NFILES (async, $INFLIGHT in flight): $out" 0 "$rc"
timing "create $NFILES empty files (async x$INFLIGHT)" "$(awk -v n=$NFILES -v s=$dt 'BEGIN{printf "%.0f/s", n/s}')"
# nfs-ls -R from the export root (MOUNT of the export itself), then keep the many/ lines
t=$(now); timeout 300 nfs-ls -R "$ROOT" > "$WD/ls.all" 2>"$WD/ls.err"; rc=$?; dt=$(elapsed "$t")
check_eq "nfs-ls -R of the export: exit status $(head -c 200 "$WD/ls.err")" 0 "$rc"
timing "nfs-ls -R, $NFILES entries (READDIRPLUS)" "${dt} s"
grep ' many/' "$WD/ls.all" | sed 's# many/# #' > "$WD/ls.out"
check_eq "nfs-ls many: line count" "$NFILES" "$(wc -l < "$WD/ls.out")"
awk '{print $NF}' "$WD/ls.out" | sort > "$WD/names.got"
for ((i=0; i<NFILES; i++)); do printf 'f%06d\n' $i; done > "$WD/names.want"
check "nfs-ls many: names are exactly f000000..f$(printf %06d $((NFILES-1))) (diff)" diff -q "$WD/names.want" "$WD/names.got"
check_eq "nfs-ls many: no duplicate names" 0 "$(uniq -d "$WD/names.got" | wc -l)"
check_eq "nfs-ls many: every entry is a 0-byte -rw-r--r-- file" "$NFILES" "$(awk '$1=="-rw-r--r--" && $5==0' "$WD/ls.out" | wc -l)"
# libnfs URLs naming a file in a subdirectory MOUNT that subdirectory (nfs://h/export/many);
# Linux knfsd and ganesha allow MOUNT of any directory below an export
t=$(now); timeout 300 nfs-ls "$(u many)" > "$WD/ls.sub" 2>"$WD/ls.err"; rc=$?; dt=$(elapsed "$t")
check_eq "MOUNT of a subdirectory: nfs-ls $V3_PATH/many exit status $(head -c 200 "$WD/ls.err")" 0 "$rc"
check_eq "MOUNT of a subdirectory: nfs-ls $V3_PATH/many lists $NFILES" "$NFILES" "$(wc -l < "$WD/ls.sub")"
[ $rc = 0 ] && timing "nfs-ls $NFILES entries (subdir mount)" "${dt} s"
t=$(now); cnt=$(timeout 300 "$NFSIT" count "$ROOT" many 2>/dev/null); dt=$(elapsed "$t")
check_eq "nfs-it count many (opendir/readdir)" "$NFILES" "$cnt"
st=$(timeout $T "$NFSIT" stat "$ROOT" many 2>&1)
check_match "stat many: a directory" "^type=dir " "$st"
st=$(timeout $T "$NFSIT" stat "$ROOT" many/f000042 2>&1)
check_match "stat many/f000042: empty regular file mode 0644" "^type=file mode=0644 .*size=0 " "$st"
t=$(now); out=$(TIMEOUT_S=300 timeout 320 "$NFSIT" rmfiles "$ROOT" many "$NFILES" "$INFLIGHT" 2>&1); rc=$?; dt=$(elapsed "$t")
check_eq "nfs-it rmfiles $NFILES: $out" 0 "$rc"
timing "remove $NFILES files (async x$INFLIGHT)" "$(awk -v n=$NFILES -v s=$dt 'BEGIN{printf "%.0f/s", n/s}')"
check_eq "many is empty afterwards" 0 "$(timeout $T "$NFSIT" count "$ROOT" many 2>/dev/null)"

# ---- 3. error cases ------------------------------------------------------------------
check_fails "unknown export -> clean error" timeout $T nfs-ls "nfs://127.0.0.1/no-such-export$NFS_Q"
out=$(timeout $T nfs-ls "nfs://127.0.0.1/no-such-export$NFS_Q" 2>&1)
check_match "unknown export: MOUNT error reported" 'Mount failed|MNT3ERR' "$out"
check_fails "missing file -> clean error (nfs-cat)" timeout $T nfs-cat "$(u no-such-file)"
out=$(timeout $T nfs-cat "$(u no-such-file)" 2>&1)
check_match "missing file: NFS3ERR_NOENT" 'NOENT' "$out"
check_fails "stat of a missing file -> clean error" timeout $T "$NFSIT" stat "$ROOT" no-such-file
check_fails "reading a directory -> error (nfs-cat many)" timeout $T nfs-cat "$(u many)"
check_fails "copying a directory out -> error (nfs-cp many)" timeout $T nfs-cp "$(u many)" "$WD/dir.out"
check_fails "create in a missing directory -> clean error" timeout $T "$NFSIT" put "$ROOT" no-such-dir/x "$WD/hello"
out=$(timeout $T "$NFSIT" put "$ROOT" no-such-dir/x "$WD/hello" 2>&1)
check_match "create in a missing directory: NFS3ERR_NOENT" 'NOENT' "$out"
check_fails "MOUNT of a missing subdirectory -> clean error" timeout $T nfs-cp "$WD/hello" "$(u no-such-dir/x)"
check_fails "ls of a file as a directory -> clean error" timeout $T "$NFSIT" count "$ROOT" hello.txt
check "server still answers after the errors (nfs-it ping)" timeout $T "$NFSIT" ping "$ROOT"
check "$KIND process still alive, port open" server_alive
check_eq "export root lists what is left" "big.bin hello.txt many" \
  "$(timeout $T nfs-ls "$ROOT" 2>/dev/null | awk '{print $NF}' | LC_ALL=C sort | tr '\n' ' ' | sed 's/ $//')"

check_server_stops
echo "== timings ($KIND)"
printf '| %-44s | %10s |\n|%s|%s|\n' step result "$(printf -- '-%.0s' $(seq 46))" "$(printf -- '-%.0s' $(seq 12))"
printf '%s\n' "${TIMES[@]}"
if [ $IT_FAIL -gt 0 ]; then echo "-- $KIND log tail:"; server_log_tail 40; fi
echo "== total $(elapsed "$T0")s"
it_summary "nfs-libnfs $KIND"
