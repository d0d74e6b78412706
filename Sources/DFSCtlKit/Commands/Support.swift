import ArgumentParser
import ControlModels
import Foundation

/// `--context` of every command that talks to a server.
public struct GlobalOptions: ParsableArguments {
    @Option(name: .customLong("context"), help: ArgumentHelp("Use this context instead of the current one.", valueName: "name"))
    public var context: String?
    public init() {}
}

/// `-o` of every list and get.
public struct OutputOptions: ParsableArguments {
    @Option(name: [.short, .customLong("output")], help: ArgumentHelp("Output format: table, json or yaml.", valueName: "format"))
    public var output: OutputFormat = .table
    public init() {}
}

extension SquashMode: ExpressibleByArgument {}
extension AccessLevel: ExpressibleByArgument {}
extension Role: ExpressibleByArgument {}

/// The selected context's client.
struct Session {
    let client: APIClient
    /// The context's user name (nil in a context saved without one).
    let username: String?
    /// Keeps a new token pair in the context (after a re-login).
    let keep: @Sendable (TokenPair) throws -> Void

    /// The context named by `--context`, else the current one; fails with
    /// "not logged in" when there is none or it holds no tokens.
    static func open(_ global: GlobalOptions) throws -> Session {
        let env = CtlEnvironment.current
        let store = ContextStore(path: env.configPath)
        let config = try store.load()
        guard let name = global.context ?? config.current else { throw CtlError.notLoggedIn }
        guard let ctx = config.contexts[name] else {
            throw CtlError(.usage, "no context named \"\(name)\" (see `dfsctl context list`)")
        }
        guard let creds = ctx.credentials else {
            throw CtlError(.auth, "not logged in to \(ctx.server) (context \"\(name)\"): run `dfsctl login --context \(name)`")
        }
        let keep: @Sendable (TokenPair) throws -> Void = { pair in
            var cfg = try store.load()
            guard var c = cfg.contexts[name] else { return }
            c.accessToken = pair.accessToken; c.refreshToken = pair.refreshToken
            cfg.contexts[name] = c
            try store.save(cfg)
        }
        // Keep refreshed tokens for the next command.
        let client = APIClient(server: ctx.server, transport: env.transport, credentials: creds, onRefresh: keep)
        return Session(client: client, username: ctx.username, keep: keep)
    }
}

/// Printing for commands.
enum Print {
    static func out(_ text: String) { CtlEnvironment.current.console.out(text.hasSuffix("\n") ? text : text + "\n") }
}

/// Reading passwords: a prompt without echo on a terminal, or one line of
/// standard input with `--password-stdin`.
enum Passwords {
    /// One password. `confirm` asks twice when prompting.
    static func read(prompt: String, fromStdin: Bool, confirm: Bool = false) throws -> String {
        let console = CtlEnvironment.current.console
        let value: String
        if fromStdin {
            guard let line = console.readLine() else { throw CtlError(.usage, "--password-stdin: no line on standard input") }
            value = line
        } else {
            guard console.isInteractive else {
                throw CtlError(.usage, "standard input is not a terminal: give the password on standard input with --password-stdin")
            }
            guard let first = console.readSecret(prompt: prompt + ": ") else { throw CtlError(.usage, "no password entered") }
            if confirm {
                let again = console.readSecret(prompt: "Repeat " + prompt.lowercased() + ": ")
                guard again == first else { throw CtlError(.usage, "the passwords do not match") }
            }
            value = first
        }
        guard !value.isEmpty else { throw CtlError(.usage, "the password is empty") }
        return value
    }
}

/// Parsing of `--config`, `--config-file` and `--setting k=v`.
enum Inputs {
    /// A JSON document from `--config TEXT` or `--config-file FILE` (nil when neither).
    static func jsonConfig(text: String?, file: String?) throws -> JSON? {
        if text != nil, file != nil { throw CtlError(.usage, "give --config or --config-file, not both") }
        if let text { return try parse(text, what: "--config") }
        if let file {
            let data: Data
            switch ContextStore.readFile(file) {
            case .success(let d): data = d
            case .failure(let e): throw CtlError(.usage, "cannot read --config-file \(file): \(ContextStore.describe(e))")
            }
            return try parse(String(decoding: data, as: UTF8.self), what: file)
        }
        return nil
    }

    private static func parse(_ text: String, what: String) throws -> JSON {
        let v: JSON
        do { v = try JSON.parse(text) } catch { throw CtlError(.usage, "\(what) is not valid JSON") }
        guard case .object = v else { throw CtlError(.usage, "\(what) must be a JSON object, like '{\"path\":\"/srv/meta\"}'") }
        return v
    }

    /// `--setting key=value` pairs as a JSON object; a value that is valid
    /// JSON (a number, true, false, a quoted string, ...) is taken as such,
    /// anything else as a string. Nil when there are none.
    static func settings(_ pairs: [String]) throws -> JSON? {
        if pairs.isEmpty { return nil }
        var out: [String: JSON] = [:]
        for p in pairs {
            guard let eq = p.firstIndex(of: "="), eq != p.startIndex else {
                throw CtlError(.usage, "--setting \(p): expected KEY=VALUE")
            }
            let key = String(p[..<eq]), raw = String(p[p.index(after: eq)...])
            out[key] = (try? JSON.parse(raw)) ?? .string(raw)
        }
        return .object(out)
    }

    /// "http://host:port" from what the user typed ("host:port" gets http://).
    static func serverURL(_ s: String) throws -> String {
        var t = s.trimmingCharacters(in: .whitespaces)
        if !t.contains("://") { t = "http://" + t }
        while t.hasSuffix("/") { t.removeLast() }
        guard let u = URL(string: t), let scheme = u.scheme?.lowercased(), scheme == "http" || scheme == "https",
              let host = u.host, !host.isEmpty else {
            throw CtlError(.usage, "invalid server URL \"\(s)\": expected http://HOST:PORT")
        }
        return t
    }
}
