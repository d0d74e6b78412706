import HostCache
import HostPlugins
import PluginABI

/// How a file's bytes map onto payload blocks: block `i` holds bytes
/// `[i * blockSize, (i + 1) * blockSize)`. Pure arithmetic.
///
/// Blocks are stored no longer than needed: the block holding the end of
/// the file is cut at the end of the file, a missing block is a hole, and
/// every byte a block does not hold (beyond its length) reads as zero.
public struct BlockLayout: Equatable, Sendable {
    public let blockSize: UInt64

    /// `blockSize` > 0.
    public init(blockSize: UInt32) {
        precondition(blockSize > 0, "block size must be positive")
        self.blockSize = UInt64(blockSize)
    }

    /// Index of the block holding byte `offset`.
    public func index(of offset: UInt64) -> UInt64 { offset / blockSize }

    /// First byte of block `index`.
    public func start(of index: UInt64) -> UInt64 { index * blockSize }

    /// How many blocks a file of `size` bytes spans (= the index of the
    /// first block lying entirely at or past `size`).
    public func blockCount(forSize size: UInt64) -> UInt64 {
        size / blockSize + (size % blockSize == 0 ? 0 : 1)
    }

    /// One block's share of a byte range.
    public struct Span: Equatable, Sendable {
        /// Block index.
        public var index: UInt64
        /// Where the range starts inside the block.
        public var offsetInBlock: Int
        /// Bytes of the range in this block.
        public var length: Int
        /// Where this piece starts inside the caller's buffer.
        public var bufferOffset: Int

        public init(index: UInt64, offsetInBlock: Int, length: Int, bufferOffset: Int) {
            self.index = index
            self.offsetInBlock = offsetInBlock
            self.length = length
            self.bufferOffset = bufferOffset
        }

        /// True when the piece covers its whole block of `blockSize` bytes.
        public func isWhole(blockSize: UInt64) -> Bool { offsetInBlock == 0 && UInt64(length) == blockSize }
    }

    /// The pieces of `[offset, offset + count)`, one per block, in order.
    /// Empty for `count` 0. Precondition: the range does not overflow.
    public func spans(offset: UInt64, count: Int) -> [Span] {
        var out: [Span] = []
        var done = 0
        while done < count {
            let pos = offset + UInt64(done)
            let inBlock = Int(pos % blockSize)
            let n = min(count - done, Int(blockSize) - inBlock)
            out.append(Span(index: pos / blockSize, offsetInBlock: inBlock, length: n, bufferOffset: done))
            done += n
        }
        return out
    }
}

/// Payload block keys.
///
/// Key of block `index` of inode `ino` in a share whose data id is `dataID`:
///
///     "s" <dataID: 16 hex> "/" <ino: 16 hex> "/" <index: 16 hex>
///
/// lower-case, zero-padded to 16 digits (51 bytes), so that byte order is
/// numeric order: one listing with the prefix `s<dataID>/<ino>/` yields a
/// file's blocks in order, and a listing that starts after block `i - 1`
/// yields exactly the blocks from `i` on. The data id is the share id at
/// the time the share was first registered; it is persisted with the share
/// so that the keys of existing data never change.
public enum BlockKey {
    /// The key of one block.
    public static func key(dataID: UInt64, ino: UInt64, index: UInt64) -> [UInt8] {
        var k = prefix(dataID: dataID, ino: ino)
        k.reserveCapacity(51)
        appendHex(&k, index)
        return k
    }

    /// The common prefix of every block of one file (ends with '/').
    public static func prefix(dataID: UInt64, ino: UInt64) -> [UInt8] {
        var k: [UInt8] = [UInt8(ascii: "s")]
        k.reserveCapacity(51)
        appendHex(&k, dataID)
        k.append(UInt8(ascii: "/"))
        appendHex(&k, ino)
        k.append(UInt8(ascii: "/"))
        return k
    }

    /// The block index in `key`, when `key` is `prefix` + 16 hex digits.
    public static func index(of key: [UInt8], prefix: [UInt8]) -> UInt64? {
        guard key.count == prefix.count + 16, key.starts(with: prefix) else { return nil }
        var v: UInt64 = 0
        for c in key[prefix.count...] {
            let d: UInt8
            switch c {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): d = c - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): d = c - UInt8(ascii: "a") + 10
            default: return nil
            }
            v = v << 4 | UInt64(d)
        }
        return v
    }

    private static let digits = Array("0123456789abcdef".utf8)

    private static func appendHex(_ k: inout [UInt8], _ v: UInt64) {
        for shift in stride(from: 60, through: 0, by: -4) {
            k.append(digits[Int((v >> UInt64(shift)) & 0xF)])
        }
    }
}

/// A file's data in one share's payload store (or the share's cache in
/// front of it): reads with holes, writes with read-modify-write of partial
/// blocks, truncation, deletion. Callers serialise writers of one file
/// (`InodeLocks`); metadata (the file size) is the caller's business too.
struct BlockIO: Sendable {
    let payload: any BlockBackend
    let layout: BlockLayout
    let dataID: UInt64

    func key(_ ino: UInt64, _ index: UInt64) -> [UInt8] { BlockKey.key(dataID: dataID, ino: ino, index: index) }

    /// Fill `buffer` with the bytes at `offset`; holes and bytes past a
    /// block's end read as zeros. The caller limits the range to the size.
    func read(ino: UInt64, offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(DFSError) {
        for span in layout.spans(offset: offset, count: buffer.count) {
            let piece = UnsafeMutableRawBufferPointer(rebasing: buffer[span.bufferOffset..<(span.bufferOffset + span.length)])
            var got = 0
            do {
                got = try payload.get(key(ino, span.index), offset: UInt64(span.offsetInBlock), into: piece)
            } catch where error.status == .noent {
                got = 0
            }
            if got < span.length {
                piece.baseAddress!.advanced(by: got).initializeMemory(as: UInt8.self, repeating: 0, count: span.length - got)
            }
        }
    }

    /// Store `data` at `offset`. Whole blocks are put as they are; partial
    /// ones are read, patched (gaps zero-filled) and put back. `durable`
    /// asks the store to reach stable storage before returning.
    func write(ino: UInt64, offset: UInt64, data: UnsafeRawBufferPointer, durable: Bool) throws(DFSError) {
        for span in layout.spans(offset: offset, count: data.count) {
            let piece = UnsafeRawBufferPointer(rebasing: data[span.bufferOffset..<(span.bufferOffset + span.length)])
            let k = key(ino, span.index)
            if span.isWhole(blockSize: layout.blockSize) {
                try payload.put(k, piece, durable: durable)
                continue
            }
            // Read only what the block holds (blocks are stored no longer
            // than needed): allocating a whole block for a small write into
            // a short block cost ~30 µs per 4 KiB write with 1 MiB blocks.
            var block: [UInt8] = []
            if let stored = try payload.size(k), stored > 0 {
                block = try payload.read(k, offset: 0, length: Int(min(stored, layout.blockSize))) ?? []
            }
            let end = span.offsetInBlock + span.length
            if block.count < end { block += [UInt8](repeating: 0, count: end - block.count) }
            block.withUnsafeMutableBytes { dst in
                dst.baseAddress!.advanced(by: span.offsetInBlock).copyMemory(from: piece.baseAddress!, byteCount: span.length)
            }
            try payload.put(k, block, durable: durable)
        }
    }

    /// Make every byte at or past `keep` absent: delete the blocks lying
    /// wholly past it and cut the block holding it at `keep`. Afterwards the
    /// file reads as zeros from `keep` on, whatever size is then set.
    func truncate(ino: UInt64, keep: UInt64) throws(DFSError) {
        let firstGone = layout.blockCount(forSize: keep)
        let prefix = BlockKey.prefix(dataID: dataID, ino: ino)
        let after = firstGone == 0 ? [] : key(ino, firstGone - 1)
        var doomed: [[UInt8]] = []
        try payload.list(prefix: prefix, startAfter: after) { k, _ in
            if BlockKey.index(of: k, prefix: prefix) != nil { doomed.append(k) }
            return true
        }
        for k in doomed { try payload.delete(k) }
        let cut = Int(keep % layout.blockSize)
        if cut != 0 {
            let k = key(ino, layout.index(of: keep))
            if let size = try payload.size(k), size > UInt64(cut) {
                let head = try payload.read(k, offset: 0, length: cut) ?? []
                try payload.put(k, head, durable: true)
            }
        }
    }

    /// Delete every block of `ino` (found by listing its key prefix, so
    /// blocks past the recorded size go too).
    func deleteAll(ino: UInt64) throws(DFSError) {
        try truncate(ino: ino, keep: 0)
    }
}
