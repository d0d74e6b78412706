import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Looks at another process through `kill(pid, 0)` and `/proc`.
public struct ProcessInspector: Sendable {
    /// The program name a server process has (the basename of argv[0]).
    /// Tests pass another name (e.g. "sleep") to drive `dfs stop` against a
    /// process of their own.
    public var expectedName: String
    /// Where `/proc` is (tests may point elsewhere).
    public var procRoot: String

    public init(expectedName: String = "dfs", procRoot: String = "/proc") {
        self.expectedName = expectedName; self.procRoot = procRoot
    }

    /// What is at a pid.
    public enum State: Equatable, Sendable {
        /// No such process (or only a zombie waiting to be reaped).
        case gone
        /// A live process that is not a server: its argv[0] basename.
        case other(name: String)
        /// A live server process.
        case server
    }

    /// Whether `pid` is a live process, and whether it is ours.
    public func state(of pid: Int32) -> State {
        guard isAlive(pid) else { return .gone }
        guard let name = commandName(pid) else {
            // No /proc entry to read (another OS, or hidepid): trust the pid file.
            return .server
        }
        return name == expectedName ? .server : .other(name: name)
    }

    /// `kill(pid, 0)` succeeds or fails with EPERM, and the process is not a
    /// zombie. A multi-threaded process whose main thread has exited shows
    /// "Z" for its pid while its other threads are still being torn down
    /// (and still hold its sockets and files), so it counts as gone only
    /// once no thread but the main one is left in `/proc/PID/task`.
    public func isAlive(_ pid: Int32) -> Bool {
        guard pid > 0 else { return false }
        if kill(pid, 0) != 0, errno != EPERM { return false }
        return !(isZombie(pid) && threadCount(pid) <= 1)
    }

    /// Entries of `/proc/PID/task` (threads not yet released); 0 when unreadable.
    func threadCount(_ pid: Int32) -> Int {
        (try? FileManager.default.contentsOfDirectory(atPath: "\(procRoot)/\(pid)/task").count) ?? 0
    }

    /// The basename of argv[0] from `/proc/PID/cmdline`; nil when unreadable or empty.
    public func commandName(_ pid: Int32) -> String? {
        guard let data = FileManager.default.contents(atPath: "\(procRoot)/\(pid)/cmdline"), !data.isEmpty else { return nil }
        let argv0 = data.split(separator: 0, maxSplits: 1, omittingEmptySubsequences: false).first ?? data[...]
        let path = String(decoding: argv0, as: UTF8.self)
        let base = (path as NSString).lastPathComponent
        return base.isEmpty ? nil : base
    }

    /// State "Z" in `/proc/PID/stat` (exited, not yet reaped by its parent).
    func isZombie(_ pid: Int32) -> Bool {
        guard let data = FileManager.default.contents(atPath: "\(procRoot)/\(pid)/stat") else { return false }
        let text = String(decoding: data, as: UTF8.self)
        // "pid (comm) S ...": comm may hold spaces and parentheses, so look after the last ")".
        guard let close = text.lastIndex(of: ")") else { return false }
        return text[text.index(after: close)...].trimmingCharacters(in: .whitespaces).hasPrefix("Z")
    }
}
