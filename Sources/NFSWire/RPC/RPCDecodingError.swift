/// Why an RPC message (a call header or a reply) could not be decoded.
///
/// A struct wrapping an extensible ``Code`` so that new reasons are not
/// breaking changes. For a call, ``rejection`` says how the server answers:
/// `nil` means the record is not answerable and is dropped (the client's
/// retransmission timer covers it); otherwise the server sends that denied
/// reply with ``xid``.
public struct RPCDecodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The kind of failure.
    public struct Code: Hashable, Sendable, CustomStringConvertible {
        private enum Base: Hashable, Sendable {
            case truncated, wrongMessageType, rpcVersionMismatch, credentialTooLong, verifierTooLong
            case badDiscriminant, trailingBytes
        }

        private let base: Base
        private init(_ base: Base) { self.base = base }

        /// The record ended inside the fixed header (before the end of the verifier,
        /// or for a reply, before the end of the reply header).
        public static let truncated = Code(.truncated)
        /// `msg_type` is not `CALL` when decoding a call (or not `REPLY` when decoding a reply).
        public static let wrongMessageType = Code(.wrongMessageType)
        /// `rpcvers` is not 2. Answerable: ``RPCRejection/versionMismatch``.
        public static let rpcVersionMismatch = Code(.rpcVersionMismatch)
        /// The credential body is over 400 bytes. Answerable: `AUTH_ERROR(AUTH_BADCRED)`.
        public static let credentialTooLong = Code(.credentialTooLong)
        /// The verifier body is over 400 bytes. Answerable: `AUTH_ERROR(AUTH_BADVERF)`.
        public static let verifierTooLong = Code(.verifierTooLong)
        /// A reply carries a `reply_stat`, `accept_stat` or `reject_stat` outside its enum.
        public static let badDiscriminant = Code(.badDiscriminant)
        /// A reply without results has bytes after its last field.
        public static let trailingBytes = Code(.trailingBytes)

        public var description: String {
            switch base {
            case .truncated: "truncated"
            case .wrongMessageType: "wrong message type"
            case .rpcVersionMismatch: "RPC version mismatch"
            case .credentialTooLong: "credential too long"
            case .verifierTooLong: "verifier too long"
            case .badDiscriminant: "bad discriminant"
            case .trailingBytes: "trailing bytes"
            }
        }
    }

    /// The kind of failure.
    public let code: Code
    /// The transaction id, when the message was long enough to hold one.
    public let xid: UInt32?
    /// For a call: the denied reply to send (with ``xid``), or `nil` to drop the record.
    public let rejection: RPCRejection?
    /// A short human-readable detail (the offending value), for logs.
    public let detail: String

    public init(code: Code, xid: UInt32?, rejection: RPCRejection? = nil, detail: String = "") {
        self.code = code
        self.xid = xid
        self.rejection = rejection
        self.detail = detail
    }

    public var description: String {
        var s = "RPC decoding error: \(code)"
        if let xid { s += " (xid \(xid))" }
        if !detail.isEmpty { s += ": \(detail)" }
        return s
    }
}
