import ControlModels

/// One typed method per route of `ControlModels.APIPath`'s table. Names in
/// paths are percent-encoded as one segment with `APIPath.segment`.
extension APIClient {
    private static func p(_ parts: String...) -> String {
        APIPath.prefix + parts.map { "/" + $0 }.joined()
    }
    /// `name` as one path segment. Empty, "." and ".." are refused: HTTP
    /// clients resolve dot segments ("/groups/.." is "/"), so such a name
    /// would address another resource.
    static func seg(_ name: String) throws -> String {
        guard !name.isEmpty, name != ".", name != ".." else {
            throw CtlError(.usage, "invalid name \"\(name)\": empty, \".\" and \"..\" cannot be named in a URL")
        }
        return APIPath.segment(name)
    }

    // MARK: auth
    public func login(_ body: LoginRequest) async throws -> TokenPair {
        try await send("POST", Self.p("auth", "login"), body, authenticated: false)
    }
    /// Ends every session of the caller on the server.
    public func logout() async throws { try await perform("POST", Self.p("auth", "logout")) }

    // MARK: users
    public func listUsers() async throws -> [User] { try await get(Self.p("users")) }
    public func createUser(_ body: UserCreate) async throws -> User { try await send("POST", Self.p("users"), body) }
    public func me() async throws -> User { try await get(Self.p("users", "me")) }
    public func getUser(_ name: String) async throws -> User { try await get(Self.p("users", try Self.seg(name))) }
    public func updateUser(_ name: String, _ body: UserUpdate) async throws -> User {
        try await send("PATCH", Self.p("users", try Self.seg(name)), body)
    }
    public func deleteUser(_ name: String) async throws { try await perform("DELETE", Self.p("users", try Self.seg(name))) }
    public func changeOwnPassword(_ body: PasswordChange) async throws {
        try await perform("POST", Self.p("users", "me", "password"), body: body)
    }

    // MARK: groups
    public func listGroups() async throws -> [Group] { try await get(Self.p("groups")) }
    public func createGroup(_ body: GroupCreate) async throws -> Group { try await send("POST", Self.p("groups"), body) }
    public func getGroup(_ name: String) async throws -> Group { try await get(Self.p("groups", try Self.seg(name))) }
    public func updateGroup(_ name: String, _ body: GroupUpdate) async throws -> Group {
        try await send("PATCH", Self.p("groups", try Self.seg(name)), body)
    }
    public func deleteGroup(_ name: String) async throws { try await perform("DELETE", Self.p("groups", try Self.seg(name))) }
    public func addMember(group: String, user: String) async throws -> Group {
        try await action("PUT", Self.p("groups", try Self.seg(group), "members", try Self.seg(user)))
    }
    public func removeMember(group: String, user: String) async throws -> Group {
        try await action("DELETE", Self.p("groups", try Self.seg(group), "members", try Self.seg(user)))
    }

    // MARK: shares
    public func listShares() async throws -> [Share] { try await get(Self.p("shares")) }
    public func createShare(_ body: ShareCreate) async throws -> Share { try await send("POST", Self.p("shares"), body) }
    public func getShare(_ name: String) async throws -> Share { try await get(Self.p("shares", try Self.seg(name))) }
    public func updateShare(_ name: String, _ body: ShareUpdate) async throws -> Share {
        try await send("PATCH", Self.p("shares", try Self.seg(name)), body)
    }
    public func deleteShare(_ name: String) async throws { try await perform("DELETE", Self.p("shares", try Self.seg(name))) }
    public func listPermissions(share: String) async throws -> [Permission] {
        try await get(Self.p("shares", try Self.seg(share), "permissions"))
    }
    public func grant(share: String, _ body: Permission) async throws -> [Permission] {
        try await send("PUT", Self.p("shares", try Self.seg(share), "permissions"), body)
    }
    public func revoke(share: String, kind: PrincipalKind, principal: String) async throws {
        try await perform("DELETE", Self.p("shares", try Self.seg(share), "permissions", kind.rawValue, try Self.seg(principal)))
    }

    // MARK: stores
    public func listStores(_ kind: StoreKind) async throws -> [Store] { try await get(Self.p("stores", kind.rawValue)) }
    public func createStore(_ kind: StoreKind, _ body: StoreCreate) async throws -> Store {
        try await send("POST", Self.p("stores", kind.rawValue), body)
    }
    public func getStore(_ kind: StoreKind, _ name: String) async throws -> Store {
        try await get(Self.p("stores", kind.rawValue, try Self.seg(name)))
    }
    public func deleteStore(_ kind: StoreKind, _ name: String) async throws {
        try await perform("DELETE", Self.p("stores", kind.rawValue, try Self.seg(name)))
    }

    // MARK: adapters
    public func listAdapters() async throws -> [Adapter] { try await get(Self.p("adapters")) }
    public func getAdapter(_ type: String) async throws -> Adapter { try await get(Self.p("adapters", try Self.seg(type))) }
    public func updateAdapter(_ type: String, _ body: AdapterConfig) async throws -> Adapter {
        try await send("PATCH", Self.p("adapters", try Self.seg(type)), body)
    }
    public func enableAdapter(_ type: String, _ body: AdapterConfig) async throws -> Adapter {
        try await send("POST", Self.p("adapters", try Self.seg(type), "enable"), body)
    }
    public func disableAdapter(_ type: String) async throws -> Adapter {
        try await action("POST", Self.p("adapters", try Self.seg(type), "disable"))
    }

    // MARK: plugins, settings, status
    public func listPlugins() async throws -> [Plugin] { try await get(Self.p("plugins")) }
    public func rescanPlugins() async throws -> PluginRescan { try await action("POST", Self.p("plugins", "rescan")) }
    public func listSettings() async throws -> [Setting] { try await get(Self.p("settings")) }
    public func getSetting(_ key: String) async throws -> Setting { try await get(Self.p("settings", try Self.seg(key))) }
    public func setSetting(_ key: String, _ value: String) async throws -> Setting {
        try await send("PUT", Self.p("settings", try Self.seg(key)), SettingValue(value: value))
    }
    public func status() async throws -> ServerStatus { try await get(Self.p("status")) }
}
