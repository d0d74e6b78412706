import ArgumentParser
import ControlModels

/// dfsctl's version (the same as the server's).
public enum DFSCtlInfo {
    public static let version = "0.1.0"
}

/// `dfsctl`: the root command.
public struct DFSCtl: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: "dfsctl",
        abstract: "Manage a DittoFS server through its REST API.",
        discussion: """
            Log in once; the server URL and tokens are kept in a context
            (~/.config/dfsctl/config.json, or $DFSCTL_CONFIG), and the access
            token is refreshed automatically when it expires.

            Examples:
              dfsctl login --server http://127.0.0.1:8080 --username admin
              dfsctl store metadata add meta --type badgerlike \\
                  --config '{"path":"/srv/dfs/meta"}'
              dfsctl store payload add blocks --type fs --config '{"path":"/srv/dfs/p"}'
              dfsctl share create /export --metadata-store meta --payload-store blocks
              dfsctl user create alice --uid 1001
              dfsctl share permission grant /export --user alice --level read-write
              dfsctl adapter enable nfs --port 12049
              dfsctl status -o yaml

            Errors are one line on stderr: dfsctl: <title>: <detail> (HTTP <status>).

            \(ExitCodes.help)
            """,
        version: "dfsctl \(DFSCtlInfo.version)",
        subcommands: [
            Login.self, Logout.self, ContextCommand.self,
            UserCommand.self, GroupCommand.self, ShareCommand.self, StoreCommand.self,
            AdapterCommand.self, PluginCommand.self, SettingsCommand.self, StatusCommand.self,
            CompletionCommand.self,
        ]
    )

    public init() {}

    /// Parses `arguments` (without the program name), runs the command and
    /// returns the exit code; errors are printed on the environment's stderr.
    public static func run(arguments: [String]) async -> Int32 {
        let console = CtlEnvironment.current.console
        do {
            var command = try parseAsRoot(arguments)
            if var a = command as? AsyncParsableCommand { try await a.run() } else { try command.run() }
            return 0
        } catch let e as CtlError {
            console.err("dfsctl: \(e.message)\n")
            return e.exitCode
        } catch {
            let code = exitCode(for: error)
            let text = fullMessage(for: error)
            if code == .success {
                if !text.isEmpty { console.out(text + "\n") }
                return 0
            }
            console.err(text + "\n")
            return code == .validationFailure ? CtlError(.usage, "").exitCode : code.rawValue
        }
    }
}

/// `dfsctl completion bash|zsh|fish`.
struct CompletionCommand: AsyncParsableCommand {
    enum Shell: String, CaseIterable, ExpressibleByArgument { case bash, zsh, fish }

    static let configuration = CommandConfiguration(
        commandName: "completion",
        abstract: "Print a shell completion script.",
        discussion: """
            Examples:
              dfsctl completion bash > /etc/bash_completion.d/dfsctl
              dfsctl completion zsh > "${fpath[1]}/_dfsctl"
              dfsctl completion fish > ~/.config/fish/completions/dfsctl.fish
            """
    )

    @Argument(help: "The shell: bash, zsh or fish.") var shell: Shell

    func run() async throws {
        let s: CompletionShell = switch shell { case .bash: .bash; case .zsh: .zsh; case .fish: .fish }
        Print.out(DFSCtl.completionScript(for: s))
    }
}
