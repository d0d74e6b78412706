#!/bin/sh
# Build libc-memstore.so, the plain-C example metadata store.
#   ./build.sh [OUT_DIR]     (default: this script's directory)
# Works from any working directory; needs a C11 compiler as `cc` (or $CC).
set -eu
HERE=$(CDPATH= cd -- "$(dirname -- "$0")" && pwd)
REPO=$(CDPATH= cd -- "$HERE/../../.." && pwd)
OUT=${1:-$HERE}
mkdir -p "$OUT"
OUT=$(CDPATH= cd -- "$OUT" && pwd)
CC=${CC:-cc}
"$CC" -std=c11 -Wall -Wextra -Werror -O2 -shared -fPIC -fvisibility=hidden \
    -I"$REPO/Sources/PluginABI/include" \
    -o "$OUT/libc-memstore.so" \
    "$HERE/memstore.c" "$HERE/txn.c" "$HERE/map.c" "$HERE/config.c" -lpthread
echo "built $OUT/libc-memstore.so"
