# Guest side of the host -> guest handshake of the kernel-client suites: the host's
# `say N` (lib.sh) writes .ctl-go-N into /export, mounted at /mnt/nfs by the rig.
# Prepended to a guest script (which defines `up` and `bad`).
wait_go() { # wait_go N: until the host writes .ctl-go-N into /export (at most ~300 s)
  echo "RIG: phase $1 ready at $(up)s"
  i=0
  while [ $i -lt 300 ]; do
    timeout -s KILL 10 test -e /mnt/nfs/.ctl-go-$1 && { echo "RIG: go $1 at $(up)s"; return 0; }
    sleep 1; i=$((i+1))
  done
  bad "no 'go $1' from the host"; return 1
}
