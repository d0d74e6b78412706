import HostPlugins
import PluginABI

// Conversions between the core's Swift types and the adapter ABI's C structs
// (dfs_adapter.h), for the host-services bridge that serves adapters.

extension Timespec {
    /// From a `dfs_timespec`.
    public init(c: dfs_timespec) { self.init(sec: c.sec, nsec: c.nsec) }
    /// As a `dfs_timespec`.
    public var cValue: dfs_timespec { dfs_timespec(sec: sec, nsec: nsec, reserved: 0) }
}

extension FileHandle {
    /// Decode a `dfs_fh`; `.badHandle` for a bad length or garbage.
    public init(c: dfs_fh) throws(DFSError) {
        guard c.len >= 1 && c.len <= DFS_FH_MAX else { throw DFSError(.badHandle, "dfs_fh.len \(c.len)") }
        var copy = c
        let bytes = withUnsafeBytes(of: &copy.data) { Array($0.prefix(Int(c.len))) }
        try self.init(bytes: bytes)
    }

    /// As a `dfs_fh` (unused bytes zero).
    public var cValue: dfs_fh {
        var fh = dfs_fh()
        let bytes = encode()
        fh.len = UInt32(bytes.count)
        withUnsafeMutableBytes(of: &fh.data) { raw in raw.copyBytes(from: bytes) }
        return fh
    }
}

extension Credentials {
    /// From a `dfs_cred` (uid, gid and the supplementary groups; the flavour,
    /// principal and client address are the caller's business).
    public init(c: UnsafePointer<dfs_cred>) {
        let p = c.pointee
        var groups: [UInt32] = []
        if let g = p.groups, p.ngroups > 0 {
            groups = Array(UnsafeBufferPointer(start: g, count: Int(p.ngroups)))
        }
        self.init(uid: p.uid, gid: p.gid, groups: groups)
    }
}

extension Attributes {
    /// As a `dfs_attr`.
    public var cValue: dfs_attr {
        dfs_attr(struct_size: UInt32(MemoryLayout<dfs_attr>.size), type: type.rawValue, mode: mode, nlink: nlink,
                 uid: uid, gid: gid, size: size, used: used, rdev: rdev, fsid: fsid, fileid: fileid,
                 generation: generation, change: change, flags: flags,
                 atime: atime.cValue, mtime: mtime.cValue, ctime: ctime.cValue, btime: btime.cValue)
    }
}

extension WccData {
    /// As a `dfs_wcc` (has_pre / has_post say which halves are present).
    public var cValue: dfs_wcc {
        var w = dfs_wcc()
        if let b = before {
            w.has_pre = 1
            w.pre_size = b.size
            w.pre_mtime = b.mtime.cValue
            w.pre_ctime = b.ctime.cValue
        }
        if let a = after {
            w.has_post = 1
            w.post = a.cValue
        }
        return w
    }
}

extension SetAttributes {
    /// From a `dfs_sattr`: the members named by its `valid` bits
    /// (`DFS_SET_*`); `*_NOW` wins over an explicit time.
    public init(c s: dfs_sattr) {
        self.init()
        if s.valid & DFS_SET_MODE != 0 { mode = s.mode & 0o7777 }
        if s.valid & DFS_SET_UID != 0 { uid = s.uid }
        if s.valid & DFS_SET_GID != 0 { gid = s.gid }
        if s.valid & DFS_SET_SIZE != 0 { size = s.size }
        if s.valid & DFS_SET_ATIME_NOW != 0 { atime = .now } else if s.valid & DFS_SET_ATIME != 0 { atime = .time(Timespec(c: s.atime)) }
        if s.valid & DFS_SET_MTIME_NOW != 0 { mtime = .now } else if s.valid & DFS_SET_MTIME != 0 { mtime = .time(Timespec(c: s.mtime)) }
    }
}

extension CreateMode {
    /// From `DFS_CREATE_*` and the EXCLUSIVE verifier; nil for an unknown mode.
    public init?(how: UInt32, verifier: UInt64) {
        switch Int(how) {
        case Int(DFS_CREATE_UNCHECKED): self = .unchecked
        case Int(DFS_CREATE_GUARDED): self = .guarded
        case Int(DFS_CREATE_EXCLUSIVE): self = .exclusive(verifier: verifier)
        default: return nil
        }
    }
}
