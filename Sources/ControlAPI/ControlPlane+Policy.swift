import ControlModels
import ControlStore
import HostCache
import HostServices
import ServerRuntime

extension ControlPlane {
    /// The host policy of a share: its options plus every user's effective
    /// level by uid (user grant, group grants, share default).
    func policy(for record: ShareRecord) throws -> SharePolicy {
        let s = record.share
        let levels = try db.levelsByUID(share: s.name)
        return SharePolicy(squash: Squash(s.squash), anonUID: s.anonUid, anonGID: s.anonGid,
                           allowedClients: s.allowedClients, requirePrivilegedPort: s.requirePrivilegedPort,
                           defaultAccess: ShareAccess(s.defaultPermission),
                           userAccess: levels.mapValues(ShareAccess.init))
    }

    func spec(for record: ShareRecord) throws -> ShareSpec {
        ShareSpec(id: record.id, name: record.share.name, metadataStore: record.share.metadataStore,
                  payloadStore: record.share.payloadStore, readOnly: record.share.readOnly, policy: try policy(for: record),
                  cache: record.share.cache.map {
                      CacheOptions(directory: cacheDirectory(shareID: record.id), sizeBytes: $0.sizeBytes, remoteDurable: $0.remoteDurable)
                  })
    }

    /// Where the cache of share `id` keeps its journal and blocks: one
    /// directory per share id (ids are never reused).
    public func cacheDirectory(shareID id: UInt64) -> String { cacheRoot + "/\(id)" }

    /// Recompute the policies of every served share (after a change of
    /// users, groups, memberships or grants). A share whose policy cannot
    /// be applied keeps its old one; the error is logged.
    func refreshPolicies() {
        guard let records = try? db.listShares() else { return }
        let served = Set(runtime.servedShares.map(\.name))
        for record in records where served.contains(record.share.name) {
            do {
                try runtime.updateShare(try spec(for: record))
            } catch {
                log.error("cannot apply the permissions of share \(record.share.name): \(error)")
            }
        }
    }
}

extension Squash {
    init(_ mode: SquashMode) {
        switch mode {
        case .none: self = .none
        case .root: self = .root
        case .all: self = .all
        }
    }
}

extension ShareAccess {
    /// Control-plane levels to host levels (admin acts as read-write on files).
    init(_ level: AccessLevel) {
        switch level {
        case .none: self = .none
        case .read: self = .read
        case .readWrite, .admin: self = .readWrite
        }
    }
}
