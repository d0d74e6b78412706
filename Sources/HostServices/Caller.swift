#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HostCore
import HostPlugins
import PluginABI

/// What an adapter asserted about the caller (`dfs_cred`), copied out of
/// the C struct before any policy is applied.
public struct Caller: Equatable, Sendable {
    public var flavor: CredentialFlavor
    public var uid: UInt32
    public var gid: UInt32
    public var groups: [UInt32]
    /// The peer address ("ip" or "[ipv6]"); nil when the adapter gave none.
    public var clientAddress: String?
    /// The peer's source port; nil when the adapter gave none (then a share
    /// requiring a privileged port refuses the caller).
    public var clientPort: UInt32?

    public init(flavor: CredentialFlavor, uid: UInt32 = 0, gid: UInt32 = 0, groups: [UInt32] = [],
                clientAddress: String? = nil, clientPort: UInt32? = nil) {
        self.flavor = flavor
        self.uid = uid
        self.gid = gid
        self.groups = groups
        self.clientAddress = clientAddress
        self.clientPort = clientPort
    }

    /// Most supplementary groups accepted (Linux NGROUPS_MAX); more is
    /// taken as a garbled credential.
    public static let maxGroups: UInt32 = 65536
    /// Longest `client_addr` read (an IPv6 address with brackets and zone).
    static let maxAddressLength = 96

    /// Copy a `dfs_cred`. `.inval` for NULL, a `struct_size` too small to
    /// hold the groups, an unknown flavour, `ngroups` above `maxGroups` or
    /// groups without a pointer. `client_addr` / `client_port` lying past
    /// `struct_size` count as absent.
    public init(c: UnsafePointer<dfs_cred>?) throws(DFSError) {
        guard let c else { throw DFSError(.inval, "NULL credential") }
        let needed = MemoryLayout<dfs_cred>.offset(of: \dfs_cred.groups)! + MemoryLayout<UnsafePointer<UInt32>?>.size
        // Only the bytes the adapter declared are read; later members stay zero.
        let p = try Inputs.sized(c, minimum: needed, name: "dfs_cred")
        let size = Int(p.struct_size)
        guard let flavor = CredentialFlavor(rawValue: p.flavor) else {
            throw DFSError(.inval, "unknown credential flavor \(p.flavor)")
        }
        guard p.ngroups <= Self.maxGroups else { throw DFSError(.inval, "dfs_cred.ngroups \(p.ngroups) is implausible") }
        var groups: [UInt32] = []
        if p.ngroups > 0 {
            guard let g = p.groups else { throw DFSError(.inval, "dfs_cred.ngroups \(p.ngroups) with NULL groups") }
            groups = Array(UnsafeBufferPointer(start: g, count: Int(p.ngroups)))
        }
        var address: String?
        if size >= Self.end(\dfs_cred.client_addr, UnsafePointer<CChar>?.self), let a = p.client_addr {
            let n = strnlen(a, Self.maxAddressLength)
            address = String(decoding: UnsafeRawBufferPointer(start: a, count: n), as: UTF8.self)
        }
        var port: UInt32?
        if size >= Self.end(\dfs_cred.client_port, UInt32.self) { port = p.client_port }
        self.init(flavor: flavor, uid: p.uid, gid: p.gid, groups: groups, clientAddress: address, clientPort: port)
    }

    private static func end<T>(_ kp: KeyPath<dfs_cred, T>, _: T.Type) -> Int {
        MemoryLayout<dfs_cred>.offset(of: kp)! + MemoryLayout<T>.size
    }
}

/// A `SharePolicy` with its client list parsed: what the host applies on
/// every operation.
struct CompiledPolicy: Sendable {
    let policy: SharePolicy
    let clients: ClientList

    init(_ policy: SharePolicy) throws(DFSError) {
        self.policy = policy
        clients = try ClientList(policy.allowedClients)
    }

    /// Rules 1 and 2 of `SharePolicy`: `.access` when the caller may not
    /// use the share at all.
    func checkGate(_ caller: Caller, share: String) throws(DFSError) {
        guard clients.admits(caller.clientAddress) else {
            throw DFSError(.access, "client \(caller.clientAddress ?? "(no address)") is not allowed to use share \"\(share)\"")
        }
        if policy.requirePrivilegedPort && caller.flavor != .user {
            guard let port = caller.clientPort, port < 1024 else {
                throw DFSError(.access, "share \"\(share)\" requires a privileged source port (< 1024); client uses \(caller.clientPort.map(String.init) ?? "none")")
            }
        }
    }

    /// Gate, identity mapping, then the access level (rule 4): the
    /// credentials the core sees and what they may do. `.access` for level
    /// `.none`, and for level `.read` when `write` is set.
    func admit(_ caller: Caller, share: String, write: Bool = false) throws(DFSError) -> (Credentials, ShareAccess) {
        try checkGate(caller, share: share)
        let cred = policy.mapIdentity(flavor: caller.flavor, uid: caller.uid, gid: caller.gid, groups: caller.groups)
        let level = policy.access(forUID: cred.uid)
        switch level {
        case .none:
            throw DFSError(.access, "uid \(cred.uid) has no access to share \"\(share)\"")
        case .read where write:
            throw DFSError(.access, "uid \(cred.uid) may only read share \"\(share)\"")
        default:
            return (cred, level)
        }
    }
}
