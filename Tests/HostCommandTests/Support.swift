import Foundation
import HostAdmin
#if canImport(Glibc)
import Glibc
#endif

/// A fresh temporary folder, removed by `cleanup()`.
struct TempDir {
    let path: String
    init() throws {
        path = FileManager.default.temporaryDirectory.appendingPathComponent("dfs-cmd-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
    func file(_ name: String) -> String { path + "/" + name }
}

/// A child process started with posix_spawn, with every signal unblocked
/// and at its default action (the test runner may block some, and a child
/// inherits the mask). Not reaped until ``wait()``: in between an exited
/// child is a zombie, which the inspector must see as gone.
final class Child {
    let pid: Int32
    private(set) var status: Int32?

    /// Starts `/bin/sh -c script` (the script usually `exec`s the real
    /// program, so the pid is that program's).
    init(_ script: String) throws {
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        var none = sigset_t(), all = sigset_t()
        sigemptyset(&none); sigfillset(&all)
        posix_spawnattr_setsigmask(&attr, &none)
        posix_spawnattr_setsigdefault(&attr, &all)
        posix_spawnattr_setflags(&attr, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let argv: [UnsafeMutablePointer<CChar>?] = [strdup("/bin/sh"), strdup("-c"), strdup(script), nil]
        defer { argv.forEach { free($0) } }
        let rc = posix_spawn(&pid, "/bin/sh", nil, &attr, argv, environ)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EIO) }
        self.pid = pid
    }

    /// Reaps the child (blocking); its wait status.
    @discardableResult func wait() -> Int32 {
        if let status { return status }
        var st: Int32 = 0
        while waitpid(pid, &st, 0) < 0 && errno == EINTR {}
        status = st
        return st
    }

    /// The signal that ended it, after ``wait()``; nil if it exited normally.
    var signal: Int32? {
        guard let s = status, (s & 0x7f) != 0, (s & 0x7f) != 0x7f else { return nil }
        return s & 0x7f
    }

    /// Not exited (a zombie counts as exited).
    var isRunning: Bool { status == nil && ProcessInspector().isAlive(pid) }

    /// SIGKILL and reap, for cleanup.
    func killAndWait() {
        if status == nil { Glibc.kill(pid, SIGKILL); wait() }
    }

    deinit { killAndWait() }
}

/// Waits until `/proc/PID/cmdline` names `name` (the exec happened), up to 5 s.
func waitForExec(_ pid: Int32, name: String) -> Bool {
    let deadline = Date().addingTimeInterval(5)
    while Date() < deadline {
        if let d = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
           let argv0 = d.split(separator: 0).first,
           (String(decoding: argv0, as: UTF8.self) as NSString).lastPathComponent == name {
            return true
        }
        usleep(10_000)
    }
    return false
}

/// Appends text to a file.
func append(_ text: String, to path: String) throws {
    let h = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
    defer { try? h.close() }
    try h.seekToEnd()
    try h.write(contentsOf: Data(text.utf8))
}

/// A one-shot HTTP server on 127.0.0.1: answers every connection with
/// `response` (until stopped). For `dfs status` tests.
final class StubHTTPServer: @unchecked Sendable {
    let port: Int
    private let fd: Int32
    private let thread: Thread

    init(response: String) throws {
        let s = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard s >= 0 else { throw POSIXError(.EIO) }
        var one: Int32 = 1
        setsockopt(s, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let ok = withUnsafePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(s, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) } }
        guard ok == 0, listen(s, 8) == 0 else { close(s); throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(s, $0, &len) } }
        port = Int(UInt16(bigEndian: addr.sin_port))
        fd = s
        let bytes = Array(response.utf8)
        thread = Thread {
            while true {
                let c = accept(s, nil, nil)
                if c < 0 { return }
                var buf = [UInt8](repeating: 0, count: 4096), got = [UInt8]()
                while !got.ends(with: [13, 10, 13, 10]) {
                    let n = read(c, &buf, buf.count)
                    if n <= 0 { break }
                    got += buf[0..<n]
                }
                _ = bytes.withUnsafeBytes { write(c, $0.baseAddress, $0.count) }
                close(c)
            }
        }
        thread.start()
    }

    func stop() { shutdown(fd, Int32(SHUT_RDWR)); close(fd) }

    /// A port nothing listens on (bound, then closed).
    static func closedPort() throws -> Int {
        let s = try StubHTTPServer(response: "")
        let p = s.port
        s.stop()
        return p
    }
}

extension Array where Element == UInt8 {
    func ends(with suffix: [UInt8]) -> Bool { count >= suffix.count && Array(self[(count - suffix.count)...]) == suffix }
}
