import ArgumentParser
import Foundation
import HostAdmin
import ServerConfig

/// `dfs config`: look at the configuration file.
struct ConfigCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "config",
        abstract: "Show or check the configuration file.",
        subcommands: [ConfigShow.self, ConfigValidate.self]
    )
}

/// `dfs config show`.
struct ConfigShow: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print the effective configuration (the file, or the defaults without one), secrets masked."
    )

    @OptionGroup var location: ConfigLocation

    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Output format: yaml or json.", valueName: "format"))
    var output: String = "yaml"

    func validate() throws {
        guard ["yaml", "json"].contains(output) else { throw ValidationError("-o must be yaml or json, not \"\(output)\"") }
    }

    func run() throws {
        let (config, fromFile) = try location.load()
        let shown = config.redacted()
        if output == "json" {
            print(try Output.json(shown))
        } else {
            print(fromFile ? "# from \(location.path)" : "# no file at \(location.path): the defaults")
            print(shown.render(), terminator: "")
        }
    }
}

/// `dfs config validate`.
struct ConfigValidate: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "validate",
        abstract: "Check the configuration file: prints \"valid\" (exit 0) or the problem with its line (exit 1)."
    )

    @OptionGroup var location: ConfigLocation

    func run() throws {
        do {
            _ = try ServerConfig.load(path: location.path)
            print("\(location.path): valid")
        } catch {
            fail("\(error)")
        }
    }
}
