import CoreMetrics
import PluginABI
import Synchronization

/// An open payload (block) store instance behind the C ABI. Thread-safe.
public final class PayloadStore: @unchecked Sendable {
    public let plugin: LoadedPlugin
    let vt: UnsafePointer<dfs_payload_vtable>
    let instance: OpaquePointer
    private let closed = Atomic<Bool>(false)
    /// `dfs_store_operation_duration_seconds{store="payload:<name>",op="put"|"get"}`.
    let putTimer: Timer
    let getTimer: Timer

    /// Open an instance of `plugin` with a JSON configuration.
    public init(plugin: LoadedPlugin, config: String = "{}") throws(DFSError) {
        guard plugin.kind == .payload else {
            throw DFSError(.inval, "plugin \"\(plugin.name)\" is a \(plugin.kind) plugin, not a payload store")
        }
        self.plugin = plugin
        let vt = plugin.vtable(dfs_payload_vtable.self)
        self.vt = vt
        var out: OpaquePointer?
        try abiCall("open payload store \"\(plugin.name)\"") { err in
            config.withCString { vt.pointee.open(UnsafePointer($0), HostInfo.pointer, &out, err) }
        }
        guard let out else { throw DFSError(.internal, "payload plugin \"\(plugin.name)\" open() succeeded but returned no instance") }
        instance = out
        let store = "payload:\(plugin.name)"
        putTimer = Timer(label: "dfs_store_operation_duration_seconds", dimensions: [("store", store), ("op", "put")], preferredDisplayUnit: .seconds)
        getTimer = Timer(label: "dfs_store_operation_duration_seconds", dimensions: [("store", store), ("op", "get")], preferredDisplayUnit: .seconds)
    }

    /// Close the instance. Idempotent.
    public func close() {
        if closed.exchange(true, ordering: .acquiringAndReleasing) { return }
        vt.pointee.close(instance)
    }

    deinit { close() }

    public var name: String { plugin.name }

    /// Store `data` as block `key`, atomically replacing it.
    public func put(_ key: [UInt8], _ data: UnsafeRawBufferPointer, durable: Bool = false) throws(DFSError) {
        let flags: UInt32 = durable ? DFS_PUT_DURABLE : 0
        let started = ContinuousClock.now
        defer { putTimer.recordNanoseconds((ContinuousClock.now - started).nanoseconds) }
        try key.withUnsafeBufferPointer { (k) throws(DFSError) in
            try abiCall("put") {
                vt.pointee.put(instance, k.baseAddress, UInt32(k.count),
                               data.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(data.count), flags, $0)
            }
        }
    }

    public func put(_ key: [UInt8], _ data: [UInt8], durable: Bool = false) throws(DFSError) {
        try data.withUnsafeBufferPointer { (b) throws(DFSError) in try put(key, UnsafeRawBufferPointer(b), durable: durable) }
    }

    /// Read up to `buffer.count` bytes of block `key` from `offset` into
    /// `buffer`; returns the count read. Throws `.noent` when absent.
    public func get(_ key: [UInt8], offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(DFSError) -> Int {
        var n: UInt32 = 0
        let started = ContinuousClock.now
        defer { getTimer.recordNanoseconds((ContinuousClock.now - started).nanoseconds) }
        try key.withUnsafeBufferPointer { (k) throws(DFSError) in
            try abiCall("get") {
                vt.pointee.get(instance, k.baseAddress, UInt32(k.count), offset,
                               buffer.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(buffer.count), &n, $0)
            }
        }
        return Int(n)
    }

    /// Up to `length` bytes of block `key` from `offset`, or nil when the
    /// block does not exist.
    public func get(_ key: [UInt8], offset: UInt64 = 0, length: Int) throws(DFSError) -> [UInt8]? {
        var out = [UInt8](repeating: 0, count: length)
        let n: Int
        do {
            n = try out.withUnsafeMutableBufferPointer { (b) throws(DFSError) in try get(key, offset: offset, into: UnsafeMutableRawBufferPointer(b)) }
        } catch where error.status == .noent {
            return nil
        }
        out.removeSubrange(n...)
        return out
    }

    /// Delete block `key` (absent is fine).
    public func delete(_ key: [UInt8]) throws(DFSError) {
        try key.withUnsafeBufferPointer { (k) throws(DFSError) in
            try abiCall("del") { vt.pointee.del(instance, k.baseAddress, UInt32(k.count), $0) }
        }
    }

    /// Size of block `key`, or nil when absent.
    public func size(_ key: [UInt8]) throws(DFSError) -> UInt64? {
        var size: UInt64 = 0
        do {
            try key.withUnsafeBufferPointer { (k) throws(DFSError) in
                try abiCall("stat") { vt.pointee.stat(instance, k.baseAddress, UInt32(k.count), &size, $0) }
            }
        } catch where error.status == .noent {
            return nil
        }
        return size
    }

    /// Visit keys with `prefix` greater than `startAfter`, ascending, while
    /// `body` returns true.
    public func list(prefix: [UInt8] = [], startAfter: [UInt8] = [],
                     _ body: ([UInt8], UInt64) -> Bool) throws(DFSError) {
        try withoutActuallyEscaping(body) { (body) throws(DFSError) in
            var box = body
            try withUnsafeMutablePointer(to: &box) { (ctx) throws(DFSError) in
                try prefix.withUnsafeBufferPointer { (p) throws(DFSError) in
                    try startAfter.withUnsafeBufferPointer { (a) throws(DFSError) in
                        try abiCall("list") {
                            vt.pointee.list(instance, p.baseAddress, UInt32(p.count), a.baseAddress, UInt32(a.count), { ctx, k, kl, size in
                                let f = ctx!.assumingMemoryBound(to: (([UInt8], UInt64) -> Bool).self).pointee
                                return f(k.map { Array(UnsafeBufferPointer(start: $0, count: Int(kl))) } ?? [], size) ? 0 : 1
                            }, ctx, $0)
                        }
                    }
                }
            }
        }
    }

    /// Every key with `prefix`, ascending, with sizes.
    public func keys(prefix: [UInt8] = [], startAfter: [UInt8] = []) throws(DFSError) -> [([UInt8], UInt64)] {
        var out: [([UInt8], UInt64)] = []
        try list(prefix: prefix, startAfter: startAfter) { out.append(($0, $1)); return true }
        return out
    }

    /// Make earlier puts durable (no-op when the plugin has no sync op).
    public func sync() throws(DFSError) {
        guard let fn = vt.pointee.sync else { return }
        try abiCall("sync") { fn(instance, $0) }
    }

    /// Byte capacity, when the plugin reports it.
    public func statfs() throws(DFSError) -> (total: UInt64, free: UInt64)? {
        guard let fn = vt.pointee.statfs else { return nil }
        var out = dfs_payload_statfs()
        out.struct_size = UInt32(MemoryLayout<dfs_payload_statfs>.size)
        try abiCall("statfs") { fn(instance, &out, $0) }
        return (out.bytes_total, out.bytes_free)
    }
}
