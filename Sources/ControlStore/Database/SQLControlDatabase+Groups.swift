import ControlModels

extension SQLControlDatabase {
    static func loadGroup(_ s: any SQLSession, _ name: String) throws -> Group? {
        guard let r = try s.first("SELECT name, gid FROM groups WHERE name = ?", [.text(name)]) else { return nil }
        let members = try s.query("SELECT user_name FROM group_members WHERE group_name = ? ORDER BY user_name", [.text(name)]).map { $0.text(0) }
        return Group(name: r.text(0), gid: r.u32(1), members: members)
    }

    static func requireGroup(_ s: any SQLSession, _ name: String) throws -> Group {
        guard let g = try loadGroup(s, name) else { throw ControlStoreError.notFound("no group named \"\(name)\"") }
        return g
    }

    static func requireFreeGID(_ s: any SQLSession, _ gid: UInt32, except: String? = nil) throws {
        if let r = try s.first("SELECT name FROM groups WHERE gid = ?", [.u32(gid)]), r.text(0) != except {
            throw ControlStoreError.alreadyExists("gid \(gid) is already used by group \"\(r.text(0))\"")
        }
    }

    public func createGroup(_ request: GroupCreate) throws -> Group {
        try Validate.principalName(request.name, "group")
        return try backend.transaction(.write) { s in
            if try s.first("SELECT 1 FROM groups WHERE name = ?", [.text(request.name)]) != nil {
                throw ControlStoreError.alreadyExists("a group named \"\(request.name)\" already exists")
            }
            let gid: UInt32
            if let given = request.gid {
                try Self.requireFreeGID(s, given)
                gid = given
            } else {
                gid = try Self.firstFreeID(s.query("SELECT gid FROM groups WHERE gid >= 1000 ORDER BY gid", []).map { $0.int(0) })
            }
            try s.execute("INSERT INTO groups (name, gid, created_at) VALUES (?, ?, ?)", [.text(request.name), .u32(gid), .text(Clock.now())])
            return try Self.requireGroup(s, request.name)
        }
    }

    public func group(named name: String) throws -> Group {
        try backend.transaction(.read) { s in try Self.requireGroup(s, name) }
    }

    public func listGroups() throws -> [Group] {
        try backend.transaction(.read) { s in
            var members: [String: [String]] = [:]
            for r in try s.query("SELECT group_name, user_name FROM group_members ORDER BY user_name", []) {
                members[r.text(0), default: []].append(r.text(1))
            }
            return try s.query("SELECT name, gid FROM groups ORDER BY name", []).map {
                Group(name: $0.text(0), gid: $0.u32(1), members: members[$0.text(0)] ?? [])
            }
        }
    }

    public func updateGroup(named name: String, _ update: GroupUpdate) throws -> Group {
        try backend.transaction(.write) { s in
            _ = try Self.requireGroup(s, name)
            if let gid = update.gid {
                try Self.requireFreeGID(s, gid, except: name)
                try s.execute("UPDATE groups SET gid = ? WHERE name = ?", [.u32(gid), .text(name)])
            }
            return try Self.requireGroup(s, name)
        }
    }

    public func deleteGroup(named name: String) throws {
        try backend.transaction(.write) { s in
            _ = try Self.requireGroup(s, name)
            try s.execute("DELETE FROM grants WHERE kind = 'group' AND principal = ?", [.text(name)])
            try s.execute("DELETE FROM group_members WHERE group_name = ?", [.text(name)])
            try s.execute("DELETE FROM groups WHERE name = ?", [.text(name)])
        }
    }

    public func addMember(group: String, user: String) throws -> Group {
        try backend.transaction(.write) { s in
            _ = try Self.requireGroup(s, group)
            _ = try Self.requireUser(s, user)
            try s.execute("INSERT INTO group_members (group_name, user_name) VALUES (?, ?) ON CONFLICT DO NOTHING", [.text(group), .text(user)])
            return try Self.requireGroup(s, group)
        }
    }

    public func removeMember(group: String, user: String) throws -> Group {
        try backend.transaction(.write) { s in
            _ = try Self.requireGroup(s, group)
            let n = try s.execute("DELETE FROM group_members WHERE group_name = ? AND user_name = ?", [.text(group), .text(user)])
            if n == 0 { throw ControlStoreError.notFound("\"\(user)\" is not a member of group \"\(group)\"") }
            return try Self.requireGroup(s, group)
        }
    }

    public func members(group: String) throws -> [String] {
        try self.group(named: group).members
    }

    public func groups(ofUser user: String) throws -> [String] {
        try self.user(named: user).groups
    }
}
