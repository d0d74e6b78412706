import PluginABI
import PluginKit

/// The on-disk key layout of the `badgerlike` store (one RocksDB key space,
/// default column family). Integers in keys are BIG-ENDIAN so that RocksDB's
/// byte-wise key order equals numeric order; integers in values are
/// little-endian.
///
///     key                              value
///     'F'                              format version (1 byte, = formatVersion)
///     'a'                              allocator high-water mark: u64 BE — every
///                                      ino < it may have been handed out
///     'i' ino:u64                      inode record (see encodeInode)
///     'd' dir:u64 name                 dirent by name: ino u64 | type u32 | cookie u64
///     'c' dir:u64 cookie:u64           listing index:  ino u64 | type u32 | name
///     'n' dir:u64                      next cookie of dir: u64 (absent = 1)
///     'v' dir:u64                      phantom marker of dir's entry set (empty)
///     'r' share                        share root ino: u64
///     'R'                              phantom marker of the root set (empty)
///     'k' key                          host kv value (verbatim)
///     'K' b:u8                         phantom marker of the kv keys whose first byte is b (empty)
///
/// Phantom markers: RocksDB's optimistic transactions validate at commit only
/// the keys a transaction read with GetForUpdate or wrote. A listing cannot
/// name the keys that do not exist yet, so every write into a range also
/// writes that range's marker key, and every listing in a read-write
/// transaction reads the marker with GetForUpdate: an insert/remove committed
/// by another transaction after our snapshot then fails our commit (RETRY).
/// Marker writes are tracked writes too, so two writers of one directory (or
/// one kv first-byte bucket, or the root set) conflict with each other —
/// coarse, but correct. Dirent inserts already conflict through 'n'.
///
/// Cookies: 'n'+dir is read with GetForUpdate and incremented by every insert,
/// so of two transactions inserting into one directory the later committer
/// always gets RETRY — the ABI's commit-order rule holds trivially, and a
/// committed cookie is never handed out again (the counter only grows, also
/// across removes).
enum Keys {
    static let formatVersion: UInt8 = 1
    static let format: [UInt8] = [UInt8(ascii: "F")]
    static let alloc: [UInt8] = [UInt8(ascii: "a")]
    static let rootMarker: [UInt8] = [UInt8(ascii: "R")]

    @inline(__always)
    static func appendBE(_ k: inout [UInt8], _ v: UInt64) {
        for s in stride(from: 56, through: 0, by: -8) { k.append(UInt8(truncatingIfNeeded: v >> UInt64(s))) }
    }

    @inline(__always)
    static func tagged(_ tag: Character, _ n: UInt64) -> [UInt8] {
        var k: [UInt8] = [tag.asciiValue!]
        k.reserveCapacity(17)
        appendBE(&k, n)
        return k
    }

    static func inode(_ ino: UInt64) -> [UInt8] { tagged("i", ino) }
    static func nextCookie(_ dir: UInt64) -> [UInt8] { tagged("n", dir) }
    static func dirMarker(_ dir: UInt64) -> [UInt8] { tagged("v", dir) }

    static func dirent(_ dir: UInt64, _ name: [UInt8]) -> [UInt8] {
        var k = tagged("d", dir)
        k.append(contentsOf: name)
        return k
    }

    /// 'c'+dir: the prefix of dir's listing index.
    static func listPrefix(_ dir: UInt64) -> [UInt8] { tagged("c", dir) }

    static func listing(_ dir: UInt64, _ cookie: UInt64) -> [UInt8] {
        var k = tagged("c", dir)
        appendBE(&k, cookie)
        return k
    }

    static func root(_ share: [UInt8]) -> [UInt8] { [UInt8(ascii: "r")] + share }
    static func kv(_ key: [UInt8]) -> [UInt8] { [UInt8(ascii: "k")] + key }
    static func kvMarker(_ firstByte: UInt8) -> [UInt8] { [UInt8(ascii: "K"), firstByte] }
}

// MARK: value encodings

/// Little-endian reader over a value.
struct Reader {
    let bytes: UnsafeRawBufferPointer
    var pos = 0

    init(_ b: UnsafeRawBufferPointer) { bytes = b }

    mutating func u8() throws -> UInt8 {
        guard pos + 1 <= bytes.count else { throw corrupt() }
        defer { pos += 1 }
        return bytes[pos]
    }
    mutating func u32() throws -> UInt32 {
        guard pos + 4 <= bytes.count else { throw corrupt() }
        defer { pos += 4 }
        return UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: pos, as: UInt32.self))
    }
    mutating func u64() throws -> UInt64 {
        guard pos + 8 <= bytes.count else { throw corrupt() }
        defer { pos += 8 }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: pos, as: UInt64.self))
    }
    mutating func rest() -> [UInt8] {
        defer { pos = bytes.count }
        return Array(bytes[pos...])
    }
    func corrupt() -> PluginError { PluginError.io("badgerlike: corrupt record (short value)") }
}

@inline(__always) func putLE32(_ out: inout [UInt8], _ v: UInt32) {
    withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
}
@inline(__always) func putLE64(_ out: inout [UInt8], _ v: UInt64) {
    withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) }
}

func decodeBE64(_ b: UnsafeRawBufferPointer) throws -> UInt64 {
    guard b.count == 8 else { throw PluginError.io("badgerlike: corrupt counter (\(b.count) bytes)") }
    var v: UInt64 = 0
    for x in b { v = v << 8 | UInt64(x) }
    return v
}

func encodeBE64(_ v: UInt64) -> [UInt8] {
    var k: [UInt8] = []
    Keys.appendBE(&k, v)
    return k
}

/// Inode record, format 1: version byte 1, then little-endian mode u32,
/// ino, generation, size u64, nlink, uid, gid u32, rdev, parent, change,
/// flags u64, then atime, mtime, ctime, btime each as sec i64 | nsec u32 |
/// reserved u32, then the symlink target bytes (the rest of the value; an
/// empty rest = no target). A future format appends members and bumps the
/// version byte; decodeInode accepts every version it knows.
let inodeFormat: UInt8 = 1

func encodeInode(_ i: dfs_inode, target: [UInt8]?) -> [UInt8] {
    var o: [UInt8] = []
    o.reserveCapacity(1 + 4 + 8 * 3 + 4 * 3 + 8 * 4 + 16 * 4 + (target?.count ?? 0))
    o.append(inodeFormat)
    putLE32(&o, i.mode)
    putLE64(&o, i.ino); putLE64(&o, i.generation); putLE64(&o, i.size)
    putLE32(&o, i.nlink); putLE32(&o, i.uid); putLE32(&o, i.gid)
    putLE64(&o, i.rdev); putLE64(&o, i.parent); putLE64(&o, i.change); putLE64(&o, i.flags)
    for t in [i.atime, i.mtime, i.ctime, i.btime] {
        putLE64(&o, UInt64(bitPattern: t.sec)); putLE32(&o, t.nsec); putLE32(&o, t.reserved)
    }
    if let target { o.append(contentsOf: target) }
    return o
}

func decodeInode(_ b: UnsafeRawBufferPointer) throws -> InodeVal {
    var r = Reader(b)
    let v = try r.u8()
    guard v == inodeFormat else {
        throw PluginError(DFS_ERR_VERSION, "badgerlike: inode record format \(v) is not supported (this build reads \(inodeFormat))")
    }
    var i = dfs_inode()
    i.struct_size = structSize(dfs_inode.self)
    i.mode = try r.u32()
    i.ino = try r.u64(); i.generation = try r.u64(); i.size = try r.u64()
    i.nlink = try r.u32(); i.uid = try r.u32(); i.gid = try r.u32()
    i.rdev = try r.u64(); i.parent = try r.u64(); i.change = try r.u64(); i.flags = try r.u64()
    func ts() throws -> dfs_timespec {
        dfs_timespec(sec: Int64(bitPattern: try r.u64()), nsec: try r.u32(), reserved: try r.u32())
    }
    i.atime = try ts(); i.mtime = try ts(); i.ctime = try ts(); i.btime = try ts()
    let rest = r.rest()
    return InodeVal(inode: i, target: rest.isEmpty ? nil : rest)
}

/// 'd' value: ino u64 | type u32 | cookie u64.
func encodeDirent(_ d: DirentVal) -> [UInt8] {
    var o: [UInt8] = []
    o.reserveCapacity(20)
    putLE64(&o, d.ino); putLE32(&o, d.type); putLE64(&o, d.cookie)
    return o
}

func decodeDirent(_ b: UnsafeRawBufferPointer) throws -> DirentVal {
    var r = Reader(b)
    let ino = try r.u64(), type = try r.u32(), cookie = try r.u64()
    return DirentVal(cookie: cookie, ino: ino, type: type)
}

/// 'c' value: ino u64 | type u32 | name.
func encodeListing(ino: UInt64, type: UInt32, name: [UInt8]) -> [UInt8] {
    var o: [UInt8] = []
    o.reserveCapacity(12 + name.count)
    putLE64(&o, ino); putLE32(&o, type); o.append(contentsOf: name)
    return o
}
