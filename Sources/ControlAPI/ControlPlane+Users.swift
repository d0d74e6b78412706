import ControlModels
import ControlStore

// Users and groups. Every change that can alter who may do what on a share
// (uids, memberships, deletions) recomputes the served shares' policies.

extension ControlPlane {
    public func listUsers() throws -> [User] { try db.listUsers() }
    public func user(_ name: String) throws -> User { try db.user(named: name) }

    public func createUser(_ request: UserCreate) throws -> User {
        // "/users/me" names the caller, so no user may be called "me".
        if request.name == "me" { throw ControlError(.invalid, "the user name \"me\" is reserved (it names the caller in /users/me)") }
        return try changing {
            let u = try db.createUser(request)
            refreshPolicies()
            return u
        }
    }

    /// Admin update. Refuses to demote the last admin.
    public func updateUser(_ name: String, _ update: UserUpdate) throws -> User {
        try changing {
            if let role = update.role, role != .admin {
                try requireAnotherAdmin(than: name, doing: "demote")
            }
            let u = try db.updateUser(named: name, update)
            refreshPolicies()
            return u
        }
    }

    /// Refuses to delete oneself or the last admin.
    public func deleteUser(_ name: String, by actor: String) throws {
        try changing {
            if name == actor { throw ControlError(.conflict, "you cannot delete your own account (\(name))") }
            try requireAnotherAdmin(than: name, doing: "delete")
            try db.deleteUser(named: name)
            refreshPolicies()
        }
    }

    func requireAnotherAdmin(than name: String, doing verb: String) throws {
        let target = try db.user(named: name)
        guard target.role == .admin else { return }
        let admins = try db.listUsers().filter { $0.role == .admin }
        if admins.count <= 1 {
            throw ControlError(.conflict, "cannot \(verb) \(name): it is the last admin")
        }
    }

    /// Change one's own password (the current one must match).
    public func changePassword(_ name: String, _ change: PasswordChange) throws {
        guard try db.verifyPassword(name: name, password: change.currentPassword) != nil else {
            throw ControlError(.forbidden, "the current password is wrong")
        }
        try db.setPassword(name: name, password: change.newPassword)
    }

    public func listGroups() throws -> [Group] { try db.listGroups() }
    public func group(_ name: String) throws -> Group { try db.group(named: name) }

    public func createGroup(_ request: GroupCreate) throws -> Group {
        try changing { try db.createGroup(request) }
    }

    public func updateGroup(_ name: String, _ update: GroupUpdate) throws -> Group {
        try changing {
            let g = try db.updateGroup(named: name, update)
            refreshPolicies()
            return g
        }
    }

    public func deleteGroup(_ name: String) throws {
        try changing {
            try db.deleteGroup(named: name)
            refreshPolicies()
        }
    }

    public func addMember(group: String, user: String) throws -> Group {
        try changing {
            let g = try db.addMember(group: group, user: user)
            refreshPolicies()
            return g
        }
    }

    public func removeMember(group: String, user: String) throws -> Group {
        try changing {
            let g = try db.removeMember(group: group, user: user)
            refreshPolicies()
            return g
        }
    }
}
