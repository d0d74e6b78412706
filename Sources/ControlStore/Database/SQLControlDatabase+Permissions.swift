import ControlModels

extension SQLControlDatabase {
    static func loadGrants(_ s: any SQLSession, shareID: UInt64) throws -> [Permission] {
        try s.query("SELECT kind, principal, level FROM grants WHERE share_id = ? ORDER BY kind DESC, principal",
                    [.int(Int64(bitPattern: shareID))]).map {
            Permission(kind: PrincipalKind(rawValue: $0.text(0)) ?? .user, principal: $0.text(1), level: AccessLevel(rawValue: $0.text(2)) ?? .none)
        }
    }

    public func grant(share: String, _ permission: Permission) throws {
        try backend.transaction(.write) { s in
            let rec = try Self.requireShare(s, share)
            switch permission.kind {
            case .user: _ = try Self.requireUser(s, permission.principal)
            case .group: _ = try Self.requireGroup(s, permission.principal)
            }
            try s.execute("""
                INSERT INTO grants (share_id, kind, principal, level) VALUES (?, ?, ?, ?)
                ON CONFLICT (share_id, kind, principal) DO UPDATE SET level = excluded.level
                """,
                [.int(Int64(bitPattern: rec.id)), .text(permission.kind.rawValue), .text(permission.principal), .text(permission.level.rawValue)])
        }
    }

    public func revoke(share: String, kind: PrincipalKind, principal: String) throws {
        try backend.transaction(.write) { s in
            let rec = try Self.requireShare(s, share)
            let n = try s.execute("DELETE FROM grants WHERE share_id = ? AND kind = ? AND principal = ?",
                                  [.int(Int64(bitPattern: rec.id)), .text(kind.rawValue), .text(principal)])
            if n == 0 { throw ControlStoreError.notFound("\(kind.rawValue) \"\(principal)\" has no grant on share \"\(share)\"") }
        }
    }

    public func permissions(share: String) throws -> [Permission] {
        try backend.transaction(.read) { s in try Self.loadGrants(s, shareID: Self.requireShare(s, share).id) }
    }

    public func effectiveLevel(share: String, user: String?) throws -> AccessLevel {
        try backend.transaction(.read) { s in
            let rec = try Self.requireShare(s, share)
            let grants = try Self.loadGrants(s, shareID: rec.id)
            guard let name = user, let u = try Self.loadUser(s, name) else { return rec.share.defaultPermission }
            return PermissionResolver.level(user: u.name, groups: u.groups, shareDefault: rec.share.defaultPermission, grants: grants)
        }
    }

    public func levelsByUID(share: String) throws -> [UInt32: AccessLevel] {
        try backend.transaction(.read) { s in
            let rec = try Self.requireShare(s, share)
            return PermissionResolver.levelsByUID(users: try Self.loadUsers(s), shareDefault: rec.share.defaultPermission,
                                                  grants: try Self.loadGrants(s, shareID: rec.id))
        }
    }
}
