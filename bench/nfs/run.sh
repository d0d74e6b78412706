#!/usr/bin/env bash
# bench/nfs/run.sh -- NFSv3 benchmark: dfs vs nfs-ganesha, same client, same machine, same run.
#
# Builds bench/nfs/nfsbench.c (libnfs async client) and bench/nfs/loopback.c (plain TCP
# baseline), measures the loopback TCP stream and round trip, then starts each server in
# turn on free 127.0.0.1 ports (dfs only when $BIN/dfs exists and serves NFS; otherwise its
# column says "not available" and the reason is printed -- numbers are never made up), runs
# the same workloads against each, and prints a Markdown table with dfs/ganesha ratios and
# throughput as a percentage of the loopback TCP stream.
#
#   bash bench/nfs/run.sh                  full run (1 GiB sequential, ~1-2 min per server)
#   QUICK=1 bash bench/nfs/run.sh          short run (256 MiB, fewer ops; well under 2 min)
#
# Env: SERVERS ("dfs ganesha"), BIN (dir with dfs + plugins; default `swift build --show-bin-path`),
#      SEQ_MB (1024) SEQ_DEPTH (8)  RAND_N (20000) RAND_DEPTH (16)  SMALL_N (2000) SMALL_DEPTH (16)
#      GA_N (20000)  GA_DEPTH (1)  REPEAT (1; >1 reports the median of the runs)
#      STREAM_S (3)  OUT (also write the table to this file)  KEEP=1 (keep temp dirs)
#      BENCH_DIR (/tmp): where the servers keep their data. /tmp is a disk here (fsync ~125 MB/s),
#      so COMMIT-bound writes measure the disk; BENCH_DIR=/dev/shm takes the disk out.
# The benchmark never builds dfs (DFS_BUILD=0): build it first, e.g.
#   swift build --product dfs && swift build --product AdapterNFS   (and the store plugins)
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../../Tests/Integration/lib.sh"
it_trap
export DFS_BUILD=0

if [ "${QUICK:-0}" = 1 ]; then
  : "${SEQ_MB:=256}" "${RAND_N:=10000}" "${SMALL_N:=1000}" "${GA_N:=10000}" "${STREAM_S:=2}"
fi
SEQ_MB=${SEQ_MB:-1024}; SEQ_DEPTH=${SEQ_DEPTH:-8}
RAND_N=${RAND_N:-20000}; RAND_DEPTH=${RAND_DEPTH:-16}
SMALL_N=${SMALL_N:-2000}; SMALL_DEPTH=${SMALL_DEPTH:-16}
GA_N=${GA_N:-20000}; GA_DEPTH=${GA_DEPTH:-1}
REPEAT=${REPEAT:-1}; STREAM_S=${STREAM_S:-3}
SERVERS=${SERVERS:-"dfs ganesha"}

need_cmd cc python3 ss setsid timeout
BENCH_DIR=${BENCH_DIR:-/tmp}; [ -d "$BENCH_DIR" ] || die "BENCH_DIR $BENCH_DIR missing"
[ -e /usr/include/nfsc/libnfs.h ] || die "libnfs-dev missing (run Tests/Integration/deps.sh)"
T0=$(now)
it_tmpdir dfs-bench-nfs; WD=$TMPD
cc -O2 -Wall -o "$WD/nfsbench" "$HERE/nfsbench.c" -lnfs || die "building nfsbench.c failed"
cc -O2 -Wall -o "$WD/loopback" "$HERE/loopback.c" || die "building loopback.c failed"

declare -A R          # R[kind.metric] = value
declare -A NOTE       # NOTE[kind] = why it is not available
kv() { sed -n 's/^RESULT //p' | tr ' ' '\n' | awk -F= -v k="$1" '$1==k{print $2}'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END{ if (NR==0) exit; print (NR%2)? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2 }'; }

# ---- baselines ----------------------------------------------------------------------
echo "== loopback TCP baseline"
R[tcp.stream]=$(timeout 60 "$WD/loopback" stream "$STREAM_S" 2>/dev/null | kv mib_s)
R[tcp.rr]=$(timeout 60 "$WD/loopback" rr 20000 2>/dev/null | kv lat_avg_us)
echo "   stream ${R[tcp.stream]:-?} MiB/s, round trip ${R[tcp.rr]:-?} us"

# run_wl KIND KEY METRIC TIMEOUT ARGS... : runs nfsbench REPEAT times, stores the median
run_wl() {
  local kind=$1 key=$2 metric=$3 tmo=$4; shift 4
  local vals="" lat="" i out
  for ((i=0; i<REPEAT; i++)); do
    out=$(TIMEOUT_S=$tmo timeout $((tmo+30)) "$WD/nfsbench" "$URL" "$@" 2>"$WD/err")
    local rc=$?
    if [ $rc != 0 ]; then
      echo "   $kind $key: FAILED (exit $rc): $(tail -3 "$WD/err" | tr '\n' ' ')"
      R[$kind.$key]="error"; return 1
    fi
    grep -v '^mounted' "$WD/err" | sed "s/^/   $kind /"
    vals="$vals $(echo "$out" | kv "$metric")"
    lat="$lat $(echo "$out" | kv lat_avg_us)"
  done
  R[$kind.$key]=$(echo "$vals" | median)
  R[$kind.$key.lat]=$(echo "$lat" | median)
}

for kind in $SERVERS; do
  echo "== $kind"
  if ! IT_TMP_BASE=$BENCH_DIR server_start "$kind" 30 2>"$WD/start.err"; then
    NOTE[$kind]=$(grep -v '^  ' "$WD/start.err" | head -2 | tr '\n' ' ')
    [ -n "${NOTE[$kind]}" ] || NOTE[$kind]="server did not start"
    echo "   $kind: not available (${NOTE[$kind]})"; sed 's/^/   /' "$WD/start.err" | tail -8
    continue
  fi
  URL="$NFS_URL$NFS_Q"
  if ! out=$(timeout 60 "$WD/nfsbench" "$URL" getattr 10 1 2>&1); then
    NOTE[$kind]="port open but NFS does not answer: $(echo "$out" | tail -1)"
    echo "   $kind: not available (${NOTE[$kind]})"; server_log_tail 10; server_stop; continue
  fi
  run_wl "$kind" seqwrite mib_s 900 seqwrite "$SEQ_MB" "$SEQ_DEPTH"
  run_wl "$kind" seqread  mib_s 900 seqread  "$SEQ_MB" "$SEQ_DEPTH"
  run_wl "$kind" randread ops_s 600 randread "$RAND_N" "$RAND_DEPTH"
  run_wl "$kind" smallfile ops_s 600 smallfile "$SMALL_N" "$SMALL_DEPTH"
  run_wl "$kind" getattr  ops_s 600 getattr  "$GA_N" "$GA_DEPTH"
  timeout 120 "$WD/nfsbench" "$URL" cleanup >/dev/null 2>&1
  alive "$SERVER_PID" || { echo "   $kind died during the benchmark:"; server_log_tail 20; }
  server_stop
done

# ---- table ----------------------------------------------------------------------------
val() { # val KIND KEY -> number, or the reason it is missing
  if [ -n "${NOTE[$1]:-}" ]; then echo "$1: not available"; elif [ -z "${R[$1.$2]:-}" ]; then echo "-"; else echo "${R[$1.$2]}"; fi
}
isnum() { [[ $1 =~ ^[0-9]+([.][0-9]+)?$ ]]; }
ratio() { isnum "$1" && isnum "$2" && awk -v a="$1" -v b="$2" 'BEGIN{ if (b>0) printf "%.2f", a/b; else print "-" }' || echo "-"; }
pct()   { isnum "$1" && isnum "$2" && awk -v a="$1" -v b="$2" 'BEGIN{ if (b>0) printf "%.0f%%", 100*a/b; else print "-" }' || echo "-"; }
fmt()   { isnum "$1" && awk -v a="$1" 'BEGIN{ if (a>=100) printf "%.0f", a; else printf "%.1f", a }' || echo "$1"; }
has() { [[ " $SERVERS " == *" $1 "* ]]; }
row() { # row LABEL KEY [loopback-base]  (throughput rows get % of the loopback stream)
  local d g; d=$(val dfs "$2"); g=$(val ganesha "$2")
  has dfs || d="(not run)"; has ganesha || g="(not run)"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$(fmt "$d")" "$(fmt "$g")" "$(ratio "$d" "$g")" \
    "${3:+$(pct "$d" "$3")}" "${3:+$(pct "$g" "$3")}"
}
latrow() { # latrow LABEL KEY : mean latency in µs, lower is better
  local d g; d=$(val dfs "$2.lat"); g=$(val ganesha "$2.lat")
  has dfs || d="(not run)"; has ganesha || g="(not run)"
  printf '| %s | %s | %s | %s | %s | %s |\n' "$1" "$(fmt "$d")" "$(fmt "$g")" "$(ratio "$d" "$g")" "" ""
}
{
echo
echo "### NFSv3 over loopback: dfs vs nfs-ganesha (libnfs async client, one TCP connection)"
echo
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -r); dfs $(git -C "$HERE/../.." log -1 --format=%h 2>/dev/null), ganesha $(dpkg-query -W -f='${Version}' nfs-ganesha 2>/dev/null), libnfs $(dpkg-query -W -f='${Version}' libnfs-dev 2>/dev/null); server data in $BENCH_DIR ($(df --output=fstype "$BENCH_DIR" | tail -1)); REPEAT=$REPEAT (median)"
echo
echo "| workload | dfs | ganesha | dfs/ganesha | dfs % of TCP | ganesha % of TCP |"
echo "|---|---:|---:|---:|---:|---:|"
row "seq write ${SEQ_MB} MiB, 1 MiB x QD$SEQ_DEPTH + COMMIT (MiB/s)" seqwrite "${R[tcp.stream]:-}"
row "seq read ${SEQ_MB} MiB, 1 MiB x QD$SEQ_DEPTH (MiB/s)" seqread "${R[tcp.stream]:-}"
row "random read 4 KiB x QD$RAND_DEPTH, $RAND_N ops (IOPS)" randread
latrow "random read 4 KiB x QD$RAND_DEPTH: mean latency (µs)" randread
row "small files: create+close+stat+remove x QD$SMALL_DEPTH, $SMALL_N (files/s)" smallfile
row "GETATTR x QD$GA_DEPTH, $GA_N ops (ops/s)" getattr
latrow "GETATTR x QD$GA_DEPTH: µs per op (TCP round trip ${R[tcp.rr]:-?} µs)" getattr
echo
echo "Loopback TCP baseline (same machine, same run): one stream ${R[tcp.stream]:-?} MiB/s; 128-byte request/response ${R[tcp.rr]:-?} µs."
echo "Ratios are dfs/ganesha: above 1 is better for dfs in throughput rows, worse in latency rows."
for k in dfs ganesha; do [ -n "${NOTE[$k]:-}" ] && echo "$k: not available -- ${NOTE[$k]}"; done
echo
} | tee ${OUT:+"$OUT"}
echo "== bench total $(elapsed "$T0")s"
# fail when a server that was available produced an error row
for k in $SERVERS; do for w in seqwrite seqread randread smallfile getattr; do
  [ "${R[$k.$w]:-}" = error ] && { echo "error: $k $w failed"; exit 1; }
done; done
exit 0
