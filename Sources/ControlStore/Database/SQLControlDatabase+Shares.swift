import ControlModels
import Foundation

extension SQLControlDatabase {
    static let shareColumns = """
        id, name, metadata_store, payload_store, read_only, squash, anon_uid, anon_gid, \
        allowed_clients, require_privileged_port, default_permission, cache_size, cache_remote_durable, \
        root_uid, root_gid, root_mode
        """

    static func shareRecord(_ r: SQLRow) -> ShareRecord {
        let clients = (try? JSONDecoder().decode([String].self, from: Data(r.text(8).utf8))) ?? []
        let share = Share(name: r.text(1), metadataStore: r.text(2), payloadStore: r.text(3), readOnly: r.bool(4),
                          squash: SquashMode(rawValue: r.text(5)) ?? .root, anonUid: r.u32(6), anonGid: r.u32(7),
                          allowedClients: clients, requirePrivilegedPort: r.bool(9),
                          defaultPermission: AccessLevel(rawValue: r.text(10)) ?? .none,
                          cache: r.isNull(11) ? nil : ShareCache(sizeBytes: UInt64(bitPattern: r.int(11)), remoteDurable: r.bool(12)),
                          rootUid: r.u32(13), rootGid: r.u32(14), rootMode: r.u32(15))
        return ShareRecord(id: UInt64(bitPattern: r.int(0)), share: share)
    }

    static func loadShare(_ s: any SQLSession, _ name: String) throws -> ShareRecord? {
        try s.first("SELECT \(shareColumns) FROM shares WHERE name = ?", [.text(name)]).map(shareRecord)
    }

    static func requireShare(_ s: any SQLSession, _ name: String) throws -> ShareRecord {
        guard let r = try loadShare(s, name) else { throw ControlStoreError.notFound("no share named \"\(name)\"") }
        return r
    }

    static func clientsText(_ clients: [String]) throws -> String {
        for c in clients where c.isEmpty || c.utf8.count > 128 || c.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7f }) {
            throw ControlStoreError.invalid("invalid allowed client \"\(c)\": an address or CIDR block, no spaces")
        }
        return String(decoding: try JSONEncoder().encode(clients), as: UTF8.self)
    }

    /// Allocates the next share id (never reused: the counter only grows).
    static func nextShareID(_ s: any SQLSession) throws -> Int64 {
        guard let r = try s.first("SELECT next FROM counters WHERE name = 'share_id'", []) else {
            throw ControlStoreError.backend("the share id counter is missing from the control database")
        }
        let id = r.int(0)
        try s.execute("UPDATE counters SET next = ? WHERE name = 'share_id'", [.int(id + 1)])
        return id
    }

    public func createShare(_ request: ShareCreate) throws -> ShareRecord {
        try Validate.shareName(request.name)
        // Unset options take the defaults of `Share.init`.
        var merged = Share(name: request.name, metadataStore: request.metadataStore, payloadStore: request.payloadStore)
        if let v = request.readOnly { merged.readOnly = v }
        if let v = request.squash { merged.squash = v }
        if let v = request.anonUid { merged.anonUid = v }
        if let v = request.anonGid { merged.anonGid = v }
        if let v = request.allowedClients { merged.allowedClients = v }
        if let v = request.requirePrivilegedPort { merged.requirePrivilegedPort = v }
        if let v = request.defaultPermission { merged.defaultPermission = v }
        if let v = request.cache { try Validate.cache(v); merged.cache = v }
        if let v = request.rootUid { merged.rootUid = v }
        if let v = request.rootGid { merged.rootGid = v }
        if let v = request.rootMode { try Validate.mode(v); merged.rootMode = v }
        let clients = try Self.clientsText(merged.allowedClients)
        return try backend.transaction(.write) { s in
            if try Self.loadShare(s, merged.name) != nil {
                throw ControlStoreError.alreadyExists("a share named \"\(merged.name)\" already exists")
            }
            for (kind, name) in [(StoreKind.metadata, merged.metadataStore), (.payload, merged.payloadStore)]
            where try s.first("SELECT 1 FROM stores WHERE kind = ? AND name = ?", [.text(kind.rawValue), .text(name)]) == nil {
                throw ControlStoreError.notFound("no \(kind.rawValue) store named \"\(name)\"")
            }
            let id = try Self.nextShareID(s)
            try s.execute("""
                INSERT INTO shares (id, name, metadata_store, payload_store, read_only, squash, anon_uid, anon_gid,
                                    allowed_clients, require_privileged_port, default_permission, created_at,
                                    cache_size, cache_remote_durable, root_uid, root_gid, root_mode)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [.int(id), .text(merged.name), .text(merged.metadataStore), .text(merged.payloadStore), .bool(merged.readOnly),
                 .text(merged.squash.rawValue), .u32(merged.anonUid), .u32(merged.anonGid), .text(clients),
                 .bool(merged.requirePrivilegedPort), .text(merged.defaultPermission.rawValue), .text(Clock.now()),
                 merged.cache.map { .int(Int64(bitPattern: $0.sizeBytes)) } ?? .null, .bool(merged.cache?.remoteDurable ?? false),
                 .u32(merged.rootUid), .u32(merged.rootGid), .u32(merged.rootMode)])
            return try Self.requireShare(s, merged.name)
        }
    }

    public func share(named name: String) throws -> ShareRecord {
        try backend.transaction(.read) { s in try Self.requireShare(s, name) }
    }

    public func listShares() throws -> [ShareRecord] {
        try backend.transaction(.read) { s in
            try s.query("SELECT \(Self.shareColumns) FROM shares ORDER BY name", []).map(Self.shareRecord)
        }
    }

    public func updateShare(named name: String, _ update: ShareUpdate) throws -> ShareRecord {
        let clients = try update.allowedClients.map(Self.clientsText)
        return try backend.transaction(.write) { s in
            var share = try Self.requireShare(s, name).share
            if let v = update.readOnly { share.readOnly = v }
            if let v = update.squash { share.squash = v }
            if let v = update.anonUid { share.anonUid = v }
            if let v = update.anonGid { share.anonGid = v }
            if let v = update.requirePrivilegedPort { share.requirePrivilegedPort = v }
            if let v = update.defaultPermission { share.defaultPermission = v }
            if let change = update.cache {
                guard var cache = share.cache else {
                    throw ControlStoreError.conflict("share \"\(name)\" has no cache: a cache is chosen when a share is created")
                }
                if let v = change.sizeBytes { cache.sizeBytes = v }
                if let v = change.remoteDurable { cache.remoteDurable = v }
                try Validate.cache(cache)
                share.cache = cache
            }
            try s.execute("""
                UPDATE shares SET read_only = ?, squash = ?, anon_uid = ?, anon_gid = ?, require_privileged_port = ?,
                                  default_permission = ?, allowed_clients = COALESCE(?, allowed_clients),
                                  cache_size = ?, cache_remote_durable = ?
                WHERE name = ?
                """,
                [.bool(share.readOnly), .text(share.squash.rawValue), .u32(share.anonUid), .u32(share.anonGid),
                 .bool(share.requirePrivilegedPort), .text(share.defaultPermission.rawValue), .optText(clients),
                 share.cache.map { .int(Int64(bitPattern: $0.sizeBytes)) } ?? .null, .bool(share.cache?.remoteDurable ?? false), .text(name)])
            return try Self.requireShare(s, name)
        }
    }

    public func deleteShare(named name: String) throws {
        try backend.transaction(.write) { s in
            let rec = try Self.requireShare(s, name)
            try s.execute("DELETE FROM grants WHERE share_id = ?", [.int(Int64(bitPattern: rec.id))])
            try s.execute("DELETE FROM shares WHERE id = ?", [.int(Int64(bitPattern: rec.id))])
        }
    }
}
