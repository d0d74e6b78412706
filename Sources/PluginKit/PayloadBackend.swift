import PluginABI

/// A payload store written in Swift, served through the C ABI
/// (`dfs_payload.h`) by `payloadVTable(open:syncs:reportsCapacity:)`.
///
/// The vtable checks every argument (NULL pointers, key and block sizes)
/// and turns thrown `PluginError`s into statuses, so a store implements
/// only its semantics. Keys are 1...DFS_BLOCK_KEY_MAX bytes, blocks at
/// most DFS_BLOCK_MAX bytes.
public protocol PayloadBackendStore: AnyObject {
    /// Replace block `key` atomically; `durable`: DFS_PUT_DURABLE.
    func put(key: [UInt8], data: UnsafeRawBufferPointer, durable: Bool) throws
    /// Copy bytes of block `key` from `offset` into `into`; returns how many
    /// (0 at or past the end). NOENT when the block does not exist.
    func get(key: [UInt8], offset: UInt64, into: UnsafeMutableRawBufferPointer) throws -> Int
    /// Remove block `key`; removing a missing block succeeds.
    func delete(key: [UInt8]) throws
    /// The size of block `key`; NOENT when it does not exist.
    func size(key: [UInt8]) throws -> UInt64
    /// Keys starting with `prefix` and greater than `after` (empty: from the
    /// start), in byte order, with their sizes; `visit` returns true to stop.
    func list(prefix: [UInt8], after: [UInt8], visit: ([UInt8], UInt64) -> Bool) throws
    /// Make every earlier put durable (asked only when the vtable was made
    /// with `syncs: true`).
    func sync() throws
    /// Bytes total and free (asked only with `reportsCapacity: true`).
    func capacity() throws -> (total: UInt64, free: UInt64)
}

extension PayloadBackendStore {
    public func sync() throws {}
    public func capacity() throws -> (total: UInt64, free: UInt64) { (0, 0) }
}
