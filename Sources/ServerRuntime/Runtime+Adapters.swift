import HostPlugins
import HostServices

extension ServerRuntime {
    /// Start adapter `type` with JSON `settings`, replacing a running
    /// instance (stopped gracefully first). Returns the plugin's status
    /// document. `.notFound` for an unknown adapter plugin, `.rejected`
    /// for settings it refuses, `.failed` when it cannot start (address in
    /// use): the adapter is then stopped and its state records the error.
    @discardableResult
    public func enableAdapter(type: String, settings: String) throws(RuntimeError) -> String {
        try locked { () throws(RuntimeError) -> String in
            guard let plugin = registry.plugin(kind: .adapter, name: type) else {
                let known = registry.all.filter { $0.kind == .adapter }.map(\.name).sorted()
                throw RuntimeError(.notFound, "no adapter plugin named \"\(type)\" is loaded (available: \(known.isEmpty ? "none" : known.joined(separator: ", ")))")
            }
            stopAdapterLocked(type)
            let instance: AdapterInstance
            do throws(DFSError) {
                instance = try AdapterInstance(plugin: plugin, settings: settings, services: services)
            } catch {
                adapterFailures[type] = error.message
                throw RuntimeError(.rejected, "the \(type) adapter refused its settings \(settings): \(error.message)")
            }
            do throws(DFSError) {
                try instance.start()
            } catch {
                adapterFailures[type] = error.message
                throw RuntimeError(.failed, "the \(type) adapter could not start (settings \(settings)): \(error.message)")
            }
            adapterFailures.removeValue(forKey: type)
            adapters[type] = (instance, settings)
            log.info("\(type) adapter started with \(settings)")
            return (try? instance.status()) ?? "{}"
        }
    }

    /// Stop adapter `type` gracefully (in-flight requests finish, up to
    /// `adapterStopTimeoutMs`). Stopping a stopped adapter is not an error.
    public func disableAdapter(type: String) {
        lock.lock()
        defer { lock.unlock() }
        stopAdapterLocked(type)
        adapterFailures.removeValue(forKey: type)
    }

    func stopAdapterLocked(_ type: String) {
        guard let running = adapters.removeValue(forKey: type) else { return }
        do {
            try running.instance.stop(timeoutMs: Self.adapterStopTimeoutMs)
            log.info("\(type) adapter stopped")
        } catch {
            log.warning("\(type) adapter did not stop cleanly: \(error)")
        }
    }

    /// The state of adapter `type`.
    public func adapterState(type: String) -> AdapterState {
        lock.lock()
        defer { lock.unlock() }
        if let running = adapters[type] {
            let status: String
            do { status = try running.instance.status() } catch { status = "{}" }
            return .running(settings: running.settings, status: status)
        }
        if let failure = adapterFailures[type] { return .failed(failure) }
        return .stopped
    }

    /// Types of the adapters running now.
    public var runningAdapters: [String] {
        lock.lock()
        defer { lock.unlock() }
        return adapters.keys.sorted()
    }

    /// Rescan the plugin folders (a newly dropped `.so` is loaded; loaded
    /// plugins stay as they are). Returns the newly loaded plugins
    /// ("kind/name") and every file of those folders that is refused, with
    /// the reason.
    public func rescanPlugins() -> (added: [String], rejected: [String]) {
        lock.lock()
        defer { lock.unlock() }
        let before = Set(registry.all.map { "\($0.kind)/\($0.name)" })
        var rejected: [String] = []
        for dir in pluginDirectories {
            rejected += registry.scan(directory: dir).map { "\($0)" }
        }
        let after = registry.all.map { "\($0.kind)/\($0.name)" }
        return (after.filter { !before.contains($0) }.sorted(), rejected)
    }
}
