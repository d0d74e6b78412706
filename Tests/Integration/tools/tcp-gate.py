#!/usr/bin/env python3
"""tcp-gate.py: a switchable TCP forwarder, to take a server "down" without
stopping it (e.g. moto, which keeps its data in memory).

  tcp-gate.py run DIR LISTEN_PORT TARGET_PORT   forward 127.0.0.1:LISTEN_PORT to
        127.0.0.1:TARGET_PORT (foreground; start it in the background). DIR holds the
        control files: DIR/want (written by `set`), DIR/state (written by the gate once a
        state is in effect), DIR/stats (connections and bytes, rewritten every 0.5 s).
  tcp-gate.py set DIR up|down|hang [TIMEOUT]   ask for a state and wait (default 10 s)
        until the gate reports it; exit 1 when it does not.

States:
  up    the listener is open and connections are forwarded both ways.
  down  the listener is closed (new connects are refused) and every live connection
        is dropped with a reset (SO_LINGER 0).
  hang  the listener is open and accepts, but nothing is forwarded any more, in either
        direction, on new or live connections: requests wait for an answer that never
        comes (until `up`, which resumes the live connections, or `down`).

Only the standard library; one thread per direction of each connection. Bounded
everywhere: `set` waits at most TIMEOUT; the gate polls DIR/want every 50 ms.
"""
import os
import socket
import struct
import sys
import threading
import time

STATES = ("up", "down", "hang")


def write_atomic(path, text):
    tmp = path + ".tmp"
    with open(tmp, "w") as f:
        f.write(text)
    os.replace(tmp, path)


class Gate:
    def __init__(self, d, listen_port, target_port):
        self.dir, self.listen_port, self.target_port = d, listen_port, target_port
        self.lock = threading.Lock()
        self.state = "up"
        self.resumed = threading.Condition(self.lock)
        self.conns = set()          # live sockets (both ends)
        self.listener = None
        self.accepted = 0
        self.refused_by_target = 0
        self.dropped = 0
        self.bytes_up = 0           # client -> target
        self.bytes_down = 0         # target -> client

    # ---- listener ---------------------------------------------------------------------
    def open_listener(self):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        for _ in range(100):        # the port may linger briefly after a close
            try:
                s.bind(("127.0.0.1", self.listen_port))
                break
            except OSError:
                time.sleep(0.05)
        else:
            raise SystemExit(f"tcp-gate: cannot bind 127.0.0.1:{self.listen_port}")
        s.listen(128)
        self.listener = s
        threading.Thread(target=self.accept_loop, args=(s,), daemon=True).start()

    def close_listener(self):
        s, self.listener = self.listener, None
        if s is not None:
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            s.close()

    def accept_loop(self, ls):
        while True:
            try:
                c, _ = ls.accept()
            except OSError:
                return              # listener closed
            with self.lock:
                if self.state == "down":
                    self.reset(c)
                    continue
                self.accepted += 1
            try:
                t = socket.create_connection(("127.0.0.1", self.target_port), timeout=5)
                t.settimeout(None)
            except OSError:
                with self.lock:
                    self.refused_by_target += 1
                self.reset(c)
                continue
            with self.lock:
                self.conns.update((c, t))
            threading.Thread(target=self.pump, args=(c, t, "up"), daemon=True).start()
            threading.Thread(target=self.pump, args=(t, c, "down"), daemon=True).start()

    # ---- connections ------------------------------------------------------------------
    @staticmethod
    def reset(s):
        try:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        except OSError:
            pass
        try:
            s.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass
        s.close()

    def pump(self, src, dst, direction):
        try:
            while True:
                data = src.recv(65536)
                if not data:
                    break
                with self.lock:
                    # hang: hold the bytes until the gate opens again (or drops us)
                    while self.state == "hang" and src in self.conns:
                        self.resumed.wait(0.5)
                    if src not in self.conns:
                        break
                    if direction == "up":
                        self.bytes_up += len(data)
                    else:
                        self.bytes_down += len(data)
                dst.sendall(data)
        except OSError:
            pass
        with self.lock:
            gone = src in self.conns
            self.conns.discard(src)
            self.conns.discard(dst)
        if gone:
            try:
                dst.shutdown(socket.SHUT_WR)
            except OSError:
                pass
            src.close()
            dst.close()

    def drop_all(self):
        with self.lock:
            live = list(self.conns)
            self.conns.clear()
            self.dropped += len(live) // 2
            self.resumed.notify_all()
        for s in live:
            self.reset(s)

    # ---- control ----------------------------------------------------------------------
    def apply(self, want):
        if want == "down":
            self.close_listener()
            with self.lock:
                self.state = "down"
            self.drop_all()
        elif want == "hang":
            with self.lock:
                self.state = "hang"
            if self.listener is None:
                self.open_listener()
        else:
            if self.listener is None:
                self.open_listener()
            with self.lock:
                self.state = "up"
                self.resumed.notify_all()
        write_atomic(os.path.join(self.dir, "state"), want + "\n")

    def stats(self):
        with self.lock:
            return (f"state {self.state}\naccepted {self.accepted}\nlive {len(self.conns) // 2}\n"
                    f"dropped {self.dropped}\ntarget_refused {self.refused_by_target}\n"
                    f"bytes_up {self.bytes_up}\nbytes_down {self.bytes_down}\n")

    def run(self):
        self.open_listener()
        want_path = os.path.join(self.dir, "want")
        write_atomic(want_path, "up\n")
        write_atomic(os.path.join(self.dir, "state"), "up\n")
        last_stats = 0.0
        while True:
            try:
                with open(want_path) as f:
                    want = f.read().strip()
            except OSError:
                want = self.state
            if want in STATES and want != self.state:
                self.apply(want)
            now = time.monotonic()
            if now - last_stats >= 0.5:
                write_atomic(os.path.join(self.dir, "stats"), self.stats())
                last_stats = now
            time.sleep(0.05)


def main(argv):
    if len(argv) >= 5 and argv[1] == "run":
        d = argv[2]
        os.makedirs(d, exist_ok=True)
        Gate(d, int(argv[3]), int(argv[4])).run()
        return 0
    if len(argv) in (4, 5) and argv[1] == "set" and argv[3] in STATES:
        d, want = argv[2], argv[3]
        timeout = float(argv[4]) if len(argv) == 5 else 10.0
        write_atomic(os.path.join(d, "want"), want + "\n")
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            try:
                with open(os.path.join(d, "state")) as f:
                    if f.read().strip() == want:
                        return 0
            except OSError:
                pass
            time.sleep(0.05)
        print(f"tcp-gate: state '{want}' not reached within {timeout}s", file=sys.stderr)
        return 1
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
