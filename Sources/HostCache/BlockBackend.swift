import HostPlugins

/// What `BlockIO` needs from the place blocks live: the payload store
/// itself, or a `CachedPayload` in front of it. Same semantics as the
/// payload ABI (`dfs_payload.h`): whole-block atomic put, ranged get,
/// idempotent delete, ascending listing.
public protocol BlockBackend: AnyObject, Sendable {
    /// Store `data` as block `key`, replacing it atomically. `durable`:
    /// return only once the block survives a crash.
    func put(_ key: [UInt8], _ data: UnsafeRawBufferPointer, durable: Bool) throws(DFSError)
    /// Read up to `buffer.count` bytes of `key` from `offset`; returns the
    /// count read. `.noent` when the block does not exist.
    func get(_ key: [UInt8], offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(DFSError) -> Int
    /// Size of block `key`, nil when absent.
    func size(_ key: [UInt8]) throws(DFSError) -> UInt64?
    /// Delete block `key` (absent is fine).
    func delete(_ key: [UInt8]) throws(DFSError)
    /// Visit keys with `prefix` greater than `startAfter`, ascending, with
    /// sizes, while `body` returns true.
    func list(prefix: [UInt8], startAfter: [UInt8], _ body: ([UInt8], UInt64) -> Bool) throws(DFSError)
    /// The durability barrier: every earlier put and delete survives a
    /// crash when this returns.
    func sync() throws(DFSError)
}

extension BlockBackend {
    /// `put` from an array.
    public func put(_ key: [UInt8], _ data: [UInt8], durable: Bool = false) throws(DFSError) {
        try data.withUnsafeBufferPointer { (bp) throws(DFSError) in try put(key, UnsafeRawBufferPointer(bp), durable: durable) }
    }

    /// Up to `length` bytes of `key` from `offset`, nil when absent.
    public func read(_ key: [UInt8], offset: UInt64 = 0, length: Int) throws(DFSError) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: length)
        let n: Int
        do {
            n = try out.withUnsafeMutableBufferPointer { (mp) throws(DFSError) in try get(key, offset: offset, into: UnsafeMutableRawBufferPointer(mp)) }
        } catch where error.status == .noent {
            return nil
        }
        out.removeSubrange(n...)
        return out
    }
}

extension PayloadStore: BlockBackend {}
