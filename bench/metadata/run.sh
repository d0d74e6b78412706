#!/usr/bin/env bash
# bench/metadata/run.sh: dfs-metabench on every metadata store, side by side.
# Starts two throw-away PostgreSQL clusters on loopback (Tests/Integration/postgres.sh):
# one as the tests run it (fsync off) and one with PostgreSQL's durable defaults
# (PG_DURABLE=1), unless PG_DSN / PG_DSN_DURABLE are given. Never builds unless BIN is unset.
#   bash bench/metadata/run.sh [dfs-metabench args...]      e.g. --iterations 5000
# Env: BIN (dir with dfs-metabench + plugins; default: swift build -c release of them).
set -euo pipefail
cd "$(dirname "$0")/../.."
if [ -z "${BIN:-}" ]; then
  for p in dfs-metabench MetadataMemory MetadataBadgerLike MetadataPostgres PayloadMemory; do
    swift build -c release --product "$p" 2>&1 | grep -E 'error|warning: unre' || true
  done
  BIN=$(swift build -c release --show-bin-path)
fi
[ -x "$BIN/dfs-metabench" ] || { echo "run.sh: $BIN/dfs-metabench missing" >&2; exit 1; }
dirs=()
trap 'for d in "${dirs[@]}"; do bash Tests/Integration/postgres.sh stop "$d" >/dev/null 2>&1 || true; done' EXIT
if [ -z "${PG_DSN:-}" ]; then
  d=$(mktemp -d /tmp/dfs-bench-pg.XXXXXX); dirs+=("$d")
  PG_DSN=$(bash Tests/Integration/postgres.sh start "$d")
fi
if [ -z "${PG_DSN_DURABLE:-}" ]; then
  d=$(mktemp -d /tmp/dfs-bench-pgd.XXXXXX); dirs+=("$d")
  PG_DSN_DURABLE=$(PG_DURABLE=1 bash Tests/Integration/postgres.sh start "$d")
fi
echo "$(date -u +%Y-%m-%dT%H:%MZ), $(nproc) cores ($(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //')), $(uname -r);" \
  "dfs $(git rev-parse --short HEAD 2>/dev/null)$(git diff --quiet 2>/dev/null || echo '+dirty'); store files in ${TMPDIR:-/tmp} ($(df -T "${TMPDIR:-/tmp}" | awk 'NR==2{print $2}'));" \
  "PostgreSQL $(psql "$PG_DSN" -Atc 'show server_version' 2>/dev/null) on loopback; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
PG_DSN=$PG_DSN PG_DSN_DURABLE=$PG_DSN_DURABLE "$BIN/dfs-metabench" --plugin-dir "$BIN" "$@"
echo
echo "load after: $(cut -d' ' -f1-3 /proc/loadavg)"
