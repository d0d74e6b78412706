#!/usr/bin/env bash
# Property-based API conformance test (run by api-conformance.sh from scripts/test.sh).
#
#   bash Tests/Integration/schemathesis.sh BASE_URL ADMIN_PASSWORD
#   bash Tests/Integration/schemathesis.sh --deps      # only install schemathesis
#
# Logs in as admin against a RUNNING server (BASE_URL like http://127.0.0.1:18080), then runs
# schemathesis on the server's own document (BASE_URL/api/v1/openapi.json) with the access
# token, checking every response: no 5xx (not_a_server_error), only documented status codes
# (status_code_conformance), documented content types (content_type_conformance) and bodies
# that match their schemas (response_schema_conformance). Bounded: MAX_EXAMPLES test cases
# per operation and a hard TIMEOUT (a run that hits it fails).
#
# Operations that would lock the test (or what runs after it) out are excluded: deleting
# users, logging out (ends the test's session), changing or resetting passwords and roles
# (PATCH /users/{name}), enabling,
# disabling or reconfiguring adapters (they rebind ports), changing settings (token
# lifetimes, login limits, log level).
#
# Login is fuzzed too, so the failed-login limit of the test's address may be reached (429 is
# documented): a later login must wait up to a minute (this script waits once itself).
#
# Prints "schemathesis: N passed, M failed" (operations without / with a failure; an error
# such as a timeout counts as failed) and exits 0 only when M is 0.
# Knobs (env): MAX_EXAMPLES (25), TIMEOUT (170 s), WORKERS (1: more threads trip a CPython
# 3.11 ast error inside hypothesis), MODE (all|positive|negative; all), PHASES
# (examples,coverage,fuzzing), SEED, REPORT_DIR (kept when set), SCHEMATHESIS (the command),
# EXTRA_ARGS (more schemathesis arguments, word-split).
set -euo pipefail

SCHEMATHESIS_SPEC='schemathesis>=4.3,<5'   # the CLI below is schemathesis 4's
SCHEMATHESIS=${SCHEMATHESIS:-schemathesis}

# Install schemathesis (idempotent: pip runs only when the command is missing or not 4.x).
deps() {
  local v
  v=$("$SCHEMATHESIS" --version 2>/dev/null | grep -Eo '[0-9]+\.[0-9]+(\.[0-9]+)?' | head -1 || true)
  case "$v" in
    4.*) return 0 ;;
  esac
  command -v python3 >/dev/null || { echo "schemathesis: FAIL python3 is missing (bash Tests/Integration/deps.sh python3)"; return 1; }
  echo "deps: installing $SCHEMATHESIS_SPEC${v:+ (found $v)}"
  timeout 900 python3 -m pip install --quiet --disable-pip-version-check "$SCHEMATHESIS_SPEC" \
    || { echo "schemathesis: FAIL pip install $SCHEMATHESIS_SPEC"; return 1; }
  hash -r
  v=$("$SCHEMATHESIS" --version 2>/dev/null | grep -Eo '[0-9]+\.[0-9]+(\.[0-9]+)?' | head -1 || true)
  case "$v" in
    4.*) echo "deps: ok (schemathesis $v)" ;;
    *) echo "schemathesis: FAIL '$SCHEMATHESIS --version' says '${v:-nothing}' after the install (PATH?)"; return 1 ;;
  esac
}

if [ "${1:-}" = "--deps" ]; then deps; exit; fi
if [ $# -ne 2 ] || [ -z "$1" ]; then
  echo "usage: $0 BASE_URL ADMIN_PASSWORD   (or: $0 --deps)" >&2
  exit 2
fi
BASE=${1%/}
PASSWORD=$2
MAX_EXAMPLES=${MAX_EXAMPLES:-25}
TIMEOUT=${TIMEOUT:-170}
WORKERS=${WORKERS:-1}
MODE=${MODE:-all}
PHASES=${PHASES:-examples,coverage,fuzzing}

deps || { echo "schemathesis: 0 passed, 1 failed"; exit 1; }
command -v curl >/dev/null || { echo "schemathesis: FAIL curl is missing"; echo "schemathesis: 0 passed, 1 failed"; exit 1; }

KEEP_REPORT=${REPORT_DIR:+1}
REPORT_DIR=${REPORT_DIR:-$(mktemp -d "${TMPDIR:-/tmp}/dfs-schemathesis.XXXXXX")}
mkdir -p "$REPORT_DIR"
REPORT_DIR=$(cd "$REPORT_DIR" && pwd)
cd "$REPORT_DIR"   # schemathesis keeps a .schemathesis/ folder in the working directory
[ -n "$KEEP_REPORT" ] || trap 'rm -rf "$REPORT_DIR"' EXIT

fail() { echo "schemathesis: FAIL $*"; echo "schemathesis: 0 passed, 1 failed"; exit 1; }

# --- log in (the password goes through python's json encoder, never through the shell)
login_body=$(PASSWORD="$PASSWORD" python3 -c 'import json, os; print(json.dumps({"username": "admin", "password": os.environ["PASSWORD"]}))')
login() {
  curl -sS --max-time 20 -o "$REPORT_DIR/login.json" -D "$REPORT_DIR/login.headers" -w '%{http_code}' \
    -H 'Content-Type: application/json' --data-binary "$login_body" "$BASE/api/v1/auth/login"
}
code=$(login) || fail "cannot reach $BASE/api/v1/auth/login"
if [ "$code" = 429 ]; then
  # an earlier run (login is fuzzed) used up the failed-login limit: wait once, bounded
  wait_s=$(tr -d '\r' < "$REPORT_DIR/login.headers" | awk -F': *' 'tolower($1) == "retry-after" { print $2 }' | head -1)
  [[ "$wait_s" =~ ^[0-9]+$ ]] && [ "$wait_s" -le 65 ] || wait_s=65
  echo "schemathesis: login limited (429), retrying in ${wait_s}s"
  sleep "$wait_s"
  code=$(login) || fail "cannot reach $BASE/api/v1/auth/login"
fi
[ "$code" = 200 ] || fail "login as admin answered HTTP $code: $(head -c 300 "$REPORT_DIR/login.json")"
TOKEN=$(python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["accessToken"])' "$REPORT_DIR/login.json" 2>/dev/null) \
  || fail "login reply has no accessToken: $(head -c 300 "$REPORT_DIR/login.json")"
code=$(curl -sS --max-time 20 -o "$REPORT_DIR/openapi.json" -w '%{http_code}' "$BASE/api/v1/openapi.json") \
  || fail "cannot fetch $BASE/api/v1/openapi.json"
[ "$code" = 200 ] || fail "GET /api/v1/openapi.json answered HTTP $code"

# --- run
args=(run "$BASE/api/v1/openapi.json" --url "$BASE"
  --header "Authorization: Bearer $TOKEN"
  --checks not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
  --max-examples "$MAX_EXAMPLES" --mode "$MODE" --phases "$PHASES" --workers "$WORKERS"
  --generation-with-security-parameters false --generation-database none
  --suppress-health-check filter_too_much,too_slow
  --request-timeout 20 --no-color
  --report junit,ndjson --report-dir "$REPORT_DIR"
  --report-junit-path "$REPORT_DIR/junit.xml" --report-ndjson-path "$REPORT_DIR/events.ndjson"
  --exclude-operation-id deleteUser
  --exclude-operation-id updateUser
  --exclude-operation-id changeOwnPassword
  --exclude-operation-id logout
  --exclude-operation-id enableAdapter
  --exclude-operation-id disableAdapter
  --exclude-operation-id updateAdapter
  --exclude-operation-id putSetting)
[ -z "${SEED:-}" ] || args+=(--seed "$SEED")
# shellcheck disable=SC2206
[ -z "${EXTRA_ARGS:-}" ] || args+=($EXTRA_ARGS)

echo "schemathesis: $BASE, $MAX_EXAMPLES examples per operation, mode $MODE, phases $PHASES, timeout ${TIMEOUT}s"
set +e
timeout --kill-after=10 "$TIMEOUT" "$SCHEMATHESIS" "${args[@]}" 2>&1 | tee "$REPORT_DIR/output.txt"
rc=${PIPESTATUS[0]}
set -e
[ -n "$KEEP_REPORT" ] && echo "schemathesis: reports in $REPORT_DIR"

# --- count operations from the JUnit report (one testcase per operation)
counts=$(python3 - "$REPORT_DIR/junit.xml" <<'EOF'
import sys, xml.etree.ElementTree as ET
try:
    cases = list(ET.parse(sys.argv[1]).getroot().iter("testcase"))
except (OSError, ET.ParseError):
    print("0 0 0"); sys.exit()
bad = sum(1 for c in cases if c.find("failure") is not None or c.find("error") is not None)
skipped = sum(1 for c in cases if c.find("skipped") is not None)
print(len(cases) - bad - skipped, bad, skipped)
EOF
)
read -r passed failed skipped <<<"$counts"
if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
  echo "schemathesis: FAIL the run took longer than ${TIMEOUT}s"
  failed=$((failed + 1))
elif [ "$rc" != 0 ] && [ "$failed" = 0 ]; then
  echo "schemathesis: FAIL schemathesis exited with $rc (see its output above)"
  failed=1
fi
if [ "$passed" = 0 ] && [ "$failed" = 0 ]; then
  echo "schemathesis: FAIL no operation was tested"
  failed=1
fi
# the test's session must have lasted the whole run: an operation that ends it (like
# logout) would turn every later case into a 401 that passes as "documented"
code=$(curl -sS --max-time 20 -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $TOKEN" "$BASE/api/v1/users/me") || code=000
if [ "$code" != 200 ]; then
  echo "schemathesis: FAIL the test's access token no longer works after the run (HTTP $code): later cases ran unauthenticated"
  failed=$((failed + 1))
fi
echo "schemathesis: $passed passed, $failed failed${skipped:+ ($skipped skipped)}"
[ "$failed" = 0 ]
