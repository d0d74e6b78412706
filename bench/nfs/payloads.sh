#!/usr/bin/env bash
# bench/nfs/payloads.sh -- NFSv3 sequential throughput by payload store: a dfs share on
# PayloadFS and on PayloadS3 (moto on loopback, signature checking on), each without and
# with the write-back cache (docs/CACHE.md), and nfs-ganesha (VFS on the same disk) as the
# reference, same client (nfsbench.c, libnfs async, one TCP connection), same run,
# repetitions alternating between the servers. After each run of a cached server the
# script waits until the server and moto are idle (the background uploads are done), so
# one server's uploads do not slow the next one down; that wait is reported as the
# cache's drain time.
#
#   BIN=$(swift build -c release --show-bin-path) bash bench/nfs/payloads.sh
#
# dfs runs as `dfs serve` (one share, badgerlike metadata under its data dir) with
# `--payload fs` or `--payload s3 --payload-config {...}`, the cached kinds with
# `--cache-dir DIR --cache-size $CACHE_SIZE` (DIR under BENCH_DIR). Also measured, as the ceiling of
# the S3 column: the s3 store alone, without NFS (`dfs-s3-bench`: sequential 1 MiB
# put/get from one thread, when $BIN/dfs-s3-bench exists).
# Env: SERVERS ("fs fs+cache s3 s3+cache ganesha"), CACHE_SIZE (2G), SEQ_MB (512), SEQ_DEPTH (8), REPEAT (3, median),
#      BENCH_DIR (/tmp; server data), OUT (also write the table here), KEEP=1;
#      DFS_TEST_S3_ENDPOINT / _ACCESS_KEY_ID / _SECRET_ACCESS_KEY (else its own moto).
# A server that does not start makes its column "not available" with the reason; a
# workload that fails on a running server makes the script exit 1. Never builds dfs.
set -uo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
. "$HERE/../../Tests/Integration/lib.sh"
it_trap
export DFS_BUILD=0
SEQ_MB=${SEQ_MB:-512}; SEQ_DEPTH=${SEQ_DEPTH:-8}; REPEAT=${REPEAT:-3}
SERVERS=${SERVERS:-"fs fs+cache s3 s3+cache ganesha"}; CACHE_SIZE=${CACHE_SIZE:-2G}
BENCH_DIR=${BENCH_DIR:-/tmp}; [ -d "$BENCH_DIR" ] || die "BENCH_DIR $BENCH_DIR missing"
need_cmd cc python3 ss setsid timeout
[ -e /usr/include/nfsc/libnfs.h ] || die "libnfs-dev missing (run Tests/Integration/deps.sh)"
T0=$(now)
it_tmpdir dfs-bench-pl; WD=$TMPD
cc -O2 -Wall -o "$WD/nfsbench" "$HERE/nfsbench.c" -lnfs || die "building nfsbench.c failed"

if [[ " $SERVERS " == *" s3"* ]] && [ -z "${DFS_TEST_S3_ENDPOINT:-}" ]; then
  it_on_cleanup "bash '$IT_LIB_DIR/moto.sh' stop '$WD/moto' >/dev/null 2>&1"
  bash "$IT_LIB_DIR/moto.sh" start "$WD/moto" >/dev/null || die "could not start moto"
  eval "$(bash "$IT_LIB_DIR/moto.sh" env "$WD/moto")"
  MOTO_PID=$(cat "$WD/moto/pid")
fi
MOTO_PID=${MOTO_PID:-}   # moto's CPU is measured only when this script started it
s3conf() { # s3conf KIND: each server its own prefix
  echo "{\"endpoint\":\"${DFS_TEST_S3_ENDPOINT:-}\",\"bucket\":\"dfs-test\",\"prefix\":\"bench-$$-${1/+/-}-\",\"access_key_id\":\"${DFS_TEST_S3_ACCESS_KEY_ID:-}\",\"secret_access_key\":\"${DFS_TEST_S3_SECRET_ACCESS_KEY:-}\"}"
}

declare -A V URLS PIDS NOTE R C D
kv() { sed -n 's/^RESULT //p' | tr ' ' '\n' | awk -F= -v k="$1" '$1==k{print $2}'; }
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{a[NR]=$1} END{ if (NR==0) exit; print (NR%2)? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2 }'; }
HZ=$(getconf CLK_TCK)
cpu_ticks() { awk '{print $14+$15}' "/proc/$1/stat" 2>/dev/null || echo 0; }
UP=()
start_kind() { # fs | fs+cache | s3 | s3+cache | ganesha
  local kind=$1 srv=dfs args="" cdir
  case $kind in fs*) args="--payload fs";; s3*) args="--payload s3 --payload-config $(s3conf "$kind")";; ganesha) srv=ganesha;; esac
  if [[ $kind == *+cache ]]; then
    cdir=$(mktemp -d "$BENCH_DIR/dfs-bench-cache.XXXXXX") || die "mktemp in $BENCH_DIR failed"
    it_on_cleanup "rm -rf '$cdir'"
    args+=" --cache-dir $cdir/c --cache-size $CACHE_SIZE"
  fi
  echo "== starting $kind"
  if ! IT_TMP_BASE=$BENCH_DIR DFS_EXTRA_ARGS=$args server_start "$srv" 30 2>"$WD/start.err"; then
    NOTE[$kind]=$(grep -v '^  ' "$WD/start.err" | head -2 | tr '\n' ' '); : "${NOTE[$kind]:=server did not start}"
    echo "   $kind: not available (${NOTE[$kind]})"; tail -8 "$WD/start.err" | sed 's/^/   /'; return 1
  fi
  URLS[$kind]="$NFS_URL$NFS_Q"; PIDS[$kind]=$SERVER_PID
  UP+=("$kind")
}
# settle KIND WORKLOAD: wait (at most 300 s) until the server and moto used < 5 % of a
# core for 2 s in a row; the seconds waited go to D (the cache's drain time).
settle() {
  local kind=$1 w=$2 t0=$SECONDS quiet=0 a b ma mb
  while [ $((SECONDS - t0)) -lt 300 ] && [ $quiet -lt 2 ]; do
    a=$(cpu_ticks "${PIDS[$kind]}"); ma=$(cpu_ticks "$MOTO_PID"); sleep 1
    b=$(cpu_ticks "${PIDS[$kind]}"); mb=$(cpu_ticks "$MOTO_PID")
    if [ $(( (b - a) + (mb - ma) )) -lt $(( HZ / 20 + 1 )) ]; then quiet=$((quiet + 1)); else quiet=0; fi
  done
  D[$kind.$w]="${D[$kind.$w]:-} $((SECONDS - t0 - 2))"
}
run_one() { # run_one KIND WORKLOAD
  local kind=$1 w=$2 out rc c0 c1
  [ "${R[$kind.$w]:-}" = error ] && return 1
  c0=$(cpu_ticks "${PIDS[$kind]}"); m0=$(cpu_ticks "$MOTO_PID")
  out=$(TIMEOUT_S=900 timeout 930 "$WD/nfsbench" "${URLS[$kind]}" "$w" "$SEQ_MB" "$SEQ_DEPTH" 2>"$WD/err"); rc=$?
  c1=$(cpu_ticks "${PIDS[$kind]}")
  m1=$(cpu_ticks "$MOTO_PID")
  if [ $rc != 0 ]; then
    echo "   $kind $w: FAILED (exit $rc): $(tail -3 "$WD/err" | tr '\n' ' ')"; R[$kind.$w]=error; return 1
  fi
  grep -v '^mounted' "$WD/err" | sed "s/^/   $kind /"
  [[ $kind == *+cache ]] && settle "$kind" "$w"
  V[$kind.$w]="${V[$kind.$w]:-} $(echo "$out" | kv mib_s)"
  C[$kind.$w]="${C[$kind.$w]:-} $(awk -v a="$c0" -v b="$c1" -v hz="$HZ" -v n="$SEQ_MB" 'BEGIN{printf "%.0f", (b-a)/hz*1e6/n}')"
  [ "$kind" = s3 ] && [ -n "$MOTO_PID" ] && \
    C[moto.$w]="${C[moto.$w]:-} $(awk -v a="$m0" -v b="$m1" -v hz="$HZ" -v n="$SEQ_MB" 'BEGIN{printf "%.0f", (b-a)/hz*1e6/n}')"
}
for k in $SERVERS; do start_kind "$k"; done
echo "== seqwrite / seqread ${SEQ_MB} MiB x QD$SEQ_DEPTH, alternating: ${UP[*]} (load: $(cut -d' ' -f1-3 /proc/loadavg))"
for ((rep=0; rep<REPEAT; rep++)); do
  for w in seqwrite seqread; do for k in "${UP[@]}"; do run_one "$k" "$w"; done; done
done
for k in "${UP[@]}"; do timeout 120 "$WD/nfsbench" "${URLS[$k]}" cleanup >/dev/null 2>&1; alive "${PIDS[$k]}" || echo "   $k died"; stop_pid "${PIDS[$k]}" "$k"; done
for k in "${!V[@]}"; do [ "${R[$k]:-}" = error ] || { R[$k]=$(echo "${V[$k]}" | median); R[$k.cpu]=$(echo "${C[$k]}" | median); }; done
for k in "${!D[@]}"; do R[$k.drain]=$(echo "${D[$k]}" | median); done
for w in seqwrite seqread; do [ -n "${C[moto.$w]:-}" ] && R[moto.$w]=$(echo "${C[moto.$w]}" | median); done

S3RAW=""
if [[ " $SERVERS " == *" s3"* ]] && [ -x "${BIN:-}/dfs-s3-bench" ]; then
  echo "== the s3 store alone (dfs-s3-bench, 32 blocks of 1 MiB)"
  timeout 600 "$BIN/dfs-s3-bench" "$DFS_TEST_S3_ENDPOINT" "$DFS_TEST_S3_ACCESS_KEY_ID" "$DFS_TEST_S3_SECRET_ACCESS_KEY" dfs-test 32 >"$WD/s3raw" 2>&1
  sed 's/^/   /' "$WD/s3raw"
  S3RAW=$(awk '$1=="s3" && $2==1 {print $4, $5}' "$WD/s3raw")
fi

cfg="?"; [[ ${BIN:-} == *release* ]] && cfg=release; [[ ${BIN:-} == *debug* ]] && cfg=debug
isnum() { [[ $1 =~ ^[0-9]+([.][0-9]+)?$ ]]; }
fmt() { isnum "$1" && awk -v a="$1" 'BEGIN{ if (a>=100) printf "%.0f", a; else printf "%.1f", a }' || echo "$1"; }
val() { if [ -n "${NOTE[$1]:-}" ]; then echo "not available"; elif [[ " $SERVERS " != *" $1 "* ]]; then echo "(not run)"; else fmt "${R[$1.$2]:--}"; fi; }
ratio() { isnum "$1" && isnum "$2" && awk -v a="$1" -v b="$2" 'BEGIN{ if (b>0) printf "%.2f", a/b; else print "-" }' || echo "-"; }
{
echo
echo "### NFSv3 sequential throughput by payload store (libnfs async client, one TCP connection)"
echo
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores, $(uname -r); dfs ${BIN:-?}/dfs ($cfg, built $(date -u -r "${BIN:-/nonexistent}/dfs" +%H:%MZ 2>/dev/null), repo HEAD $(git -C "$HERE/../.." log -1 --format=%h 2>/dev/null)), metadata badgerlike; moto $(python3 -c 'import moto; print(moto.__version__)' 2>/dev/null) (signature checking on), ganesha $(dpkg-query -W -f='${Version}' nfs-ganesha 2>/dev/null); server data in $BENCH_DIR ($(df --output=fstype "$BENCH_DIR" | tail -1)); REPEAT=$REPEAT (median); load average at the end $(cut -d' ' -f1-3 /proc/loadavg); cache: --cache-size $CACHE_SIZE"
echo
echo "| workload | dfs + PayloadFS | dfs + PayloadFS + cache | dfs + PayloadS3 (moto) | dfs + PayloadS3 + cache | ganesha (VFS) |"
echo "|---|---:|---:|---:|---:|---:|"
row() { local k out=""; for k in fs fs+cache s3 s3+cache ganesha; do out+=" $(val "$k" "$1") |"; done; echo "$out"; }
echo "| seq write ${SEQ_MB} MiB, 1 MiB x QD$SEQ_DEPTH + COMMIT (MiB/s) |$(row seqwrite)"
echo "| seq read ${SEQ_MB} MiB, 1 MiB x QD$SEQ_DEPTH (MiB/s) |$(row seqread)"
echo "| server CPU per MiB written (µs) |$(row seqwrite.cpu)"
echo "| server CPU per MiB read (µs) |$(row seqread.cpu)"
echo "| cache drain after the write (s, until server and moto idle) | | $(val fs+cache seqwrite.drain) | | $(val s3+cache seqwrite.drain) | |"
[ -n "${R[moto.seqwrite]:-}" ] && echo "| moto CPU per MiB written / read (µs) | | | $(fmt "${R[moto.seqwrite]}") / $(fmt "${R[moto.seqread]:--}") | | |"
[ -n "$S3RAW" ] && echo "| the s3 store alone, 1 MiB blocks, one thread: put / get (MiB/s) | | | $(fmt "${S3RAW% *}") / $(fmt "${S3RAW#* }") | | |"
echo
echo "Server CPU is the dfs or ganesha process only (user+system, /proc/PID/stat; for the cached kinds the uploads after the timed run are not counted); moto's own CPU (one Python process, threaded) is its own row (uncached s3 only)."
for k in $SERVERS; do [ -n "${NOTE[$k]:-}" ] && echo "$k: not available -- ${NOTE[$k]}"; done
echo
} | tee ${OUT:+"$OUT"}
echo "== bench total $(elapsed "$T0")s"
for k in $SERVERS; do for w in seqwrite seqread; do [ "${R[$k.$w]:-}" = error ] && { echo "error: $k $w failed"; exit 1; }; done; done
exit 0
