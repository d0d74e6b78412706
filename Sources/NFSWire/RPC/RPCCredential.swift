/// A call's credential after ``RPCCall/authenticate(accepting:)`` accepted it.
public enum RPCCredential: Hashable, Sendable {
    /// `AUTH_NONE`: anonymous.
    case none
    /// `AUTH_SYS`: the identity the client claims.
    case sys(AuthSys)

    /// The flavor this credential came in.
    public var flavor: RPCAuthFlavor {
        switch self {
        case .none: .none
        case .sys: .sys
        }
    }
}
