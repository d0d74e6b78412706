/// NFS version 3 (RFC 1813): program numbers, sizes and the enumerations and
/// bit sets used by more than one procedure.
public enum NFS3 {
    /// The NFS RPC program number.
    public static let program: UInt32 = 100_003
    /// The protocol version these types describe.
    public static let version: UInt32 = 3

    /// NFS3_FHSIZE: the largest file handle, in bytes.
    public static let fhSize = 64
    /// NFS3_COOKIEVERFSIZE: bytes in a cookieverf3.
    public static let cookieVerfSize = 8
    /// NFS3_CREATEVERFSIZE: bytes in a createverf3.
    public static let createVerfSize = 8
    /// NFS3_WRITEVERFSIZE: bytes in a writeverf3.
    public static let writeVerfSize = 8

    /// Longest filename3 accepted when decoding. RFC 1813 leaves filename3
    /// unbounded (`string<>`); the decoder stops at this so a hostile length
    /// cannot cost memory, and the server applies the real limit (255, with
    /// NFS3ERR_NAMETOOLONG) itself.
    public static let maxNameLength = 1024
    /// Longest nfspath3 (symbolic link text) accepted when decoding; RFC 1813
    /// leaves it unbounded too. 4096 is PATH_MAX on Linux.
    public static let maxPathLength = 4096
}

/// The NFSv3 procedures and their numbers (RFC 1813 section 3.3).
public enum NFS3Procedure: UInt32, Sendable, CaseIterable {
    case null = 0
    case getAttr = 1
    case setAttr = 2
    case lookup = 3
    case access = 4
    case readLink = 5
    case read = 6
    case write = 7
    case create = 8
    case mkDir = 9
    case symLink = 10
    case mkNod = 11
    case remove = 12
    case rmDir = 13
    case rename = 14
    case link = 15
    case readDir = 16
    case readDirPlus = 17
    case fsStat = 18
    case fsInfo = 19
    case pathConf = 20
    case commit = 21
}

/// nfsstat3: the status that leads every NFSv3 result.
public enum NFSStat3: UInt32, WireEnum, Hashable, CaseIterable {
    /// NFS3_OK: success.
    case ok = 0
    /// NFS3ERR_PERM: not owner (caller is not privileged or not the owner).
    case perm = 1
    /// NFS3ERR_NOENT: no such file or directory.
    case noent = 2
    /// NFS3ERR_IO: a hard I/O error.
    case io = 5
    /// NFS3ERR_NXIO: no such device or address.
    case nxio = 6
    /// NFS3ERR_ACCES: permission denied.
    case acces = 13
    /// NFS3ERR_EXIST: the file already exists.
    case exist = 17
    /// NFS3ERR_XDEV: cross-device hard link attempted.
    case xdev = 18
    /// NFS3ERR_NODEV: no such device.
    case nodev = 19
    /// NFS3ERR_NOTDIR: not a directory.
    case notdir = 20
    /// NFS3ERR_ISDIR: is a directory.
    case isdir = 21
    /// NFS3ERR_INVAL: invalid or unsupported argument.
    case inval = 22
    /// NFS3ERR_FBIG: file too large.
    case fbig = 27
    /// NFS3ERR_NOSPC: no space left on device.
    case nospc = 28
    /// NFS3ERR_ROFS: read-only file system.
    case rofs = 30
    /// NFS3ERR_MLINK: too many hard links.
    case mlink = 31
    /// NFS3ERR_NAMETOOLONG: a name was too long.
    case nameTooLong = 63
    /// NFS3ERR_NOTEMPTY: directory not empty.
    case notEmpty = 66
    /// NFS3ERR_DQUOT: quota exceeded.
    case dquot = 69
    /// NFS3ERR_STALE: the handle no longer names an object.
    case stale = 70
    /// NFS3ERR_REMOTE: too many levels of remote in path.
    case remote = 71
    /// NFS3ERR_BADHANDLE: the handle failed internal consistency checks.
    case badHandle = 10001
    /// NFS3ERR_NOT_SYNC: SETATTR guard (ctime) mismatch.
    case notSync = 10002
    /// NFS3ERR_BAD_COOKIE: READDIR/READDIRPLUS cookie is stale.
    case badCookie = 10003
    /// NFS3ERR_NOTSUPP: operation not supported.
    case notSupp = 10004
    /// NFS3ERR_TOOSMALL: buffer or request too small.
    case tooSmall = 10005
    /// NFS3ERR_SERVERFAULT: an error with no NFSv3 equivalent.
    case serverFault = 10006
    /// NFS3ERR_BADTYPE: an object type the server does not support.
    case badType = 10007
    /// NFS3ERR_JUKEBOX: the request started but cannot finish in time; retry later.
    case jukebox = 10008

    public static var xdrName: String { "nfsstat3" }
}

/// ftype3: the type of a file system object.
public enum FType3: UInt32, WireEnum, Hashable, CaseIterable {
    /// NF3REG: regular file.
    case reg = 1
    /// NF3DIR: directory.
    case dir = 2
    /// NF3BLK: block special device.
    case blk = 3
    /// NF3CHR: character special device.
    case chr = 4
    /// NF3LNK: symbolic link.
    case lnk = 5
    /// NF3SOCK: socket.
    case sock = 6
    /// NF3FIFO: named pipe.
    case fifo = 7

    public static var xdrName: String { "ftype3" }
}

/// stable_how: how far WRITE data must reach stable storage before the reply.
public enum StableHow3: UInt32, WireEnum, Hashable, CaseIterable {
    /// UNSTABLE: the server may reply before committing anything.
    case unstable = 0
    /// DATA_SYNC: data and the metadata needed to retrieve it are committed.
    case dataSync = 1
    /// FILE_SYNC: data and all metadata are committed.
    case fileSync = 2

    public static var xdrName: String { "stable_how" }
}

/// createmode3: how CREATE treats an existing name.
public enum CreateMode3: UInt32, WireEnum, Hashable, CaseIterable {
    /// UNCHECKED: create, or use the existing file.
    case unchecked = 0
    /// GUARDED: fail with NFS3ERR_EXIST if the name exists.
    case guarded = 1
    /// EXCLUSIVE: create exactly once, identified by a verifier.
    case exclusive = 2

    public static var xdrName: String { "createmode3" }
}

/// time_how: how sattr3 sets atime or mtime.
public enum TimeHow3: UInt32, WireEnum, Hashable, CaseIterable {
    /// DONT_CHANGE: leave the time alone.
    case dontChange = 0
    /// SET_TO_SERVER_TIME: use the server's current time.
    case setToServerTime = 1
    /// SET_TO_CLIENT_TIME: use the nfstime3 that follows.
    case setToClientTime = 2

    public static var xdrName: String { "time_how" }
}

/// ACCESS3 bits: the permissions asked for in ACCESS3args and granted in
/// ACCESS3resok. Unknown bits are kept as they came.
public struct Access3: OptionSet, WireCodable, Hashable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// ACCESS3_READ: read data from a file or read a directory.
    public static let read = Access3(rawValue: 0x0001)
    /// ACCESS3_LOOKUP: look up a name in a directory.
    public static let lookup = Access3(rawValue: 0x0002)
    /// ACCESS3_MODIFY: rewrite existing file data or modify directory entries.
    public static let modify = Access3(rawValue: 0x0004)
    /// ACCESS3_EXTEND: write new data or add directory entries.
    public static let extend = Access3(rawValue: 0x0008)
    /// ACCESS3_DELETE: delete an existing directory entry.
    public static let delete = Access3(rawValue: 0x0010)
    /// ACCESS3_EXECUTE: execute a file (no meaning for a directory).
    public static let execute = Access3(rawValue: 0x0020)

    public init(from reader: inout XDRReader) throws(XDRError) { rawValue = try reader.uint32() }
    public func encode(into writer: inout XDRWriter) { writer.uint32(rawValue) }
}

/// FSINFO3resok `properties` bits. Unknown bits are kept as they came.
public struct FSInfoProperties3: OptionSet, WireCodable, Hashable {
    public var rawValue: UInt32
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// FSF3_LINK: the file system supports hard links.
    public static let link = FSInfoProperties3(rawValue: 0x0001)
    /// FSF3_SYMLINK: the file system supports symbolic links.
    public static let symlink = FSInfoProperties3(rawValue: 0x0002)
    /// FSF3_HOMOGENEOUS: PATHCONF answers are the same for every object.
    public static let homogeneous = FSInfoProperties3(rawValue: 0x0008)
    /// FSF3_CANSETTIME: SETATTR can set times to arbitrary values.
    public static let canSetTime = FSInfoProperties3(rawValue: 0x0010)

    public init(from reader: inout XDRReader) throws(XDRError) { rawValue = try reader.uint32() }
    public func encode(into writer: inout XDRWriter) { writer.uint32(rawValue) }
}

/// cookieverf3, createverf3 and writeverf3 are 8-byte opaques. They are held
/// as the big-endian `UInt64` of their bytes: the same bytes on the wire,
/// without an allocation, and comparable with `==`.
public typealias CookieVerf3 = UInt64
/// createverf3 (see ``CookieVerf3``).
public typealias CreateVerf3 = UInt64
/// writeverf3 (see ``CookieVerf3``).
public typealias WriteVerf3 = UInt64
