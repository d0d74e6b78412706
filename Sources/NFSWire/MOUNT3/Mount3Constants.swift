/// The MOUNT protocol, version 3 (RFC 1813 appendix I): program numbers and
/// limits.
public enum MOUNT3 {
    /// The MOUNT RPC program number.
    public static let program: UInt32 = 100_005
    /// The protocol version these types describe.
    public static let version: UInt32 = 3
    /// MNTPATHLEN: the longest dirpath, in bytes.
    public static let maxPathLength = 1024
    /// MNTNAMLEN: the longest name (host or group), in bytes.
    public static let maxNameLength = 255
    /// FHSIZE3: the longest fhandle3, in bytes.
    public static let fhSize = 64
}

/// The MOUNTv3 procedures and their numbers.
public enum Mount3Procedure: UInt32, Sendable, CaseIterable {
    /// MOUNTPROC3_NULL: `void (void)`.
    case null = 0
    /// MOUNTPROC3_MNT: `mountres3 (dirpath)`.
    case mnt = 1
    /// MOUNTPROC3_DUMP: `mountlist (void)`.
    case dump = 2
    /// MOUNTPROC3_UMNT: `void (dirpath)`.
    case umnt = 3
    /// MOUNTPROC3_UMNTALL: `void (void)`.
    case umntAll = 4
    /// MOUNTPROC3_EXPORT: `exports (void)`.
    case export = 5
}

/// mountstat3: the status of a MNT call.
public enum MountStat3: UInt32, WireEnum, Hashable, CaseIterable {
    /// MNT3_OK: no error.
    case ok = 0
    /// MNT3ERR_PERM: not owner.
    case perm = 1
    /// MNT3ERR_NOENT: no such file or directory.
    case noent = 2
    /// MNT3ERR_IO: I/O error.
    case io = 5
    /// MNT3ERR_ACCES: permission denied.
    case acces = 13
    /// MNT3ERR_NOTDIR: not a directory.
    case notdir = 20
    /// MNT3ERR_INVAL: invalid argument.
    case inval = 22
    /// MNT3ERR_NAMETOOLONG: filename too long.
    case nameTooLong = 63
    /// MNT3ERR_NOTSUPP: operation not supported.
    case notSupp = 10004
    /// MNT3ERR_SERVERFAULT: a failure on the server.
    case serverFault = 10006

    public static var xdrName: String { "mountstat3" }
}
