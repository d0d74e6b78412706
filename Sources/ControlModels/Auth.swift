/// `POST /api/v1/auth/login` body.
public struct LoginRequest: Codable, Sendable, Equatable {
    public var username: String
    public var password: String
    public init(username: String, password: String) { self.username = username; self.password = password }
}

/// `POST /api/v1/auth/refresh` body.
public struct RefreshRequest: Codable, Sendable, Equatable {
    public var refreshToken: String
    public init(refreshToken: String) { self.refreshToken = refreshToken }
}

/// Reply of login and refresh. Send `Authorization: Bearer <accessToken>`.
public struct TokenPair: Codable, Sendable, Equatable {
    public var accessToken: String
    public var refreshToken: String
    /// Always "Bearer".
    public var tokenType: String
    /// Seconds until `accessToken` expires.
    public var expiresIn: Int
    /// The user the tokens belong to, and their role.
    public var username: String
    public var role: Role
    public init(accessToken: String, refreshToken: String, tokenType: String = "Bearer", expiresIn: Int, username: String, role: Role) {
        self.accessToken = accessToken; self.refreshToken = refreshToken; self.tokenType = tokenType
        self.expiresIn = expiresIn; self.username = username; self.role = role
    }
}

/// A user's role: admins manage everything; users may only change their
/// own password (and read their own record).
public enum Role: String, Codable, Sendable, CaseIterable {
    case admin
    case user
}
