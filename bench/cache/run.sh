#!/usr/bin/env bash
# bench/cache/run.sh: what the payload cache changes for a client, side by side.
# For each payload (fs, s3 on moto) without and with `--cache-dir`: a libnfs client
# (Tests/Integration/tools/commit-writer.c) writes DATA_MB in CHUNK pieces with UNSTABLE
# WRITEs and a COMMIT every COMMIT_EVERY pieces (the time includes the last COMMIT), then
# reads the file back and checks every byte. Prints a markdown table. Not a test.
# Env: DATA_MB (128), CHUNK (1048576), COMMIT_EVERY (16), CACHE_SIZE (2G), BIN, DFS_BUILD=0.
set -uo pipefail
. "$(dirname "$0")/../../Tests/Integration/lib.sh"
it_trap
need_cmd cc python3 setsid timeout moto_server
dfs_locate || die "dfs not available"
DATA_MB=${DATA_MB:-128}; CHUNK=${CHUNK:-1048576}; EVERY=${COMMIT_EVERY:-16}; CACHE_SIZE=${CACHE_SIZE:-2G}
it_tmpdir dfs-bench-cache; WD=$TMPD
cc -O2 -Wall -o "$WD/cw" "$IT_LIB_DIR/tools/commit-writer.c" -lnfs || die "building commit-writer failed"
S3=$WD/moto
S3_ENDPOINT=$(bash "$IT_LIB_DIR/moto.sh" start "$S3") || die "moto did not start"
it_on_cleanup "bash '$IT_LIB_DIR/moto.sh' stop '$S3' >/dev/null 2>&1"
eval "$(bash "$IT_LIB_DIR/moto.sh" env "$S3")"
BYTES=$((DATA_MB * 1048576))
ROWS=()
run() { # run LABEL PAYLOAD CACHE(0|1)
  local label=$1 payload=$2 cache=$3 d=$WD/$1 port t w r
  mkdir -p "$d/data"
  port=$(free_port); args=(serve --data-dir "$d/data" --nfs-port "$port" --nfs-bind 127.0.0.1 --squash none)
  if [ "$payload" = s3 ]; then
    args+=(--payload s3 --payload-config "{\"endpoint\":\"$DFS_TEST_S3_ENDPOINT\",\"bucket\":\"dfs-test\",\"prefix\":\"$label-\",\"access_key_id\":\"$DFS_TEST_S3_ACCESS_KEY_ID\",\"secret_access_key\":\"$DFS_TEST_S3_SECRET_ACCESS_KEY\"}")
  fi
  [ "$cache" = 1 ] && args+=(--cache-dir "$d/cache" --cache-size "$CACHE_SIZE")
  start_bg "dfs-$label" "$d/dfs.log" "$BIN/dfs" "${args[@]}"
  local pid=$BG_PID
  wait_port "$port" 60 "$pid" || { tail -20 "$d/dfs.log"; die "dfs ($label) did not start"; }
  local url="nfs://127.0.0.1/export?version=3&nfsport=$port&mountport=$port"
  t=$(now); timeout 1200 "$WD/cw" write "$url" /f 1 "$CHUNK" "$EVERY" "$BYTES" >/dev/null || die "$label: write failed"
  w=$(elapsed "$t")
  t=$(now); timeout 1200 "$WD/cw" verify "$url" /f 1 "$BYTES" >/dev/null || die "$label: read-back differs"
  r=$(elapsed "$t")
  stop_pid "$pid" "dfs-$label"
  ROWS+=("$(printf '| %-14s | %8s | %8s |' "$label" "$(fmt_rate $BYTES "$w")" "$(fmt_rate $BYTES "$r")")")
}
run fs fs 0
run fs+cache fs 1
run s3 s3 0
run s3+cache s3 1
echo "$DATA_MB MiB, ${CHUNK}-byte UNSTABLE writes, COMMIT every $EVERY; MiB/s (write includes the COMMITs; read checks every byte)"
echo "| payload        |    write |     read |"
echo "| -------------- | -------: | -------: |"
printf '%s\n' "${ROWS[@]}"
