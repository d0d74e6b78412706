import HostCore
import HostPlugins
import PluginABI

/// Which identities a share maps to its anonymous user (NFS `root_squash`,
/// `all_squash`, `no_root_squash`).
public enum Squash: String, Sendable, CaseIterable, CustomStringConvertible {
    /// Identities pass unchanged (`no_root_squash`).
    case none
    /// uid 0 becomes `anonUID`, gid 0 becomes `anonGID`, and group 0 is
    /// dropped from the supplementary groups (`root_squash`, the default).
    case root
    /// Every identity becomes `anonUID`:`anonGID` with no supplementary
    /// groups (`all_squash`).
    case all

    public var description: String { rawValue }
}

/// What a caller may do on a share once admitted (the control plane's
/// share permissions, resolved per uid: user grant, group grants, share
/// default). `admin` grants of the control plane map to `readWrite` here.
public enum ShareAccess: Int, Sendable, Comparable, CaseIterable, CustomStringConvertible {
    /// Refused: "permission denied" at mount time and on every operation.
    case none = 0
    /// Read-only: every operation that changes the share fails with
    /// `DFS_ERR_ACCES`; ACCESS never grants modify/extend/delete.
    case read = 1
    case readWrite = 2

    public static func < (a: ShareAccess, b: ShareAccess) -> Bool { a.rawValue < b.rawValue }

    public var description: String {
        switch self {
        case .none: "none"
        case .read: "read"
        case .readWrite: "read-write"
        }
    }
}

/// The protocol-neutral access policy of one share, applied by the host on
/// `share_resolve`, `share_list` and every file operation, identically for
/// every adapter (see the comment after `dfs_cred` in dfs_adapter.h).
///
/// Rules, in order:
/// 1. **Allowed clients.** When `allowedClients` is not empty, the peer's
///    address (`dfs_cred.client_addr`) must match one entry — an exact
///    IPv4/IPv6 address or a CIDR block (`10.0.0.0/8`, `fd00::/8`; `*`
///    matches everyone). A missing or unparsable address matches nothing.
///    Applies to every credential flavour. Failure: `DFS_ERR_ACCES`.
/// 2. **Privileged port.** With `requirePrivilegedPort`, an `AUTH_SYS` or
///    `AUTH_NONE` caller must come from a source port below 1024 (the
///    classic NFS `secure` export option). Failure: `DFS_ERR_ACCES` —
///    chosen over `DFS_ERR_PERM` because, like rule 1, it is a share gate
///    ("this client may not use this share"), which NFS reports as
///    NFS3ERR_ACCES / MNT3ERR_ACCES. `AUTH_USER` callers (SMB, Kerberos)
///    authenticated by the host are exempt: their port proves nothing.
/// 3. **Identity mapping** (`AUTH_SYS` and `AUTH_NONE` only): `AUTH_NONE`
///    is always anonymous; `AUTH_SYS` is squashed per `squash`.
///    `AUTH_USER` identities pass unchanged.
/// 4. **Access level** of the mapped identity: `userAccess[uid]` when the
///    mapped uid has an entry (a control-plane user with that uid), else
///    `defaultAccess`. `.none` fails with `DFS_ERR_ACCES` (share_resolve —
///    so MOUNT refuses — and every operation); `.read` fails every
///    changing operation with `DFS_ERR_ACCES` and reports the share as
///    read-only to that caller in `share_resolve`. Resolution uses the
///    mapped uid, so a squashed root gets the anonymous user's level.
public struct SharePolicy: Equatable, Sendable {
    /// The anonymous ("nobody") id used when nothing else is configured.
    public static let nobody: UInt32 = 65534

    public var squash: Squash
    /// The uid squashed identities get.
    public var anonUID: UInt32
    /// The gid squashed identities get.
    public var anonGID: UInt32
    /// Exact addresses and CIDR blocks (IPv4 and IPv6) allowed to use the
    /// share; empty means everyone.
    public var allowedClients: [String]
    /// Refuse `AUTH_SYS`/`AUTH_NONE` callers whose source port is >= 1024.
    public var requirePrivilegedPort: Bool
    /// Level of callers without an entry in `userAccess`.
    public var defaultAccess: ShareAccess
    /// Level per (mapped) uid.
    public var userAccess: [UInt32: ShareAccess]

    public init(squash: Squash = .root, anonUID: UInt32 = SharePolicy.nobody, anonGID: UInt32 = SharePolicy.nobody,
                allowedClients: [String] = [], requirePrivilegedPort: Bool = false,
                defaultAccess: ShareAccess = .readWrite, userAccess: [UInt32: ShareAccess] = [:]) {
        self.defaultAccess = defaultAccess
        self.userAccess = userAccess
        self.squash = squash
        self.anonUID = anonUID
        self.anonGID = anonGID
        self.allowedClients = allowedClients
        self.requirePrivilegedPort = requirePrivilegedPort
    }

    /// The anonymous identity of this share.
    public var anonymous: Credentials { Credentials(uid: anonUID, gid: anonGID) }

    /// The level of a mapped identity (rule 4). Pure.
    public func access(forUID uid: UInt32) -> ShareAccess {
        userAccess[uid] ?? defaultAccess
    }

    /// Map a caller's asserted identity (rule 3). Pure.
    public func mapIdentity(flavor: CredentialFlavor, uid: UInt32, gid: UInt32, groups: [UInt32]) -> Credentials {
        switch flavor {
        case .none:
            return anonymous
        case .user:
            return Credentials(uid: uid, gid: gid, groups: groups)
        case .sys:
            switch squash {
            case .none:
                return Credentials(uid: uid, gid: gid, groups: groups)
            case .all:
                return anonymous
            case .root:
                return Credentials(uid: uid == 0 ? anonUID : uid,
                                   gid: gid == 0 ? anonGID : gid,
                                   groups: groups.filter { $0 != 0 })
            }
        }
    }
}

/// The credential flavours of `dfs_cred.flavor` (`DFS_AUTH_*`).
public enum CredentialFlavor: UInt32, Sendable, CustomStringConvertible {
    /// No identity asserted (NFS AUTH_NONE): always anonymous.
    case none = 0
    /// uid/gid/groups asserted by the client (NFS AUTH_SYS).
    case sys = 1
    /// A user authenticated by the host (NTLM, Kerberos).
    case user = 2

    public var description: String {
        switch self {
        case .none: "AUTH_NONE"
        case .sys: "AUTH_SYS"
        case .user: "AUTH_USER"
        }
    }
}
