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
#   bash bench/nfs/run.sh                  full run (1 GiB sequential, 3 repetitions; ~1-2 min)
#   QUICK=1 bash bench/nfs/run.sh          short run (256 MiB, fewer ops; ~30 s)
#
# Env: SERVERS ("dfs ganesha"), BIN (dir with dfs + plugins; default `swift build --show-bin-path`),
#      SEQ_MB (1024) SEQ_DEPTH (8)  RAND_N (20000) RAND_DEPTH (16)  SMALL_N (2000) SMALL_DEPTH (16)
#      GA_N (20000)  GA_DEPTH (1)  REPEAT (3; the table shows the median of the runs)
#      INTERLEAVE (1: both servers up, every repetition alternates between them; 0: one after the other)
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
REPEAT=${REPEAT:-3}; STREAM_S=${STREAM_S:-3}
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
TCP_S=""; TCP_RR=""
tcp_baseline() {
  TCP_S="$TCP_S $(timeout 60 "$WD/loopback" stream "$STREAM_S" 2>/dev/null | kv mib_s)"
  TCP_RR="$TCP_RR $(timeout 60 "$WD/loopback" rr 20000 2>/dev/null | kv lat_avg_us)"
}
echo "== loopback TCP baseline (load: $(cut -d' ' -f1-3 /proc/loadavg))"
tcp_baseline

# run_one KIND KEY METRIC TIMEOUT ARGS... : one nfsbench run, appends to V[kind.key] / L[kind.key]
declare -A V L C URLS PIDS
run_one() {
  local kind=$1 key=$2 metric=$3 tmo=$4; shift 4
  [ "${R[$kind.$key]:-}" = error ] && return 1
  local out rc c0 c1
  c0=$(cpu_ticks "${PIDS[$kind]}")
  out=$(TIMEOUT_S=$tmo timeout $((tmo+30)) "$WD/nfsbench" "${URLS[$kind]}" "$@" 2>"$WD/err"); rc=$?
  c1=$(cpu_ticks "${PIDS[$kind]}")
  if [ $rc != 0 ]; then
    echo "   $kind $key: FAILED (exit $rc): $(tail -3 "$WD/err" | tr '\n' ' ')"
    alive "${PIDS[$kind]}" || echo "   $kind is no longer running"
    R[$kind.$key]="error"; return 1
  fi
  grep -v '^mounted' "$WD/err" | sed "s/^/   $kind /"
  V[$kind.$key]="${V[$kind.$key]:-} $(echo "$out" | kv "$metric")"
  L[$kind.$key]="${L[$kind.$key]:-} $(echo "$out" | kv lat_avg_us)"
  # server CPU (user+system, all threads) per unit of work: per MiB for seq, per op otherwise
  C[$kind.$key]="${C[$kind.$key]:-} $(awk -v a="$c0" -v b="$c1" -v hz="$HZ" -v n="$(echo "$out" | kv n)" 'BEGIN{ if (n>0) printf "%.1f", (b-a)/hz*1e6/n }')"
}
HZ=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }  # utime+stime of the process

# start the servers: with INTERLEAVE=1 (default) all of them stay up and every repetition of
# every workload alternates between them, so load from other users of this shared machine
# hits both alike; INTERLEAVE=0 runs them strictly one after the other
INTERLEAVE=${INTERLEAVE:-1}
UP=()
start_kind() {
  local kind=$1
  echo "== starting $kind"
  if ! IT_TMP_BASE=$BENCH_DIR server_start "$kind" 30 2>"$WD/start.err"; then
    NOTE[$kind]=$(grep -v '^  ' "$WD/start.err" | head -2 | tr '\n' ' ')
    [ -n "${NOTE[$kind]}" ] || NOTE[$kind]="server did not start"
    echo "   $kind: not available (${NOTE[$kind]})"; sed 's/^/   /' "$WD/start.err" | tail -8
    return 1
  fi
  URLS[$kind]="$NFS_URL$NFS_Q"; PIDS[$kind]=$SERVER_PID
  local out
  if ! out=$(timeout 60 "$WD/nfsbench" "${URLS[$kind]}" getattr 10 1 2>&1); then
    NOTE[$kind]="port open but NFS does not answer: $(echo "$out" | tail -1)"
    echo "   $kind: not available (${NOTE[$kind]})"; server_log_tail 10; stop_pid "$SERVER_PID" "$kind"; return 1
  fi
  UP+=("$kind")
}
stop_kind() {
  timeout 120 "$WD/nfsbench" "${URLS[$1]}" cleanup >/dev/null 2>&1
  alive "${PIDS[$1]}" || echo "   $1 died during the benchmark"
  stop_pid "${PIDS[$1]}" "$1"
}
workloads() { # workloads KIND...  (each repetition alternates over the given servers)
  local w rep k
  for w in seqwrite seqread randread smallfile getattr; do
    for ((rep=0; rep<REPEAT; rep++)); do
      for k in "$@"; do
        case $w in
          seqwrite)  run_one "$k" seqwrite  mib_s 900 seqwrite  "$SEQ_MB" "$SEQ_DEPTH";;
          seqread)   run_one "$k" seqread   mib_s 900 seqread   "$SEQ_MB" "$SEQ_DEPTH";;
          randread)  run_one "$k" randread  ops_s 600 randread  "$RAND_N" "$RAND_DEPTH";;
          smallfile) run_one "$k" smallfile ops_s 600 smallfile "$SMALL_N" "$SMALL_DEPTH";;
          getattr)   run_one "$k" getattr   ops_s 600 getattr   "$GA_N" "$GA_DEPTH";;
        esac
      done
    done
  done
}
if [ "$INTERLEAVE" = 1 ]; then
  for kind in $SERVERS; do start_kind "$kind"; done
  ((${#UP[@]})) && { echo "== workloads, alternating: ${UP[*]}"; workloads "${UP[@]}"; }
  for kind in "${UP[@]}"; do stop_kind "$kind"; done
else
  for kind in $SERVERS; do
    start_kind "$kind" || continue
    workloads "$kind"; stop_kind "$kind"
  done
fi
tcp_baseline
for k in "${!V[@]}"; do
  [ "${R[$k]:-}" = error ] && continue
  R[$k]=$(echo "${V[$k]}" | median); R[$k.lat]=$(echo "${L[$k]}" | median); R[$k.cpu]=$(echo "${C[$k]}" | median)
done
# the ceiling: best stream and best round trip seen (before/after)
R[tcp.stream]=$(echo "$TCP_S" | tr ' ' '\n' | grep . | sort -g | tail -1); R[tcp.rr]=$(echo "$TCP_RR" | tr ' ' '\n' | grep . | sort -g | head -1)
echo "== loopback TCP baseline again: stream$TCP_S MiB/s, round trip$TCP_RR us (load: $(cut -d' ' -f1-3 /proc/loadavg))"

DFS_DESC=""
if [ -n "${BIN:-}" ] && [ -x "$BIN/dfs" ]; then
  cfg="?"; [[ $BIN == *release* ]] && cfg=release; [[ $BIN == *debug* ]] && cfg=debug
  DFS_DESC="$BIN/dfs ($cfg, built $(date -u -r "$BIN/dfs" +%H:%MZ), repo HEAD $(git -C "$HERE/../.." log -1 --format=%h 2>/dev/null))"
fi
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
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -r); dfs ${DFS_DESC:-not used}, ganesha $(dpkg-query -W -f='${Version}' nfs-ganesha 2>/dev/null), libnfs $(dpkg-query -W -f='${Version}' libnfs-dev 2>/dev/null); server data in $BENCH_DIR ($(df --output=fstype "$BENCH_DIR" | tail -1)); REPEAT=$REPEAT (median), INTERLEAVE=$INTERLEAVE; load average at the end $(cut -d' ' -f1-3 /proc/loadavg)"
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
echo "Server CPU time (user+system, all threads, from /proc/PID/stat) per unit of work, µs; lower is better:"
echo
echo "| workload | dfs | ganesha | dfs/ganesha |"
echo "|---|---:|---:|---:|"
cpurow() { local d g; d=$(val dfs "$2.cpu"); g=$(val ganesha "$2.cpu"); has dfs || d="(not run)"; has ganesha || g="(not run)"
  printf '| %s | %s | %s | %s |\n' "$1" "$(fmt "$d")" "$(fmt "$g")" "$(ratio "$d" "$g")"; }
cpurow "seq write, per MiB" seqwrite
cpurow "seq read, per MiB" seqread
cpurow "random read 4 KiB, per op" randread
cpurow "small file (4 RPCs), per file" smallfile
cpurow "GETATTR, per op" getattr
echo
echo "Loopback TCP baseline (same machine, same run, best of before/after): one stream ${R[tcp.stream]:-?} MiB/s; 128-byte request/response ${R[tcp.rr]:-?} µs."
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
