#!/usr/bin/env bash
# The run command of the README: build (release) and start dfs on the
# embedded default, in the foreground. Extra arguments go to `dfs start`.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH=/opt/swift/usr/bin:$PATH
bash scripts/deps.sh
swift build -c release 2>&1 | grep -vE '^\[[0-9]+/[0-9]+\] (Compiling|Emitting|Linking|Write)'
exec .build/release/dfs start "$@"
