import ArgumentParser

/// `dfs completion SHELL`: print a shell completion script.
struct Completion: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print the shell completion script for bash, zsh or fish.",
        discussion: """
        Examples:
          source <(dfs completion bash)
          dfs completion zsh > "${fpath[1]}/_dfs"
          dfs completion fish > ~/.config/fish/completions/dfs.fish
        """
    )

    @Argument(help: ArgumentHelp("bash, zsh or fish.", valueName: "shell"))
    var shell: String

    func validate() throws {
        guard CompletionShell(rawValue: shell) != nil else {
            throw ValidationError("unknown shell \"\(shell)\" (use bash, zsh or fish)")
        }
    }

    func run() {
        print(DFS.completionScript(for: CompletionShell(rawValue: shell)!))
    }
}
