import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `dfs stop`: SIGTERM the server named by the pid file, wait for it to exit,
/// optionally SIGKILL it after the timeout; clean up stale pid files.
public struct Stopper: Sendable {
    public var inspector: ProcessInspector
    /// How often to look whether the process is gone.
    public var pollInterval: Double

    public init(inspector: ProcessInspector = ProcessInspector(), pollInterval: Double = 0.05) {
        self.inspector = inspector; self.pollInterval = pollInterval
    }

    /// How `stop` ended. ``message`` is what the command prints; ``exitCode`` its status.
    public enum Outcome: Equatable, Sendable {
        /// The server exited after SIGTERM (or SIGKILL when `killed`).
        case stopped(pid: Int32, seconds: Double, killed: Bool)
        /// No pid file.
        case notRunning(pidFile: String)
        /// The pid file named no live server; it was removed. `reason` says why.
        case stale(pidFile: String, pid: Int32?, reason: String)
        /// Still running after the timeout, and no `--force`.
        case timedOut(pid: Int32, seconds: Double)
        /// Could not signal the process (another user's, EPERM).
        case notPermitted(pid: Int32)

        public var exitCode: Int32 {
            switch self {
            case .stopped: return 0
            default: return 1
            }
        }

        public var message: String {
            switch self {
            case let .stopped(pid, seconds, killed):
                let s = String(format: "%.1f", seconds)
                return killed ? "dfs (pid \(pid)) did not stop in time and was killed (SIGKILL) after \(s)s"
                              : "dfs (pid \(pid)) stopped in \(s)s"
            case let .notRunning(pidFile):
                return "dfs is not running (no pid file at \(pidFile))"
            case let .stale(pidFile, _, reason):
                return "dfs is not running: stale pid file \(pidFile) (\(reason)); removed it"
            case let .timedOut(pid, seconds):
                return "dfs (pid \(pid)) is still running \(String(format: "%.0f", seconds))s after SIGTERM; "
                    + "it may be finishing requests: wait, or run `dfs stop --force` to SIGKILL it after the timeout"
            case let .notPermitted(pid):
                return "cannot signal dfs (pid \(pid)): permission denied (it runs as another user; try as that user or root)"
            }
        }
    }

    /// Stops the server whose pid is in `pidFile`.
    /// - Parameters:
    ///   - timeout: seconds to wait after SIGTERM.
    ///   - force: SIGKILL when the timeout passes (and wait up to 5 s more).
    public func stop(pidFile: String, timeout: Double, force: Bool) -> Outcome {
        let pid: Int32
        switch PidFile.read(pidFile) {
        case .absent: return .notRunning(pidFile: pidFile)
        case .garbage(let text):
            PidFile.remove(pidFile)
            return .stale(pidFile: pidFile, pid: nil, reason: "it holds \"\(text)\", not a pid")
        case .pid(let p): pid = p
        }
        switch inspector.state(of: pid) {
        case .gone:
            PidFile.remove(pidFile)
            return .stale(pidFile: pidFile, pid: pid, reason: "no process \(pid)")
        case .other(let name):
            PidFile.remove(pidFile)
            return .stale(pidFile: pidFile, pid: pid, reason: "process \(pid) is \"\(name)\", not \(inspector.expectedName)")
        case .server: break
        }
        let start = Date()
        if kill(pid, SIGTERM) != 0 {
            if errno == EPERM { return .notPermitted(pid: pid) }
            PidFile.remove(pidFile)  // ESRCH: it exited between the check and the signal
            return .stopped(pid: pid, seconds: 0, killed: false)
        }
        if waitExit(pid, seconds: timeout) {
            removeIfStill(pid, pidFile)
            return .stopped(pid: pid, seconds: Date().timeIntervalSince(start), killed: false)
        }
        guard force else { return .timedOut(pid: pid, seconds: timeout) }
        _ = kill(pid, SIGKILL)
        if waitExit(pid, seconds: 5) {
            removeIfStill(pid, pidFile)
            return .stopped(pid: pid, seconds: Date().timeIntervalSince(start), killed: true)
        }
        return .timedOut(pid: pid, seconds: Date().timeIntervalSince(start))
    }

    /// Polls until `pid` is gone; false when `seconds` pass first.
    func waitExit(_ pid: Int32, seconds: Double) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while true {
            if !inspector.isAlive(pid) { return true }
            if Date() >= deadline { return false }
            usleep(useconds_t(pollInterval * 1_000_000))
        }
    }

    /// The server removes its pid file on a clean exit; after SIGKILL it cannot.
    func removeIfStill(_ pid: Int32, _ pidFile: String) {
        if PidFile.read(pidFile) == .pid(pid) { PidFile.remove(pidFile) }
    }
}
