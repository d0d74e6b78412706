import Foundation
import HostCore
import HostPlugins
import HostServices
import Logging

/// The protocol side of `dfs start`: the host-services table over the core,
/// the default share's policy, and the adapters serving it.
///
/// Shutdown order (`stop`): adapters stop gracefully (stop accepting, let
/// requests in flight finish within the timeout, close connections) and are
/// destroyed; then the table refuses new operations and drains its worker
/// pool; the caller closes the stores after that.
final class ProtocolServices {
    let table: HostServicesTable
    private(set) var adapters: [AdapterInstance] = []
    private let log = Logger(label: "dfs")

    /// Graceful stop timeout per adapter.
    static let stopTimeoutMs: UInt32 = 10_000

    struct StartError: Error, CustomStringConvertible {
        let description: String
    }

    /// Build the table over `server` and register the share's policy.
    init(server: EmbeddedServer, policy: SharePolicy, workers: Int) throws {
        do {
            table = try HostServicesTable(fileSystem: server.fileSystem, workers: workers)
            try table.setPolicy(policy, forShare: server.share.id)
        } catch {
            throw StartError(description: "cannot set up the host services: \(error)")
        }
    }

    /// Create and start adapter `plugin` with `settings`; returns it.
    /// Failures (bad settings, address in use) carry the plugin's message.
    func startAdapter(_ plugin: LoadedPlugin, settings: String) throws -> AdapterInstance {
        let adapter: AdapterInstance
        do {
            adapter = try AdapterInstance(plugin: plugin, settings: settings, services: table)
        } catch {
            throw StartError(description: "cannot create the \(plugin.name) adapter (settings \(settings)): \(error.message) [\(error.status)]")
        }
        do {
            try adapter.start()
        } catch {
            throw StartError(description: "cannot start the \(plugin.name) adapter (settings \(settings)): \(error.message) [\(error.status)]")
        }
        adapters.append(adapter)
        return adapter
    }

    /// The status JSON of `adapter`, or a JSON object naming the error.
    func statusLine(_ adapter: AdapterInstance) -> String {
        do {
            return try adapter.status()
        } catch {
            return "{\"error\":\"\(error.description.replacingOccurrences(of: "\"", with: "'"))\"}"
        }
    }

    /// Stop every adapter (in reverse start order), then drain the pool.
    /// Idempotent.
    func stop() {
        for adapter in adapters.reversed() {
            do {
                try adapter.stop(timeoutMs: Self.stopTimeoutMs)
                log.info("\(adapter.name) adapter stopped")
            } catch {
                log.warning("\(adapter.name) adapter did not stop cleanly: \(error)")
            }
        }
        adapters.removeAll()   // destroy
        table.shutdown()
    }
}
