#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A byte string used as a key (names, share names, kv keys). Wraps
/// `Bytes` to hash the bytes in one call instead of byte by byte.
struct Bytes: Hashable, Sendable {
    var array: [UInt8]

    @inline(__always)
    init(_ array: [UInt8]) { self.array = array }

    var count: Int { array.count }

    @inline(__always)
    static func == (a: Bytes, b: Bytes) -> Bool { a.array == b.array }

    @inline(__always)
    func hash(into hasher: inout Hasher) {
        array.withUnsafeBytes { hasher.combine(bytes: $0) }
    }
}

/// Three-way byte-wise comparison in the ABI's order (memcmp, shorter prefix
/// first): negative when `a < b`, zero when equal, positive when `a > b`.
@inline(__always)
func compareBytes(_ a: Bytes, _ b: Bytes) -> Int {
    let n = min(a.count, b.count)
    if n > 0 {
        let c = a.array.withUnsafeBufferPointer { pa in
            b.array.withUnsafeBufferPointer { pb in memcmp(pa.baseAddress!, pb.baseAddress!, n) }
        }
        if c != 0 { return Int(c) }
    }
    return a.count - b.count
}

/// The smallest key strictly greater than `key` in byte order (`key + [0]`):
/// turns "after key" into an inclusive lower bound.
@inline(__always)
func successor(_ key: Bytes) -> Bytes {
    var k = key.array
    k.append(0)
    return Bytes(k)
}

/// An ordered set of byte-string keys, kept as a list of sorted chunks so
/// that inserting or removing one key costs O(log n + chunk size) instead of
/// shifting the whole key space.
struct SortedKeys: Sendable {
    /// Non-empty sorted chunks; every key of chunk i sorts before chunk i+1.
    private var chunks: [[Bytes]] = []
    /// Number of keys held.
    private(set) var count = 0

    /// A chunk is split in two when it grows past this many keys.
    private static let chunkMax = 256

    /// A position in the set: chunk index and index inside that chunk.
    /// `chunk == chunks.count` is the end position.
    struct Position: Sendable {
        var chunk: Int
        var index: Int
    }

    /// Position of the first key `>= key` (the end position when none).
    func lowerBound(_ key: Bytes) -> Position {
        var lo = 0, hi = chunks.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if compareBytes(chunks[mid][chunks[mid].count - 1], key) < 0 { lo = mid + 1 } else { hi = mid }
        }
        if lo == chunks.count { return Position(chunk: lo, index: 0) }
        let c = chunks[lo]
        var l = 0, h = c.count
        while l < h {
            let m = (l + h) >> 1
            if compareBytes(c[m], key) < 0 { l = m + 1 } else { h = m }
        }
        return Position(chunk: lo, index: l)
    }

    /// The key at `p`, or nil at the end position.
    @inline(__always)
    func key(at p: Position) -> Bytes? {
        p.chunk < chunks.count ? chunks[p.chunk][p.index] : nil
    }

    /// The position after `p` (which must not be the end position).
    @inline(__always)
    func after(_ p: Position) -> Position {
        var q = p
        q.index += 1
        if q.index >= chunks[q.chunk].count {
            q.chunk += 1
            q.index = 0
        }
        return q
    }

    /// Inserts `key`, which must not be present yet.
    mutating func insert(_ key: Bytes) {
        count += 1
        if chunks.isEmpty {
            chunks.append([key])
            return
        }
        var p = lowerBound(key)
        if p.chunk == chunks.count {
            p.chunk -= 1
            p.index = chunks[p.chunk].count
        }
        chunks[p.chunk].insert(key, at: p.index)
        if chunks[p.chunk].count > Self.chunkMax {
            let half = chunks[p.chunk].count / 2
            let upper = Array(chunks[p.chunk][half...])
            chunks[p.chunk].removeSubrange(half...)
            chunks.insert(upper, at: p.chunk + 1)
        }
    }

    /// Removes `key` when present.
    mutating func remove(_ key: Bytes) {
        let p = lowerBound(key)
        guard p.chunk < chunks.count, chunks[p.chunk][p.index] == key else { return }
        count -= 1
        chunks[p.chunk].remove(at: p.index)
        if chunks[p.chunk].isEmpty { chunks.remove(at: p.chunk) }
    }
}
