import ControlModels

// The table columns of each document.

extension User: TableRow {
    public static let tableHeaders = ["NAME", "UID", "GID", "ROLE", "GROUPS", "EMAIL"]
    public var tableCells: [String] { [name, "\(uid)", "\(gid)", role.rawValue, Table.list(groups), email ?? "-"] }
}

extension Group: TableRow {
    public static let tableHeaders = ["NAME", "GID", "MEMBERS"]
    public var tableCells: [String] { [name, "\(gid)", Table.list(members)] }
}

extension Share: TableRow {
    public static let tableHeaders = ["NAME", "METADATA", "PAYLOAD", "CACHE", "READ-ONLY", "SQUASH", "ANON", "DEFAULT", "CLIENTS", "PRIV-PORT"]
    public var tableCells: [String] {
        [name, metadataStore, payloadStore, cache.map { ByteCount.format($0.sizeBytes) + ($0.remoteDurable ? " remote-durable" : "") } ?? "-",
         "\(readOnly)", squash.rawValue, "\(anonUid):\(anonGid)", defaultPermission.rawValue,
         allowedClients.isEmpty ? "any" : allowedClients.joined(separator: ","), "\(requirePrivilegedPort)"]
    }
}

extension Permission: TableRow {
    public static let tableHeaders = ["KIND", "PRINCIPAL", "LEVEL"]
    public var tableCells: [String] { [kind.rawValue, principal, level.rawValue] }
}

extension Store: TableRow {
    public static let tableHeaders = ["NAME", "KIND", "TYPE", "STATUS", "USED-BY", "CONFIG"]
    public var tableCells: [String] { [name, kind.rawValue, type, status, Table.list(usedBy), config.text] }
}

extension Adapter: TableRow {
    public static let tableHeaders = ["TYPE", "ENABLED", "PORT", "BIND", "STATUS", "SETTINGS"]
    public var tableCells: [String] {
        let s: String = if case .object(let o) = settings, o.isEmpty { "-" } else { settings.text }
        return [type, "\(enabled)", "\(port)", bind, status, s]
    }
}

extension Plugin: TableRow {
    public static let tableHeaders = ["KIND", "NAME", "VERSION", "ABI", "CAPABILITIES", "FILE"]
    public var tableCells: [String] { [kind, name, version, abi, Table.list(capabilities), file] }
}

extension Setting: TableRow {
    public static let tableHeaders = ["KEY", "VALUE", "DESCRIPTION"]
    public var tableCells: [String] { [key, value, description ?? "-"] }
}

/// A context as `context list` shows it (tokens are never printed).
public struct ContextRow: Codable, Sendable, Equatable, TableRow {
    public var name: String
    public var current: Bool
    public var server: String
    public var username: String?
    public var role: Role?
    public var loggedIn: Bool
    public init(name: String, context: Context, current: Bool) {
        self.name = name; self.current = current; server = context.server; username = context.username
        role = context.role; loggedIn = context.credentials != nil
    }
    public static let tableHeaders = ["CURRENT", "NAME", "SERVER", "USER", "ROLE", "LOGGED-IN"]
    public var tableCells: [String] { [current ? "*" : "", name, server, username ?? "-", role?.rawValue ?? "-", loggedIn ? "yes" : "no"] }
}

extension Render {
    /// `status` as a table: the server's facts, then its adapters.
    public static func status(_ s: ServerStatus, as format: OutputFormat) throws -> String {
        switch format {
        case .json: return try json(s)
        case .yaml: return try yaml(s)
        case .table:
            let facts = Table.render(headers: ["VERSION", "PID", "UPTIME", "SHARES", "DATABASE", "DATA-DIRECTORY"],
                                     rows: [[s.version, "\(s.pid)", duration(s.uptimeSeconds), "\(s.shares)", s.database, s.dataDirectory]])
            return facts + "\n" + Table.render(headers: Adapter.tableHeaders, rows: s.adapters.map(\.tableCells))
        }
    }

    /// `plugin rescan` as a table of plugins, then what was added and rejected.
    public static func rescan(_ r: PluginRescan, as format: OutputFormat) throws -> String {
        switch format {
        case .json: return try json(r)
        case .yaml: return try yaml(r)
        case .table:
            var out = Table.render(headers: Plugin.tableHeaders, rows: r.plugins.map(\.tableCells))
            out += "\nadded: " + (r.added.isEmpty ? "none" : r.added.joined(separator: ", ")) + "\n"
            out += r.rejected.isEmpty ? "rejected: none\n" : "rejected:\n"
            for line in r.rejected { out += "  " + Table.clean(line) + "\n" }
            return out
        }
    }

    /// "3d 4h 5m 6s", shortest form.
    static func duration(_ seconds: Double) -> String {
        guard seconds.isFinite, seconds >= 0 else { return "-" }
        var s = Int(seconds)
        let d = s / 86400; s %= 86400
        let h = s / 3600; s %= 3600
        let m = s / 60; s %= 60
        var parts: [String] = []
        if d > 0 { parts.append("\(d)d") }
        if h > 0 { parts.append("\(h)h") }
        if m > 0 { parts.append("\(m)m") }
        if s > 0 || parts.isEmpty { parts.append("\(s)s") }
        return parts.joined(separator: " ")
    }
}
