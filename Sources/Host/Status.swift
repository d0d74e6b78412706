import ArgumentParser
import Foundation
import HostAdmin
import ServerConfig

/// `dfs status`: is the server running, and ready.
struct Status: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show whether the server is running and ready.",
        discussion: """
        Checks the pid in <data_dir>/dfs.pid, then asks the REST API \
        (GET http://<api.bind>:<api.port>/health/ready) for the version, status and checks.

        Exit status: 0 running and ready; 1 not running; 2 running but not ready (starting, \
        degraded, or the API does not answer).
        """
    )

    @OptionGroup var location: ConfigLocation

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Output format: table, json or yaml.", valueName: "format"))
    var output: String = "table"

    @Option(name: .long, help: ArgumentHelp("Seconds to wait for the API.", valueName: "seconds"))
    var timeout: Double = 3

    func validate() throws {
        guard ["table", "json", "yaml"].contains(output) else { throw ValidationError("-o must be table, json or yaml, not \"\(output)\"") }
        guard timeout > 0, timeout.isFinite else { throw ValidationError("--timeout must be more than 0 seconds") }
    }

    func run() throws {
        let (config, _) = try location.load()
        let url = StatusProbe.readyURL(bind: config.api.bind, port: config.api.port)
        let report = StatusReport.make(pidFile: config.pidFile, inspector: ProcessInspector(), readyURL: url) {
            StatusProbe.fetch($0, timeout: timeout)
        }
        switch output {
        case "json": print(try report.json())
        case "yaml": print(try report.yaml(), terminator: "")
        default: print(report.table())
        }
        if report.exitCode != 0 { throw ExitCode(report.exitCode) }
    }
}
