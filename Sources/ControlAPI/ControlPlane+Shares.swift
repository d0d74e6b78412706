import ControlModels
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

    /// Change a share's options; applied to the next operation.
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

    /// Stop serving a share and delete it (its grants go with it).
    public func deleteShare(_ name: String) throws {
        try changing {
            _ = try db.share(named: name)
            try db.deleteShare(named: name)
            try? runtime.removeShare(name: name)
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
                  defaultPermission: share.defaultPermission)
    }
}
