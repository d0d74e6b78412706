#!/usr/bin/env bash
# A throw-away S3 service (moto_server, in memory) for tests, on a free
# loopback port.
#
#   moto.sh start DIR   start moto_server in the background (pid, port and
#                       log in DIR, created), wait until it answers, create
#                       the bucket "dfs-test", print the endpoint URL
#   moto.sh env DIR     print `export DFS_TEST_S3_ENDPOINT=...` for eval
#   moto.sh stop DIR    stop the server (by its own pid) and remove DIR
#
# Credentials: moto accepts any non-empty pair (the tests use "test"/"test").
# Needs `pip install 'moto[server]'` (scripts/deps.sh installs it). Fails
# loudly (non-zero exit, message on stderr) when it cannot start — callers
# must not skip.
set -euo pipefail

die() { echo "moto.sh: FATAL: $*" >&2; exit 1; }

cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || die "usage: moto.sh start|stop|env DIR"
BUCKET=${DFS_TEST_S3_BUCKET:-dfs-test}

free_port() {
  python3 - <<'PY'
import socket
s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1]); s.close()
PY
}

answers() { # port -> 0 when moto answers HTTP
  curl -s -o /dev/null -m 2 "http://127.0.0.1:$1/moto-api/" 2>/dev/null
}

case "$cmd" in
start)
  command -v moto_server >/dev/null || die "moto_server not found (pip install 'moto[server]'; scripts/deps.sh does it)"
  command -v curl >/dev/null || die "curl not found"
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd)
  [ ! -f "$dir/pid" ] || ! kill -0 "$(cat "$dir/pid")" 2>/dev/null || die "a moto_server already runs for $dir (pid $(cat "$dir/pid"))"
  ok=0
  for attempt in 1 2 3; do
    port=$(free_port) || die "cannot pick a free port (python3)"
    echo "$port" >"$dir/port"
    # setsid: own process group, so `stop` can end it and any child by its pid
    setsid moto_server -H 127.0.0.1 -p "$port" >"$dir/moto.log" 2>&1 </dev/null &
    echo $! >"$dir/pid"
    for _ in $(seq 1 150); do   # up to 30 s
      if answers "$port"; then ok=1; break; fi
      kill -0 "$(cat "$dir/pid")" 2>/dev/null || break
      sleep 0.2
    done
    [ $ok = 1 ] && break
    echo "moto.sh: moto_server on port $port did not answer (attempt $attempt)" >&2
    kill -- -"$(cat "$dir/pid")" 2>/dev/null || kill "$(cat "$dir/pid")" 2>/dev/null || true
    rm -f "$dir/pid"
  done
  [ $ok = 1 ] || { tail -20 "$dir/moto.log" >&2 || true; die "could not start moto_server (log: $dir/moto.log)"; }
  code=$(curl -s -o "$dir/create-bucket.out" -w '%{http_code}' -X PUT "http://127.0.0.1:$port/$BUCKET" \
         -H "Authorization: AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0") \
    || die "creating bucket $BUCKET failed"
  [ "$code" = 200 ] || { cat "$dir/create-bucket.out" >&2; die "creating bucket $BUCKET: HTTP $code"; }
  echo "http://127.0.0.1:$port"
  ;;
env)
  [ -f "$dir/port" ] || die "no moto_server in $dir"
  echo "export DFS_TEST_S3_ENDPOINT='http://127.0.0.1:$(cat "$dir/port")'"
  ;;
stop)
  if [ -f "$dir/pid" ]; then
    pid=$(cat "$dir/pid")
    kill -- -"$pid" 2>/dev/null || kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -9 -- -"$pid" 2>/dev/null || true
  fi
  rm -rf "$dir"
  ;;
*) die "unknown command $cmd (start|stop|env)" ;;
esac
