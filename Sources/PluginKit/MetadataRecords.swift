import PluginABI

// Record helpers shared by the Swift metadata stores (memory, badgerlike,
// postgres): struct_size-aware copying of dfs_inode / dfs_dirent and the
// name and key limits of dfs_metadata.h. Every message starts with the
// plugin's name.

/// A stored inode: the full `dfs_inode` (our size, `target_len` kept 0) and
/// the symlink target, if any.
public struct StoredInode: Sendable {
    public var inode: dfs_inode
    public var target: [UInt8]?

    public init(inode: dfs_inode, target: [UInt8]? = nil) {
        self.inode = inode
        self.target = target
    }
}

/// A stored directory entry's value; the name is the key.
public struct StoredDirent: Sendable, Equatable {
    public var cookie: UInt64
    public var ino: UInt64
    public var type: UInt32

    public init(cookie: UInt64, ino: UInt64, type: UInt32) {
        self.cookie = cookie
        self.ino = ino
        self.type = type
    }
}

/// Which members of a caller's struct lie entirely within its `struct_size`
/// (the C macro DFS_HAS_MEMBER, done with offsets from MemoryLayout).
public enum StructLayout {
    /// `dfs_inode` member boundaries (offset + size), in ascending order.
    private static let inodeMemberEnds: [Int] = {
        typealias L = MemoryLayout<dfs_inode>
        let ts = MemoryLayout<dfs_timespec>.size
        return [
            L.offset(of: \.struct_size)! + 4, L.offset(of: \.mode)! + 4,
            L.offset(of: \.ino)! + 8, L.offset(of: \.generation)! + 8,
            L.offset(of: \.size)! + 8, L.offset(of: \.nlink)! + 4,
            L.offset(of: \.uid)! + 4, L.offset(of: \.gid)! + 4,
            L.offset(of: \.target_len)! + 4, L.offset(of: \.rdev)! + 8,
            L.offset(of: \.parent)! + 8, L.offset(of: \.change)! + 8,
            L.offset(of: \.flags)! + 8, L.offset(of: \.atime)! + ts,
            L.offset(of: \.mtime)! + ts, L.offset(of: \.ctime)! + ts,
            L.offset(of: \.btime)! + ts,
        ].sorted()
    }()

    /// Bytes of a `dfs_inode` covered by whole members within `structSize`
    /// (never more than our own size).
    public static func inodeBytes(_ structSize: UInt32) -> Int {
        var end = 0
        for e in inodeMemberEnds where e <= Int(structSize) { end = e }
        return end
    }

    /// True when a member at `offset` of `size` bytes lies within `structSize`.
    @inline(__always)
    public static func has(_ structSize: UInt32, _ offset: Int?, _ size: Int) -> Bool {
        guard let offset else { return false }
        return Int(structSize) >= offset + size
    }

    /// Stores `value` in `member` of the caller's struct at `p` only when
    /// its `struct_size` (first 4 bytes) covers the member (DFS_HAS_MEMBER).
    @inline(__always)
    public static func set<S, T>(_ p: UnsafeMutablePointer<S>, _ member: WritableKeyPath<S, T>, _ value: T) {
        guard has(structSize(p), MemoryLayout<S>.offset(of: member), MemoryLayout<T>.size) else { return }
        UnsafeMutableRawPointer(p).storeBytes(of: value, toByteOffset: MemoryLayout<S>.offset(of: member)!, as: T.self)
    }

    /// The caller's `struct_size` (the first 4 bytes of any ABI struct),
    /// read without touching anything beyond it.
    @inline(__always)
    public static func structSize(_ p: UnsafeRawPointer) -> UInt32 {
        p.loadUnaligned(as: UInt32.self)
    }
}

/// Reads a caller's inode: the members within its struct_size are taken
/// from `p`, the rest from `base` (zeroes for a create, the old record for
/// an update). Fails INVAL when `ino` is absent or 0.
public func readInode(_ p: UnsafePointer<dfs_inode>?, base: dfs_inode, plugin: String) throws -> dfs_inode {
    guard let p else { throw PluginError.inval("\(plugin): NULL inode") }
    let n = StructLayout.inodeBytes(StructLayout.structSize(p))
    let inoOffset = MemoryLayout<dfs_inode>.offset(of: \.ino)!
    if n < inoOffset + 8 {
        throw PluginError.inval("\(plugin): inode struct_size \(StructLayout.structSize(p)) does not cover ino")
    }
    var out = base
    withUnsafeMutableBytes(of: &out) { dst in
        dst.baseAddress!.advanced(by: 4).copyMemory(from: UnsafeRawPointer(p).advanced(by: 4), byteCount: n - 4)
    }
    out.struct_size = structSize(dfs_inode.self)
    out.target_len = 0
    if out.ino == 0 { throw PluginError.inval("\(plugin): inode number 0 is reserved") }
    return out
}

/// Writes a stored inode to a caller's out-struct: only the members within
/// the struct_size the caller set, `target_len` from the stored target.
public func writeInode(_ val: StoredInode, to p: UnsafeMutablePointer<dfs_inode>) {
    var full = val.inode
    full.target_len = UInt32(val.target?.count ?? 0)
    let n = StructLayout.inodeBytes(StructLayout.structSize(p))
    guard n > 4 else { return }
    withUnsafeBytes(of: &full) { src in
        UnsafeMutableRawPointer(p).advanced(by: 4).copyMemory(from: src.baseAddress!.advanced(by: 4), byteCount: n - 4)
    }
}

/// Fills a caller's `dfs_dirent` member by member, within its struct_size.
/// `name` must stay valid for as long as the caller uses the entry.
public func writeDirent(_ d: StoredDirent, name: UnsafePointer<UInt8>?, nameLen: UInt32,
                        to p: UnsafeMutablePointer<dfs_dirent>) {
    StructLayout.set(p, \.type, d.type)
    StructLayout.set(p, \.ino, d.ino)
    StructLayout.set(p, \.cookie, d.cookie)
    StructLayout.set(p, \.name, name)
    StructLayout.set(p, \.name_len, nameLen)
    StructLayout.set(p, \.reserved, 0)
}

/// Validates a dirent name or share name: 1...DFS_NAME_MAX bytes.
public func checkName(_ p: UnsafePointer<UInt8>?, _ len: UInt32, _ what: String, plugin: String) throws -> [UInt8] {
    if len == 0 { throw PluginError.inval("\(plugin): empty \(what)") }
    if len > UInt32(DFS_NAME_MAX) {
        throw PluginError.nameTooLong("\(plugin): \(what) of \(len) bytes exceeds \(DFS_NAME_MAX)")
    }
    guard p != nil else { throw PluginError.inval("\(plugin): NULL \(what)") }
    return bytes(p, len)
}

/// Validates a kv key: 1...DFS_KV_KEY_MAX bytes.
public func checkKey(_ p: UnsafePointer<UInt8>?, _ len: UInt32, plugin: String) throws -> [UInt8] {
    if len == 0 { throw PluginError.inval("\(plugin): empty kv key") }
    if len > UInt32(DFS_KV_KEY_MAX) {
        throw PluginError.nameTooLong("\(plugin): kv key of \(len) bytes exceeds \(DFS_KV_KEY_MAX)")
    }
    guard p != nil else { throw PluginError.inval("\(plugin): NULL kv key") }
    return bytes(p, len)
}
