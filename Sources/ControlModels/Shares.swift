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
    public init(name: String, metadataStore: String, payloadStore: String, readOnly: Bool = false, squash: SquashMode = .root,
                anonUid: UInt32 = 65534, anonGid: UInt32 = 65534, allowedClients: [String] = [], requirePrivilegedPort: Bool = false,
                defaultPermission: AccessLevel = .readWrite) {
        self.name = name; self.metadataStore = metadataStore; self.payloadStore = payloadStore; self.readOnly = readOnly
        self.squash = squash; self.anonUid = anonUid; self.anonGid = anonGid; self.allowedClients = allowedClients
        self.requirePrivilegedPort = requirePrivilegedPort; self.defaultPermission = defaultPermission
    }
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
    public init(name: String, metadataStore: String, payloadStore: String, readOnly: Bool? = nil, squash: SquashMode? = nil,
                anonUid: UInt32? = nil, anonGid: UInt32? = nil, allowedClients: [String]? = nil,
                requirePrivilegedPort: Bool? = nil, defaultPermission: AccessLevel? = nil) {
        self.name = name; self.metadataStore = metadataStore; self.payloadStore = payloadStore; self.readOnly = readOnly
        self.squash = squash; self.anonUid = anonUid; self.anonGid = anonGid; self.allowedClients = allowedClients
        self.requirePrivilegedPort = requirePrivilegedPort; self.defaultPermission = defaultPermission
    }
}

/// `PATCH /api/v1/shares/{name}` (the stores of a share cannot change).
public struct ShareUpdate: Codable, Sendable, Equatable {
    public var readOnly: Bool?
    public var squash: SquashMode?
    public var anonUid: UInt32?
    public var anonGid: UInt32?
    public var allowedClients: [String]?
    public var requirePrivilegedPort: Bool?
    public var defaultPermission: AccessLevel?
    public init(readOnly: Bool? = nil, squash: SquashMode? = nil, anonUid: UInt32? = nil, anonGid: UInt32? = nil,
                allowedClients: [String]? = nil, requirePrivilegedPort: Bool? = nil, defaultPermission: AccessLevel? = nil) {
        self.readOnly = readOnly; self.squash = squash; self.anonUid = anonUid; self.anonGid = anonGid
        self.allowedClients = allowedClients; self.requirePrivilegedPort = requirePrivilegedPort; self.defaultPermission = defaultPermission
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
