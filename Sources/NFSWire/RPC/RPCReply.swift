import NIOCore

/// An ONC RPC reply (RFC 5531 §9, `rpc_msg` with `msg_type` `REPLY`).
///
/// Servers usually encode replies straight into a buffer with the static
/// helpers in `RPCReply+Encoding.swift` (``encodeSuccess(xid:verifier:allocator:capacity:results:)``,
/// ``encodeAccepted(xid:_:verifier:allocator:)``, ``encodeDenied(xid:_:allocator:)``);
/// this value type is what ``init(decoding:)`` returns to clients and tests.
public struct RPCReply: Hashable, Sendable {
    /// `reply_body`: accepted (with a verifier and an `accept_stat`) or denied.
    public enum Status: Hashable, Sendable {
        /// `MSG_ACCEPTED`: authentication passed; the status says what happened next.
        case accepted(verifier: RPCOpaqueAuth, RPCAcceptedStatus)
        /// `MSG_DENIED`: the call was refused.
        case denied(RPCRejection)
    }

    /// The transaction id of the call this answers.
    public var xid: UInt32
    public var status: Status

    public init(xid: UInt32, status: Status) {
        self.xid = xid
        self.status = status
    }

    /// An accepted reply with an `AUTH_NONE` verifier.
    public static func accepted(xid: UInt32, _ status: RPCAcceptedStatus) -> RPCReply {
        RPCReply(xid: xid, status: .accepted(verifier: .none, status))
    }

    /// A denied reply.
    public static func denied(xid: UInt32, _ rejection: RPCRejection) -> RPCReply {
        RPCReply(xid: xid, status: .denied(rejection))
    }
}
