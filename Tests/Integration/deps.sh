#!/usr/bin/env bash
# Install the Debian packages the real-client integration tests and bench/nfs need
# (idempotent). Runs apt-get only when something is missing (checked with dpkg-query),
# runs `apt-get update` at most once, and waits for the dpkg lock (other engineers
# share the machine) instead of failing on it. Needs root (or sudo).
#   qemu-system-x86 busybox-static cpio kmod bc  -> rigs/qemu-nfs-mount.sh (kernel client)
#   libnfs-utils libnfs-dev                      -> nfs-cp/nfs-ls/nfs-stat + C API (tools/, bench/nfs)
#   nfs-ganesha nfs-ganesha-vfs                  -> peer server (rigs/ganesha-loopback.sh)
#   gcc libc6-dev pkg-config                     -> tools/*.c, bench/nfs/nfsbench.c, the ganesha shim
#   iperf3                                       -> loopback TCP baseline in bench/nfs/run.sh
#   python3 coreutils procps iproute2            -> port picking, sha256sum, ss
set -euo pipefail

PKGS=(qemu-system-x86 busybox-static cpio kmod bc
      libnfs-utils libnfs-dev
      nfs-ganesha nfs-ganesha-vfs
      gcc libc6-dev pkg-config
      iperf3 python3 coreutils procps iproute2)
[ $# -gt 0 ] && PKGS=("$@")   # allow "deps.sh pkg..." for a subset

missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]} == 0)); then
  exit 0
fi
echo "deps: installing ${missing[*]}"
SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
APT_OPTS=(-o DPkg::Lock::Timeout=600 -o Acquire::Retries=3)
# update once, and only when the package lists are missing or a package is unknown to them
need_update=0
[ -n "$(ls -A /var/lib/apt/lists 2>/dev/null | grep -v -e '^lock$' -e '^partial$' -e '^auxfiles$')" ] || need_update=1
if [ $need_update = 0 ]; then
  for p in "${missing[@]}"; do
    apt-cache show "$p" >/dev/null 2>&1 || { need_update=1; break; }
  done
fi
if [ $need_update = 1 ]; then
  $SUDO timeout 900 apt-get "${APT_OPTS[@]}" update -qq
fi
# iperf3's postinst asks whether to start a daemon: keep it non-interactive and off
echo "iperf3 iperf3/start_daemon boolean false" | $SUDO debconf-set-selections 2>/dev/null || true
DEBIAN_FRONTEND=noninteractive $SUDO timeout 1800 apt-get "${APT_OPTS[@]}" install -y -qq \
  --no-install-recommends "${missing[@]}"
# nfs-ganesha's package may start a system daemon on 2049 (not wanted; we run our own
# on loopback). Debian containers have no init running it, but make sure: policy-rc.d
# is not ours to change, so just report.
still=()
for p in "${missing[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || still+=("$p")
done
if ((${#still[@]})); then echo "deps: FAILED to install ${still[*]}" >&2; exit 1; fi
echo "deps: ok"
