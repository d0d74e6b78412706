# Shared helpers for the real-client integration tests (Tests/Integration/*.sh)
# and bench/nfs/run.sh.  Source it:  . "$(dirname "$0")/lib.sh"
#
# Rules these helpers enforce (see ../shared/TESTING.md "Good habits"):
#  - servers listen on 127.0.0.1 only, on a free port chosen here;
#  - every background process we start gets its own session (setsid), its PID
#    (= process group id) is recorded, and it is stopped by that id only:
#    SIGTERM to the group, SIGKILL after a timeout.  Never by name;
#  - every wait is bounded; every check prints what it compared;
#  - an EXIT/INT/TERM trap always stops what we started and removes temp dirs
#    (KEEP=1 keeps the temp dirs for a post-mortem).
#
# Knobs: KEEP=1 (keep temp dirs), IT_TMP_BASE (/tmp), BIN (dfs build dir),
#        DFS_BUILD=0 (never build dfs; fail when missing), STOP_TIMEOUT (10 s).

IT_LIB_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
IT_ROOT=$(cd "$IT_LIB_DIR/../.." && pwd)
IT_RIGS=$IT_LIB_DIR/rigs
IT_TMP_BASE=${IT_TMP_BASE:-/tmp}
STOP_TIMEOUT=${STOP_TIMEOUT:-10}

IT_PIDS=()        # process-group leaders we started (stopped in reverse order)
IT_PID_NAMES=()
IT_TMPDIRS=()
IT_CLEANUPS=()    # extra shell snippets run at cleanup (before PIDs are stopped)
IT_PASS=0; IT_FAIL=0; IT_FAILED=()

# ---- printing / timing -----------------------------------------------------------
it_log()  { printf '%s %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die()     { printf 'FATAL: %s\n' "$*" >&2; exit 1; }
now()     { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN{printf "%.2f", b-a}'; }   # seconds since $1
fmt_rate() { awk -v bytes="$1" -v s="$2" 'BEGIN{ if (s<=0) s=1e-9; printf "%.1f", bytes/1048576/s }'; } # MiB/s

# ---- checks ----------------------------------------------------------------------
_ok()   { IT_PASS=$((IT_PASS+1)); echo "ok   $1"; }
_fail() { IT_FAIL=$((IT_FAIL+1)); IT_FAILED+=("$1"); echo "FAIL $1${2:+: $2}"; }

# check NAME CMD...          passes when CMD exits 0 (CMD's output is shown on failure)
check() {
  local name=$1; shift
  local out rc
  out=$("$@" 2>&1); rc=$?
  if [ $rc = 0 ]; then _ok "$name"; else _fail "$name" "exit $rc from: $*"; printf '%s\n' "$out" | tail -15 | sed 's/^/     | /'; fi
  return $rc
}
# check_fails NAME CMD...    passes when CMD exits non-zero (and was not killed by timeout 124/137)
check_fails() {
  local name=$1; shift
  local out rc
  out=$("$@" 2>&1); rc=$?
  # 124 = timeout(1) fired; 129..192 = killed by a signal (a crash); anything else non-zero
  # is a clean error exit (libnfs tools exit with negative errnos, e.g. 243 = -13)
  if [ $rc != 0 ] && [ $rc != 124 ] && { [ $rc -le 128 ] || [ $rc -gt 192 ]; }; then
    _ok "$name (exit $rc: $(printf '%s' "$out" | tr '\n' ' ' | cut -c1-160))"; return 0
  fi
  _fail "$name" "expected a clean failure, got exit $rc from: $*"; printf '%s\n' "$out" | tail -15 | sed 's/^/     | /'
  return 1
}
# check_eq NAME EXPECTED ACTUAL
check_eq() {
  if [ "$2" == "$3" ]; then _ok "$1 (= '$2')"; return 0; fi
  _fail "$1" "expected '$2', got '$3'"; return 1
}
# check_ge NAME MIN ACTUAL   (integers)
check_ge() {
  if [ "$3" -ge "$2" ] 2>/dev/null; then _ok "$1 ($3 >= $2)"; return 0; fi
  _fail "$1" "expected >= $2, got '$3'"; return 1
}
# check_match NAME REGEX ACTUAL   (grep -E)
check_match() {
  # here-string, not a pipe: with pipefail a grep -q that exits early fails the writer (SIGPIPE)
  if grep -qE -- "$2" <<< "$3"; then _ok "$1 (matches /$2/)"; return 0; fi
  _fail "$1" "expected to match /$2/, got '$(printf '%s' "$3" | tr '\n' ' ' | cut -c1-300)'"; return 1
}
# it_summary LABEL -> prints the tally, returns 1 when anything failed (or nothing ran)
it_summary() {
  echo "== $1: $IT_PASS passed, $IT_FAIL failed"
  local f; for f in "${IT_FAILED[@]}"; do echo "   failed: $f"; done
  [ $IT_FAIL = 0 ] && [ $IT_PASS -gt 0 ]
}

# ---- requirements ----------------------------------------------------------------
# need_cmd CMD...  fail loudly (never skip) when a tool is missing
need_cmd() {
  local c missing=()
  for c in "$@"; do command -v "$c" >/dev/null 2>&1 || missing+=("$c"); done
  ((${#missing[@]} == 0)) || die "missing required tool(s): ${missing[*]} (run Tests/Integration/deps.sh)"
}

# ---- temp dirs and cleanup -------------------------------------------------------
# it_tmpdir PREFIX -> sets TMPD to a new temp dir that cleanup removes.  (Not used as
# $(it_tmpdir): a command substitution is a subshell and would lose the registration.)
it_tmpdir() {
  TMPD=$(mktemp -d "$IT_TMP_BASE/${1:-dfs-it}.XXXXXX") || die "mktemp failed"
  IT_TMPDIRS+=("$TMPD")
}
it_on_cleanup() { IT_CLEANUPS+=("$1"); }

_it_cleanup_done=0
it_cleanup() {
  local rc=$?
  [ $_it_cleanup_done = 1 ] && return $rc
  _it_cleanup_done=1
  set +e
  local i
  for ((i=${#IT_CLEANUPS[@]}-1; i>=0; i--)); do eval "${IT_CLEANUPS[$i]}"; done
  for ((i=${#IT_PIDS[@]}-1; i>=0; i--)); do
    [ -n "${IT_PIDS[$i]}" ] && stop_pid "${IT_PIDS[$i]}" "${IT_PID_NAMES[$i]}"
  done
  if [ "${KEEP:-0}" = 1 ]; then
    ((${#IT_TMPDIRS[@]})) && it_log "KEEP=1: left ${IT_TMPDIRS[*]}"
  else
    for i in "${IT_TMPDIRS[@]}"; do
      # only dirs made by it_tmpdir (mktemp) are in the list; never "/" or empty
      case $i in /*/dfs-*.??????) rm -rf --one-file-system "$i";; esac
    done
  fi
  return $rc
}
it_trap() {
  trap 'it_cleanup' EXIT
  trap 'it_log "interrupted"; exit 130' INT
  trap 'it_log "terminated"; exit 143' TERM
}

# ---- processes -------------------------------------------------------------------
# start_bg NAME LOGFILE CMD...  -> sets BG_PID.  Runs CMD in its own session (so its
# PID is also its process-group id and stop_pid can take the whole group down,
# e.g. qemu under `timeout`, or a daemon's helpers), stdout+stderr to LOGFILE.
start_bg() {
  local name=$1 log=$2; shift 2
  local pidf; pidf=$(mktemp "$IT_TMP_BASE/dfs-it-pid.XXXXXX")
  setsid bash -c 'echo $$ > "$0"; exec "$@"' "$pidf" "$@" >"$log" 2>&1 < /dev/null &
  local i
  for i in $(seq 1 100); do [ -s "$pidf" ] && break; sleep 0.05; done
  BG_PID=$(cat "$pidf" 2>/dev/null); rm -f "$pidf"
  [ -n "$BG_PID" ] || die "start_bg $name: no pid"
  IT_PIDS+=("$BG_PID"); IT_PID_NAMES+=("$name")
}
# alive PID
# One observation only: the old `kill -0 && ps ... != Z` raced with bash reaping the child
# between the two (kill -0 saw the zombie, ps then printed nothing, "" != Z -> "alive"), which
# made a server that had exited in 0.1 s look hung for the whole stop timeout.
alive() {
  local st
  [ -n "$1" ] || return 1
  st=$(ps -o stat= -p "$1" 2>/dev/null) || return 1
  st=${st// /}
  [ -n "$st" ] && [ "${st:0:1}" != Z ]
}
# stop_pid PID [NAME] [TIMEOUT]  SIGTERM to the process group (or the PID when it is
# not a group leader), SIGKILL after TIMEOUT seconds.  Forgets the PID afterwards.
stop_pid() {
  local pid=$1 name=${2:-$1} t=${3:-$STOP_TIMEOUT} target i
  [ -n "$pid" ] || return 0
  if [ "$(ps -o pgid= -p "$pid" 2>/dev/null | tr -d ' ')" = "$pid" ]; then target=-$pid; else target=$pid; fi
  if alive "$pid"; then
    kill -TERM -- "$target" 2>/dev/null
    for ((i=0; i<t*10; i++)); do alive "$pid" || break; sleep 0.1; done
    if alive "$pid"; then
      it_log "$name (pid $pid) still alive after ${t}s: SIGKILL"
      kill -KILL -- "$target" 2>/dev/null
      for ((i=0; i<50; i++)); do alive "$pid" || break; sleep 0.1; done
    fi
  fi
  # a group may still hold children after the leader exited (e.g. qemu under timeout)
  [ "$target" = "-$pid" ] && kill -KILL -- "$target" 2>/dev/null
  wait "$pid" 2>/dev/null
  for i in "${!IT_PIDS[@]}"; do [ "${IT_PIDS[$i]}" = "$pid" ] && IT_PIDS[$i]=""; done
  return 0
}

# ---- ports -----------------------------------------------------------------------
# free_port -> a TCP port on 127.0.0.1 that is free now (kernel-chosen, then verified
# unused by `ss`).  free_port_pair -> "P Q" with both free.
free_port() {
  local p i
  for i in $(seq 1 50); do
    p=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()') || die "python3 needed for free_port"
    # keep away from the ephemeral range's low edge collisions: just re-verify it is unused
    if [ "$(ss -Htan "sport = :$p" 2>/dev/null | wc -l)" = 0 ]; then echo "$p"; return 0; fi
  done
  die "no free port found"
}
port_open() { # port_open PORT -> 0 when 127.0.0.1:PORT accepts a TCP connection
  timeout 2 bash -c "exec 3<>/dev/tcp/127.0.0.1/$1" 2>/dev/null
}
# wait_port PORT TIMEOUT_S [PID] -> 0 when the port accepts; 1 on timeout or when PID died
wait_port() {
  local port=$1 t=$2 pid=${3:-} i
  for ((i=0; i<t*10; i++)); do
    port_open "$port" && return 0
    if [ -n "$pid" ] && ! alive "$pid"; then return 1; fi
    sleep 0.1
  done
  return 1
}

# ---- servers ---------------------------------------------------------------------
# server_start KIND [WAIT_S]   KIND = dfs | ganesha.  Sets:
#   SERVER_KIND SERVER_PID SERVER_LOG SERVER_DIR NFS_PORT MNT_PORT
#   V3_PATH   (the MOUNT path: /export for dfs, the exported directory for ganesha)
#   NFS_URL   (libnfs URL of the export root, no trailing slash, without query)
#   NFS_Q     (the URL query: ?version=3&nfsport=..&mountport=..)
# Returns 1 (with the log tail on stderr) when the server does not come up.
server_start() {
  SERVER_KIND=$1; local wait=${2:-60}
  it_tmpdir "dfs-it-$SERVER_KIND"; SERVER_DIR=$TMPD
  SERVER_LOG=$SERVER_DIR/server.log
  case $SERVER_KIND in
    dfs)
      dfs_locate || return 1
      NFS_PORT=$(free_port); MNT_PORT=$NFS_PORT; V3_PATH=/export
      mkdir -p "$SERVER_DIR/data"
      start_bg dfs "$SERVER_LOG" "$BIN/dfs" serve --data-dir "$SERVER_DIR/data" \
        --nfs-port "$NFS_PORT" --nfs-bind 127.0.0.1 --squash "${DFS_SQUASH:-none}" ${DFS_EXTRA_ARGS:-}
      SERVER_PID=$BG_PID
      if ! wait_port "$NFS_PORT" "$wait" "$SERVER_PID"; then
        if alive "$SERVER_PID"; then echo "dfs: port $NFS_PORT did not open within ${wait}s" >&2
        else wait "$SERVER_PID" 2>/dev/null; echo "dfs: exited before port $NFS_PORT opened" >&2; fi
        tail -25 "$SERVER_LOG" | sed 's/^/  dfs| /' >&2
        stop_pid "$SERVER_PID" dfs 5
        return 1
      fi ;;
    ganesha)
      need_cmd ganesha.nfsd gcc
      NFS_PORT=$(free_port); MNT_PORT=$(free_port)
      while [ "$MNT_PORT" = "$NFS_PORT" ]; do MNT_PORT=$(free_port); done
      V3_PATH=$SERVER_DIR/export; mkdir -p "$V3_PATH"
      SERVER_LOG=$SERVER_DIR/run/ganesha.log
      # our copy of the rig (see rigs/ganesha-loopback.sh): runs ganesha.nfsd -F in
      # the foreground, so start_bg's PID is the daemon itself
      GANESHA_FOREGROUND=1 RUN=$SERVER_DIR/run start_bg ganesha "$SERVER_DIR/launcher.log" \
        bash "$IT_RIGS/ganesha-loopback.sh" start "$V3_PATH" "$NFS_PORT" "$MNT_PORT"
      SERVER_PID=$BG_PID
      local i up=0
      for ((i=0; i<wait*10; i++)); do
        grep -q 'NFS SERVER INITIALIZED' "$SERVER_LOG" 2>/dev/null && port_open "$NFS_PORT" && port_open "$MNT_PORT" && { up=1; break; }
        alive "$SERVER_PID" || break
        sleep 0.1
      done
      if [ $up = 0 ]; then
        echo "ganesha did not come up within ${wait}s" >&2
        tail -20 "$SERVER_DIR/launcher.log" "$SERVER_LOG" 2>/dev/null | sed 's/^/  ganesha| /' >&2
        stop_pid "$SERVER_PID" ganesha 5
        return 1
      fi ;;
    *) die "unknown server kind '$SERVER_KIND' (dfs|ganesha)";;
  esac
  NFS_URL="nfs://127.0.0.1$V3_PATH"
  NFS_Q="?version=3&nfsport=$NFS_PORT&mountport=$MNT_PORT"
  it_log "$SERVER_KIND up: pid $SERVER_PID nfs=$NFS_PORT mount=$MNT_PORT path=$V3_PATH log=$SERVER_LOG"
}
server_stop() { stop_pid "$SERVER_PID" "$SERVER_KIND"; }
# check_server_stops [TIMEOUT]: SIGTERM must stop the server within TIMEOUT s (default
# STOP_TIMEOUT); then it is killed anyway.  A check, so a hanging shutdown is a failure.
check_server_stops() {
  local t=${1:-$STOP_TIMEOUT} t0 i st
  t0=$(now)
  kill -TERM "$SERVER_PID" 2>/dev/null
  for ((i=0; i<t*10; i++)); do alive "$SERVER_PID" || break; sleep 0.1; done
  if alive "$SERVER_PID"; then
    _fail "$SERVER_KIND stops on SIGTERM" "still running after ${t}s"
    server_log_tail 15
    echo "  pid $SERVER_PID: $(ps -o stat=,wchan:32=,nlwp=,rss= -p "$SERVER_PID" 2>/dev/null) (stat wchan threads rss-KiB)"
    grep -E '^(State|Threads|VmRSS)' /proc/"$SERVER_PID"/status 2>/dev/null | sed 's/^/    /'
    echo "  kernel stack:"; sed 's/^/    /' /proc/"$SERVER_PID"/stack 2>/dev/null | head -12
    echo "  threads (count name wchan state):"
    local tk; for tk in /proc/"$SERVER_PID"/task/*; do
      [ -e "$tk/comm" ] && echo "$(cat "$tk/comm" 2>/dev/null) $(cat "$tk/wchan" 2>/dev/null) $(awk '{print $3}' "$tk/stat" 2>/dev/null)"
    done | sort | uniq -c | sed 's/^/   /'
    echo "  open TCP sockets: $(ss -Htanp 2>/dev/null | grep -c "pid=$SERVER_PID,")"
    # how long does it really take? (bounded: STOP_EXTRA s more, then SIGKILL)
    for ((i=0; i<${STOP_EXTRA:-30}*10; i++)); do alive "$SERVER_PID" || break; sleep 0.1; done
    alive "$SERVER_PID" && echo "  still running $(elapsed "$t0")s after SIGTERM: SIGKILL" \
                        || echo "  it did exit on its own, $(elapsed "$t0")s after SIGTERM"
    stop_pid "$SERVER_PID" "$SERVER_KIND" 1
    return 1
  fi
  wait "$SERVER_PID" 2>/dev/null; st=$?
  stop_pid "$SERVER_PID" "$SERVER_KIND" 1
  _ok "$SERVER_KIND stops on SIGTERM in $(elapsed "$t0")s (exit status $st)"
}
server_alive() { alive "$SERVER_PID" && port_open "$NFS_PORT"; }
# server_log_tail [N] -> the last N lines of the server log, indented
server_log_tail() { tail -"${1:-30}" "$SERVER_LOG" 2>/dev/null | sed "s/^/  $SERVER_KIND| /"; }

# dfs_locate -> sets BIN (dir with dfs and the plugin .so files). Builds dfs and the
# plugins it loads when missing, unless DFS_BUILD=0.
dfs_locate() {
  if [ -z "${BIN:-}" ]; then
    command -v swift >/dev/null || { echo "dfs: swift not on PATH and BIN not set" >&2; return 1; }
    BIN=$(cd "$IT_ROOT" && swift build ${DFS_SCRATCH:+--scratch-path "$DFS_SCRATCH"} --show-bin-path 2>/dev/null) || return 1
  fi
  if [ ! -x "$BIN/dfs" ] || [ ! -e "$BIN/libAdapterNFS.so" ]; then
    [ "${DFS_BUILD:-1}" = 1 ] || { echo "dfs: $BIN/dfs or libAdapterNFS.so missing (DFS_BUILD=0)" >&2; return 1; }
    it_log "building dfs + plugins into $BIN (swift build${DFS_SCRATCH:+ --scratch-path $DFS_SCRATCH})"
    local p
    for p in dfs MetadataMemory PayloadFS PayloadMemory AdapterNFS; do
      (cd "$IT_ROOT" && swift build ${DFS_SCRATCH:+--scratch-path "$DFS_SCRATCH"} --product "$p" 2>&1 | grep -E 'error|warning: unre|Compiling.*failed' | head -20)
    done
    [ -x "$BIN/dfs" ] || { echo "dfs: build did not produce $BIN/dfs" >&2; return 1; }
  fi
  return 0
}

# wait_console REGEX SECONDS -> 0 once the qemu guest's console log ($LOG) has a
# matching line; gives up early when the guest ($QEMU_PID) has exited without one.
wait_console() {
  local i
  for ((i=0; i<$2*20; i++)); do
    grep -qE "$1" "$LOG" 2>/dev/null && return 0
    alive "$QEMU_PID" || { grep -qE "$1" "$LOG" 2>/dev/null; return; }
    sleep 0.05
  done
  return 1
}

# dfs_managed_env: what a test of the managed server (`dfs start` + dfsctl) needs, in WD:
# CFG, DATA, three distinct free ports (API_PORT, NFS_PORT, METRICS_PORT), API (its URL),
# DFSCTL_CONFIG and DFS_ADMIN_PASSWORD (exported), the functions CTL (dfsctl) and DFS
# (dfs with --config), and a cleanup that stops the server.
dfs_managed_env() {
  CFG=$WD/dfs.yaml; DATA=$WD/data
  API_PORT=$(free_port); NFS_PORT=$(free_port); METRICS_PORT=$(free_port)
  while [ "$NFS_PORT" = "$API_PORT" ]; do NFS_PORT=$(free_port); done
  while [ "$METRICS_PORT" = "$API_PORT" ] || [ "$METRICS_PORT" = "$NFS_PORT" ]; do METRICS_PORT=$(free_port); done
  API=http://127.0.0.1:$API_PORT
  export DFSCTL_CONFIG=$WD/dfsctl.json
  export DFS_ADMIN_PASSWORD=admin-$RANDOM-$RANDOM
  CTL() { "$BIN/dfsctl" "$@"; }
  DFS() { "$BIN/dfs" "$@" --config "$CFG"; }
  it_on_cleanup "'$BIN/dfs' stop --config '$CFG' --force --timeout 10 >/dev/null 2>&1"
}

# dfs_managed_up: after dfs_managed_env, the checked set-up of a managed server with a
# kernel-client handshake share: dfs init, loopback ports, start --daemon, NFS listening,
# dfsctl login as admin, /export with squash none (the guest writes there as root).
dfs_managed_up() {
  check "dfs init" "$BIN/dfs" init --config "$CFG" --data-dir "$DATA" --api-port "$API_PORT"
  dfs_config_loopback "$CFG" "$NFS_PORT" "$METRICS_PORT" || die "cannot set the test ports in $CFG"
  check "dfs start --daemon" DFS start --daemon || die "dfs did not start"
  check "NFS listens" wait_port "$NFS_PORT" 30
  check "dfsctl login" bash -c "'$BIN/dfsctl' login --server '$API' --username admin --password-stdin <<< '$DFS_ADMIN_PASSWORD'"
  check "/export squash none (handshake share; the guest writes as root)" CTL share update /export --squash none
}

# say N: tell a kernel-client guest "go N" (guest/handshake.sh's wait_go): writes
# .ctl-go-N into /export with libnfs (NFS_PORT, WD), as a counted check.
say() {
  [ -e "$WD/go" ] || echo go > "$WD/go"
  check "told the guest: go $1" timeout 60 nfs-cp "$WD/go" \
    "nfs://127.0.0.1/export/.ctl-go-$1?version=3&nfsport=$NFS_PORT&mountport=$NFS_PORT"
}

# dfs_config_loopback CFG NFS_PORT METRICS_PORT: point a config written by `dfs init`
# at loopback test ports: the first start's NFS adapter on 127.0.0.1:NFS_PORT (0: any
# free port) and the metrics on METRICS_PORT. Fails when the file did not take them.
dfs_config_loopback() {
  sed -i -e "s/^  nfs_port: .*/  nfs_port: $2/" -e 's/^  nfs_bind: .*/  nfs_bind: "127.0.0.1"/' \
         -e "/^metrics:/,/^[a-z]/ s/^  port: .*/  port: $3/" "$1"
  grep -q "^  nfs_port: $2\$" "$1" && grep -q "^  port: $3\$" "$1"
}
