import Foundation
import Yams

extension ServerConfig {
    /// The top-level keys, in the order ``render()`` writes them.
    static let topKeys = ["data_dir", "plugin_dirs", "cache_dir", "log", "database", "api", "metrics", "first_start"]

    /// Reads and checks the file at `path`.
    /// - Throws: ``ConfigError/missing(path:)`` when there is no such file (the
    ///   caller may fall back to ``defaults(environment:)``), ``ConfigError/unreadable(path:reason:)``,
    ///   or ``ConfigError/invalid(_:)`` with the line of the problem.
    public static func load(path: String, environment: [String: String] = ServerConfig.processEnvironment) throws -> ServerConfig {
        var isDir: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDir) else { throw ConfigError.missing(path: path) }
        if isDir.boolValue { throw ConfigError.unreadable(path: path, reason: "is a directory, not a configuration file") }
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            throw ConfigError.unreadable(path: path, reason: "cannot read: \(error.localizedDescription)")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigError.unreadable(path: path, reason: "is not UTF-8 text")
        }
        return try parse(yaml: text, source: path, environment: environment)
    }

    /// Parses and checks YAML text. `source` names it in messages (a path or
    /// "<stdin>"). Keys left out take their defaults; null values (`key:`) too.
    public static func parse(yaml: String, source: String, environment: [String: String] = ServerConfig.processEnvironment) throws -> ServerConfig {
        if yaml.utf8.count > maxSize {
            throw ConfigError.invalid(ConfigIssue(source: source, keyPath: "", line: 1, column: 1,
                                                  message: "larger than \(maxSize / 1024) KiB: not a dfs configuration file"))
        }
        if let (line, column) = flowTooDeep(yaml) {
            throw ConfigError.invalid(ConfigIssue(source: source, keyPath: "", line: line, column: column,
                                                  message: "brackets nested more than \(maxFlowDepth) deep"))
        }
        // Yams composes (and frees) nodes recursively: a deeply nested document
        // would overflow a normal stack, so the whole parse runs on a big one.
        let result = LargeStack.run { Result { try parseChecked(yaml: yaml, source: source, environment: environment) } }
        return try result.get()
    }

    /// The largest file accepted (configuration files are a few KiB). With it,
    /// nesting is at most ~128 Ki levels, which ``LargeStack`` holds.
    static let maxSize = 256 * 1024

    /// Flow collections (`[..]`, `{..}`) nested deeper than this are refused
    /// before parsing: libyaml takes quadratic time on deep flow nesting.
    static let maxFlowDepth = 64

    /// Where the bracket nesting first passes ``maxFlowDepth`` (1-based line
    /// and column), ignoring comments; brackets inside quoted text count too,
    /// which only matters for absurd files.
    static func flowTooDeep(_ yaml: String) -> (Int, Int)? {
        var depth = 0, line = 1, column = 0
        var inComment = false, previous: UInt8 = 0x0A
        for b in yaml.utf8 {
            column += 1
            switch b {
            case 0x0A: line += 1; column = 0; inComment = false
            case UInt8(ascii: "#") where previous == 0x20 || previous == 0x09 || previous == 0x0A: inComment = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                if !inComment { depth += 1; if depth > maxFlowDepth { return (line, column) } }
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                if !inComment { depth = max(0, depth - 1) }
            default: break
            }
            previous = b
        }
        return nil
    }

    static func parseChecked(yaml: String, source: String, environment: [String: String]) throws -> ServerConfig {
        let r = NodeReader(source: source)
        let root: Node?
        do {
            root = try Yams.compose(yaml: yaml)
        } catch let e as YamlError {
            throw ConfigError.invalid(yamlIssue(e, source: source))
        } catch {
            throw ConfigError.invalid(ConfigIssue(source: source, keyPath: "", line: 1, column: 1, message: "malformed YAML: \(error)"))
        }
        var c = defaults(environment: environment)
        guard let root else { return c }  // empty file: all defaults
        if case .mapping = root {} else if !NodeReader.isNull(root) {
            throw r.fail("", root, "expected a mapping of sections (data_dir, log, database, api, ...) at the top, got \(NodeReader.describe(root))")
        }
        var databaseKey: Node?, databaseValue: Node?
        for e in try r.mapping(root, path: "", allowed: topKeys) {
            let v = e.value, p = e.key
            switch e.key {
            case "data_dir": c.dataDir = try r.nonEmpty(v, path: p) ?? c.dataDir
            case "plugin_dirs": c.pluginDirs = try r.strings(v, path: p) ?? []
            case "cache_dir": c.cacheDir = try r.string(v, path: p) ?? ""
            case "log": c.log = try parseLog(v, r)
            case "database": c.database = try parseDatabase(v, r); databaseKey = e.keyNode; databaseValue = v
            case "api": c.api = try parseAPI(v, r)
            case "metrics": c.metrics = try parseMetrics(v, r)
            case "first_start": c.firstStart = try parseFirstStart(v, r)
            default: break  // unreachable: mapping() refused unknown keys
            }
        }
        try checkDatabase(c.database, key: databaseKey, value: databaseValue, reader: r, environment: environment)
        return c
    }

    /// Yams' own position of a syntax error, in our message shape.
    static func yamlIssue(_ e: YamlError, source: String) -> ConfigIssue {
        func issue(_ kind: String, _ context: YamlError.Context?, _ problem: String, _ mark: Mark) -> ConfigIssue {
            let ctx = context.map { "\($0.text) (line \($0.mark.line)), " } ?? ""
            return ConfigIssue(source: source, keyPath: "", line: mark.line, column: mark.column, message: "malformed YAML (\(kind)): \(ctx)\(problem)")
        }
        switch e {
        case .scanner(let context, let problem, let mark, _): return issue("scanner", context, problem, mark)
        case .parser(let context, let problem, let mark, _): return issue("parser", context, problem, mark)
        case .composer(let context, let problem, let mark, _): return issue("composer", context, problem, mark)
        case .reader(let problem, let offset, _, let yaml):
            var line = 1, column = 1
            if let offset {
                let before = Array(yaml.utf8.prefix(offset))
                line = before.filter { $0 == 0x0A }.count + 1
                column = before.count - (before.lastIndex(of: 0x0A).map { $0 + 1 } ?? 0) + 1
            }
            return ConfigIssue(source: source, keyPath: "", line: line, column: column, message: "malformed YAML (reader): \(problem)")
        default:
            return ConfigIssue(source: source, keyPath: "", line: 1, column: 1, message: "malformed YAML: \(e)")
        }
    }

    static func parseLog(_ node: Node, _ r: NodeReader) throws -> Log {
        var l = Log()
        for e in try r.mapping(node, path: "log", allowed: ["level", "format", "file"]) {
            let p = "log." + e.key
            switch e.key {
            case "level": l.level = try r.choice(e.value, path: p, as: Log.Level.self) ?? l.level
            case "format": l.format = try r.choice(e.value, path: p, as: Log.Format.self) ?? l.format
            default: l.file = try r.string(e.value, path: p) ?? ""
            }
        }
        return l
    }

    static func parseDatabase(_ node: Node, _ r: NodeReader) throws -> Database {
        var d = Database()
        for e in try r.mapping(node, path: "database", allowed: ["type", "path", "dsn", "dsn_file", "schema"]) {
            let p = "database." + e.key
            switch e.key {
            case "type": d.type = try r.choice(e.value, path: p, as: Database.Kind.self) ?? d.type
            case "path": d.path = try r.string(e.value, path: p) ?? ""
            case "dsn": d.dsn = try r.string(e.value, path: p) ?? ""
            case "dsn_file": d.dsnFile = try r.string(e.value, path: p) ?? ""
            default:
                let s = try r.nonEmpty(e.value, path: p) ?? d.schema
                if s.range(of: "^[A-Za-z_][A-Za-z0-9_]{0,62}$", options: .regularExpression) == nil {
                    throw r.fail(p, e.value, "\"\(s)\" is not a plain SQL identifier (letters, digits, _; not starting with a digit)")
                }
                d.schema = s
            }
        }
        return d
    }

    /// Rules that span keys: a PostgreSQL database needs a connection string
    /// from exactly one place; sqlite takes none.
    static func checkDatabase(_ d: Database, key node: Node?, value: Node?, reader r: NodeReader, environment: [String: String]) throws {
        var typeNode: Node?
        if case .mapping(let m)? = value {
            typeNode = m.first(where: { $0.key.string == "type" })?.value
        }
        switch d.type {
        case .postgres:
            if !d.dsn.isEmpty, !d.dsnFile.isEmpty {
                throw r.fail("database", node, "set dsn or dsn_file, not both")
            }
            if d.dsn.isEmpty, d.dsnFile.isEmpty, (environment["DFS_DATABASE_DSN"] ?? "").isEmpty {
                throw r.fail("database.type", typeNode ?? node, "postgres needs a connection string: set database.dsn, database.dsn_file, or $DFS_DATABASE_DSN")
            }
        case .sqlite:
            if !d.dsn.isEmpty || !d.dsnFile.isEmpty {
                throw r.fail("database", node, "dsn and dsn_file are for type: postgres (sqlite uses path)")
            }
        }
    }

    static func parseAPI(_ node: Node, _ r: NodeReader) throws -> API {
        var a = API()
        for e in try r.mapping(node, path: "api", allowed: ["bind", "port"]) {
            let p = "api." + e.key
            if e.key == "bind" { a.bind = try r.address(e.value, path: p) ?? a.bind }
            // 0 would hide the API from `dfs status` and dfsctl, which need to know the port.
            else { a.port = try r.port(e.value, path: p, allowZero: false) ?? a.port }
        }
        return a
    }

    static func parseMetrics(_ node: Node, _ r: NodeReader) throws -> Metrics {
        var m = Metrics()
        for e in try r.mapping(node, path: "metrics", allowed: ["enabled", "bind", "port"]) {
            let p = "metrics." + e.key
            switch e.key {
            case "enabled": m.enabled = try r.bool(e.value, path: p) ?? m.enabled
            case "bind": m.bind = try r.address(e.value, path: p) ?? m.bind
            // Prometheus scrapes a fixed port: 0 is refused (use enabled: false).
            default: m.port = try r.port(e.value, path: p, allowZero: false) ?? m.port
            }
        }
        return m
    }

    static func parseFirstStart(_ node: Node, _ r: NodeReader) throws -> FirstStart {
        var f = FirstStart()
        for e in try r.mapping(node, path: "first_start", allowed: ["nfs_port", "nfs_bind", "share", "metadata", "payload"]) {
            let p = "first_start." + e.key
            switch e.key {
            // 0 picks a free port (tests); the port is then shown by the API's adapter list.
            case "nfs_port": f.nfsPort = try r.port(e.value, path: p, allowZero: true) ?? f.nfsPort
            case "nfs_bind": f.nfsBind = try r.address(e.value, path: p) ?? f.nfsBind
            case "share":
                let s = try r.nonEmpty(e.value, path: p) ?? f.share
                if !s.hasPrefix("/") { throw r.fail(p, e.value, "\"\(s)\" must start with / (e.g. /export)") }
                f.share = s
            case "metadata": f.metadata = try r.nonEmpty(e.value, path: p) ?? f.metadata
            default: f.payload = try r.nonEmpty(e.value, path: p) ?? f.payload
            }
        }
        return f
    }
}
