import ArgumentParser
import Foundation
import HostAdmin
import ServerConfig

/// `dfs stop`: stop the server started with `dfs start`.
struct Stop: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Stop the running server (SIGTERM, then wait for it to exit).",
        discussion: """
        Reads the pid from <data_dir>/dfs.pid, sends SIGTERM and waits until the process has \
        exited (the server stops its adapters gracefully and closes its stores). After --timeout \
        seconds it fails, or with --force sends SIGKILL. A pid file that names no process, or a \
        process that is not dfs, is stale: it is reported and removed.

        Exit status: 0 stopped; 1 not running, stale pid file, or still running.
        """
    )

    @OptionGroup var location: ConfigLocation

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for the server to exit.", valueName: "seconds"))
    var timeout: Double = 30

    @Flag(name: .long, help: "Send SIGKILL when the timeout passes.")
    var force = false

    func validate() throws {
        guard timeout >= 0, timeout.isFinite else { throw ValidationError("--timeout must be 0 or more seconds") }
    }

    func run() throws {
        let (config, _) = try location.load()
        let outcome = Stopper().stop(pidFile: config.pidFile, timeout: timeout, force: force)
        if outcome.exitCode == 0 {
            print(outcome.message)
        } else {
            fail(outcome.message, code: outcome.exitCode)
        }
    }
}
