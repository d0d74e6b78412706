import NIOCore

/// The outcome of an accepted call: `accept_stat` and its arm of the
/// `accepted_reply` union (RFC 5531 §9).
public enum RPCAcceptedStatus: Hashable, Sendable {
    /// `SUCCESS`: the procedure ran; its results follow, already XDR-encoded.
    case success(results: ByteBuffer)
    /// `PROG_UNAVAIL`: the program is not served here.
    case programUnavailable
    /// `PROG_MISMATCH`: the program is served, but only versions `low...high`.
    case programMismatch(low: UInt32, high: UInt32)
    /// `PROC_UNAVAIL`: the program version has no such procedure.
    case procedureUnavailable
    /// `GARBAGE_ARGS`: the arguments did not decode.
    case garbageArguments
    /// `SYSTEM_ERR`: the server failed (e.g. out of memory).
    case systemError

    /// The `accept_stat` discriminant.
    public var rawValue: UInt32 {
        switch self {
        case .success: 0
        case .programUnavailable: 1
        case .programMismatch: 2
        case .procedureUnavailable: 3
        case .garbageArguments: 4
        case .systemError: 5
        }
    }
}
