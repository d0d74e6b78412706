#!/usr/bin/env bash
# cache-crash.sh: COMMIT through the payload cache survives kill -9 (docs/CACHE.md).
# One dfs (badgerlike metadata + fs payload, --cache-dir/--cache-size) on a free port; per
# trial a libnfs client (tools/commit-writer.c) writes a new file with UNSTABLE WRITEs and a
# COMMIT every few pieces, printing how many bytes each COMMIT acknowledged. dfs is killed
# with SIGKILL at a random moment, restarted on the same data and cache directories (journal
# replay), and every byte acknowledged by a COMMIT must read back exactly: this trial's file
# after each restart, every earlier file each 10th trial and at the end. Ends with a graceful stop + restart and a full check.
# Env: TRIALS (10), CACHE_SIZE (64M), CHUNK (65536), COMMIT_EVERY (4), MAX_BYTES (16 MiB),
#      KILL_MAX_MS (1500), BIN, DFS_BUILD=0, KEEP=1. Exit 0 only when every check passed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
it_trap
need_cmd cc python3 setsid timeout
[ -e /usr/include/nfsc/libnfs.h ] || die "libnfs-dev missing (run Tests/Integration/deps.sh)"
dfs_locate || die "dfs not available"
TRIALS=${TRIALS:-10}; CACHE_SIZE=${CACHE_SIZE:-64M}; CHUNK=${CHUNK:-65536}; EVERY=${COMMIT_EVERY:-4}
MAX_BYTES=${MAX_BYTES:-$((16 * 1048576))}; KILL_MAX_MS=${KILL_MAX_MS:-1500}
it_tmpdir dfs-it-cachecrash; WD=$TMPD
DATA=$WD/data; CACHE=$WD/cache; mkdir -p "$DATA"
cc -O2 -Wall -o "$WD/commit-writer" "$IT_LIB_DIR/tools/commit-writer.c" -lnfs || die "building tools/commit-writer.c failed"
CW=$WD/commit-writer
PORT=$(free_port)
URL="nfs://127.0.0.1/export?version=3&nfsport=$PORT&mountport=$PORT"
RESTARTS=()

start_dfs() { # start_dfs LABEL -> PID; records the time to an open port
  local t0; t0=$(now)
  start_bg "dfs-$1" "$WD/dfs-$1.log" "$BIN/dfs" serve --data-dir "$DATA" --nfs-port "$PORT" \
    --nfs-bind 127.0.0.1 --squash none --cache-dir "$CACHE" --cache-size "$CACHE_SIZE"
  PID=$BG_PID
  wait_port "$PORT" 60 "$PID" || { tail -20 "$WD/dfs-$1.log"; die "dfs ($1) did not start"; }
  RESTARTS+=("$(elapsed "$t0")")
}

declare -A ACKED
verify_all() { # verify_all FROM UPTO LABEL: files FROM..UPTO hold their acknowledged prefixes
  local s out bad=0
  for ((s=$1; s<=$2; s++)); do
    out=$(timeout 120 "$CW" verify "$URL" "/t$s.bin" "$s" "${ACKED[$s]}" 2>&1) || { bad=$((bad+1)); echo "   t$s: $out"; }
  done
  check_eq "$3: files $1..$2 hold every acknowledged byte" 0 "$bad"
}

start_dfs first
check_match "dfs serves with the cache" "cache $CACHE" "$(cat "$WD/dfs-first.log")"
total=0; kills_mid_write=0
for ((t=1; t<=TRIALS; t++)); do
  start_bg "writer-$t" "$WD/w$t.log" "$CW" write "$URL" "/t$t.bin" "$t" "$CHUNK" "$EVERY" "$MAX_BYTES"
  WPID=$BG_PID
  sleep "$(python3 -c "import random; print(random.randint(50, $KILL_MAX_MS) / 1000)")"
  alive "$WPID" && kills_mid_write=$((kills_mid_write+1))
  kill -KILL "$PID" 2>/dev/null; stop_pid "$PID" "dfs" 1
  stop_pid "$WPID" "writer-$t" 5
  ACKED[$t]=$(awk '/^acked /{a=$2} END{print a+0}' "$WD/w$t.log")
  total=$((total + ACKED[$t]))
  start_dfs "t$t"
  # this trial's file every time; every earlier one each 10th trial (and at the end)
  from=$t; ((t % 10 == 0)) && from=1
  verify_all "$from" "$t" "trial $t (acked ${ACKED[$t]} bytes, $(grep -o 'replayed [0-9]* records' "$WD/dfs-t$t.log" | head -1))"
done
kill -TERM "$PID"; for i in $(seq 1 100); do alive "$PID" || break; sleep 0.1; done
check "dfs stops on SIGTERM (cache closed)" bash -c "! ps -o stat= -p $PID | grep -qv Z"
stop_pid "$PID" dfs 1
start_dfs final
verify_all 1 "$TRIALS" "after a graceful restart"
stop_pid "$PID" dfs
echo "   trials $TRIALS, killed while the writer ran: $kills_mid_write, acknowledged bytes checked: $total"
echo "   restart to open port (s): ${RESTARTS[*]}"
it_summary "cache-crash (dfs, badgerlike + fs + cache $CACHE_SIZE, $TRIALS trials)"
