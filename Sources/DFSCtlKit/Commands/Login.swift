import ArgumentParser
import ControlModels

/// `dfsctl login`.
struct Login: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Log in to a server and keep the session in a context.",
        discussion: """
            Asks for the password without echo when standard input is a
            terminal; --password-stdin reads one line instead (for scripts).
            Without --server, logs in again to the context's server. The
            context (default: the current one, else "default") becomes the
            current context.

            Examples:
              dfsctl login --server http://127.0.0.1:8080 --username admin
              echo "$PASS" | dfsctl login --server http://dfs1:8080 --username admin \\
                  --password-stdin
              dfsctl login --context lab --server http://lab:8080 --username admin
            """
    )

    @Option(help: ArgumentHelp("Server URL, e.g. http://127.0.0.1:8080.", valueName: "url")) var server: String?
    @Option(help: "User name (asked for when not given).") var username: String?
    @Flag(help: "Read the password from one line of standard input.") var passwordStdin = false
    @Option(help: ArgumentHelp("Save the session in this context.", valueName: "name")) var context: String?

    func run() async throws {
        let env = CtlEnvironment.current
        let store = ContextStore(path: env.configPath)
        var config = try store.load()
        let name = context ?? config.current ?? "default"
        let existing = config.contexts[name]
        guard let rawServer = server ?? existing?.server else {
            throw CtlError(.usage, "no server for context \"\(name)\": give --server URL")
        }
        let url = try Inputs.serverURL(rawServer)
        let user: String
        if let username { user = username } else if !passwordStdin, env.console.isInteractive {
            env.console.err("Username: ")
            guard let u = env.console.readLine(), !u.isEmpty else { throw CtlError(.usage, "no user name entered") }
            user = u
        } else if let u = existing?.username, existing?.server == url {
            user = u
        } else {
            throw CtlError(.usage, "give --username")
        }
        let password = try Passwords.read(prompt: "Password for \(user)", fromStdin: passwordStdin)
        let client = APIClient(server: url, transport: env.transport, credentials: nil)
        let pair: TokenPair
        do { pair = try await client.login(LoginRequest(username: user, password: password)) } catch let e as CtlError where e.kind == .auth {
            throw CtlError(.auth, "login failed: \(e.message)")
        }
        config.contexts[name] = Context(server: url, username: pair.username, role: pair.role,
                                        accessToken: pair.accessToken, refreshToken: pair.refreshToken)
        config.current = name
        try store.save(config)
        Print.out("Logged in to \(url) as \(pair.username) (\(pair.role.rawValue)); context \"\(name)\".")
    }
}

/// `dfsctl logout`.
struct Logout: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "End your sessions on the server and forget the tokens (the context stays).",
        discussion: """
            The server refuses every token of yours issued so far, on every
            client. When the server cannot be reached (or the session has
            already expired) the tokens are forgotten here anyway, with a
            warning.

            Examples:
              dfsctl logout
              dfsctl logout --context lab
            """
    )
    @OptionGroup var global: GlobalOptions

    func run() async throws {
        let store = ContextStore(path: CtlEnvironment.current.configPath)
        var config = try store.load()
        guard let name = global.context ?? config.current, var ctx = config.contexts[name] else {
            throw CtlError(.usage, "no context to log out of (see `dfsctl context list`)")
        }
        if let creds = ctx.credentials {
            let client = APIClient(server: ctx.server, transport: CtlEnvironment.current.transport, credentials: creds)
            do {
                try await client.logout()
            } catch let e as CtlError {
                CtlEnvironment.current.console.err("dfsctl: warning: the server did not end the session (\(e.message)); forgetting the tokens here\n")
            }
        }
        ctx.accessToken = nil; ctx.refreshToken = nil
        config.contexts[name] = ctx
        try store.save(config)
        Print.out("Logged out of \(ctx.server) (context \"\(name)\").")
    }
}

/// `dfsctl context list|use|current|delete`.
struct ContextCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "context",
        abstract: "Show and choose the servers dfsctl knows (contexts).",
        discussion: """
            Each `dfsctl login --context NAME` adds a context; commands use the
            current one unless given --context NAME.

            Examples:
              dfsctl context list
              dfsctl context use lab
              dfsctl context current
            """,
        subcommands: [List.self, Use.self, Current.self, Delete.self]
    )

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "List the contexts (the current one is marked *).",
            discussion: "Examples:\n  dfsctl context list\n  dfsctl context list -o json")
        @OptionGroup var out: OutputOptions
        func run() async throws {
            let config = try ContextStore(path: CtlEnvironment.current.configPath).load()
            let rows = config.contexts.keys.sorted().map { ContextRow(name: $0, context: config.contexts[$0]!, current: $0 == config.current) }
            Print.out(try Render.list(rows, as: out.output))
        }
    }

    struct Use: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Make a context the current one.", discussion: "Example:\n  dfsctl context use lab")
        @Argument(help: "The context's name.") var name: String
        func run() async throws {
            let store = ContextStore(path: CtlEnvironment.current.configPath)
            var config = try store.load()
            guard config.contexts[name] != nil else {
                throw CtlError(.usage, "no context named \"\(name)\" (see `dfsctl context list`)")
            }
            config.current = name
            try store.save(config)
            Print.out("Current context: \(name).")
        }
    }

    struct Current: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Print the current context's name and server.", discussion: "Example:\n  dfsctl context current")
        func run() async throws {
            let config = try ContextStore(path: CtlEnvironment.current.configPath).load()
            guard let name = config.current, let ctx = config.contexts[name] else {
                throw CtlError(.usage, "no current context: run `dfsctl login --server URL`")
            }
            Print.out("\(name)\t\(ctx.server)")
        }
    }

    struct Delete: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Forget a context and its tokens.", discussion: "Example:\n  dfsctl context delete lab")
        @Argument(help: "The context's name.") var name: String
        func run() async throws {
            let store = ContextStore(path: CtlEnvironment.current.configPath)
            var config = try store.load()
            guard config.contexts.removeValue(forKey: name) != nil else {
                throw CtlError(.usage, "no context named \"\(name)\" (see `dfsctl context list`)")
            }
            if config.current == name { config.current = nil }
            try store.save(config)
            Print.out("Deleted context \(name).")
        }
    }
}
