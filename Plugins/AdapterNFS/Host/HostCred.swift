import PluginABI
import PluginKit

/// A `dfs_cred` that stays valid for as long as this object lives: one per
/// RPC call, retained by every host op the call makes (the host reads it
/// from its worker threads until `done`).
///
/// The adapter passes what the client asserted; squashing, allowed-client
/// lists and the privileged-port rule are the host's job.
final class HostCred: @unchecked Sendable {
    /// The C credential (immutable after init, so it may be read anywhere).
    let pointer: UnsafePointer<dfs_cred>
    let flavor: UInt32
    let uid: UInt32
    let gid: UInt32
    /// "ip" or "[ipv6]".
    let clientAddress: String
    let clientPort: UInt32
    private let arena: Arena

    /// `flavor` is DFS_AUTH_SYS or DFS_AUTH_NONE.
    init(flavor: UInt32, uid: UInt32, gid: UInt32, groups: [UInt32], clientAddress: String, clientPort: UInt32) {
        self.flavor = flavor
        self.uid = uid
        self.gid = gid
        self.clientAddress = clientAddress
        self.clientPort = clientPort
        let arena = Arena()
        var groupsPointer: UnsafePointer<UInt32>?
        if !groups.isEmpty {
            let bytes = groups.flatMap { g in withUnsafeBytes(of: g) { Array($0) } }
            groupsPointer = UnsafeRawPointer(arena.copy(bytes: bytes)).assumingMemoryBound(to: UInt32.self)
        }
        self.arena = arena
        pointer = arena.copy(dfs_cred(
            struct_size: structSize(dfs_cred.self),
            flavor: flavor, uid: uid, gid: gid,
            ngroups: UInt32(groups.count), reserved: 0,
            groups: groupsPointer,
            principal: nil,
            client_addr: arena.copy(cString: clientAddress),
            client_port: clientPort, reserved2: 0))
    }
}

/// "a.b.c.d" for IPv4 (also for IPv4-mapped IPv6 peers), "[x:y::z]" for IPv6,
/// as the host's client lists expect.
func formatClientAddress(_ ip: String?) -> String {
    guard let ip else { return "unknown" }
    if ip.hasPrefix("::ffff:"), ip.contains(".") { return String(ip.dropFirst(7)) }
    return ip.contains(":") ? "[\(ip)]" : ip
}
