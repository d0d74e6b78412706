#!/usr/bin/env python3
"""Robustness checks for the NFS adapter's RPC layer (Python 3 stdlib only).

Talks raw ONC RPC over TCP (RFC 5531 record marking) to a running server and
checks that bad input gets the right protocol answer or a clean close, never
a crash or a hang, and that the server still answers afterwards:

  * a record over the maximum size            -> connection closed
  * a truncated record, then close            -> server survives
  * random bytes                              -> closed or ignored, server survives
  * unknown program                           -> PROG_UNAVAIL
  * NFS v2 / v4, MOUNT v1                     -> PROG_MISMATCH 3..3
  * unknown NFS3 / MOUNT3 procedure           -> PROC_UNAVAIL
  * GETATTR with garbage arguments            -> GARBAGE_ARGS
  * RPC version 3                             -> MSG_DENIED RPC_MISMATCH 2..2
  * AUTH_DH credential                        -> MSG_DENIED AUTH_ERROR
  * 100 pipelined NULL calls on one connection -> 100 replies, xids matched
  * 50 concurrent connections                 -> each answered
  * duplicate request cache: a retransmitted CREATE / REMOVE (same xid, same
    bytes) gets the first reply again instead of running twice
  * finally: NFS NULL and MOUNT NULL still answered

Usage: nfs-garbage.py [--host 127.0.0.1] [--port 12049] [--export /export] [--timeout 10]
Exit status 0 when every check passed; 1 otherwise (each failure printed).
"""
import argparse
import os
import socket
import struct
import sys
import threading

NFS_PROG, NFS_VERS = 100003, 3
MOUNT_PROG, MOUNT_VERS = 100005, 3
AUTH_NONE, AUTH_SYS, AUTH_DH = 0, 1, 3

ACCEPT_STAT = {0: "SUCCESS", 1: "PROG_UNAVAIL", 2: "PROG_MISMATCH", 3: "PROC_UNAVAIL",
               4: "GARBAGE_ARGS", 5: "SYSTEM_ERR"}

failures = []


def check(ok, what, detail=""):
    if ok:
        print(f"ok    {what}")
    else:
        print(f"FAIL  {what}: {detail}")
        failures.append(what)


def auth_sys(uid=0, gid=0, machine=b"garbage-test"):
    pad = (4 - len(machine) % 4) % 4
    body = struct.pack(">II", 0, len(machine)) + machine + b"\0" * pad + struct.pack(">III", uid, gid, 0)
    return struct.pack(">II", AUTH_SYS, len(body)) + body


def call(xid, prog, vers, proc, args=b"", cred=None, rpcvers=2):
    cred = auth_sys() if cred is None else cred
    verf = struct.pack(">II", AUTH_NONE, 0)
    return struct.pack(">IIIIII", xid, 0, rpcvers, prog, vers, proc) + cred + verf + args


def frame(msg):
    return struct.pack(">I", 0x80000000 | len(msg)) + msg


class Conn:
    def __init__(self, host, port, timeout):
        self.s = socket.create_connection((host, port), timeout=timeout)
        self.s.settimeout(timeout)
        self.buf = b""

    def send(self, data):
        self.s.sendall(data)

    def _fill(self, n):
        while len(self.buf) < n:
            chunk = self.s.recv(65536)
            if not chunk:
                raise EOFError("connection closed")
            self.buf += chunk

    def record(self):
        """One reply record (fragments joined)."""
        out = b""
        while True:
            self._fill(4)
            (mark,) = struct.unpack(">I", self.buf[:4])
            n = mark & 0x7FFFFFFF
            self._fill(4 + n)
            out += self.buf[4:4 + n]
            self.buf = self.buf[4 + n:]
            if mark & 0x80000000:
                return out

    def closed_by_peer(self):
        """True when the server closes the connection (EOF or reset) in time."""
        try:
            while True:
                if not self.s.recv(65536):
                    return True
        except (ConnectionResetError, BrokenPipeError):
            return True
        except socket.timeout:
            return False

    def close(self):
        try:
            self.s.close()
        except OSError:
            pass


def parse_reply(rec):
    """-> dict with xid, and either accept (name, extra words) or deny."""
    xid, mtype, rstat = struct.unpack(">III", rec[:12])
    r = {"xid": xid, "mtype": mtype}
    if rstat == 0:  # MSG_ACCEPTED: verifier, accept_stat
        _flavor, vlen = struct.unpack(">II", rec[12:20])
        off = 20 + ((vlen + 3) & ~3)
        (astat,) = struct.unpack(">I", rec[off:off + 4])
        r["accept"] = ACCEPT_STAT.get(astat, str(astat))
        r["body"] = rec[off + 4:]
    else:  # MSG_DENIED
        words = struct.unpack(">" + "I" * ((len(rec) - 12) // 4), rec[12:12 + (len(rec) - 12) // 4 * 4])
        r["deny"] = words
    return r


def roundtrip(args, msg):
    c = Conn(args.host, args.port, args.timeout)
    try:
        c.send(frame(msg))
        return parse_reply(c.record())
    finally:
        c.close()


def alive(args, what):
    try:
        r = roundtrip(args, call(0xA11CE, NFS_PROG, NFS_VERS, 0))
        check(r.get("accept") == "SUCCESS" and r["xid"] == 0xA11CE, f"server alive after {what}", str(r))
    except Exception as e:  # noqa: BLE001
        check(False, f"server alive after {what}", repr(e))


def expect_accept(args, what, msg, want, extra=None):
    try:
        r = roundtrip(args, msg)
    except Exception as e:  # noqa: BLE001
        return check(False, what, repr(e))
    ok = r.get("accept") == want
    if ok and extra is not None:
        got = struct.unpack(">II", r["body"][:8]) if len(r["body"]) >= 8 else None
        ok = got == extra
        return check(ok, what, f"want {want} {extra}, got {r.get('accept')} {got}")
    check(ok, what, f"want {want}, got {r}")


def xdr_opaque(b):
    return struct.pack(">I", len(b)) + b + b"\0" * ((4 - len(b) % 4) % 4)


def nfs_status(rec):
    r = parse_reply(rec)
    return struct.unpack(">I", r["body"][:4])[0] if r.get("accept") == "SUCCESS" else None


def drc_check(args):
    """A retransmission (same xid, same bytes, same connection port) of CREATE and
    REMOVE must get the first reply back, not run again (which would answer
    NFS3ERR_EXIST / NFS3ERR_NOENT)."""
    c = Conn(args.host, args.port, args.timeout)
    try:
        c.send(frame(call(40, MOUNT_PROG, MOUNT_VERS, 1, xdr_opaque(args.export.encode()))))
        body = parse_reply(c.record())["body"]
        (mstat,) = struct.unpack(">I", body[:4])
        if mstat != 0:
            return check(False, "DRC check: MNT " + args.export, f"mountstat3 {mstat}")
        (fl,) = struct.unpack(">I", body[4:8])
        root = body[8:8 + fl]
        name = ("drc-%d" % os.getpid()).encode()
        sattr = struct.pack(">IIIIIII", 1, 0o644, 0, 0, 0, 0, 0)  # mode only
        create = call(0xD0C0, NFS_PROG, NFS_VERS, 8, xdr_opaque(root) + xdr_opaque(name) + struct.pack(">I", 1) + sattr)
        c.send(frame(create))
        first = c.record()
        c.send(frame(create))
        again = c.record()
        check(first == again, "retransmitted CREATE gets the same reply", f"{nfs_status(first)} vs {nfs_status(again)}")
        if nfs_status(first) != 0:
            return check(False, "DRC check: CREATE in " + args.export, f"nfsstat3 {nfs_status(first)} (server squashing root?)")
        fresh = call(0xD0C1, NFS_PROG, NFS_VERS, 8, xdr_opaque(root) + xdr_opaque(name) + struct.pack(">I", 1) + sattr)
        c.send(frame(fresh))
        check(nfs_status(c.record()) == 17, "a new GUARDED CREATE of the same name -> NFS3ERR_EXIST")
        remove = call(0xD0C2, NFS_PROG, NFS_VERS, 12, xdr_opaque(root) + xdr_opaque(name))
        c.send(frame(remove))
        first = c.record()
        c.send(frame(remove))
        again = c.record()
        check(nfs_status(first) == 0 and first == again, "retransmitted REMOVE gets the same NFS3_OK",
              f"{nfs_status(first)} vs {nfs_status(again)}")
    finally:
        c.close()


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=12049)
    p.add_argument("--export", default="/export", help="export to MOUNT for the DRC check")
    p.add_argument("--timeout", type=float, default=10.0)
    args = p.parse_args()

    alive(args, "nothing (baseline)")

    # 1. A record over the maximum size: a fragment claiming ~2 GiB.
    c = Conn(args.host, args.port, args.timeout)
    try:
        c.send(struct.pack(">I", 0xFFFFFFF0) + os.urandom(1024))
        check(c.closed_by_peer(), "oversized record closes the connection", "still open after timeout")
    finally:
        c.close()
    # ... and one assembled from many fragments (each small, total too big).
    c = Conn(args.host, args.port, args.timeout)
    try:
        chunk = struct.pack(">I", 1 << 20) + b"\0" * (1 << 20)  # not-last fragments of 1 MiB
        closed = False
        for _ in range(80):  # 80 MiB, far over any sane maximum
            try:
                c.send(chunk)
            except (BrokenPipeError, ConnectionResetError):
                closed = True
                break
            except socket.timeout:
                break  # the server stopped reading: see whether it closes
        check(closed or c.closed_by_peer(), "record over the maximum in fragments closes the connection")
    finally:
        c.close()
    alive(args, "oversized records")

    # 2. A truncated record, then close.
    c = Conn(args.host, args.port, args.timeout)
    c.send(struct.pack(">I", 0x80000000 | 200) + call(7, NFS_PROG, NFS_VERS, 0)[:30])
    c.close()
    alive(args, "truncated record")

    # 3. Random bytes (a valid-looking small mark first so they reach the RPC layer, then pure noise).
    for i in range(3):
        c = Conn(args.host, args.port, args.timeout)
        try:
            noise = os.urandom(64)
            c.send(frame(noise) + os.urandom(4096))
            c.s.settimeout(1.0)
            try:
                c.closed_by_peer()
            except OSError:
                pass
        finally:
            c.close()
    alive(args, "random bytes")

    # 4. Program, version and procedure errors.
    expect_accept(args, "unknown program -> PROG_UNAVAIL", call(11, 999999, 1, 0), "PROG_UNAVAIL")
    expect_accept(args, "NFS v4 -> PROG_MISMATCH 3..3", call(12, NFS_PROG, 4, 0), "PROG_MISMATCH", (3, 3))
    expect_accept(args, "NFS v2 -> PROG_MISMATCH 3..3", call(13, NFS_PROG, 2, 0), "PROG_MISMATCH", (3, 3))
    expect_accept(args, "MOUNT v1 -> PROG_MISMATCH 3..3", call(14, MOUNT_PROG, 1, 0), "PROG_MISMATCH", (3, 3))
    expect_accept(args, "NFS3 procedure 99 -> PROC_UNAVAIL", call(15, NFS_PROG, NFS_VERS, 99), "PROC_UNAVAIL")
    expect_accept(args, "MOUNT3 procedure 42 -> PROC_UNAVAIL", call(16, MOUNT_PROG, MOUNT_VERS, 42), "PROC_UNAVAIL")
    expect_accept(args, "GETATTR with a 4 GiB handle length -> GARBAGE_ARGS",
                  call(17, NFS_PROG, NFS_VERS, 1, struct.pack(">I", 0xFFFFFFFF)), "GARBAGE_ARGS")
    expect_accept(args, "GETATTR with no arguments -> GARBAGE_ARGS",
                  call(18, NFS_PROG, NFS_VERS, 1), "GARBAGE_ARGS")
    expect_accept(args, "READ with a truncated offset -> GARBAGE_ARGS",
                  call(19, NFS_PROG, NFS_VERS, 6, struct.pack(">I", 4) + b"abcd" + b"\0\0"), "GARBAGE_ARGS")
    expect_accept(args, "NFS NULL with AUTH_NONE -> SUCCESS",
                  call(20, NFS_PROG, NFS_VERS, 0, cred=struct.pack(">II", AUTH_NONE, 0)), "SUCCESS")

    # 5. Denied replies.
    try:
        r = roundtrip(args, call(21, NFS_PROG, NFS_VERS, 0, rpcvers=3))
        check(r.get("deny", (None,))[:3] == (0, 2, 2), "RPC version 3 -> RPC_MISMATCH 2..2", str(r))
    except Exception as e:  # noqa: BLE001
        check(False, "RPC version 3 -> RPC_MISMATCH 2..2", repr(e))
    try:
        r = roundtrip(args, call(22, NFS_PROG, NFS_VERS, 0, cred=struct.pack(">II", AUTH_DH, 4) + b"\0\0\0\0"))
        check(r.get("deny", (None,))[:1] == (1,), "AUTH_DH credential -> AUTH_ERROR", str(r))
    except Exception as e:  # noqa: BLE001
        check(False, "AUTH_DH credential -> AUTH_ERROR", repr(e))

    # 6. 100 pipelined NULL calls on one connection.
    c = Conn(args.host, args.port, args.timeout)
    try:
        xids = set(range(1000, 1100))
        c.send(b"".join(frame(call(x, NFS_PROG if x % 2 else MOUNT_PROG, 3, 0)) for x in sorted(xids)))
        got = set()
        for _ in range(len(xids)):
            r = parse_reply(c.record())
            if r.get("accept") == "SUCCESS":
                got.add(r["xid"])
        check(got == xids, "100 pipelined NULL calls all answered", f"missing {sorted(xids - got)[:10]}")
    except Exception as e:  # noqa: BLE001
        check(False, "100 pipelined NULL calls all answered", repr(e))
    finally:
        c.close()

    # 7. 50 concurrent connections, each open at once, each answered.
    conns, errors, answered = [], [], []
    try:
        for _ in range(50):
            conns.append(Conn(args.host, args.port, args.timeout))

        def worker(i, conn):
            try:
                conn.send(frame(call(5000 + i, NFS_PROG, NFS_VERS, 0)))
                r = parse_reply(conn.record())
                if r.get("accept") == "SUCCESS" and r["xid"] == 5000 + i:
                    answered.append(i)
                else:
                    errors.append(f"{i}: {r}")
            except Exception as e:  # noqa: BLE001
                errors.append(f"{i}: {e!r}")

        threads = [threading.Thread(target=worker, args=(i, cn)) for i, cn in enumerate(conns)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(args.timeout * 2)
        check(len(answered) == 50, "50 concurrent connections all answered", f"{len(answered)} answered; {errors[:3]}")
    except Exception as e:  # noqa: BLE001
        check(False, "50 concurrent connections all answered", repr(e))
    finally:
        for cn in conns:
            cn.close()

    # 8. Duplicate request cache.
    try:
        drc_check(args)
    except Exception as e:  # noqa: BLE001
        check(False, "duplicate request cache", repr(e))

    # 9. Still serving both programs.
    alive(args, "everything")
    expect_accept(args, "MOUNT NULL still answered", call(30, MOUNT_PROG, MOUNT_VERS, 0), "SUCCESS")

    if failures:
        print(f"{len(failures)} check(s) FAILED")
        return 1
    print("all checks passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
