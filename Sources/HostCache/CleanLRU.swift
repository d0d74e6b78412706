/// Least-recently-used order of clean blocks, by bytes. Pure: it only
/// orders keys; the caller asks the `BlockTable` before dropping anything,
/// so a block that is not clean is never evicted even if a caller forgot
/// to remove it here.
public struct CleanLRU: Sendable {
    private struct Node: Sendable {
        var bytes: Int
        var prev: [UInt8]?
        var next: [UInt8]?
    }

    private var nodes: [[UInt8]: Node] = [:]
    /// Least recently used.
    private var head: [UInt8]?
    /// Most recently used.
    private var tail: [UInt8]?
    /// Sum of the bytes of every key held.
    public private(set) var bytes = 0

    public init() {}

    public var count: Int { nodes.count }

    public func contains(_ key: [UInt8]) -> Bool { nodes[key] != nil }

    /// Add `key` (or update it) as the most recently used.
    public mutating func insert(_ key: [UInt8], bytes n: Int) {
        remove(key)
        nodes[key] = Node(bytes: n, prev: tail, next: nil)
        if let t = tail { nodes[t]!.next = key } else { head = key }
        tail = key
        bytes += n
    }

    /// Mark `key` as just used (no-op when absent).
    public mutating func touch(_ key: [UInt8]) {
        guard let n = nodes[key], tail != key else { return }
        insert(key, bytes: n.bytes)
    }

    /// Forget `key` (no-op when absent).
    public mutating func remove(_ key: [UInt8]) {
        guard let n = nodes.removeValue(forKey: key) else { return }
        if let p = n.prev { nodes[p]!.next = n.next } else { head = n.next }
        if let x = n.next { nodes[x]!.prev = n.prev } else { tail = n.prev }
        bytes -= n.bytes
    }

    /// Keys from least to most recently used.
    public var order: [[UInt8]] {
        var out: [[UInt8]] = []
        var k = head
        while let c = k { out.append(c); k = nodes[c]!.next }
        return out
    }

    /// Remove and return least-recently-used keys until at most `budget`
    /// bytes remain, skipping (and keeping) those `canEvict` refuses.
    public mutating func evict(toFit budget: Int, canEvict: ([UInt8]) -> Bool) -> [[UInt8]] {
        var out: [[UInt8]] = []
        var k = head
        while bytes > budget, let c = k {
            k = nodes[c]!.next
            if canEvict(c) {
                remove(c)
                out.append(c)
            }
        }
        return out
    }
}
