import ControlModels

/// The control plane's persistent state: users, groups, shares and their
/// grants, named stores, adapters, settings and internal secrets.
///
/// Synchronous and thread-safe: call it from a thread pool, never from an
/// event loop (password hashing takes tens of milliseconds by design).
/// Every method that changes several rows does so in one transaction.
/// Errors are `ControlStoreError`, whose messages may be shown verbatim.
///
/// Implementations: `SQLiteControlDatabase`, `PostgresControlDatabase`;
/// open either through `ControlDatabaseConfig.open(options:)`.
public protocol ControlDatabase: AnyObject, Sendable {
    /// Where the data lives ("sqlite:/path", "postgres:host:port schema s").
    var label: String { get }
    /// The schema version the database is at (after migrations).
    var schemaVersion: Int { get }
    /// Closes the connections; later calls fail with a backend error.
    func close()

    // MARK: Users

    /// Creates a user: bcrypt hash and sealed NT hash of the password; `uid`
    /// defaults to the lowest free id from 1000, `gid` to the uid; `groups`
    /// must exist.
    func createUser(_ request: UserCreate) throws -> User
    func user(named name: String) throws -> User
    func user(uid: UInt32) throws -> User
    /// All users, by name.
    func listUsers() throws -> [User]
    /// Changes the given fields; `groups` replaces the memberships; an
    /// empty `email` clears it; `password` resets the password.
    func updateUser(named name: String, _ update: UserUpdate) throws -> User
    /// Deletes the user with their memberships and grants.
    func deleteUser(named name: String) throws
    /// The user when `password` is theirs, else nil (unknown users take as
    /// long as a wrong password).
    func verifyPassword(name: String, password: String) throws -> User?
    /// Sets the password and ends every session of the user (raises the
    /// token epoch), as a password reset through `updateUser` does too.
    func setPassword(name: String, password: String) throws
    /// The epoch the user's tokens must carry to be accepted.
    func tokenEpoch(user name: String) throws -> Int64
    /// The user and their token epoch, read together (one transaction): what
    /// checking a token needs on every request.
    func userWithTokenEpoch(named name: String) throws -> (user: User, tokenEpoch: Int64)
    /// Ends every session of the user: tokens issued before are refused.
    func revokeTokens(user name: String) throws
    /// The 16-byte NT hash (MD4 of the UTF-16LE password) for NTLM.
    func ntHash(user name: String) throws -> [UInt8]

    // MARK: Groups

    /// Creates a group; `gid` defaults to the lowest free id from 1000.
    func createGroup(_ request: GroupCreate) throws -> Group
    func group(named name: String) throws -> Group
    func listGroups() throws -> [Group]
    func updateGroup(named name: String, _ update: GroupUpdate) throws -> Group
    /// Deletes the group with its memberships and grants.
    func deleteGroup(named name: String) throws
    /// Adds a member (no error if already one); returns the group.
    func addMember(group: String, user: String) throws -> Group
    /// Removes a member (notFound if not one); returns the group.
    func removeMember(group: String, user: String) throws -> Group
    func members(group: String) throws -> [String]
    /// Names of the groups `user` is a member of.
    func groups(ofUser user: String) throws -> [String]

    // MARK: Shares

    /// Creates a share; its stores must exist. Allocates its numeric id.
    func createShare(_ request: ShareCreate) throws -> ShareRecord
    func share(named name: String) throws -> ShareRecord
    func listShares() throws -> [ShareRecord]
    func updateShare(named name: String, _ update: ShareUpdate) throws -> ShareRecord
    /// Deletes the share and its grants (its id is never given out again).
    func deleteShare(named name: String) throws

    // MARK: Permissions

    /// Grants `permission` on `share`, replacing an earlier grant of the same principal.
    func grant(share: String, _ permission: Permission) throws
    /// Removes a grant (notFound when there is none).
    func revoke(share: String, kind: PrincipalKind, principal: String) throws
    /// The grants of a share, users first, then by name.
    func permissions(share: String) throws -> [Permission]
    /// The effective level of `user` (nil or unknown: the share's default).
    func effectiveLevel(share: String, user: String?) throws -> AccessLevel
    /// Every user's uid → effective level on `share` (see `PermissionResolver`).
    func levelsByUID(share: String) throws -> [UInt32: AccessLevel]

    // MARK: Stores

    /// Adds a named store; `config` must be a JSON object's text.
    func addStore(kind: StoreKind, name: String, type: String, config: String) throws -> StoreRecord
    func store(kind: StoreKind, name: String) throws -> StoreRecord
    /// Stores of one kind, or of both (metadata first), by name.
    func listStores(kind: StoreKind?) throws -> [StoreRecord]
    /// Removes a store; refused with `.inUse` while a share uses it.
    func removeStore(kind: StoreKind, name: String) throws

    // MARK: Adapters

    /// Creates or replaces an adapter's configuration.
    func upsertAdapter(_ adapter: AdapterRecord) throws
    func adapter(type: String) throws -> AdapterRecord
    func listAdapters() throws -> [AdapterRecord]

    // MARK: Settings and secrets

    /// A setting's value, nil when unset.
    func setting(_ key: String) throws -> String?
    func setSetting(_ key: String, value: String) throws
    /// Every setting, by key (secrets are not settings).
    func listSettings() throws -> [Setting]
    /// An internal secret (e.g. "jwt-signing-key"), nil when unset. Sealed
    /// at rest with the key file.
    func secret(named name: String) throws -> [UInt8]?
    func setSecret(named name: String, _ value: [UInt8]) throws
}
