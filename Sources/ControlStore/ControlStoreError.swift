/// The one error of the control store. `message` is written for a person
/// and may be shown verbatim (it never holds a password, hash or key);
/// `kind` tells the caller how to react (the REST API maps it to a status).
public struct ControlStoreError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What went wrong, coarsely.
    public enum Kind: String, Sendable, Equatable {
        /// The named object does not exist (HTTP 404).
        case notFound
        /// An object with that name or id exists already (HTTP 409).
        case alreadyExists
        /// The object is still referenced (a store used by a share) (HTTP 409).
        case inUse
        /// The input is malformed or out of range (HTTP 400).
        case invalid
        /// A concurrent change or a constraint got in the way; retrying may help (HTTP 409).
        case conflict
        /// The database failed (I/O, connection, unexpected SQL error) (HTTP 500/503).
        case backend
    }

    public let kind: Kind
    public let message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    public static func notFound(_ m: String) -> Self { .init(.notFound, m) }
    public static func alreadyExists(_ m: String) -> Self { .init(.alreadyExists, m) }
    public static func inUse(_ m: String) -> Self { .init(.inUse, m) }
    public static func invalid(_ m: String) -> Self { .init(.invalid, m) }
    public static func conflict(_ m: String) -> Self { .init(.conflict, m) }
    public static func backend(_ m: String) -> Self { .init(.backend, m) }
}
