/// What a user or group may do on a share. Ordered: none < read <
/// read-write < admin. A principal's level on a share is the highest of:
/// its own grant, its groups' grants; the share's `defaultPermission` when
/// it has none of those.
public enum AccessLevel: String, Codable, Sendable, CaseIterable, Comparable {
    case none
    case read
    case readWrite = "read-write"
    case admin

    var rank: Int {
        switch self {
        case .none: 0
        case .read: 1
        case .readWrite: 2
        case .admin: 3
        }
    }

    public static func < (a: AccessLevel, b: AccessLevel) -> Bool { a.rank < b.rank }
}

/// Identity squashing of a share (see `dfs start --help`).
public enum SquashMode: String, Codable, Sendable, CaseIterable {
    case none
    case root
    case all
}

/// A share: an export path served by the adapters, its stores and policy.
public struct Share: Codable, Sendable, Equatable {
    /// The export path, e.g. "/export".
    public var name: String
    /// Names of the metadata and payload stores (see /stores).
    public var metadataStore: String
    public var payloadStore: String
    public var readOnly: Bool
    public var squash: SquashMode
    public var anonUid: UInt32
    public var anonGid: UInt32
    /// Client addresses or CIDR blocks; empty means every client.
    public var allowedClients: [String]
    public var requirePrivilegedPort: Bool
    /// Level of callers that have no grant (unknown uids, anonymous).
    public var defaultPermission: AccessLevel
    /// The share's write-back cache in front of its payload store; absent:
    /// none. Chosen when the share is created.
    public var cache: ShareCache?
    /// Owner and permission bits (0...0o7777) given to the share's root
    /// directory when it is created in the metadata store. Chosen when the
    /// share is created; afterwards the root changes like any directory
    /// (chmod/chown from a client).
    public var rootUid: UInt32
    public var rootGid: UInt32
    public var rootMode: UInt32
    public init(name: String, metadataStore: String, payloadStore: String, readOnly: Bool = false, squash: SquashMode = .root,
                anonUid: UInt32 = 65534, anonGid: UInt32 = 65534, allowedClients: [String] = [], requirePrivilegedPort: Bool = false,
                defaultPermission: AccessLevel = .readWrite, cache: ShareCache? = nil,
                rootUid: UInt32 = 0, rootGid: UInt32 = 0, rootMode: UInt32 = 0o755) {
        self.name = name; self.metadataStore = metadataStore; self.payloadStore = payloadStore; self.readOnly = readOnly
        self.squash = squash; self.anonUid = anonUid; self.anonGid = anonGid; self.allowedClients = allowedClients
        self.requirePrivilegedPort = requirePrivilegedPort; self.defaultPermission = defaultPermission; self.cache = cache
        self.rootUid = rootUid; self.rootGid = rootGid; self.rootMode = rootMode
    }
}

extension Share {
    private enum CodingKeys: String, CodingKey {
        case name, metadataStore, payloadStore, readOnly, squash, anonUid, anonGid, allowedClients, requirePrivilegedPort
        case defaultPermission, cache, rootUid, rootGid, rootMode
    }

    /// Properties added after the first release (`rootUid`, `rootGid`,
    /// `rootMode`) take their defaults when absent, so a newer client reads
    /// an older server's shares.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        self.init(name: try c.decode(String.self, forKey: .name), metadataStore: try c.decode(String.self, forKey: .metadataStore),
                  payloadStore: try c.decode(String.self, forKey: .payloadStore), readOnly: try c.decode(Bool.self, forKey: .readOnly),
                  squash: try c.decode(SquashMode.self, forKey: .squash), anonUid: try c.decode(UInt32.self, forKey: .anonUid),
                  anonGid: try c.decode(UInt32.self, forKey: .anonGid), allowedClients: try c.decode([String].self, forKey: .allowedClients),
                  requirePrivilegedPort: try c.decode(Bool.self, forKey: .requirePrivilegedPort),
                  defaultPermission: try c.decode(AccessLevel.self, forKey: .defaultPermission),
                  cache: try c.decodeIfPresent(ShareCache.self, forKey: .cache),
                  rootUid: try c.decodeIfPresent(UInt32.self, forKey: .rootUid) ?? 0,
                  rootGid: try c.decodeIfPresent(UInt32.self, forKey: .rootGid) ?? 0,
                  rootMode: try c.decodeIfPresent(UInt32.self, forKey: .rootMode) ?? 0o755)
    }
}

/// A share's write-back cache (docs/CACHE.md): WRITEs land in a journal on
/// the server's local disk (under `<cache_dir>/<share id>`), an
/// uploader moves the blocks to the payload store, clean blocks stay for
/// reads within `sizeBytes`. When the payload store is slow or down, writes
/// fill the cache and then slow down (NFS3ERR_JUKEBOX) instead of failing.
public struct ShareCache: Codable, Sendable, Equatable {
    /// Local disk the cache may use for dirty plus clean blocks; at least
    /// `minimumSize`. Writes are throttled when 75 % of it is dirty.
    public var sizeBytes: UInt64
    /// COMMIT and FILE_SYNC return once the data is in the payload store
    /// (not only in the local journal).
    public var remoteDurable: Bool

    /// The smallest cache accepted: 16 MiB (16 blocks of 1 MiB).
    public static let minimumSize: UInt64 = 16 << 20

    public init(sizeBytes: UInt64, remoteDurable: Bool = false) { self.sizeBytes = sizeBytes; self.remoteDurable = remoteDurable }
}

/// `POST /api/v1/shares`. Unset options take the defaults of `Share.init`.
public struct ShareCreate: Codable, Sendable, Equatable {
    public var name: String
    public var metadataStore: String
    public var payloadStore: String
    public var readOnly: Bool?
    public var squash: SquashMode?
    public var anonUid: UInt32?
    public var anonGid: UInt32?
    public var allowedClients: [String]?
    public var requirePrivilegedPort: Bool?
    public var defaultPermission: AccessLevel?
    /// A write-back cache; absent: none.
    public var cache: ShareCache?
    /// The root directory's owner and mode when created (default 0, 0, 0o755).
    public var rootUid: UInt32?
    public var rootGid: UInt32?
    public var rootMode: UInt32?
    public init(name: String, metadataStore: String, payloadStore: String, readOnly: Bool? = nil, squash: SquashMode? = nil,
                anonUid: UInt32? = nil, anonGid: UInt32? = nil, allowedClients: [String]? = nil,
                requirePrivilegedPort: Bool? = nil, defaultPermission: AccessLevel? = nil, cache: ShareCache? = nil,
                rootUid: UInt32? = nil, rootGid: UInt32? = nil, rootMode: UInt32? = nil) {
        self.name = name; self.metadataStore = metadataStore; self.payloadStore = payloadStore; self.readOnly = readOnly
        self.squash = squash; self.anonUid = anonUid; self.anonGid = anonGid; self.allowedClients = allowedClients
        self.requirePrivilegedPort = requirePrivilegedPort; self.defaultPermission = defaultPermission; self.cache = cache
        self.rootUid = rootUid; self.rootGid = rootGid; self.rootMode = rootMode
    }
}

/// A change to a share's cache (`ShareUpdate.cache`); unset fields stay.
public struct ShareCacheUpdate: Codable, Sendable, Equatable {
    public var sizeBytes: UInt64?
    public var remoteDurable: Bool?
    public init(sizeBytes: UInt64? = nil, remoteDurable: Bool? = nil) { self.sizeBytes = sizeBytes; self.remoteDurable = remoteDurable }
}

/// `PATCH /api/v1/shares/{name}`. The stores of a share cannot change; its
/// cache can be resized or switched between local and remote durability,
/// but not added or removed.
public struct ShareUpdate: Codable, Sendable, Equatable {
    public var readOnly: Bool?
    public var squash: SquashMode?
    public var anonUid: UInt32?
    public var anonGid: UInt32?
    public var allowedClients: [String]?
    public var requirePrivilegedPort: Bool?
    public var defaultPermission: AccessLevel?
    /// Only for a share that has a cache.
    public var cache: ShareCacheUpdate?
    public init(readOnly: Bool? = nil, squash: SquashMode? = nil, anonUid: UInt32? = nil, anonGid: UInt32? = nil,
                allowedClients: [String]? = nil, requirePrivilegedPort: Bool? = nil, defaultPermission: AccessLevel? = nil,
                cache: ShareCacheUpdate? = nil) {
        self.readOnly = readOnly; self.squash = squash; self.anonUid = anonUid; self.anonGid = anonGid
        self.allowedClients = allowedClients; self.requirePrivilegedPort = requirePrivilegedPort; self.defaultPermission = defaultPermission
        self.cache = cache
    }
}

/// Who a permission is granted to.
public enum PrincipalKind: String, Codable, Sendable, CaseIterable {
    case user
    case group
}

/// One grant on a share. `PUT /api/v1/shares/{name}/permissions` with this
/// body grants (replacing an earlier grant of the same principal);
/// `DELETE /api/v1/shares/{name}/permissions/{kind}/{principal}` revokes.
public struct Permission: Codable, Sendable, Equatable {
    public var kind: PrincipalKind
    public var principal: String
    public var level: AccessLevel
    public init(kind: PrincipalKind, principal: String, level: AccessLevel) { self.kind = kind; self.principal = principal; self.level = level }
}

/// Byte counts as people type them: a positive integer with an optional
/// binary suffix K, M, G or T (case-insensitive; "512M" = 512 MiB).
public enum ByteCount {
    /// The value of `text`; nil when it is not such a count or overflows.
    public static func parse(_ text: String) -> UInt64? {
        let units: [Character: UInt64] = ["K": 1 << 10, "M": 1 << 20, "G": 1 << 30, "T": 1 << 40]
        var t = text.uppercased()
        var mult: UInt64 = 1
        if let last = t.last, let u = units[last] { mult = u; t.removeLast() }
        guard let n = UInt64(t), n > 0, n <= UInt64.max / mult else { return nil }
        return n * mult
    }

    /// The shortest exact form: "2G", "1536M", "1000".
    public static func format(_ n: UInt64) -> String {
        for (suffix, shift) in [("T", 40), ("G", 30), ("M", 20), ("K", 10)] where n != 0 && n & ((1 << shift) - 1) == 0 {
            return "\(n >> shift)\(suffix)"
        }
        return "\(n)"
    }
}
