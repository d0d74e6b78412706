/// Who is asking: a numeric POSIX identity as the protocol adapters report it
/// (NFS AUTH_SYS, or the Unix identity an SMB user maps to).
///
/// The core applies POSIX mode-bit checks with it; squashing (root -> nobody)
/// and share-level access are the caller's business.
public struct Credentials: Hashable, Sendable, CustomStringConvertible {
    /// Effective user id.
    public var uid: UInt32
    /// Primary group id.
    public var gid: UInt32
    /// Supplementary group ids (the primary group may or may not be repeated).
    public var groups: [UInt32]

    public init(uid: UInt32, gid: UInt32, groups: [UInt32] = []) {
        self.uid = uid
        self.gid = gid
        self.groups = groups
    }

    /// uid 0, gid 0: bypasses read/write permission checks (not execute
    /// checks on files without any execute bit).
    public static let root = Credentials(uid: 0, gid: 0)

    /// True for uid 0.
    public var isRoot: Bool { uid == 0 }

    /// True when `group` is the primary group or one of the supplementary ones.
    public func isMember(of group: UInt32) -> Bool {
        gid == group || groups.contains(group)
    }

    public var description: String {
        groups.isEmpty ? "uid=\(uid) gid=\(gid)" : "uid=\(uid) gid=\(gid) groups=\(groups.map(String.init).joined(separator: ","))"
    }
}
