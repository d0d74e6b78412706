import HostPlugins

/// A persistent, deterministic file handle: the same object always gets the
/// same bytes, across restarts, as long as the share keeps its id.
///
/// Wire format, version 1 (29 bytes, all integers big-endian):
///
///     offset size  field
///          0    1  version (1)
///          1    8  share id
///          9    8  inode number (> 0)
///         17    8  inode generation
///         25    4  CRC-32C of bytes 0..<25
///
/// Decoding rejects garbage (wrong length, unknown version, checksum
/// mismatch, inode 0) with `.badHandle`. A well-formed handle whose share is
/// unknown, whose inode is gone or whose generation differs resolves to
/// `.stale` (see `FileSystem`). The checksum catches corruption, not
/// forgery: handles are not secret capabilities.
public struct FileHandle: Hashable, Sendable, CustomStringConvertible {
    /// The format version written by `encode()`.
    public static let currentVersion: UInt8 = 1
    /// Encoded length of a version-1 handle.
    public static let encodedLength = 29
    /// Largest handle the adapter ABI carries (DFS_FH_MAX).
    public static let maxLength = 64

    public var shareID: UInt64
    public var ino: UInt64
    public var generation: UInt64

    public init(shareID: UInt64, ino: UInt64, generation: UInt64) {
        self.shareID = shareID
        self.ino = ino
        self.generation = generation
    }

    /// Decode handle bytes; `.badHandle` for anything malformed.
    public init(bytes: some Collection<UInt8>) throws(DFSError) {
        let b = Array(bytes)
        guard b.count == Self.encodedLength else {
            throw DFSError(.badHandle, "file handle of \(b.count) bytes (expected \(Self.encodedLength))")
        }
        guard b[0] == Self.currentVersion else {
            throw DFSError(.badHandle, "file handle version \(b[0]) is not supported")
        }
        let sum = UInt32(b[25]) << 24 | UInt32(b[26]) << 16 | UInt32(b[27]) << 8 | UInt32(b[28])
        guard CRC32C.checksum(b[0..<25]) == sum else {
            throw DFSError(.badHandle, "file handle checksum mismatch")
        }
        let share = Self.readBE(b, 1), ino = Self.readBE(b, 9), gen = Self.readBE(b, 17)
        guard ino != 0 else { throw DFSError(.badHandle, "file handle names inode 0") }
        self.init(shareID: share, ino: ino, generation: gen)
    }

    /// The handle's bytes (always `encodedLength` long).
    public func encode() -> [UInt8] {
        var b: [UInt8] = [Self.currentVersion]
        b.reserveCapacity(Self.encodedLength)
        Self.appendBE(&b, shareID)
        Self.appendBE(&b, ino)
        Self.appendBE(&b, generation)
        let sum = CRC32C.checksum(b)
        b += [UInt8(sum >> 24), UInt8(truncatingIfNeeded: sum >> 16), UInt8(truncatingIfNeeded: sum >> 8), UInt8(truncatingIfNeeded: sum)]
        return b
    }

    public var description: String {
        "fh(share \(shareID), ino \(ino), gen \(String(generation, radix: 16)))"
    }

    private static func appendBE(_ b: inout [UInt8], _ v: UInt64) {
        for shift in stride(from: 56, through: 0, by: -8) { b.append(UInt8(truncatingIfNeeded: v >> UInt64(shift))) }
    }

    private static func readBE(_ b: [UInt8], _ at: Int) -> UInt64 {
        var v: UInt64 = 0
        for i in 0..<8 { v = v << 8 | UInt64(b[at + i]) }
        return v
    }
}

/// CRC-32C (Castagnoli), reflected, init/xorout 0xFFFFFFFF: the handle checksum.
enum CRC32C {
    static let table: [UInt32] = (0..<256).map { i -> UInt32 in
        var c = UInt32(i)
        for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
        return c
    }

    static func checksum(_ bytes: some Sequence<UInt8>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for b in bytes { crc = table[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }
}

/// `FileHandle` under a name that does not clash with Foundation's
/// `FileHandle` in files that import both modules.
public typealias DFSFileHandle = FileHandle
