/// A problem with the configuration file. Its ``description`` is one
/// line a person can act on, e.g.
/// `/etc/dfs/config.yaml:12:9: api.port: 70000 is out of range (1...65535)`.
public enum ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// There is no file at `path` (`dfs start` then uses the defaults).
    case missing(path: String)
    /// The file exists but cannot be read (permissions, not UTF-8, a directory).
    case unreadable(path: String, reason: String)
    /// The file was read but its content is wrong.
    case invalid(ConfigIssue)

    public var description: String {
        switch self {
        case .missing(let path): return "\(path): no configuration file (run `dfs init` to write one)"
        case .unreadable(let path, let reason): return "\(path): \(reason)"
        case .invalid(let issue): return issue.description
        }
    }

    /// The issue, for `.invalid`.
    public var issue: ConfigIssue? {
        if case .invalid(let i) = self { return i }
        return nil
    }
}

/// Where and what: the file, the key path (`api.port`, `plugin_dirs[2]`,
/// empty for the whole document), the 1-based line and column, the message.
public struct ConfigIssue: Equatable, Sendable, CustomStringConvertible {
    public var source: String
    public var keyPath: String
    public var line: Int
    public var column: Int
    public var message: String

    public init(source: String, keyPath: String, line: Int, column: Int, message: String) {
        self.source = source; self.keyPath = keyPath; self.line = line; self.column = column; self.message = message
    }

    public var description: String {
        let at = "\(source):\(line):\(column)"
        return keyPath.isEmpty ? "\(at): \(message)" : "\(at): \(keyPath): \(message)"
    }
}
