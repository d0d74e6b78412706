import Foundation

extension ServerConfig {
    /// This process's environment (the default of every `environment:` parameter).
    public static var processEnvironment: [String: String] { ProcessInfo.processInfo.environment }

    /// Where the configuration file is looked for: `$DFS_CONFIG`, else
    /// `$XDG_CONFIG_HOME/dfs/config.yaml`, else `~/.config/dfs/config.yaml`.
    public static var defaultPath: String { defaultPath(environment: processEnvironment) }

    /// ``defaultPath`` for a given environment.
    public static func defaultPath(environment env: [String: String]) -> String {
        if let p = env["DFS_CONFIG"], !p.isEmpty { return expand(p, home: home(environment: env)) }
        if let x = env["XDG_CONFIG_HOME"], !x.isEmpty { return x + "/dfs/config.yaml" }
        return home(environment: env) + "/.config/dfs/config.yaml"
    }

    /// The default `data_dir`: `$DFS_DATA_DIR`, else `$XDG_DATA_HOME/dfs`,
    /// else `~/.local/share/dfs` (kept with its `~`, expanded on use).
    public static func defaultDataDir(environment env: [String: String]) -> String {
        if let d = env["DFS_DATA_DIR"], !d.isEmpty { return d }
        if let x = env["XDG_DATA_HOME"], !x.isEmpty { return x + "/dfs" }
        return "~/.local/share/dfs"
    }

    /// `$HOME`, else the account's home directory.
    public static func home(environment env: [String: String]) -> String {
        if let h = env["HOME"], !h.isEmpty { return h }
        return NSHomeDirectory()
    }

    /// `path` with a leading `~` or `~/` replaced by `home`; anything else unchanged.
    public static func expand(_ path: String, home: String) -> String {
        if path == "~" { return home }
        if path.hasPrefix("~/") { return home + path.dropFirst(1) }
        return path
    }

    /// ``dataDir`` with `~` expanded against this process's `$HOME`.
    public var dataDirectory: String { dataDirectory(home: Self.home(environment: Self.processEnvironment)) }

    /// ``dataDir`` with `~` expanded against `home`.
    public func dataDirectory(home: String) -> String { Self.expand(dataDir, home: home) }

    /// The SQLite control database: `database.path`, or `<data_dir>/control.db`.
    public var databasePath: String {
        database.path.isEmpty ? dataDirectory + "/control.db" : Self.expand(database.path, home: Self.home(environment: Self.processEnvironment))
    }

    /// The root of the shares' write-back caches: `cache_dir`, or
    /// `<data_dir>/cache`.
    public var cacheDirectory: String {
        cacheDir.isEmpty ? dataDirectory + "/cache" : Self.expand(cacheDir, home: Self.home(environment: Self.processEnvironment))
    }

    /// The pid file a running `dfs start` writes: `<data_dir>/dfs.pid`.
    public var pidFile: String { dataDirectory + "/dfs.pid" }

    /// The log file: `log.file`, or `<data_dir>/logs/dfs.log` (used when
    /// daemonized; in the foreground "" means stderr). `dfs logs` reads this.
    public var logFile: String {
        log.file.isEmpty ? dataDirectory + "/logs/dfs.log" : Self.expand(log.file, home: Self.home(environment: Self.processEnvironment))
    }

    /// Where the server logs: ``logFile`` when `log.file` is set or the server
    /// runs daemonized; nil (stderr) in the foreground without `log.file`.
    public func logDestination(daemonized: Bool) -> String? {
        daemonized || !log.file.isEmpty ? logFile : nil
    }

    /// The control plane's secret key (JWT signing): `<data_dir>/secrets/control.key`.
    public var keyFile: String { dataDirectory + "/secrets/control.key" }

    /// Extra plugin folders with `~` expanded.
    public var pluginDirectories: [String] {
        let home = Self.home(environment: Self.processEnvironment)
        return pluginDirs.map { Self.expand($0, home: home) }
    }

    /// The PostgreSQL connection string: `database.dsn`, else the contents of
    /// `database.dsn_file` (trimmed), else `$DFS_DATABASE_DSN`; nil for SQLite.
    /// Throws ``ConfigError/unreadable(path:reason:)`` when the dsn file cannot be read.
    public func resolvedDSN(environment env: [String: String] = ServerConfig.processEnvironment) throws -> String? {
        guard database.type == .postgres else { return nil }
        if !database.dsn.isEmpty { return database.dsn }
        if !database.dsnFile.isEmpty {
            let path = Self.expand(database.dsnFile, home: Self.home(environment: env))
            do {
                let text = try String(contentsOfFile: path, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
                if text.isEmpty { throw ConfigError.unreadable(path: path, reason: "database.dsn_file is empty") }
                return text
            } catch let e as ConfigError {
                throw e
            } catch {
                throw ConfigError.unreadable(path: path, reason: "cannot read database.dsn_file: \(error.localizedDescription)")
            }
        }
        if let d = env["DFS_DATABASE_DSN"], !d.isEmpty { return d }
        return nil
    }
}
