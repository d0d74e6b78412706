import HostCache
import HostPlugins
import HostServices

/// A named store as the control plane describes it.
public struct StoreSpec: Equatable, Sendable {
    public var kind: PluginKind
    public var name: String
    /// The plugin's name ("badgerlike", "fs", ...).
    public var type: String
    /// The plugin configuration, JSON text.
    public var config: String

    public init(kind: PluginKind, name: String, type: String, config: String) {
        self.kind = kind; self.name = name; self.type = type; self.config = config
    }
}

/// A share as the control plane describes it.
public struct ShareSpec: Equatable, Sendable {
    /// Stable id, used in file handles: never changes, never reused.
    public var id: UInt64
    public var name: String
    public var metadataStore: String
    public var payloadStore: String
    public var readOnly: Bool
    public var policy: SharePolicy
    /// The share's write-back cache (docs/CACHE.md); nil: none. Fixed
    /// while the share is served, like its stores.
    public var cache: CacheOptions?
    /// Owner and permission bits of the share's root directory when the
    /// metadata store has none yet (an existing root is kept as it is).
    public var rootUID: UInt32
    public var rootGID: UInt32
    public var rootMode: UInt32

    public init(id: UInt64, name: String, metadataStore: String, payloadStore: String, readOnly: Bool, policy: SharePolicy,
                cache: CacheOptions? = nil, rootUID: UInt32 = 0, rootGID: UInt32 = 0, rootMode: UInt32 = 0o755) {
        self.id = id; self.name = name; self.metadataStore = metadataStore; self.payloadStore = payloadStore
        self.readOnly = readOnly; self.policy = policy; self.cache = cache
        self.rootUID = rootUID; self.rootGID = rootGID; self.rootMode = rootMode
    }
}

/// What a running (or failed) adapter looks like.
public enum AdapterState: Equatable, Sendable {
    case stopped
    /// Running with these settings; `status` is the plugin's JSON document.
    case running(settings: String, status: String)
    /// The last enable failed with this message.
    case failed(String)

    /// "running", "stopped" or "error: <message>".
    public var summary: String {
        switch self {
        case .stopped: "stopped"
        case .running: "running"
        case .failed(let m): "error: \(m)"
        }
    }
}
