/// The two kinds of stores.
public enum StoreKind: String, Codable, Sendable, CaseIterable {
    case metadata
    case payload
}

/// A named, configured store (an opened instance of a store plugin).
public struct Store: Codable, Sendable, Equatable {
    public var name: String
    public var kind: StoreKind
    /// The plugin's name, e.g. "badgerlike", "postgres", "fs", "s3".
    public var type: String
    /// The plugin configuration, with secrets ("password", "secret*",
    /// "*_key", "dsn" passwords) replaced by "********".
    public var config: JSON
    /// "open", or "error: <message>" when it could not be opened on start.
    public var status: String
    /// Shares using this store.
    public var usedBy: [String]
    public init(name: String, kind: StoreKind, type: String, config: JSON, status: String, usedBy: [String]) {
        self.name = name; self.kind = kind; self.type = type; self.config = config; self.status = status; self.usedBy = usedBy
    }
}

/// `POST /api/v1/stores/{metadata|payload}`: validated by opening it; a
/// configuration the plugin rejects is refused with the plugin's message.
public struct StoreCreate: Codable, Sendable, Equatable {
    public var name: String
    public var type: String
    public var config: JSON?
    public init(name: String, type: String, config: JSON? = nil) { self.name = name; self.type = type; self.config = config }
}

/// A loaded plugin (`GET /api/v1/plugins`).
public struct Plugin: Codable, Sendable, Equatable {
    public var kind: String
    public var name: String
    public var version: String
    public var abi: String
    public var capabilities: [String]
    public var file: String
    public init(kind: String, name: String, version: String, abi: String, capabilities: [String], file: String) {
        self.kind = kind; self.name = name; self.version = version; self.abi = abi; self.capabilities = capabilities; self.file = file
    }
}

/// `POST /api/v1/plugins/rescan` reply: what was found and what was refused.
public struct PluginRescan: Codable, Sendable, Equatable {
    public var plugins: [Plugin]
    public var added: [String]
    public var rejected: [String]
    public init(plugins: [Plugin], added: [String], rejected: [String]) { self.plugins = plugins; self.added = added; self.rejected = rejected }
}
