import HostPlugins

extension ServerRuntime {
    /// Open store `spec` (which validates its configuration: the plugin's
    /// own message on failure) and keep it under its name.
    /// `.notFound` for an unknown plugin, `.conflict` for a name in use,
    /// `.rejected` when the plugin refuses to open.
    public func openStore(_ spec: StoreSpec) throws(RuntimeError) {
        try locked { () throws(RuntimeError) in
            guard spec.kind == .metadata || spec.kind == .payload else {
                throw RuntimeError(.rejected, "a store is of kind metadata or payload, not \(spec.kind)")
            }
            if storeNames(spec.kind).contains(spec.name) {
                throw RuntimeError(.conflict, "a \(spec.kind) store named \"\(spec.name)\" is already open")
            }
            guard let plugin = registry.plugin(kind: spec.kind, name: spec.type) else {
                let known = registry.all.filter { $0.kind == spec.kind }.map(\.name).sorted()
                throw RuntimeError(.notFound, "no \(spec.kind) store plugin named \"\(spec.type)\" is loaded (available: \(known.isEmpty ? "none" : known.joined(separator: ", ")))")
            }
            do {
                switch spec.kind {
                case .metadata: metadataStores[spec.name] = (spec, try MetadataStore(plugin: plugin, config: spec.config))
                default: payloadStores[spec.name] = (spec, try PayloadStore(plugin: plugin, config: spec.config))
                }
            } catch {
                throw RuntimeError(.rejected, "\(spec.type) refused the configuration of store \"\(spec.name)\": \(error)")
            }
            log.info("opened \(spec.kind) store \"\(spec.name)\" (\(spec.type))")
        }
    }

    /// Close and forget a store. `.notFound` when it is not open,
    /// `.conflict` while a share uses it.
    public func closeStore(kind: PluginKind, name: String) throws(RuntimeError) {
        try locked { () throws(RuntimeError) in
            guard storeNames(kind).contains(name) else {
                throw RuntimeError(.notFound, "no \(kind) store named \"\(name)\" is open")
            }
            let users = shares.values.filter { kind == .metadata ? $0.metadataStore == name : $0.payloadStore == name }
            if !users.isEmpty {
                throw RuntimeError(.conflict, "\(kind) store \"\(name)\" is used by share \(users.map { "\"\($0.name)\"" }.sorted().joined(separator: ", "))")
            }
            if kind == .metadata { metadataStores.removeValue(forKey: name)?.store.close() }
            else { payloadStores.removeValue(forKey: name)?.store.close() }
            log.info("closed \(kind) store \"\(name)\"")
        }
    }

    /// Whether store `name` of `kind` is open.
    public func isStoreOpen(kind: PluginKind, name: String) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        return storeNames(kind).contains(name)
    }

    func storeNames(_ kind: PluginKind) -> Set<String> {
        kind == .metadata ? Set(metadataStores.keys) : Set(payloadStores.keys)
    }
}
