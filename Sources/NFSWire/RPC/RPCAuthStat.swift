/// An `auth_stat` (RFC 5531 §9): why a server refused a call's credential or
/// verifier, sent in a denied reply (``RPCRejection/authError(_:)``).
///
/// A struct so a reply decoder can report values it does not know.
///
/// Which one to send (DittoFS's choice, matching the Linux kernel server):
/// - a flavor the server does not implement at all, or a credential body that
///   does not decode: ``badCredential``;
/// - a verifier the flavor does not allow (`AUTH_SYS` and `AUTH_NONE` calls must
///   carry an `AUTH_NONE` verifier): ``badVerifier``;
/// - a flavor the server implements but the export or program does not accept
///   (e.g. `AUTH_NONE` where `AUTH_SYS` is required): ``tooWeak``.
///
/// ``rejectedCredential`` ("client must begin new session") is meant for
/// session-based flavors (`AUTH_SHORT`, `AUTH_DH`, `RPCSEC_GSS` contexts) and is
/// not used for `AUTH_SYS`.
public struct RPCAuthStat: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: UInt32

    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// `AUTH_OK`: success (never sent in a denied reply).
    public static let ok = RPCAuthStat(rawValue: 0)
    /// `AUTH_BADCRED`: bad credential (seal broken).
    public static let badCredential = RPCAuthStat(rawValue: 1)
    /// `AUTH_REJECTEDCRED`: the client must begin a new session.
    public static let rejectedCredential = RPCAuthStat(rawValue: 2)
    /// `AUTH_BADVERF`: bad verifier (seal broken).
    public static let badVerifier = RPCAuthStat(rawValue: 3)
    /// `AUTH_REJECTEDVERF`: verifier expired or replayed.
    public static let rejectedVerifier = RPCAuthStat(rawValue: 4)
    /// `AUTH_TOOWEAK`: rejected for security reasons.
    public static let tooWeak = RPCAuthStat(rawValue: 5)
    /// `AUTH_INVALIDRESP`: bogus response verifier (client side).
    public static let invalidResponse = RPCAuthStat(rawValue: 6)
    /// `AUTH_FAILED`: reason unknown (client side).
    public static let failed = RPCAuthStat(rawValue: 7)
    /// `RPCSEC_GSS_CREDPROBLEM`: no credentials for the user.
    public static let gssCredentialProblem = RPCAuthStat(rawValue: 13)
    /// `RPCSEC_GSS_CTXPROBLEM`: problem with the GSS context.
    public static let gssContextProblem = RPCAuthStat(rawValue: 14)

    public var description: String {
        switch rawValue {
        case 0: "AUTH_OK"
        case 1: "AUTH_BADCRED"
        case 2: "AUTH_REJECTEDCRED"
        case 3: "AUTH_BADVERF"
        case 4: "AUTH_REJECTEDVERF"
        case 5: "AUTH_TOOWEAK"
        case 6: "AUTH_INVALIDRESP"
        case 7: "AUTH_FAILED"
        case 13: "RPCSEC_GSS_CREDPROBLEM"
        case 14: "RPCSEC_GSS_CTXPROBLEM"
        default: "auth_stat(\(rawValue))"
        }
    }
}
