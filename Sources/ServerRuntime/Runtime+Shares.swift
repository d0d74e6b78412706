import HostCache
import HostCore
import HostPlugins
import HostServices

extension ServerRuntime {
    /// Register share `spec` on its (open) stores and apply its policy; it
    /// is served by every running adapter at once. `.notFound` for a store
    /// that is not open, `.conflict` for a name or id in use, `.failed`
    /// when the core cannot register it (e.g. the metadata store fails).
    public func addShare(_ spec: ShareSpec) throws(RuntimeError) {
        try locked { () throws(RuntimeError) in try addShareLocked(spec) }
    }

    func addShareLocked(_ spec: ShareSpec) throws(RuntimeError) {
        if shares[spec.name] != nil { throw RuntimeError(.conflict, "share \"\(spec.name)\" is already served") }
        if let clash = shares.values.first(where: { $0.id == spec.id }) {
            throw RuntimeError(.conflict, "share id \(spec.id) is already used by \"\(clash.name)\"")
        }
        guard let metadata = metadataStores[spec.metadataStore]?.store else {
            throw RuntimeError(.notFound, "share \"\(spec.name)\": metadata store \"\(spec.metadataStore)\" is not open")
        }
        guard let payload = payloadStores[spec.payloadStore]?.store else {
            throw RuntimeError(.notFound, "share \"\(spec.name)\": payload store \"\(spec.payloadStore)\" is not open")
        }
        do {
            try services.setPolicy(spec.policy, forShare: spec.id)
        } catch {
            throw RuntimeError(.rejected, "share \"\(spec.name)\": \(error.message)")
        }
        do {
            try fileSystem.addShare(name: spec.name, id: spec.id, metadata: metadata, payload: payload,
                                    options: ShareOptions(readOnly: spec.readOnly, rootMode: spec.rootMode, rootUID: spec.rootUID, rootGID: spec.rootGID,
                                                         cache: spec.cache))
        } catch {
            services.removePolicy(forShare: spec.id)
            throw RuntimeError(.failed, "cannot register share \"\(spec.name)\": \(error)")
        }
        shares[spec.name] = spec
        log.info("serving share \"\(spec.name)\" (id \(spec.id), metadata \"\(spec.metadataStore)\", payload \"\(spec.payloadStore)\"\(spec.cache.map { ", cache \($0.directory)" } ?? ""))")
    }

    /// Apply a changed policy, read-only flag, or cache size and
    /// durability to a served share (the next operation sees it). The id
    /// and stores of a share never change, nor whether it has a cache.
    public func updateShare(_ spec: ShareSpec) throws(RuntimeError) {
        try locked { () throws(RuntimeError) in
            guard let old = shares[spec.name] else { throw RuntimeError(.notFound, "share \"\(spec.name)\" is not served") }
            guard old.id == spec.id, old.metadataStore == spec.metadataStore, old.payloadStore == spec.payloadStore,
                  Self.sameCacheApartFromLimits(old.cache, spec.cache) else {
                throw RuntimeError(.conflict, "the id, stores and cache directory of share \"\(spec.name)\" cannot change, "
                                   + "nor whether it has a cache")
            }
            if let new = spec.cache, let cache = fileSystem.share(id: spec.id)?.cache,
               new.sizeBytes != cache.sizeBytes || new.remoteDurable != cache.remoteDurable {
                do throws(DFSError) {
                    try cache.reconfigure(sizeBytes: new.sizeBytes, remoteDurable: new.remoteDurable)
                } catch {
                    throw RuntimeError(.rejected, "share \"\(spec.name)\": \(error.message)")
                }
            }
            do throws(DFSError) {
                try services.setPolicy(spec.policy, forShare: spec.id)
            } catch {
                throw RuntimeError(.rejected, "share \"\(spec.name)\": \(error.message)")
            }
            // Live, in place: re-registering would answer STALE to the
            // operations arriving meanwhile and close the share's cache under
            // writes in flight.
            if old.readOnly != spec.readOnly { fileSystem.share(id: spec.id)?.setReadOnly(spec.readOnly) }
            shares[spec.name] = spec
        }
    }

    /// Both without a cache, or both with one that differs at most in size
    /// and durability (what `CachedPayload.reconfigure` changes live).
    static func sameCacheApartFromLimits(_ a: CacheOptions?, _ b: CacheOptions?) -> Bool {
        switch (a, b) {
        case (nil, nil): return true
        case (var a?, let b?):
            a.sizeBytes = b.sizeBytes
            a.remoteDurable = b.remoteDurable
            return a == b
        default: return false
        }
    }

    /// Stop serving a share (its handles become stale; its cache, if any,
    /// is closed with what it has not uploaded kept in its journal).
    /// Returns the journal records the cache still held (0 without a
    /// cache). `.notFound` when it is not served.
    @discardableResult
    public func removeShare(name: String) throws(RuntimeError) -> Int {
        try locked { () throws(RuntimeError) in
            guard let spec = shares.removeValue(forKey: name) else { throw RuntimeError(.notFound, "share \"\(name)\" is not served") }
            let removed = fileSystem.removeShare(id: spec.id)
            services.removePolicy(forShare: spec.id)
            log.info("stopped serving share \"\(name)\"")
            return removed?.cache?.stats.pendingRecords ?? 0
        }
    }

    /// Wait at most `timeout` for the cache of served share `name` to
    /// upload everything it holds; true when nothing is left (or the share
    /// has no cache). The share stays served (and writable) meanwhile.
    public func drainCache(share name: String, timeout: Duration) throws(RuntimeError) -> Bool {
        let cache = try locked { () throws(RuntimeError) in
            guard let spec = shares[name] else { throw RuntimeError(.notFound, "share \"\(name)\" is not served") }
            return fileSystem.share(id: spec.id)?.cache
        }
        return cache?.flush(timeout: timeout) ?? true
    }

    /// The shares being served, by name.
    public var servedShares: [ShareSpec] {
        lock.lock()
        defer { lock.unlock() }
        return shares.values.sorted { $0.name < $1.name }
    }

    /// The root handle of a served share (hex), for status output.
    public func rootHandle(share name: String) -> String? {
        lock.lock()
        defer { lock.unlock() }
        guard let id = shares[name]?.id, let s = fileSystem.share(id: id) else { return nil }
        return s.root.encode().map { String(format: "%02x", $0) }.joined()
    }
}
