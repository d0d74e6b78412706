# Shared shell helpers for scripts/*.sh (sourced).

# `swift build "$@"` without the per-file progress lines; fails like swift build.
quiet_build() {
  local log rc
  log=$(mktemp)
  set +e
  swift build "$@" >"$log" 2>&1
  rc=$?
  set -e
  grep -vE '^\[[0-9]+/[0-9]+\] (Compiling|Emitting|Linking|Write|Merging|Planning)' "$log" || true
  rm -f "$log"
  if [ $rc != 0 ]; then echo "swift build $* failed (exit $rc)"; return $rc; fi
}
