#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for tests, on a free loopback port.
#
#   postgres.sh start DIR   initdb + start in DIR (created; must be empty or
#                           absent), create database "dfs", print the DSN
#   postgres.sh env DIR     print `export DFS_TEST_PG_DSN=...` for eval
#   postgres.sh dsn DIR     print the DSN only
#   postgres.sh stop DIR    stop the cluster (by its own data directory) and
#                           remove DIR
#
# PostgreSQL refuses to run as root, so when run as root the server runs as
# the `postgres` system user (created by the Debian package). Trust auth on
# 127.0.0.1 only. fsync is off: the cluster is thrown away after the run
# (PG_DURABLE=1: PostgreSQL's durable defaults instead, for benchmarks).
# Fails loudly (non-zero exit, message on stderr) when it cannot start —
# callers must not skip.
set -euo pipefail

die() { echo "postgres.sh: FATAL: $*" >&2; exit 1; }

cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || die "usage: postgres.sh start|stop|env|dsn DIR"

PGBIN=${PGBIN:-}
PGBIN_GIVEN=$PGBIN
if [ -z "$PGBIN" ]; then
  PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
fi

as_pg() { # run a command as the server user
  if [ "$(id -u)" = 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

dsn_of() { echo "host=127.0.0.1 port=$(cat "$1/port") dbname=dfs user=postgres"; }

free_port() {
  python3 - <<'PY' 2>/dev/null || echo $((20000 + RANDOM % 20000))
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

case "$cmd" in
start)
  if [ -z "$PGBIN" ] || [ ! -x "$PGBIN/initdb" ]; then
    [ -z "${PGBIN_GIVEN:-}" ] || die "PGBIN=$PGBIN has no initdb"
    if [ "$(id -u)" = 0 ]; then
      echo "postgres.sh: installing postgresql" >&2
      apt-get update -qq >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends postgresql >&2 \
        || die "apt-get install postgresql failed"
      PGBIN=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1 || true)
    fi
    [ -n "$PGBIN" ] && [ -x "$PGBIN/initdb" ] || die "PostgreSQL server binaries not found (apt-get install postgresql)"
  fi
  if [ "$(id -u)" = 0 ]; then id postgres >/dev/null 2>&1 || die "no 'postgres' system user (the Debian postgresql package creates it)"; fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ ! -e "$dir/data" ] || die "$dir/data exists: stop the old cluster first"
  [ "$(id -u)" = 0 ] && chown postgres "$dir"
  chmod 755 "$dir"
  as_pg "$PGBIN/initdb" -D "$dir/data" -U postgres -A trust --no-sync -E UTF8 >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; die "initdb failed in $dir/data"; }
  cat >>"$dir/data/pg_hba.conf" <<HBA
host all all 127.0.0.1/32 trust
HBA
  durability="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
  [ "${PG_DURABLE:-0}" = 1 ] && durability=""    # PostgreSQL's defaults: fsync per commit (benchmarks)
  ok=0
  for attempt in 1 2 3; do
    port=$(free_port)
    echo "$port" >"$dir/port"
    if as_pg "$PGBIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 60 \
        -o "-p $port -k $dir -c listen_addresses=127.0.0.1 $durability -c max_connections=200 -c max_pred_locks_per_transaction=256" \
        start >"$dir/pg_ctl.log" 2>&1; then
      ok=1; break
    fi
    echo "postgres.sh: start on port $port failed (attempt $attempt)" >&2
  done
  [ $ok = 1 ] || { tail -20 "$dir/server.log" >&2 || true; die "could not start PostgreSQL in $dir"; }
  as_pg "$PGBIN/createdb" -h 127.0.0.1 -p "$port" -U postgres dfs >"$dir/createdb.log" 2>&1 \
    || { cat "$dir/createdb.log" >&2; die "createdb dfs failed"; }
  dsn_of "$dir"
  ;;
dsn)
  [ -f "$dir/port" ] || die "no cluster in $dir"
  dsn_of "$dir"
  ;;
env)
  [ -f "$dir/port" ] || die "no cluster in $dir"
  echo "export DFS_TEST_PG_DSN='$(dsn_of "$dir")'"
  ;;
stop)
  if [ -d "$dir/data" ] && [ -n "$PGBIN" ]; then
    as_pg "$PGBIN/pg_ctl" -D "$dir/data" -m fast -w -t 60 stop >/dev/null 2>&1 || true
  fi
  rm -rf "$dir"
  ;;
*) die "unknown command $cmd (start|stop|env|dsn)" ;;
esac
