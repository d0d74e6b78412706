import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `dfs start --daemon`: run the same command again in the background, in
/// its own session (setsid), stdin from /dev/null, stdout and stderr
/// appended to the log file; then wait until it writes its pid file and
/// answers `/health` (or dies), and report.
enum Daemon {
    static let readyTimeout: TimeInterval = 60
    /// glibc's POSIX_SPAWN_SETSID (0x80; hidden from Swift behind _GNU_SOURCE).
    static let spawnSetsid: Int16 = 0x80

    static func start(arguments: [String], pidFile: String, logFile: String, apiHost: String, apiPort: Int) throws {
        if let pid = runningPid(pidFile) {
            throw StartFailure("dfs is already running (pid \(pid), pid file \(pidFile)); stop it with `dfs stop`")
        }
        try? FileManager.default.removeItem(atPath: pidFile)
        try FileManager.default.createDirectory(atPath: (logFile as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        guard let exe = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe") else {
            throw StartFailure("cannot find my own executable (/proc/self/exe)")
        }
        var attr = posix_spawnattr_t()
        posix_spawnattr_init(&attr)
        defer { posix_spawnattr_destroy(&attr) }
        posix_spawnattr_setflags(&attr, Self.spawnSetsid)
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, logFile, O_WRONLY | O_CREAT | O_APPEND, 0o640)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        let rest = arguments.first == "start" ? Array(arguments.dropFirst()) : arguments
        let argv = [exe, "start"] + rest + ["--pid-file", pidFile]
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, exe, &actions, &attr, &cArgs, environ)
        guard rc == 0 else { throw StartFailure("cannot start the daemon: \(String(cString: strerror(rc)))") }

        let deadline = Date().addingTimeInterval(readyTimeout)
        while Date() < deadline {
            var status: Int32 = 0
            if waitpid(pid, &status, WNOHANG) == pid {
                throw StartFailure("dfs exited during start-up (status \(status)); last lines of \(logFile):\n\(tail(logFile, lines: 15))")
            }
            if runningPid(pidFile) == pid, healthy(host: apiHost, port: apiPort) {
                print("dfs started in the background (pid \(pid)); logs: \(logFile); stop with `dfs stop`")
                return
            }
            usleep(200_000)
        }
        throw StartFailure("dfs (pid \(pid)) did not become ready within \(Int(readyTimeout)) s; see \(logFile)")
    }

    /// The pid in `pidFile` when that process is alive.
    static func runningPid(_ pidFile: String) -> pid_t? {
        guard let text = try? String(contentsOfFile: pidFile, encoding: .utf8),
              let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0, kill(pid, 0) == 0 else { return nil }
        return pid
    }

    static func healthy(host: String, port: Int) -> Bool {
        let h = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        guard let url = URL(string: "http://\(h.contains(":") ? "[\(h)]" : h):\(port)/health") else { return false }
        let done = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var ok = false
        var request = URLRequest(url: url)
        request.timeoutInterval = 1
        URLSession.shared.dataTask(with: request) { _, response, _ in
            ok = (response as? HTTPURLResponse)?.statusCode == 200
            done.signal()
        }.resume()
        done.wait()
        return ok
    }

    static func tail(_ path: String, lines: Int) -> String {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return "(no log)" }
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }
}
