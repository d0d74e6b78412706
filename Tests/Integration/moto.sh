#!/usr/bin/env bash
# A throw-away S3 service (moto_server, in memory) for tests, on a free
# loopback port.
#
#   moto.sh start DIR   start moto_server in the background (pid, port and
#                       log in DIR, created), wait until it answers, create
#                       the bucket "dfs-test" and an IAM user with an access
#                       key allowed s3:*, then turn on moto's authentication
#                       (so every later request must carry a valid SigV4
#                       signature of that key); print the endpoint URL
#   moto.sh env DIR     print `export DFS_TEST_S3_ENDPOINT=... 
#                       DFS_TEST_S3_ACCESS_KEY_ID=... DFS_TEST_S3_SECRET_ACCESS_KEY=...`
#   moto.sh stop DIR    stop the server (by its own pid) and remove DIR
#
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
  # From here on a failure stops the server it started.
  trap 'kill -- -"$(cat "$dir/pid")" 2>/dev/null || true' ERR EXIT
  code=$(curl -s -o "$dir/create-bucket.out" -w '%{http_code}' -X PUT "http://127.0.0.1:$port/$BUCKET" \
         -H "Authorization: AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0") \
    || die "creating bucket $BUCKET failed"
  [ "$code" = 200 ] || { cat "$dir/create-bucket.out" >&2; die "creating bucket $BUCKET: HTTP $code"; }
  # An IAM user whose key the tests sign with; then authentication on.
  python3 - "http://127.0.0.1:$port" "$dir/credentials" >"$dir/iam.log" 2>&1 <<'PY' || { cat "$dir/iam.log" >&2; die "creating the IAM user / access key failed"; }
import json, sys, boto3
endpoint, out = sys.argv[1], sys.argv[2]
iam = boto3.client("iam", endpoint_url=endpoint, region_name="us-east-1",
                   aws_access_key_id="setup", aws_secret_access_key="setup")
iam.create_user(UserName="dfs-test")
iam.put_user_policy(UserName="dfs-test", PolicyName="all-s3", PolicyDocument=json.dumps(
    {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "s3:*", "Resource": "*"}]}))
k = iam.create_access_key(UserName="dfs-test")["AccessKey"]
with open(out, "w") as f:
    f.write(f"{k['AccessKeyId']}\n{k['SecretAccessKey']}\n")
PY
  code=$(curl -s -o "$dir/reset-auth.out" -w '%{http_code}' -X POST -H 'Content-Type: text/plain' --data 0 "http://127.0.0.1:$port/moto-api/reset-auth") \
    || die "turning on moto's authentication failed"
  [ "$code" = 200 ] || { cat "$dir/reset-auth.out" >&2; die "moto-api/reset-auth: HTTP $code"; }
  trap - ERR EXIT
  echo "http://127.0.0.1:$port"
  ;;
env)
  [ -f "$dir/port" ] && [ -f "$dir/credentials" ] || die "no moto_server in $dir"
  echo "export DFS_TEST_S3_ENDPOINT='http://127.0.0.1:$(cat "$dir/port")'"
  echo "export DFS_TEST_S3_ACCESS_KEY_ID='$(sed -n 1p "$dir/credentials")'"
  echo "export DFS_TEST_S3_SECRET_ACCESS_KEY='$(sed -n 2p "$dir/credentials")'"
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
