import ControlModels

/// A share as stored: the API document plus its stable numeric id. The id
/// is allocated once, never changes and is never reused (the file server
/// puts it into NFS file handles).
public struct ShareRecord: Sendable, Equatable {
    public let id: UInt64
    public var share: Share
    public init(id: UInt64, share: Share) { self.id = id; self.share = share }
}

/// A named store as stored. `config` is the plugin configuration exactly as
/// given (JSON text, secrets included: mask before showing it).
public struct StoreRecord: Sendable, Equatable {
    public var kind: StoreKind
    public var name: String
    /// The plugin's name ("badgerlike", "postgres", "fs", ...).
    public var type: String
    public var config: String
    /// Names of the shares using this store.
    public var usedBy: [String]
    public init(kind: StoreKind, name: String, type: String, config: String, usedBy: [String] = []) {
        self.kind = kind; self.name = name; self.type = type; self.config = config; self.usedBy = usedBy
    }
}

/// An adapter's persisted configuration (its run state is not stored).
public struct AdapterRecord: Sendable, Equatable {
    public var type: String
    public var enabled: Bool
    public var port: Int
    public var bind: String
    /// Extra plugin settings besides port and bind.
    public var settings: JSON
    public init(type: String, enabled: Bool, port: Int, bind: String, settings: JSON = .object([:])) {
        self.type = type; self.enabled = enabled; self.port = port; self.bind = bind; self.settings = settings
    }

    /// The API document, with the run state the caller knows.
    public func model(status: String, runtime: JSON? = nil) -> Adapter {
        Adapter(type: type, enabled: enabled, port: port, bind: bind, settings: settings, status: status, runtime: runtime)
    }
}
