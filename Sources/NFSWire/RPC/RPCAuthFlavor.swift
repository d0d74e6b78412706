/// An `auth_flavor` (RFC 5531 §8.2): the kind of credential or verifier in an
/// ``RPCOpaqueAuth``.
///
/// A struct rather than an enum because the wire allows any 32-bit value
/// ("pseudo" flavors such as the RPCSEC_GSS Kerberos ones, 390003…), and a
/// decoder must carry unknown flavors through so the server can refuse them
/// with a proper `AUTH_ERROR` instead of failing to parse.
public struct RPCAuthFlavor: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `AUTH_NONE` (a.k.a. `AUTH_NULL`): no identity.
    public static let none = RPCAuthFlavor(rawValue: 0)
    /// `AUTH_SYS` (a.k.a. `AUTH_UNIX`): uid, gid and groups as claimed by the client (``AuthSys``).
    public static let sys = RPCAuthFlavor(rawValue: 1)
    /// `AUTH_SHORT`: a server-issued shorthand for an earlier `AUTH_SYS` credential (not supported).
    public static let short = RPCAuthFlavor(rawValue: 2)
    /// `AUTH_DH` (a.k.a. `AUTH_DES`, RFC 2695; not supported).
    public static let dh = RPCAuthFlavor(rawValue: 3)
    /// `RPCSEC_GSS` (RFC 2203 / RFC 5403; not supported yet).
    public static let rpcsecGSS = RPCAuthFlavor(rawValue: 6)

    public var description: String {
        switch self {
        case .none: "AUTH_NONE"
        case .sys: "AUTH_SYS"
        case .short: "AUTH_SHORT"
        case .dh: "AUTH_DH"
        case .rpcsecGSS: "RPCSEC_GSS"
        default: "flavor(\(rawValue))"
        }
    }
}
