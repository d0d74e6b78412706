import ControlModels
import Foundation
import ControlStore
import ServerRuntime

// Shares and their permissions: database first, then the running server.

extension ControlPlane {
    public func listShares() throws -> [Share] { try db.listShares().map(\.share) }
    public func share(_ name: String) throws -> Share { try db.share(named: name).share }

    /// Create a share and serve it at once. Its stores must exist and be
    /// open; a share the server cannot register is removed again.
    public func createShare(_ request: ShareCreate) throws -> Share {
        try changing {
            for (kind, name) in [(StoreKind.metadata, request.metadataStore), (.payload, request.payloadStore)] {
                _ = try db.store(kind: kind, name: name)
                guard runtime.isStoreOpen(kind: kind.pluginKind, name: name) else {
                    throw ControlError(.conflict, "\(kind.rawValue) store \"\(name)\" is not open (\(storeStatus(kind, name)))")
                }
            }
            try ClientRules.validate(request.allowedClients ?? [])
            let record = try db.createShare(request)
            do {
                try runtime.addShare(try spec(for: record))
            } catch {
                try? db.deleteShare(named: record.share.name)
                throw error
            }
            return record.share
        }
    }

    /// Change a share's options; applied to the next operation (a cache's
    /// new size and durability at once, see `CachedPayload.reconfigure`).
    public func updateShare(_ name: String, _ update: ShareUpdate) throws -> Share {
        try changing {
            if let rules = update.allowedClients { try ClientRules.validate(rules) }
            let before = try db.share(named: name)
            let record = try db.updateShare(named: name, update)
            if runtime.servedShares.contains(where: { $0.name == name }) {
                do {
                    try runtime.updateShare(try spec(for: record))
                } catch {
                    _ = try? db.updateShare(named: name, ShareUpdate(before.share))
                    throw error
                }
            }
            return record.share
        }
    }

    /// Stop serving a share and delete it (its grants go with it). A share
    /// with a cache first uploads what the cache holds (at most
    /// `cacheDrainTimeout`); when it cannot — the payload store is down —
    /// nothing is deleted and `.conflict` says so, so no acknowledged write
    /// is lost. The cache directory goes with the share.
    public func deleteShare(_ name: String) throws {
        try changing {
            let record = try db.share(named: name)
            let served = runtime.servedShares.contains { $0.name == name }
            if record.share.cache != nil, served, try !runtime.drainCache(share: name, timeout: cacheDrainTimeout) {
                throw ControlError(.conflict, "share \"\(name)\" was not deleted: its cache still holds writes that are not yet in "
                                   + "payload store \"\(record.share.payloadStore)\" (is it reachable?); try again once they are uploaded")
            }
            try db.deleteShare(named: name)
            let pending = served ? ((try? runtime.removeShare(name: name)) ?? 0) : 0
            let dir = cacheDirectory(shareID: record.id)
            guard record.share.cache != nil, FileManager.default.fileExists(atPath: dir) else { return }
            if !served || pending > 0 {
                // Not opened (its stores failed) or written to during the deletion: the journal may hold data.
                log.warning("share \"\(name)\" deleted; its cache directory \(dir) is kept (it may hold writes not uploaded)")
            } else {
                do { try FileManager.default.removeItem(atPath: dir) } catch { log.warning("cannot remove cache directory \(dir): \(error)") }
            }
        }
    }

    public func permissions(share: String) throws -> [Permission] { try db.permissions(share: share) }

    public func grant(share: String, _ p: Permission) throws -> [Permission] {
        try changing {
            try db.grant(share: share, p)
            refreshPolicies()
            return try db.permissions(share: share)
        }
    }

    public func revoke(share: String, kind: PrincipalKind, principal: String) throws {
        try changing {
            try db.revoke(share: share, kind: kind, principal: principal)
            refreshPolicies()
        }
    }
}

extension ShareUpdate {
    /// An update that restores every option of `share`.
    init(_ share: Share) {
        self.init(readOnly: share.readOnly, squash: share.squash, anonUid: share.anonUid, anonGid: share.anonGid,
                  allowedClients: share.allowedClients, requirePrivilegedPort: share.requirePrivilegedPort,
                  defaultPermission: share.defaultPermission,
                  cache: share.cache.map { ShareCacheUpdate(sizeBytes: $0.sizeBytes, remoteDurable: $0.remoteDurable) })
    }
}
