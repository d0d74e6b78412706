import HostPlugins
import PluginABI

/// The attributes of an object as the core reports them (the `dfs_attr` of
/// the adapter ABI): what GETATTR, LOOKUP, READDIRPLUS and the post-op
/// halves of weak-cache-consistency data carry.
public struct Attributes: Equatable, Sendable {
    public var type: FileType
    /// Permission bits including setuid, setgid and sticky (07777).
    public var mode: UInt32
    public var nlink: UInt32
    public var uid: UInt32
    public var gid: UInt32
    /// Bytes (files), target length (symlinks), `FileSystem.directorySize` (directories).
    public var size: UInt64
    /// Bytes allocated (an estimate: the size rounded up to 512).
    public var used: UInt64
    /// Devices: (major << 32) | minor.
    public var rdev: UInt64
    /// File system id: the share id.
    public var fsid: UInt64
    /// Inode number.
    public var fileid: UInt64
    public var generation: UInt64
    /// Change counter (NFSv4 change attribute): bumped on every change.
    public var change: UInt64
    /// Host-defined flag bits, stored verbatim.
    public var flags: UInt64
    public var atime: Timespec
    public var mtime: Timespec
    public var ctime: Timespec
    public var btime: Timespec

    /// The attributes of `inode` in share `shareID`.
    public init(_ inode: Inode, shareID: UInt64) {
        type = inode.type ?? .regular
        mode = inode.permissions
        nlink = inode.nlink
        uid = inode.uid
        gid = inode.gid
        size = inode.size
        used = inode.type == .regular || inode.type == .directory ? (inode.size + 511) & ~UInt64(511) : 0
        rdev = inode.rdev
        fsid = shareID
        fileid = inode.ino
        generation = inode.generation
        change = inode.change
        flags = inode.flags & ~ShareTag.mask   // the share tag is the host's own
        atime = inode.atime
        mtime = inode.mtime
        ctime = inode.ctime
        btime = inode.btime
    }
}

/// The pre-operation half of weak cache consistency data (NFSv3 `wcc_attr`).
public struct PreAttributes: Equatable, Sendable {
    public var size: UInt64
    public var mtime: Timespec
    public var ctime: Timespec

    public init(size: UInt64, mtime: Timespec, ctime: Timespec) {
        self.size = size
        self.mtime = mtime
        self.ctime = ctime
    }

    public init(_ inode: Inode) { self.init(size: inode.size, mtime: inode.mtime, ctime: inode.ctime) }
}

/// Weak cache consistency data: an object's attributes before and after an
/// operation, both read in the operation's own transaction. Either half may
/// be missing (e.g. a lookup has no "before").
public struct WccData: Equatable, Sendable {
    public var before: PreAttributes?
    public var after: Attributes?

    public init(before: PreAttributes? = nil, after: Attributes? = nil) {
        self.before = before
        self.after = after
    }
}

/// How to set a time in `SetAttributes`.
public enum TimeUpdate: Equatable, Sendable {
    /// The server's clock (needs ownership, root, or write permission).
    case now
    /// A client-given time (needs ownership or root).
    case time(Timespec)
}

/// Attributes to change (SETATTR) or to give a new object (CREATE, MKDIR, …).
/// `nil` members are left alone.
public struct SetAttributes: Equatable, Sendable {
    /// Permission bits (07777); the file type bits are ignored.
    public var mode: UInt32?
    public var uid: UInt32?
    public var gid: UInt32?
    /// New size: regular files only.
    public var size: UInt64?
    public var atime: TimeUpdate?
    public var mtime: TimeUpdate?

    public init(mode: UInt32? = nil, uid: UInt32? = nil, gid: UInt32? = nil, size: UInt64? = nil,
                atime: TimeUpdate? = nil, mtime: TimeUpdate? = nil) {
        self.mode = mode
        self.uid = uid
        self.gid = gid
        self.size = size
        self.atime = atime
        self.mtime = mtime
    }

    /// True when nothing is to be changed.
    public var isEmpty: Bool {
        mode == nil && uid == nil && gid == nil && size == nil && atime == nil && mtime == nil
    }
}

extension TimeUpdate {
    /// The concrete time, given the operation's clock reading.
    func resolve(_ now: Timespec) -> Timespec {
        switch self {
        case .now: now
        case .time(let t): t
        }
    }
}
