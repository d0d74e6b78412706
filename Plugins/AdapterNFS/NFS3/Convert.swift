import NFSWire
import PluginABI

/// Conversions between the host's C values and NFSv3 wire types.
extension Fattr3 {
    /// fattr3 from host attributes: the file type goes to `type`, only the
    /// low 12 mode bits to `mode`; rdev is split into major/minor; times
    /// outside nfstime3's unsigned 32-bit seconds are clamped.
    init(_ a: dfs_attr) {
        self.init(
            type: FType3(dfsType: a.type),
            mode: a.mode & 0o7777,
            nlink: a.nlink, uid: a.uid, gid: a.gid,
            size: a.size, used: a.used,
            rdev: SpecData3(specdata1: UInt32(truncatingIfNeeded: a.rdev >> 32),
                            specdata2: UInt32(truncatingIfNeeded: a.rdev)),
            fsid: a.fsid, fileid: a.fileid,
            atime: NFSTime3(a.atime), mtime: NFSTime3(a.mtime), ctime: NFSTime3(a.ctime))
    }

    /// post_op_attr: the attributes if the host filled them (struct_size set).
    static func postOp(_ a: dfs_attr) -> Fattr3? {
        a.struct_size == 0 ? nil : Fattr3(a)
    }
}

extension NFSTime3 {
    init(_ t: dfs_timespec) {
        let seconds = t.sec < 0 ? 0 : (t.sec > Int64(UInt32.max) ? UInt32.max : UInt32(t.sec))
        self.init(seconds: seconds, nseconds: min(t.nsec, 999_999_999))
    }
}

extension dfs_timespec {
    init(_ t: NFSTime3) {
        self = zeroed(dfs_timespec.self)
        sec = Int64(t.seconds)
        nsec = min(t.nseconds, 999_999_999)
    }
}

extension FType3 {
    /// The NFSv3 type of a DFS_TYPE_* (an unknown one shows as a regular file).
    init(dfsType: UInt32) {
        switch Int(dfsType) {
        case Int(DFS_TYPE_DIR): self = .dir
        case Int(DFS_TYPE_LNK): self = .lnk
        case Int(DFS_TYPE_BLK): self = .blk
        case Int(DFS_TYPE_CHR): self = .chr
        case Int(DFS_TYPE_SOCK): self = .sock
        case Int(DFS_TYPE_FIFO): self = .fifo
        default: self = .reg
        }
    }

    /// The DFS_TYPE_* of this type.
    var dfsType: UInt32 {
        switch self {
        case .reg: UInt32(DFS_TYPE_REG)
        case .dir: UInt32(DFS_TYPE_DIR)
        case .blk: UInt32(DFS_TYPE_BLK)
        case .chr: UInt32(DFS_TYPE_CHR)
        case .lnk: UInt32(DFS_TYPE_LNK)
        case .sock: UInt32(DFS_TYPE_SOCK)
        case .fifo: UInt32(DFS_TYPE_FIFO)
        }
    }
}

extension WccData3 {
    /// wcc_data from the host's atomically captured before/after attributes.
    init(_ w: dfs_wcc) {
        self.init(
            before: w.has_pre != 0
                ? WccAttr3(size: w.pre_size, mtime: NFSTime3(w.pre_mtime), ctime: NFSTime3(w.pre_ctime)) : nil,
            after: w.has_post != 0 ? Fattr3.postOp(w.post) : nil)
    }

    /// No attributes (a failed op whose result the host did not give).
    static let empty = WccData3(before: nil, after: nil)
}

extension dfs_sattr {
    /// The host's sattr from an NFSv3 sattr3.
    init(_ s: Sattr3) {
        self = zeroed(dfs_sattr.self)
        struct_size = structSizeOf(dfs_sattr.self)
        if let m = s.mode { valid |= DFS_SET_MODE; mode = m & 0o7777 }
        if let u = s.uid { valid |= DFS_SET_UID; uid = u }
        if let g = s.gid { valid |= DFS_SET_GID; gid = g }
        if let n = s.size { valid |= DFS_SET_SIZE; size = n }
        switch s.atime {
        case .dontChange: break
        case .serverTime: valid |= DFS_SET_ATIME_NOW
        case .clientTime(let t): valid |= DFS_SET_ATIME; atime = dfs_timespec(t)
        }
        switch s.mtime {
        case .dontChange: break
        case .serverTime: valid |= DFS_SET_MTIME_NOW
        case .clientTime(let t): valid |= DFS_SET_MTIME; mtime = dfs_timespec(t)
        }
    }

    /// Nothing to set.
    static var none: dfs_sattr { dfs_sattr(Sattr3()) }
}

extension FileHandle3 {
    /// The wire form of a host handle.
    init(_ fh: dfs_fh) { self.init(bytes: fh.bytes) }

    /// The host handle, or nil for an empty or oversized one (BADHANDLE).
    var host: dfs_fh? { dfs_fh(bytes: bytes) }
}

extension NFSStat3 {
    /// "NFS3ERR_NOENT"-style name for counters.
    var counterName: String { "NFS3ERR_\(self)".uppercased() }
}
