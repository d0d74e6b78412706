import ArgumentParser
import Foundation
import HostAdmin
import ServerConfig

/// `dfs logs`: show (and follow) the server's log file.
struct Logs: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show the server's log file (the last lines, or follow it).",
        discussion: """
        Reads log.file, or <data_dir>/logs/dfs.log (written when the server runs daemonized). \
        Every entry starts with an ISO-8601 time (text and json formats alike); --since keeps \
        the entries from that time on. -f keeps printing new lines, and starts over when the \
        file is rotated or truncated.

        Examples:
          dfs logs -n 20
          dfs logs --since 10m
          dfs logs --since 2026-11-21T04:00:00Z -f
        """
    )

    @OptionGroup var location: ConfigLocation

    @Option(name: .short, help: ArgumentHelp("Number of lines to show.", valueName: "lines"))
    var n: Int = 100

    @Flag(name: .short, help: "Follow: print new lines as they are written (until Ctrl-C).")
    var f = false

    @Option(name: .long, help: ArgumentHelp("Only entries since a duration ago (30s, 10m, 1h, 2d) or an RFC 3339 time.", valueName: "when"))
    var since: String?

    func validate() throws {
        guard n >= 0 else { throw ValidationError("-n must be 0 or more") }
        if let since {
            do { _ = try LogTime.since(since, now: Date()) } catch { throw ValidationError("\(error)") }
        }
    }

    func run() throws {
        let (config, _) = try location.load()
        let path = config.logFile
        let cutoff = try since.map { try LogTime.since($0, now: Date()) }
        let tail: LogTail.Tail
        do {
            tail = try LogTail.last(n, path: path, since: cutoff)
        } catch {
            fail("\(error)")
        }
        for line in tail.lines { print(line) }
        fflush(nil)
        guard f else { return }
        let follower = LogFollower(path: path, offset: tail.offset, inode: tail.inode)
        while true {
            for event in follower.poll() {
                switch event {
                case .line(let l): print(l)
                case .restarted(let why): FileHandle.standardError.write(Data("dfs logs: \(why); reading it from the start\n".utf8))
                }
            }
            fflush(nil)
            usleep(250_000)
        }
    }
}
