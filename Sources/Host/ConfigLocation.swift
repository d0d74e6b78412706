import ArgumentParser
import Foundation
import ServerConfig

/// `--config FILE`, shared by the commands that read the configuration file.
struct ConfigLocation: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp(
        "Configuration file (default: $DFS_CONFIG, else $XDG_CONFIG_HOME/dfs/config.yaml, else ~/.config/dfs/config.yaml).",
        valueName: "file"))
    var config: String?

    /// The file to read: --config, else ``ServerConfig/defaultPath``.
    var path: String { config.map { ServerConfig.expand($0, home: ServerConfig.home(environment: ServerConfig.processEnvironment)) } ?? ServerConfig.defaultPath }

    /// The effective configuration: the file, or the defaults when the default
    /// file does not exist. A missing file named by --config is an error.
    /// Other problems are printed (one line, with the line number) and exit 1.
    func load() throws -> (config: ServerConfig, fromFile: Bool) {
        do {
            return (try ServerConfig.load(path: path), true)
        } catch ConfigError.missing where config == nil {
            return (ServerConfig.defaults(), false)
        } catch let e as ConfigError {
            fail(e.description)
        }
    }
}

/// Prints `message` to stderr prefixed with "dfs: " and exits with `code`.
func fail(_ message: String, code: Int32 = 1) -> Never {
    let text = message.hasPrefix("dfs ") ? message : "dfs: " + message
    FileHandle.standardError.write(Data((text + "\n").utf8))
    exit(code)
}
