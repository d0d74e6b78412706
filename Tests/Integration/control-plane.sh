#!/usr/bin/env bash
# control-plane.sh: dfsctl against a real `dfs` control plane (REST API, JWT).
#
# Run by scripts/test.sh. `dfs init` writes the config (API, NFS and metrics ports
# moved to free loopback ports), `dfs start` runs it with DFS_ADMIN_PASSWORD, and
# dfsctl drives it as a user would (route table: Sources/ControlModels/Endpoints.swift).
#
# Checks: login and the contexts file, stores, shares (one with a write-back cache), users, groups,
# permissions, adapters (enable nfs, list a share with libnfs, disable), a
# non-admin caller, password change, one-line errors with their exit codes,
# logout, and "cannot reach the server" after the server stops.
# Env: BIN (build dir with dfs and dfsctl), DFS_BUILD=0. Exit 0 only when all passed.
set -uo pipefail
. "$(dirname "$0")/lib.sh"
it_trap
need_cmd python3 setsid nfs-ls cc curl
dfs_locate || die "dfs not available"
[ -x "$BIN/dfsctl" ] || die "dfsctl not built in $BIN (swift build --product dfsctl)"
CTL=$BIN/dfsctl
it_tmpdir dfs-it-ctl; WD=$TMPD
DATA=$WD/data; CFG=$WD/dfs.yaml; mkdir -p "$DATA"
API_PORT=$(free_port); NFS_PORT=$(free_port); METRICS_PORT=$(free_port)
API=http://127.0.0.1:$API_PORT
export DFSCTL_CONFIG=$WD/dfsctl/config.json
ADMIN_PW=admin-$RANDOM-pw

# run_ctl EXPECTED_EXIT NAME ARGS...  -> OUT/ERR hold the output; checks the exit code
run_ctl() {
  local want=$1 name=$2; shift 2
  local rc
  OUT=$("$CTL" "$@" 2>"$WD/err"); rc=$?; ERR=$(cat "$WD/err")
  check_eq "$name: exit code" "$want" "$rc"
}

check "dfs init" "$BIN/dfs" init --config "$CFG" --data-dir "$DATA" --api-port "$API_PORT"
check "NFS and metrics ports set in the config" dfs_config_loopback "$CFG" "$NFS_PORT" "$METRICS_PORT"
start_bg dfs "$WD/dfs.log" env DFS_ADMIN_PASSWORD="$ADMIN_PW" "$BIN/dfs" start --config "$CFG"
PID=$BG_PID
wait_port "$API_PORT" 60 "$PID" || { tail -30 "$WD/dfs.log"; die "dfs did not open the API on $API_PORT"; }

# -- login and contexts
run_ctl 0 "login as admin" login --server "$API" --username admin --password-stdin <<< "$ADMIN_PW"
check_eq "contexts file mode" 600 "$(stat -c %a "$DFSCTL_CONFIG")"
check_eq "contexts directory mode" 700 "$(stat -c %a "$(dirname "$DFSCTL_CONFIG")")"
run_ctl 0 "context current" context current
check_eq "current context" "default	$API" "$OUT"
run_ctl 3 "wrong password" login --server "$API" --username admin --password-stdin <<< "nope"
check_match "wrong password: one line" '^dfsctl: login failed: .*\(HTTP 401\)$' "$ERR"
run_ctl 0 "status" status -o json
check_match "status has a version" '"version": "' "$OUT"

# -- stores and shares
run_ctl 0 "share list (first-run default)" share list
check_match "default share /export listed" '^/export ' "$OUT"
run_ctl 0 "metadata store add" store metadata add ctl-meta --type badgerlike --config "{\"path\":\"$WD/meta\"}"
run_ctl 0 "payload store add" store payload add ctl-blocks --type fs --config "{\"path\":\"$WD/blocks\"}"
run_ctl 1 "bad store config refused" store payload add broken --type fs --config '{"nopath":1}'
check_match "bad store config: one line with the plugin's message" '^dfsctl: .*\(HTTP 4[0-9][0-9]\)$' "$ERR"
run_ctl 0 "share create" share create /ctl --metadata-store ctl-meta --payload-store ctl-blocks --squash none
run_ctl 0 "share list" share list
check_match "share listed" '^/ctl +ctl-meta +ctl-blocks' "$OUT"
run_ctl 0 "share get (yaml)" share get /ctl -o yaml
check_match "share yaml" 'name: /ctl' "$OUT"
run_ctl 1 "duplicate share" share create /ctl --metadata-store ctl-meta --payload-store ctl-blocks
check_match "duplicate share: 409 on one line" '^dfsctl: .*\(HTTP 409\)$' "$ERR"
run_ctl 1 "store in use cannot be removed" store metadata remove ctl-meta
check_match "store in use: 409" '\(HTTP 409\)$' "$ERR"

# -- users, groups, permissions
run_ctl 0 "user create" user create alice --uid 1001 --password-stdin <<< "alice-pw"
run_ctl 0 "group create" group create staff --gid 1100
run_ctl 0 "group add-member" group add-member staff alice
run_ctl 0 "user get" user get alice -o json
check_match "alice is in staff" '"staff"' "$OUT"
run_ctl 0 "grant" share permission grant /ctl --user alice --level read-write
run_ctl 0 "permission list" share permission list /ctl
check_match "alice has read-write" '^user +alice +read-write' "$OUT"
run_ctl 1 "unknown user" user get nobody
check_match "unknown user: 404" '^dfsctl: .*\(HTTP 404\)$' "$ERR"

# -- a non-admin caller
run_ctl 0 "login as alice" login --context alice --server "$API" --username alice --password-stdin <<< "alice-pw"
run_ctl 3 "alice may not list users" user list
check_match "forbidden: 403" '\(HTTP 403\)$' "$ERR"
run_ctl 0 "alice reads herself" user get
check_match "user get without a name is the caller" '^alice ' "$(tail -1 <<< "$OUT")"
run_ctl 0 "alice changes her password" user passwd --password-stdin < <(printf 'alice-pw\nalice-pw2\n')
run_ctl 0 "alice logs in with the new password" login --username alice --password-stdin <<< "alice-pw2"
run_ctl 0 "back to the admin context" context use default

# -- adapters
# the first-run nfs adapter: moved to another port live, disabled, enabled again
run_ctl 0 "move nfs to a free port" adapter update nfs --port "$NFS_PORT" --bind 127.0.0.1
run_ctl 0 "disable nfs (before enabling)" adapter disable nfs
run_ctl 0 "enable nfs" adapter enable nfs --port "$NFS_PORT" --bind 127.0.0.1
wait_port "$NFS_PORT" 30 "$PID" && _ok "nfs listens on $NFS_PORT" || _fail "nfs listens on $NFS_PORT"
run_ctl 0 "adapter list" adapter list
check_match "nfs running" '^nfs +true +'"$NFS_PORT"' +127\.0\.0\.1 +running' "$OUT"
check "nfs-ls the new share" timeout 60 nfs-ls "nfs://127.0.0.1/ctl?version=3&nfsport=$NFS_PORT&mountport=$NFS_PORT"
# a share with a write-back cache: listed with its size, written and read through it, its
# cache directory under <data>/cache/<id>, removed with the share
run_ctl 1 "cache below 16 MiB refused" share create /cached --metadata-store ctl-meta --payload-store ctl-blocks --cache-size 1M
check_match "small cache: 400 naming the size" '^dfsctl: .*cache size.*16 MiB.*\(HTTP 400\)$' "$ERR"
run_ctl 2 "--remote-durable without --cache-size refused" share create /cached --metadata-store ctl-meta --payload-store ctl-blocks --remote-durable
run_ctl 0 "share create with a cache" share create /cached --metadata-store ctl-meta --payload-store ctl-blocks --squash none \
  --cache-size 32M --root-owner 1000:1001 --root-mode 1777
run_ctl 0 "share list (cache)" share list
check_match "cache size listed" '^/cached +ctl-meta +ctl-blocks +32M ' "$OUT"
run_ctl 0 "share get (json, cache)" share get /cached -o json
check_match "cache in the JSON" '"sizeBytes" *: *33554432' "$OUT"
head -c 3000000 /dev/urandom > "$WD/cached.in"
CACHED_URL="nfs://127.0.0.1/cached/f?version=3&nfsport=$NFS_PORT&mountport=$NFS_PORT"
check "write through the cache" timeout 60 nfs-cp "$WD/cached.in" "$CACHED_URL"
check "read back through the cache" timeout 60 nfs-cp "$CACHED_URL" "$WD/cached.out"
check "cached file identical" cmp "$WD/cached.in" "$WD/cached.out"
# resized and made remote-durable while served: listed, applied (server log), still written and read
run_ctl 0 "share update: cache 64M, remote-durable" share update /cached --cache-size 64M --remote-durable
run_ctl 0 "share list (resized cache)" share list
check_match "new cache size listed" '^/cached +ctl-meta +ctl-blocks +64M ' "$OUT"
run_ctl 0 "share get (json, resized)" share get /cached -o json
check_match "resized cache in the JSON" '"remoteDurable" *: *true' "$OUT"
check_match "the open cache took the new size (server log)" 'size 67108864 bytes.*remote-durable true' "$(grep 'size 67108864' "$WD/dfs.log" | tail -1)"
check_match "... and publishes it (dfs_cache_size_bytes)" '^dfs_cache_size_bytes\{share="/cached"\} 67108864(\.0)?$' \
  "$(curl -s -m 10 "http://127.0.0.1:$METRICS_PORT/metrics" | grep '^dfs_cache_size_bytes{share="/cached"}')"
check "write through the resized cache (COMMIT waits for the store)" timeout 60 nfs-cp "$WD/cached.in" "${CACHED_URL%%\?*}2?${CACHED_URL#*\?}"
check "read back through the resized cache" timeout 60 nfs-cp "${CACHED_URL%%\?*}2?${CACHED_URL#*\?}" "$WD/cached2.out"
check "resized-cache file identical" cmp "$WD/cached.in" "$WD/cached2.out"
run_ctl 1 "cache resized below 16 MiB refused" share update /cached --cache-size 1M
check_match "small resize: 400 naming the size" '^dfsctl: .*cache size.*16 MiB.*\(HTTP 400\)$' "$ERR"
run_ctl 1 "cache size for a share without a cache refused" share update /ctl --cache-size 64M
check_match "no cache: 409 saying so" '^dfsctl: .*has no cache.*\(HTTP 409\)$' "$ERR"
# the share's root was created with --root-owner 1000:1001 --root-mode 1777: a stat of "/" says so
cc -O2 -Wall -o "$WD/nfs-it" "$IT_LIB_DIR/tools/nfs-it.c" -lnfs || die "building tools/nfs-it.c failed"
OUT=$(timeout 60 "$WD/nfs-it" stat "nfs://127.0.0.1/cached?version=3&nfsport=$NFS_PORT&mountport=$NFS_PORT" / 2>&1)
check_match "root of /cached: dir, mode 1777, owner 1000:1001" '^type=dir mode=1777 nlink=[0-9]+ uid=1000 gid=1001 ' "$OUT"
CACHE_DIRS=$(ls -d "$DATA"/cache/*/journal 2>/dev/null | wc -l)
check_eq "one cache directory with a journal" 1 "$CACHE_DIRS"
run_ctl 0 "share delete (cache drained)" share delete /cached
check_eq "cache directory removed with the share" 0 "$(ls -A "$DATA/cache" 2>/dev/null | wc -l)"
run_ctl 0 "disable nfs" adapter disable nfs
sleep 1; port_open "$NFS_PORT" && _fail "nfs port closed after disable" || _ok "nfs port closed after disable"

# -- plugins, settings
run_ctl 0 "plugin list" plugin list
check_match "badgerlike plugin listed" 'badgerlike' "$OUT"
run_ctl 0 "settings list" settings list -o yaml

# -- cleanup paths and errors
run_ctl 0 "revoke" share permission revoke /ctl --user alice
run_ctl 0 "share delete" share delete /ctl
run_ctl 0 "store remove once unused" store metadata remove ctl-meta

# -- automatic refresh: tokens that expire after 60 s (the setting's minimum)
run_ctl 0 "short access tokens" settings set auth.access_token_ttl 60
run_ctl 0 "log in for short tokens" login --username admin --password-stdin <<< "$ADMIN_PW"
before=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); print(c["contexts"]["default"]["accessToken"])' "$DFSCTL_CONFIG")
sleep 62
run_ctl 0 "a command after the access token expired" user list
after=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); print(c["contexts"]["default"]["accessToken"])' "$DFSCTL_CONFIG")
[ "$before" != "$after" ] && _ok "refreshed access token saved" || _fail "refreshed access token saved"
refresh_tok=$(python3 -c 'import json,sys; c=json.load(open(sys.argv[1])); print(c["contexts"]["default"]["refreshToken"])' "$DFSCTL_CONFIG")
check_eq "the session's token works before logout" 200 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $after" "$API/api/v1/users/me")"
run_ctl 0 "logout" logout
run_ctl 3 "after logout" user list
check_match "after logout: tells to log in" 'dfsctl login' "$ERR"
# the server ended the session: a copy of the old tokens is refused too
check_eq "old access token refused after logout" 401 "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $after" "$API/api/v1/users/me")"
check_eq "old refresh token refused after logout" 401 "$(curl -s -o /dev/null -w '%{http_code}' -H 'Content-Type: application/json' \
  -d "{\"refreshToken\": \"$refresh_tok\"}" "$API/api/v1/auth/refresh")"
stop_pid "$PID" dfs
run_ctl 5 "server stopped" status --context alice
check_match "cannot reach" "^dfsctl: cannot reach the server at $API" "$ERR"

it_summary "control-plane (dfs + dfsctl)"
