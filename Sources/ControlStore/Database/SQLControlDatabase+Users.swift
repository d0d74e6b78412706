import ControlModels
import HummingbirdBcrypt

extension SQLControlDatabase {
    static let userColumns = "name, uid, gid, email, role, created_at"

    /// A user row (`userColumns`) with its groups.
    static func user(_ r: SQLRow, groups: [String]) -> User {
        User(name: r.text(0), uid: r.u32(1), gid: r.u32(2), groups: groups, email: r.optText(3),
             role: Role(rawValue: r.text(4)) ?? .user, createdAt: r.optText(5))
    }

    /// The user named `name` inside a transaction, or nil.
    static func loadUser(_ s: any SQLSession, _ name: String) throws -> User? {
        guard let r = try s.first("SELECT \(userColumns) FROM users WHERE name = ?", [.text(name)]) else { return nil }
        let groups = try s.query("SELECT group_name FROM group_members WHERE user_name = ? ORDER BY group_name", [.text(name)]).map { $0.text(0) }
        return user(r, groups: groups)
    }

    static func requireUser(_ s: any SQLSession, _ name: String) throws -> User {
        guard let u = try loadUser(s, name) else { throw ControlStoreError.notFound("no user named \"\(name)\"") }
        return u
    }

    /// Every user with their groups.
    static func loadUsers(_ s: any SQLSession) throws -> [User] {
        var groups: [String: [String]] = [:]
        for r in try s.query("SELECT user_name, group_name FROM group_members ORDER BY group_name", []) {
            groups[r.text(0), default: []].append(r.text(1))
        }
        return try s.query("SELECT \(userColumns) FROM users ORDER BY name", []).map { user($0, groups: groups[$0.text(0)] ?? []) }
    }

    /// Fails unless every group exists.
    static func requireGroups(_ s: any SQLSession, _ names: [String]) throws {
        for g in names where try s.first("SELECT 1 FROM groups WHERE name = ?", [.text(g)]) == nil {
            throw ControlStoreError.notFound("no group named \"\(g)\"")
        }
    }

    /// Fails when `uid` belongs to a user other than `except`.
    static func requireFreeUID(_ s: any SQLSession, _ uid: UInt32, except: String? = nil) throws {
        if let r = try s.first("SELECT name FROM users WHERE uid = ?", [.u32(uid)]), r.text(0) != except {
            throw ControlStoreError.alreadyExists("uid \(uid) is already used by user \"\(r.text(0))\"")
        }
    }

    /// The bcrypt hash and the sealed NT hash of a password (slow: outside transactions).
    func passwordHashes(user: String, password: String) throws -> (bcrypt: String, ntSealed: [UInt8]) {
        try Validate.password(password)
        return (Bcrypt.hash(password, cost: bcryptCost), try sealer.seal(NTHash.of(password: password), context: "nt:" + user))
    }

    public func createUser(_ request: UserCreate) throws -> User {
        try Validate.principalName(request.name, "user")
        if let e = request.email, !e.isEmpty { try Validate.email(e) }
        let groups = Array(Set(request.groups ?? [])).sorted()
        let hashes = try passwordHashes(user: request.name, password: request.password)
        let now = Clock.now()
        return try backend.transaction(.write) { s in
            if try s.first("SELECT 1 FROM users WHERE name = ?", [.text(request.name)]) != nil {
                throw ControlStoreError.alreadyExists("a user named \"\(request.name)\" already exists")
            }
            let uid: UInt32
            if let given = request.uid {
                try Self.requireFreeUID(s, given)
                uid = given
            } else {
                uid = try Self.firstFreeID(s.query("SELECT uid FROM users WHERE uid >= 1000 ORDER BY uid", []).map { $0.int(0) })
            }
            try Self.requireGroups(s, groups)
            let email = request.email.flatMap { $0.isEmpty ? nil : $0 }
            try s.execute("""
                INSERT INTO users (name, uid, gid, email, role, password_hash, nt_hash_sealed, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                """,
                [.text(request.name), .u32(uid), .u32(request.gid ?? uid), .optText(email), .text((request.role ?? .user).rawValue),
                 .text(hashes.bcrypt), .blob(hashes.ntSealed), .text(now), .text(now)])
            for g in groups {
                try s.execute("INSERT INTO group_members (group_name, user_name) VALUES (?, ?)", [.text(g), .text(request.name)])
            }
            return try Self.requireUser(s, request.name)
        }
    }

    public func user(named name: String) throws -> User {
        try backend.transaction(.read) { s in try Self.requireUser(s, name) }
    }

    public func user(uid: UInt32) throws -> User {
        try backend.transaction(.read) { s in
            guard let r = try s.first("SELECT name FROM users WHERE uid = ?", [.u32(uid)]) else {
                throw ControlStoreError.notFound("no user with uid \(uid)")
            }
            return try Self.requireUser(s, r.text(0))
        }
    }

    public func listUsers() throws -> [User] {
        try backend.transaction(.read) { s in try Self.loadUsers(s) }
    }

    public func updateUser(named name: String, _ update: UserUpdate) throws -> User {
        if let e = update.email, !e.isEmpty { try Validate.email(e) }
        let hashes = try update.password.map { try passwordHashes(user: name, password: $0) }
        return try backend.transaction(.write) { s in
            _ = try Self.requireUser(s, name)
            let now = Clock.now()
            if let uid = update.uid {
                try Self.requireFreeUID(s, uid, except: name)
                try s.execute("UPDATE users SET uid = ?, updated_at = ? WHERE name = ?", [.u32(uid), .text(now), .text(name)])
            }
            if let gid = update.gid {
                try s.execute("UPDATE users SET gid = ?, updated_at = ? WHERE name = ?", [.u32(gid), .text(now), .text(name)])
            }
            if let email = update.email {
                try s.execute("UPDATE users SET email = ?, updated_at = ? WHERE name = ?",
                              [.optText(email.isEmpty ? nil : email), .text(now), .text(name)])
            }
            if let role = update.role {
                try s.execute("UPDATE users SET role = ?, updated_at = ? WHERE name = ?", [.text(role.rawValue), .text(now), .text(name)])
            }
            if let groups = update.groups {
                let wanted = Array(Set(groups)).sorted()
                try Self.requireGroups(s, wanted)
                try s.execute("DELETE FROM group_members WHERE user_name = ?", [.text(name)])
                for g in wanted {
                    try s.execute("INSERT INTO group_members (group_name, user_name) VALUES (?, ?)", [.text(g), .text(name)])
                }
            }
            if let hashes {
                try s.execute("""
                    UPDATE users SET password_hash = ?, nt_hash_sealed = ?, updated_at = ?, token_epoch = token_epoch + 1
                    WHERE name = ?
                    """, [.text(hashes.bcrypt), .blob(hashes.ntSealed), .text(now), .text(name)])
            }
            return try Self.requireUser(s, name)
        }
    }

    public func deleteUser(named name: String) throws {
        try backend.transaction(.write) { s in
            _ = try Self.requireUser(s, name)
            try s.execute("DELETE FROM grants WHERE kind = 'user' AND principal = ?", [.text(name)])
            try s.execute("DELETE FROM group_members WHERE user_name = ?", [.text(name)])
            try s.execute("DELETE FROM users WHERE name = ?", [.text(name)])
        }
    }

    public func verifyPassword(name: String, password: String) throws -> User? {
        let found: (User, String)? = name.utf8.contains(0) ? nil : try backend.transaction(.read) { s in
            guard let u = try Self.loadUser(s, name),
                  let r = try s.first("SELECT password_hash FROM users WHERE name = ?", [.text(name)]) else { return nil }
            return (u, r.text(0))
        }
        // NUL would cut the C string bcrypt sees: such a password is never right.
        let usable = !password.utf8.contains(0)
        guard let (user, hash) = found else {
            _ = Bcrypt.verify(password, hash: dummyHash)
            return nil
        }
        return Bcrypt.verify(password, hash: hash) && usable ? user : nil
    }

    public func setPassword(name: String, password: String) throws {
        let hashes = try passwordHashes(user: name, password: password)
        try backend.transaction(.write) { s in
            let n = try s.execute("""
                UPDATE users SET password_hash = ?, nt_hash_sealed = ?, updated_at = ?, token_epoch = token_epoch + 1
                WHERE name = ?
                """, [.text(hashes.bcrypt), .blob(hashes.ntSealed), .text(Clock.now()), .text(name)])
            if n == 0 { throw ControlStoreError.notFound("no user named \"\(name)\"") }
        }
    }

    public func tokenEpoch(user name: String) throws -> Int64 {
        try backend.transaction(.read) { s in
            guard let r = try s.first("SELECT token_epoch FROM users WHERE name = ?", [.text(name)]) else {
                throw ControlStoreError.notFound("no user named \"\(name)\"")
            }
            return r.int(0)
        }
    }

    public func userWithTokenEpoch(named name: String) throws -> (user: User, tokenEpoch: Int64) {
        try backend.transaction(.read) { s in
            let user = try Self.requireUser(s, name)
            let epoch = try s.first("SELECT token_epoch FROM users WHERE name = ?", [.text(name)])?.int(0) ?? 0
            return (user, epoch)
        }
    }

    public func revokeTokens(user name: String) throws {
        try backend.transaction(.write) { s in
            let n = try s.execute("UPDATE users SET token_epoch = token_epoch + 1 WHERE name = ?", [.text(name)])
            if n == 0 { throw ControlStoreError.notFound("no user named \"\(name)\"") }
        }
    }

    public func ntHash(user name: String) throws -> [UInt8] {
        let sealed = try backend.transaction(.read) { s in
            guard let r = try s.first("SELECT nt_hash_sealed FROM users WHERE name = ?", [.text(name)]) else {
                throw ControlStoreError.notFound("no user named \"\(name)\"")
            }
            return r.blob(0)
        }
        return try sealer.open(sealed, context: "nt:" + name)
    }
}
