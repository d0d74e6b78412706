import Foundation
import HostCache
import HostPlugins

/// An in-memory block store for the cache tests that can be made to fail
/// (every op throws `.io`, as a store that is down) or to block (ops wait
/// until released). Counts puts per key.
final class StubStore: BlockBackend, @unchecked Sendable {
    private let cond = NSCondition()
    private var blocks: [[UInt8]: [UInt8]] = [:]
    private var _failing = false
    private var _blocked = false
    private var _puts: [[UInt8]: Int] = [:]
    private var _gets = 0

    var failing: Bool {
        get { cond.lock(); defer { cond.unlock() }; return _failing }
        set { cond.lock(); _failing = newValue; cond.broadcast(); cond.unlock() }
    }

    var blocked: Bool {
        get { cond.lock(); defer { cond.unlock() }; return _blocked }
        set { cond.lock(); _blocked = newValue; cond.broadcast(); cond.unlock() }
    }

    var snapshot: [[UInt8]: [UInt8]] { cond.lock(); defer { cond.unlock() }; return blocks }
    func puts(_ key: [UInt8]) -> Int { cond.lock(); defer { cond.unlock() }; return _puts[key] ?? 0 }
    var gets: Int { cond.lock(); defer { cond.unlock() }; return _gets }

    /// Wait while blocked; then throw when failing. Holds `cond` on return.
    private func enter(_ op: String) throws(DFSError) {
        cond.lock()
        while _blocked { cond.wait() }
        if _failing {
            cond.unlock()
            throw DFSError(.io, "stub store is down (\(op))")
        }
    }

    func put(_ key: [UInt8], _ data: UnsafeRawBufferPointer, durable: Bool) throws(DFSError) {
        try enter("put")
        blocks[key] = Array(data)
        _puts[key, default: 0] += 1
        cond.unlock()
    }

    func get(_ key: [UInt8], offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(DFSError) -> Int {
        try enter("get")
        defer { cond.unlock() }
        _gets += 1
        guard let b = blocks[key] else { throw DFSError(.noent, "no block") }
        let n = offset >= UInt64(b.count) ? 0 : min(buffer.count, b.count - Int(offset))
        for i in 0..<n { buffer[i] = b[Int(offset) + i] }
        return n
    }

    func size(_ key: [UInt8]) throws(DFSError) -> UInt64? {
        try enter("size")
        defer { cond.unlock() }
        return blocks[key].map { UInt64($0.count) }
    }

    func delete(_ key: [UInt8]) throws(DFSError) {
        try enter("delete")
        blocks.removeValue(forKey: key)
        cond.unlock()
    }

    func list(prefix: [UInt8], startAfter: [UInt8], _ body: ([UInt8], UInt64) -> Bool) throws(DFSError) {
        try enter("list")
        let items = blocks.filter { $0.key.starts(with: prefix) && (startAfter.isEmpty || startAfter.lexicographicallyPrecedes($0.key)) }
        cond.unlock()
        for k in items.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) where !body(k, UInt64(items[k]!.count)) { return }
    }

    func sync() throws(DFSError) {
        try enter("sync")
        cond.unlock()
    }
}
