import PluginABI

/// Seconds + nanoseconds since the Unix epoch.
public struct Timespec: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var sec: Int64
    public var nsec: UInt32

    public init(sec: Int64, nsec: UInt32 = 0) {
        self.sec = sec
        self.nsec = nsec
    }

    init(_ c: dfs_timespec) { self.init(sec: c.sec, nsec: c.nsec) }
    var c: dfs_timespec { dfs_timespec(sec: sec, nsec: nsec, reserved: 0) }

    public static let zero = Timespec(sec: 0)

    /// The wall clock now, nanosecond resolution.
    public static func now() -> Timespec {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return Timespec(sec: Int64(ts.tv_sec), nsec: UInt32(ts.tv_nsec))
    }

    public static func < (a: Timespec, b: Timespec) -> Bool { (a.sec, a.nsec) < (b.sec, b.nsec) }
    public var description: String { "\(sec).\(String(nsec + 1_000_000_000).dropFirst())" }
}

/// File types, with the ABI's values (the S_IFMT values >> 12).
public enum FileType: UInt32, Sendable, CaseIterable {
    case fifo = 1, charDevice = 2, directory = 4, blockDevice = 6, regular = 8, symlink = 10, socket = 12

    /// The type bits of a full `mode`.
    public init?(mode: UInt32) { self.init(rawValue: (mode & DFS_S_IFMT) >> 12) }
    /// The S_IFMT bits of this type.
    public var modeBits: UInt32 { rawValue << 12 }
}

/// An inode record (`dfs_inode`) as the host sees it.
public struct Inode: Equatable, Sendable {
    public var ino: UInt64
    public var generation: UInt64 = 1
    /// File type bits | permission bits, all 32 bits.
    public var mode: UInt32
    public var size: UInt64 = 0
    public var nlink: UInt32 = 1
    public var uid: UInt32 = 0
    public var gid: UInt32 = 0
    /// Symlink target length, as reported by the store on read.
    public var targetLength: UInt32 = 0
    public var rdev: UInt64 = 0
    public var parent: UInt64 = 0
    public var change: UInt64 = 0
    public var flags: UInt64 = 0
    public var atime = Timespec.zero
    public var mtime = Timespec.zero
    public var ctime = Timespec.zero
    public var btime = Timespec.zero

    public init(ino: UInt64, mode: UInt32) {
        self.ino = ino
        self.mode = mode
    }

    public var type: FileType? { FileType(mode: mode) }
    /// Permission bits including setuid, setgid and sticky.
    public var permissions: UInt32 { mode & 0o7777 }

    public init(_ c: dfs_inode) {
        ino = c.ino
        generation = c.generation
        mode = c.mode
        size = c.size
        nlink = c.nlink
        uid = c.uid
        gid = c.gid
        targetLength = c.target_len
        rdev = c.rdev
        parent = c.parent
        change = c.change
        flags = c.flags
        atime = Timespec(c.atime)
        mtime = Timespec(c.mtime)
        ctime = Timespec(c.ctime)
        btime = Timespec(c.btime)
    }

    public var c: dfs_inode {
        dfs_inode(struct_size: UInt32(MemoryLayout<dfs_inode>.size), mode: mode, ino: ino,
                  generation: generation, size: size, nlink: nlink, uid: uid, gid: gid,
                  target_len: targetLength, rdev: rdev, parent: parent, change: change, flags: flags,
                  atime: atime.c, mtime: mtime.c, ctime: ctime.c, btime: btime.c)
    }
}

/// A directory entry (`dfs_dirent`).
public struct DirEntry: Equatable, Sendable {
    public var name: [UInt8]
    public var ino: UInt64
    public var type: UInt32
    public var cookie: UInt64

    public init(name: [UInt8], ino: UInt64, type: UInt32, cookie: UInt64) {
        self.name = name
        self.ino = ino
        self.type = type
        self.cookie = cookie
    }

    public var nameString: String { String(decoding: name, as: UTF8.self) }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
