/// A user as the API shows it (never a password or a hash).
public struct User: Codable, Sendable, Equatable {
    public var name: String
    /// POSIX ids: NFS AUTH_SYS callers with this uid are this user.
    public var uid: UInt32
    public var gid: UInt32
    /// Names of the groups the user is a member of.
    public var groups: [String]
    public var email: String?
    public var role: Role
    public var createdAt: String?
    public init(name: String, uid: UInt32, gid: UInt32, groups: [String] = [], email: String? = nil, role: Role = .user, createdAt: String? = nil) {
        self.name = name; self.uid = uid; self.gid = gid; self.groups = groups; self.email = email; self.role = role; self.createdAt = createdAt
    }
}

/// `POST /api/v1/users`. `uid` defaults to the next free id from 1000,
/// `gid` to `uid`.
public struct UserCreate: Codable, Sendable, Equatable {
    public var name: String
    public var password: String
    public var uid: UInt32?
    public var gid: UInt32?
    public var groups: [String]?
    public var email: String?
    public var role: Role?
    public init(name: String, password: String, uid: UInt32? = nil, gid: UInt32? = nil, groups: [String]? = nil, email: String? = nil, role: Role? = nil) {
        self.name = name; self.password = password; self.uid = uid; self.gid = gid; self.groups = groups; self.email = email; self.role = role
    }
}

/// `PATCH /api/v1/users/{name}` (admin). `password` is an admin reset.
public struct UserUpdate: Codable, Sendable, Equatable {
    public var uid: UInt32?
    public var gid: UInt32?
    public var groups: [String]?
    public var email: String?
    public var role: Role?
    public var password: String?
    public init(uid: UInt32? = nil, gid: UInt32? = nil, groups: [String]? = nil, email: String? = nil, role: Role? = nil, password: String? = nil) {
        self.uid = uid; self.gid = gid; self.groups = groups; self.email = email; self.role = role; self.password = password
    }
}

/// `POST /api/v1/users/me/password`: change one's own password.
public struct PasswordChange: Codable, Sendable, Equatable {
    public var currentPassword: String
    public var newPassword: String
    public init(currentPassword: String, newPassword: String) { self.currentPassword = currentPassword; self.newPassword = newPassword }
}

/// A group.
public struct Group: Codable, Sendable, Equatable {
    public var name: String
    public var gid: UInt32
    public var members: [String]
    public init(name: String, gid: UInt32, members: [String] = []) { self.name = name; self.gid = gid; self.members = members }
}

/// `POST /api/v1/groups`. `gid` defaults to the next free id from 1000.
public struct GroupCreate: Codable, Sendable, Equatable {
    public var name: String
    public var gid: UInt32?
    public init(name: String, gid: UInt32? = nil) { self.name = name; self.gid = gid }
}

/// `PATCH /api/v1/groups/{name}`.
public struct GroupUpdate: Codable, Sendable, Equatable {
    public var gid: UInt32?
    public init(gid: UInt32? = nil) { self.gid = gid }
}
