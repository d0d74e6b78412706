#!/usr/bin/env python3
"""phase-server.py: tell a qemu guest which phase it may enter, outside NFS.

  phase-server.py FILE PORT

Listens on 127.0.0.1:PORT (the guest reaches it as 10.0.2.2:PORT through qemu's user
network) and answers every connection with the content of FILE (e.g. "2\n", written by
the host with `echo 2 > FILE`), then closes it. For tests whose NFS mount is slow on
purpose (a store outage fills the client's request queue), where a handshake file on the
mount would arrive late. Only the standard library; foreground until killed.
"""
import socket
import sys


def main(argv):
    if len(argv) != 3:
        print(__doc__, file=sys.stderr)
        return 2
    path, port = argv[1], int(argv[2])
    s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    s.listen(16)
    while True:
        c, _ = s.accept()
        try:
            try:
                with open(path, "rb") as f:
                    data = f.read()
            except OSError:
                data = b"0\n"
            c.sendall(data)
        except OSError:
            pass
        finally:
            c.close()


if __name__ == "__main__":
    sys.exit(main(sys.argv))
