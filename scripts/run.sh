#!/usr/bin/env bash
# The run command of the README: build (release) and start dfs on the
# embedded default, in the foreground. Extra arguments go to `dfs start`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
bash scripts/deps.sh
source scripts/lib.sh
quiet_build -c release
exec .build/release/dfs start "$@"
