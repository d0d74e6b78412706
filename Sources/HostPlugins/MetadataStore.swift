import CoreMetrics
import PluginABI
import Synchronization

/// An open metadata store instance behind the C ABI.
///
/// Thread-safe, like the plugin under it. Call `close()` once no
/// transaction is in flight; `deinit` closes it too.
public final class MetadataStore: @unchecked Sendable {
    public let plugin: LoadedPlugin
    /// The raw vtable and instance, for benchmarks and diagnostics.
    public let vt: UnsafePointer<dfs_meta_vtable>
    private let closed = Atomic<Bool>(false)
    public let instance: OpaquePointer
    /// `dfs_store_operation_duration_seconds{store="metadata:<name>",op="commit"}`.
    let commitTimer: Timer

    /// Open an instance of `plugin` with a JSON configuration. A bad
    /// configuration throws the plugin's message (which names the key).
    public init(plugin: LoadedPlugin, config: String = "{}") throws(DFSError) {
        guard plugin.kind == .metadata else {
            throw DFSError(.inval, "plugin \"\(plugin.name)\" is a \(plugin.kind) plugin, not a metadata store")
        }
        self.plugin = plugin
        vt = plugin.vtable(dfs_meta_vtable.self)
        var out: OpaquePointer?
        let vt = self.vt
        try abiCall("open metadata store \"\(plugin.name)\"") { err in
            config.withCString { vt.pointee.open(UnsafePointer($0), HostInfo.pointer, &out, err) }
        }
        guard let out else { throw DFSError(.internal, "metadata plugin \"\(plugin.name)\" open() succeeded but returned no instance") }
        instance = out
        commitTimer = Timer(label: "dfs_store_operation_duration_seconds",
                            dimensions: [("store", "metadata:\(plugin.name)"), ("op", "commit")], preferredDisplayUnit: .seconds)
    }

    /// Close the instance. Idempotent.
    public func close() {
        if closed.exchange(true, ordering: .acquiringAndReleasing) { return }
        vt.pointee.close(instance)
    }

    deinit { close() }

    public var name: String { plugin.name }

    /// Start a transaction.
    public func begin(readOnly: Bool = false) throws(DFSError) -> MetadataTxn {
        var out: OpaquePointer?
        let flags: UInt32 = readOnly ? DFS_TXN_READONLY : 0
        try abiCall("txn_begin") { vt.pointee.txn_begin(instance, flags, &out, $0) }
        guard let out else { throw DFSError(.internal, "txn_begin returned no transaction") }
        return MetadataTxn(store: self, txn: out, readOnly: readOnly)
    }

    /// Reserve `count` fresh inode numbers; returns the first.
    public func allocateIDs(_ count: UInt32 = 1) throws(DFSError) -> UInt64 {
        var first: UInt64 = 0
        try abiCall("alloc_ids") { vt.pointee.alloc_ids(instance, count, &first, $0) }
        return first
    }

    /// Inode capacity, when the plugin reports it.
    public func statfs() throws(DFSError) -> (total: UInt64, free: UInt64)? {
        guard let fn = vt.pointee.statfs else { return nil }
        var out = dfs_meta_statfs()
        out.struct_size = UInt32(MemoryLayout<dfs_meta_statfs>.size)
        try abiCall("statfs") { fn(instance, &out, $0) }
        return (out.inodes_total, out.inodes_free)
    }

    /// Run `body` in a transaction and commit it; on DFS_ERR_RETRY (from the
    /// body or the commit) run it again, up to `attempts` times, with a short
    /// growing pause. Any other error aborts and is rethrown.
    public func transaction<T>(readOnly: Bool = false, attempts: Int = 64,
                               _ body: (MetadataTxn) throws -> T) throws -> T {
        var attempt = 0
        while true {
            attempt += 1
            let txn = try begin(readOnly: readOnly)
            do {
                let value = try body(txn)
                try txn.commit()
                return value
            } catch let e as DFSError where e.status == .retry && attempt < attempts {
                txn.abort()
                backoff(attempt)
            } catch {
                txn.abort()
                throw error
            }
        }
    }
}

/// Sleep a little, growing with the attempt number (at most ~10 ms).
func backoff(_ attempt: Int) {
    if attempt < 3 { return }
    let micros = min(10_000, (1 << min(attempt, 13)) + Int.random(in: 0..<100))
    usleep(UInt32(micros))
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
