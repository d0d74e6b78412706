#!/usr/bin/env bash
# Install the Debian packages the build and the tests need (idempotent).
# libcurl4: Foundation's URLSession (dfsctl) loads it at run time.
# Runs apt-get only when something is missing. Needs root (or sudo).
set -euo pipefail

PKGS=(gcc libc6-dev librocksdb-dev libpq-dev libsqlite3-dev postgresql libcurl4 libcurl4-openssl-dev libssl-dev curl python3 python3-pip)

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "deps: installing ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
# moto_server: the in-memory S3 service PayloadS3's tests use (Tests/Integration/moto.sh).
if ! command -v moto_server >/dev/null; then
  echo "deps: pip install 'moto[server]'"
  python3 -m pip install -q 'moto[server]' 2>/dev/null || python3 -m pip install -q --break-system-packages 'moto[server]' \
    || { echo "deps: pip install 'moto[server]' failed"; exit 1; }
fi
command -v swift >/dev/null || { echo "deps: swift is not on PATH (expected /opt/swift/usr/bin)"; exit 1; }
