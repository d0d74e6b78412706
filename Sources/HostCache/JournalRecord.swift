import PluginABI

/// One journal record (layout in docs/CACHE.md): a whole block put, or a
/// delete, with its sequence number. Encoding and decoding are pure.
public struct JournalRecord: Equatable, Sendable {
    public enum Kind: UInt8, Sendable { case put = 1, delete = 2 }

    public var kind: Kind
    public var seq: UInt64
    public var key: [UInt8]
    public var data: [UInt8]

    public init(kind: Kind, seq: UInt64, key: [UInt8], data: [UInt8] = []) {
        self.kind = kind; self.seq = seq; self.key = key; self.data = data
    }

    /// "DFFJ" read as a little-endian u32.
    public static let magic: UInt32 = 0x4A46_4644
    /// magic + crc + length.
    public static let headerBytes = 12
    /// type + seq + key length.
    static let fixedBytes = 11
    /// Largest valid `length` field.
    static let maxLength = UInt64(fixedBytes) + UInt64(DFS_BLOCK_KEY_MAX) + UInt64(DFS_BLOCK_MAX)

    /// Bytes of a record with this key and data.
    public static func size(keyCount: Int, dataCount: Int) -> Int { headerBytes + fixedBytes + keyCount + dataCount }

    /// Offset of the data from the record's start.
    public static func dataOffset(keyCount: Int) -> Int { headerBytes + fixedBytes + keyCount }

    /// The record's bytes.
    public func encode() -> [UInt8] {
        data.withUnsafeBytes { Self.encode(kind: kind, seq: seq, key: key, data: $0) }
    }

    /// Encode without building a record first.
    public static func encode(kind: Kind, seq: UInt64, key: [UInt8], data: UnsafeRawBufferPointer) -> [UInt8] {
        header(kind: kind, seq: seq, key: key, data: data) + Array(data)
    }

    /// Everything of a record before its data (the write path appends the
    /// data from the caller's buffer, without copying it here).
    public static func header(kind: Kind, seq: UInt64, key: [UInt8], data: UnsafeRawBufferPointer) -> [UInt8] {
        var b: [UInt8] = []
        b.reserveCapacity(dataOffset(keyCount: key.count))
        put32(&b, magic)
        put32(&b, 0)
        put32(&b, UInt32(fixedBytes + key.count + data.count))
        b.append(kind.rawValue)
        for s in stride(from: 0, to: 64, by: 8) { b.append(UInt8(truncatingIfNeeded: seq >> UInt64(s))) }
        b.append(UInt8(key.count & 0xFF)); b.append(UInt8(key.count >> 8))
        b += key
        var crc = b.withUnsafeBytes { CRC32C.update(0, UnsafeRawBufferPointer(rebasing: $0[8...])) }
        crc = CRC32C.update(crc, data)
        for i in 0..<4 { b[4 + i] = UInt8(truncatingIfNeeded: crc >> UInt32(8 * i)) }
        return b
    }

    /// What `decode` found at an offset.
    public enum Decoded: Equatable, Sendable {
        /// A valid record of `size` bytes; its data starts `dataOffset`
        /// bytes after the record's start.
        case record(JournalRecord, size: Int, dataOffset: Int)
        /// The buffer ends exactly here.
        case end
        /// An invalid or incomplete record (a torn tail or corruption).
        case invalid(String)
    }

    /// Decode the record starting at `offset` of `buf`.
    public static func decode(_ buf: UnsafeRawBufferPointer, at offset: Int) -> Decoded {
        let avail = buf.count - offset
        if avail == 0 { return .end }
        guard avail >= headerBytes else { return .invalid("\(avail) bytes left, shorter than a record header") }
        let m = get32(buf, offset)
        guard m == magic else { return .invalid("bad magic \(m)") }
        let crc = get32(buf, offset + 4)
        let length = UInt64(get32(buf, offset + 8))
        guard length >= UInt64(fixedBytes), length <= maxLength else { return .invalid("bad length \(length)") }
        guard UInt64(avail - headerBytes) >= length else {
            return .invalid("record of \(length) bytes but only \(avail - headerBytes) left")
        }
        let body = UnsafeRawBufferPointer(rebasing: buf[(offset + 8)..<(offset + headerBytes + Int(length))])
        guard CRC32C.update(0, body) == crc else { return .invalid("CRC mismatch") }
        let p = offset + headerBytes
        guard let kind = Kind(rawValue: buf[p]) else { return .invalid("unknown record type \(buf[p])") }
        var seq: UInt64 = 0
        for i in 0..<8 { seq |= UInt64(buf[p + 1 + i]) << UInt64(8 * i) }
        let keyCount = Int(buf[p + 9]) | Int(buf[p + 10]) << 8
        guard keyCount >= 1, keyCount <= Int(DFS_BLOCK_KEY_MAX), fixedBytes + keyCount <= Int(length) else {
            return .invalid("bad key length \(keyCount)")
        }
        let keyStart = p + fixedBytes
        let dataStart = keyStart + keyCount
        let end = offset + headerBytes + Int(length)
        if kind == .delete && dataStart != end { return .invalid("delete record with data") }
        let rec = JournalRecord(kind: kind, seq: seq, key: Array(buf[keyStart..<dataStart]), data: Array(buf[dataStart..<end]))
        return .record(rec, size: headerBytes + Int(length), dataOffset: dataStart - offset)
    }

    static func put32(_ b: inout [UInt8], _ v: UInt32) {
        for i in 0..<4 { b.append(UInt8(truncatingIfNeeded: v >> UInt32(8 * i))) }
    }

    static func get32(_ b: UnsafeRawBufferPointer, _ at: Int) -> UInt32 {
        (0..<4).reduce(0) { $0 | UInt32(b[at + $1]) << UInt32(8 * $1) }
    }
}
