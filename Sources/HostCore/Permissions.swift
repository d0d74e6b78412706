import HostPlugins
import PluginABI

/// Read / write / execute, as one class (owner, group or other) of mode bits.
public struct ModeAccess: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let read = ModeAccess(rawValue: 4)
    public static let write = ModeAccess(rawValue: 2)
    /// Execute (files) or search (directories).
    public static let execute = ModeAccess(rawValue: 1)
}

/// The NFSv3 ACCESS bits (`DFS_ACCESS_*`).
public struct AccessMask: OptionSet, Hashable, Sendable {
    public let rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    public static let read = AccessMask(rawValue: DFS_ACCESS_READ)
    public static let lookup = AccessMask(rawValue: DFS_ACCESS_LOOKUP)
    public static let modify = AccessMask(rawValue: DFS_ACCESS_MODIFY)
    public static let extend = AccessMask(rawValue: DFS_ACCESS_EXTEND)
    public static let delete = AccessMask(rawValue: DFS_ACCESS_DELETE)
    public static let execute = AccessMask(rawValue: DFS_ACCESS_EXECUTE)
    public static let all: AccessMask = [.read, .lookup, .modify, .extend, .delete, .execute]
}

/// POSIX permission decisions: pure functions of a credential and inode
/// fields, so that they can be tested table by table.
///
/// Model: the owner class applies when the caller owns the object, else the
/// group class when the object's group is the caller's primary or a
/// supplementary group, else the other class (classes do not combine).
/// Root may read and write anything, search any directory, and execute a
/// non-directory only when some execute bit is set.
public enum Permissions {
    public static let setUID: UInt32 = 0o4000
    public static let setGID: UInt32 = 0o2000
    public static let sticky: UInt32 = 0o1000

    /// The class of mode bits that applies to `cred` (ignoring root's powers).
    public static func classBits(_ cred: Credentials, mode: UInt32, uid: UInt32, gid: UInt32) -> ModeAccess {
        if cred.uid == uid { return ModeAccess(rawValue: (mode >> 6) & 7) }
        if cred.isMember(of: gid) { return ModeAccess(rawValue: (mode >> 3) & 7) }
        return ModeAccess(rawValue: mode & 7)
    }

    /// What `cred` may do to an object with these fields.
    public static func granted(_ cred: Credentials, mode: UInt32, uid: UInt32, gid: UInt32, isDirectory: Bool) -> ModeAccess {
        if cred.isRoot {
            return isDirectory || mode & 0o111 != 0 ? [.read, .write, .execute] : [.read, .write]
        }
        return classBits(cred, mode: mode, uid: uid, gid: gid)
    }

    /// What `cred` may do to `inode`.
    public static func granted(_ cred: Credentials, _ inode: Inode) -> ModeAccess {
        granted(cred, mode: inode.mode, uid: inode.uid, gid: inode.gid, isDirectory: inode.type == .directory)
    }

    /// Throws `.access` unless `cred` has every bit of `want` on `inode`.
    public static func check(_ want: ModeAccess, _ cred: Credentials, _ inode: Inode) throws(DFSError) {
        let g = granted(cred, inode)
        if !g.isSuperset(of: want) {
            throw DFSError(.access, "\(cred) lacks \(describe(want)) permission on inode \(inode.ino) (mode \(String(inode.permissions, radix: 8)), owner \(inode.uid):\(inode.gid))")
        }
    }

    /// May `cred` remove (or rename away) entry `victim` of directory `dir`?
    /// Needs write and search permission on `dir` (`.access`); in a sticky
    /// directory only root, the directory's owner or the victim's owner may
    /// (`.perm` otherwise).
    public static func checkDelete(_ cred: Credentials, dir: Inode, victim: Inode) throws(DFSError) {
        try check([.write, .execute], cred, dir)
        if !stickyAllows(cred, dirMode: dir.mode, dirUID: dir.uid, victimUID: victim.uid) {
            throw DFSError(.perm, "sticky directory \(dir.ino): only its owner, the entry's owner or root may remove the entry")
        }
    }

    /// The sticky-bit rule alone: true when the directory is not sticky or
    /// `cred` is root, owns the directory, or owns the entry.
    public static func stickyAllows(_ cred: Credentials, dirMode: UInt32, dirUID: UInt32, victimUID: UInt32) -> Bool {
        dirMode & sticky == 0 || cred.isRoot || cred.uid == dirUID || cred.uid == victimUID
    }

    /// The subset of `requested` that `cred` is granted on `inode` (NFSv3
    /// ACCESS). Directories: READ from r, LOOKUP from x, MODIFY / EXTEND /
    /// DELETE from w+x; EXECUTE is never granted on a directory. Other
    /// objects: READ from r, MODIFY / EXTEND from w, EXECUTE from x; DELETE
    /// is not meaningful and never granted. On a read-only share the
    /// modifying bits are never granted.
    public static func access(_ cred: Credentials, _ inode: Inode, requested: AccessMask, readOnly: Bool) -> AccessMask {
        let g = granted(cred, inode)
        var out: AccessMask = []
        if g.contains(.read) { out.insert(.read) }
        if inode.type == .directory {
            if g.contains(.execute) { out.insert(.lookup) }
            if g.contains([.write, .execute]) && !readOnly { out.formUnion([.modify, .extend, .delete]) }
        } else {
            if g.contains(.write) && !readOnly { out.formUnion([.modify, .extend]) }
            if g.contains(.execute) { out.insert(.execute) }
        }
        return out.intersection(requested)
    }

    /// Apply a SETATTR request to `inode` on behalf of `cred`, enforcing the
    /// POSIX rules, and return the new inode (the caller stores it and, for a
    /// size change, fixes the data first):
    ///
    /// - size: regular files only (`.isDir` for directories, `.inval` for
    ///   others); needs write permission (`.access`). A change of size also
    ///   sets mtime (unless the request sets it) and, for non-root, clears
    ///   setuid/setgid.
    /// - uid: root only (`.perm`); the owner may "change" it to itself.
    /// - gid: root, or the owner to a group they belong to (`.perm`).
    /// - mode: root or the owner (`.perm`). A non-root caller who is not a
    ///   member of the (new) group cannot set setgid: the bit is cleared.
    /// - a change of owner or group of a non-directory clears setuid, and
    ///   setgid when group-execute is set (as Linux does), unless the same
    ///   request sets the mode.
    /// - times to a given value: root or the owner (`.perm`); to "now":
    ///   also anyone with write permission (`.access`).
    /// - any change sets ctime to `now` and bumps `change`.
    public static func applySetAttributes(_ req: SetAttributes, to inode: Inode, by cred: Credentials,
                                          now: Timespec) throws(DFSError) -> Inode {
        var n = inode
        let isOwner = cred.isRoot || cred.uid == inode.uid
        let isDir = inode.type == .directory

        if let size = req.size {
            switch inode.type {
            case .regular: break
            case .directory: throw DFSError(.isDir, "cannot set the size of a directory")
            default: throw DFSError(.inval, "cannot set the size of a \(inode.type.map { "\($0)" } ?? "special file")")
            }
            try check(.write, cred, inode)
            if size != inode.size {
                n.size = size
                if req.mtime == nil { n.mtime = now }
                if !cred.isRoot { n.mode &= ~(setUID | setGID) }
            }
        }

        var ownershipChanged = false
        if let uid = req.uid {
            if !cred.isRoot && !(cred.uid == inode.uid && uid == inode.uid) {
                throw DFSError(.perm, "only root may change the owner of inode \(inode.ino)")
            }
            if uid != inode.uid { n.uid = uid; ownershipChanged = true }
        }
        if let gid = req.gid {
            if !cred.isRoot {
                guard cred.uid == inode.uid else {
                    throw DFSError(.perm, "only the owner or root may change the group of inode \(inode.ino)")
                }
                guard gid == inode.gid || cred.isMember(of: gid) else {
                    throw DFSError(.perm, "\(cred) is not a member of group \(gid)")
                }
            }
            if gid != inode.gid { n.gid = gid; ownershipChanged = true }
        }

        if let mode = req.mode {
            guard isOwner else { throw DFSError(.perm, "only the owner or root may change the mode of inode \(inode.ino)") }
            var perms = mode & 0o7777
            if !cred.isRoot && perms & setGID != 0 && !cred.isMember(of: n.gid) { perms &= ~setGID }
            n.mode = (n.mode & DFS_S_IFMT) | perms
        } else if ownershipChanged && !isDir {
            n.mode &= ~setUID
            if n.mode & 0o010 != 0 { n.mode &= ~setGID }
        }

        for t in [req.atime, req.mtime] {
            switch t {
            case .time?:
                guard isOwner else { throw DFSError(.perm, "only the owner or root may set times of inode \(inode.ino)") }
            case .now?:
                if !isOwner { try check(.write, cred, inode) }
            case nil:
                break
            }
        }
        if let a = req.atime { n.atime = a.resolve(now) }
        if let m = req.mtime { n.mtime = m.resolve(now) }

        if !req.isEmpty {
            n.ctime = now
            n.change &+= 1
        }
        return n
    }

    static func describe(_ a: ModeAccess) -> String {
        (a.contains(.read) ? "r" : "") + (a.contains(.write) ? "w" : "") + (a.contains(.execute) ? "x" : "")
    }
}
