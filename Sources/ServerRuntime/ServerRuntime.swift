import Foundation
import HostCore
import HostPlugins
import HostServices
import Logging

/// The live server: the stores that are open, the shares registered on
/// the file-system core, and the protocol adapters serving them. The
/// control plane changes it while it runs (add a store, create a share,
/// enable an adapter) without a restart; `dfs start` builds it from the
/// database at boot the same way.
///
/// Protocol-neutral: it knows adapters only as plugins of kind adapter,
/// and shares only through `FileSystem` and `HostServicesTable`.
///
/// Threading: every method may block (opening a store, binding a port,
/// draining an adapter) and is serialized by one lock; call them from a
/// management thread (the API's thread pool), never from an event loop.
public final class ServerRuntime: @unchecked Sendable {
    public let registry: PluginRegistry
    public let fileSystem: FileSystem
    public let services: HostServicesTable
    /// Folders scanned for plugins by `rescanPlugins`.
    public let pluginDirectories: [String]
    let log: Logger
    let lock = NSLock()

    /// Open stores by kind and name.
    var metadataStores: [String: (spec: StoreSpec, store: MetadataStore)] = [:]
    var payloadStores: [String: (spec: StoreSpec, store: PayloadStore)] = [:]
    /// Registered shares by name.
    var shares: [String: ShareSpec] = [:]
    /// Adapters by type, and the last failure of those that are not running.
    var adapters: [String: (instance: AdapterInstance, settings: String)] = [:]
    var adapterFailures: [String: String] = [:]

    /// Graceful stop timeout of an adapter (disable, restart, shutdown).
    public static let adapterStopTimeoutMs: UInt32 = 10_000

    public init(registry: PluginRegistry, pluginDirectories: [String] = [], workers: Int = WorkerPool.defaultThreads,
                logger: Logger = Logger(label: "dfs.runtime")) throws(RuntimeError) {
        self.registry = registry
        self.pluginDirectories = pluginDirectories
        self.log = logger
        fileSystem = FileSystem()
        do {
            services = try HostServicesTable(fileSystem: fileSystem, workers: workers)
        } catch {
            throw RuntimeError(.failed, "cannot set up the host services: \(error)")
        }
    }

    func locked<T>(_ body: () throws(RuntimeError) -> T) throws(RuntimeError) -> T {
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    /// Stop every adapter (reverse name order), drain the worker pool, then
    /// unregister the shares and close the stores. Idempotent.
    public func shutdown() {
        lock.lock()
        defer { lock.unlock() }
        for type in adapters.keys.sorted().reversed() {
            stopAdapterLocked(type)
        }
        services.shutdown()
        for spec in shares.values { _ = fileSystem.removeShare(id: spec.id) }
        shares.removeAll()
        for (_, s) in payloadStores { s.store.close() }
        for (_, s) in metadataStores { s.store.close() }
        payloadStores.removeAll()
        metadataStores.removeAll()
    }
}
