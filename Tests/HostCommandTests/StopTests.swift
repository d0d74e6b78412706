import Foundation
import Testing
@testable import HostAdmin
#if canImport(Glibc)
import Glibc
#endif

@Suite struct PidFiles {
    @Test func readWriteRemove() throws {
        let t = try TempDir(); defer { t.cleanup() }
        let f = t.file("run/dfs.pid")
        #expect(PidFile.read(f) == .absent)
        try PidFile.write(1234, to: f)
        #expect(PidFile.read(f) == .pid(1234))
        #expect(try String(contentsOfFile: f, encoding: .utf8) == "1234\n")
        try "  42 \n".write(toFile: f, atomically: true, encoding: .utf8)
        #expect(PidFile.read(f) == .pid(42))
        for bad in ["", "abc", "-5", "0", "12 13"] {
            try bad.write(toFile: f, atomically: true, encoding: .utf8)
            #expect(PidFile.read(f) == .garbage(bad.trimmingCharacters(in: .whitespaces)), "\(bad)")
        }
        PidFile.remove(f)
        PidFile.remove(f)
        #expect(PidFile.read(f) == .absent)
    }
}

@Suite struct Claiming {
    @Test func claimReplacesStaleAndRefusesALiveServer() throws {
        let t = try TempDir(); defer { t.cleanup() }
        let f = t.file("d/dfs.pid")
        try PidFile.claim(f, pid: 7_777_777, inspector: ProcessInspector())
        #expect(PidFile.read(f) == .pid(7_777_777))
        // 7777777 is no process: stale, replaced.
        try PidFile.claim(f, pid: 4242, inspector: ProcessInspector())
        #expect(PidFile.read(f) == .pid(4242))
        // Garbage is replaced too.
        try "junk".write(toFile: f, atomically: true, encoding: .utf8)
        try PidFile.claim(f, pid: 4243, inspector: ProcessInspector())
        #expect(PidFile.read(f) == .pid(4243))
        // A live server (our own process, by its own name) holds it: refused, file kept.
        let me = getpid()
        let inspector = ProcessInspector(expectedName: ProcessInspector().commandName(me) ?? "?")
        try PidFile.write(me, to: f)
        #expect(throws: PidFile.AlreadyRunning(pid: me, path: f)) { try PidFile.claim(f, pid: 4244, inspector: inspector) }
        #expect(PidFile.read(f) == .pid(me))
        // The same live process that is not a server: stale.
        try PidFile.claim(f, pid: 4245, inspector: ProcessInspector(expectedName: "dfs"))
        #expect(PidFile.read(f) == .pid(4245))
        // Release removes only our own pid.
        PidFile.release(f, pid: 1)
        #expect(PidFile.read(f) == .pid(4245))
        PidFile.release(f, pid: 4245)
        #expect(PidFile.read(f) == .absent)
        #expect(try FileManager.default.contentsOfDirectory(atPath: t.file("d")) == [])  // no temporary files left
    }
}

@Suite struct Inspector {
    @Test func ownProcess() throws {
        let me = getpid()
        let name = try #require(ProcessInspector().commandName(me))
        #expect(ProcessInspector(expectedName: name).state(of: me) == .server)
        #expect(ProcessInspector(expectedName: "dfs").state(of: me) == .other(name: name))
    }

    @Test func exitedProcessIsGone() throws {
        let p = try Child("exit 0")
        // Exited but not yet reaped: a zombie is gone too.
        let deadline = Date().addingTimeInterval(5)
        while ProcessInspector().isAlive(p.pid), Date() < deadline { usleep(10_000) }
        #expect(ProcessInspector().state(of: p.pid) == .gone)
        p.wait()
        #expect(ProcessInspector().state(of: p.pid) == .gone)
        #expect(ProcessInspector().state(of: 0) == .gone)
        #expect(ProcessInspector().state(of: -1) == .gone)
    }

    @Test func cmdlineParsing() throws {
        let t = try TempDir(); defer { t.cleanup() }
        let me = getpid()  // alive, so only the fake /proc decides
        try FileManager.default.createDirectory(atPath: t.file("\(me)"), withIntermediateDirectories: true)
        try Data("/usr/local/bin/dfs\0start\0--config\0x\0".utf8).write(to: URL(fileURLWithPath: t.file("\(me)/cmdline")))
        try "\(me) (dfs (x) y) S 1 2 3".write(toFile: t.file("\(me)/stat"), atomically: true, encoding: .utf8)
        let i = ProcessInspector(expectedName: "dfs", procRoot: t.path)
        #expect(i.commandName(me) == "dfs")
        #expect(i.state(of: me) == .server)
        try "\(me) (dfs (x) y) Z 1 2 3".write(toFile: t.file("\(me)/stat"), atomically: true, encoding: .utf8)
        #expect(i.state(of: me) == .gone)  // a zombie has exited
        // A main thread that exited while others are still torn down shows
        // "Z" too: not gone while /proc/PID/task lists another thread.
        for tid in [me, me + 1] {
            try FileManager.default.createDirectory(atPath: t.file("\(me)/task/\(tid)"), withIntermediateDirectories: true)
        }
        #expect(i.state(of: me) == .server)
        try FileManager.default.removeItem(atPath: t.file("\(me)/task/\(me + 1)"))
        #expect(i.state(of: me) == .gone)
        try Data().write(to: URL(fileURLWithPath: t.file("\(me)/cmdline")))
        #expect(i.commandName(me) == nil)
    }
}

@Suite(.serialized) struct Stopping {
    @Test func noPidFile() throws {
        let t = try TempDir(); defer { t.cleanup() }
        let o = Stopper().stop(pidFile: t.file("dfs.pid"), timeout: 1, force: false)
        #expect(o == .notRunning(pidFile: t.file("dfs.pid")))
        #expect(o.exitCode == 1)
        #expect(o.message == "dfs is not running (no pid file at \(t.file("dfs.pid")))")
    }

    @Test func garbagePidFileIsRemoved() throws {
        let t = try TempDir(); defer { t.cleanup() }
        try "hello".write(toFile: t.file("dfs.pid"), atomically: true, encoding: .utf8)
        let o = Stopper().stop(pidFile: t.file("dfs.pid"), timeout: 1, force: false)
        #expect(o == .stale(pidFile: t.file("dfs.pid"), pid: nil, reason: "it holds \"hello\", not a pid"))
        #expect(o.exitCode == 1)
        #expect(PidFile.read(t.file("dfs.pid")) == .absent)
    }

    @Test func deadPidIsStale() throws {
        let t = try TempDir(); defer { t.cleanup() }
        let p = try Child("exit 0"); p.wait()
        try PidFile.write(p.pid, to: t.file("dfs.pid"))
        let o = Stopper().stop(pidFile: t.file("dfs.pid"), timeout: 1, force: false)
        #expect(o == .stale(pidFile: t.file("dfs.pid"), pid: p.pid, reason: "no process \(p.pid)"))
        #expect(o.message.contains("stale pid file") && o.message.contains("removed it"))
        #expect(PidFile.read(t.file("dfs.pid")) == .absent)
    }

    @Test func anotherProgramIsNotSignalled() throws {
        let t = try TempDir(); defer { t.cleanup() }
        let p = try Child("exec sleep 30")
        #expect(waitForExec(p.pid, name: "sleep"))
        try PidFile.write(p.pid, to: t.file("dfs.pid"))
        let o = Stopper().stop(pidFile: t.file("dfs.pid"), timeout: 1, force: true)
        #expect(o == .stale(pidFile: t.file("dfs.pid"), pid: p.pid, reason: "process \(p.pid) is \"sleep\", not dfs"))
        #expect(p.isRunning)  // left alone
        #expect(PidFile.read(t.file("dfs.pid")) == .absent)
    }

    @Test func stopsWithSIGTERM() throws {
        let t = try TempDir(); defer { t.cleanup() }
        let p = try Child("exec sleep 30")
        #expect(waitForExec(p.pid, name: "sleep"))
        try PidFile.write(p.pid, to: t.file("dfs.pid"))
        let start = Date()
        let o = Stopper(inspector: ProcessInspector(expectedName: "sleep")).stop(pidFile: t.file("dfs.pid"), timeout: 5, force: false)
        guard case .stopped(let pid, _, let killed) = o else { Issue.record("\(o)"); return }
        #expect(pid == p.pid && !killed)
        #expect(o.exitCode == 0)
        #expect(Date().timeIntervalSince(start) < 4.5)  // well inside the 5 s timeout
        p.wait()
        #expect(p.signal == SIGTERM)
        #expect(PidFile.read(t.file("dfs.pid")) == .absent)
    }

    @Test func timeoutWithoutForceIsAnError() throws {
        let t = try TempDir(); defer { t.cleanup() }
        // SIGTERM ignored, and the ignore survives exec.
        let p = try Child("trap '' TERM; exec sleep 30")
        #expect(waitForExec(p.pid, name: "sleep"))
        try PidFile.write(p.pid, to: t.file("dfs.pid"))
        let o = Stopper(inspector: ProcessInspector(expectedName: "sleep")).stop(pidFile: t.file("dfs.pid"), timeout: 0.3, force: false)
        #expect(o == .timedOut(pid: p.pid, seconds: 0.3))
        #expect(o.exitCode == 1)
        #expect(o.message.contains("--force"))
        #expect(p.isRunning)
        #expect(PidFile.read(t.file("dfs.pid")) == .pid(p.pid))  // still running: kept
    }

    @Test func forceKillsAfterTheTimeout() throws {
        let t = try TempDir(); defer { t.cleanup() }
        let p = try Child("trap '' TERM; exec sleep 30")
        #expect(waitForExec(p.pid, name: "sleep"))
        try PidFile.write(p.pid, to: t.file("dfs.pid"))
        let o = Stopper(inspector: ProcessInspector(expectedName: "sleep")).stop(pidFile: t.file("dfs.pid"), timeout: 0.3, force: true)
        guard case .stopped(_, let seconds, let killed) = o else { Issue.record("\(o)"); return }
        #expect(killed && seconds >= 0.3)
        #expect(o.message.contains("SIGKILL"))
        p.wait()
        #expect(p.signal == SIGKILL)
        #expect(PidFile.read(t.file("dfs.pid")) == .absent)
    }
}
