/// A `rejected_reply` (RFC 5531 §9): the server refuses the call before
/// looking at its program, version or procedure.
public enum RPCRejection: Hashable, Sendable {
    /// `RPC_MISMATCH`: the call's RPC version is not one the server speaks.
    /// DittoFS speaks only version 2, so it sends `rpcMismatch(low: 2, high: 2)`
    /// (``RPCCall/supportedRPCVersion``).
    case rpcMismatch(low: UInt32, high: UInt32)
    /// `AUTH_ERROR`: the credential or verifier was refused, with the reason.
    case authError(RPCAuthStat)

    /// The rejection for a call whose RPC version is not 2.
    public static let versionMismatch = RPCRejection.rpcMismatch(
        low: RPCCall.supportedRPCVersion, high: RPCCall.supportedRPCVersion)
}
