import NIOCore

/// An ONC RPC call (RFC 5531 §9, `rpc_msg` with `msg_type` `CALL`): the fixed
/// header and the procedure arguments, still encoded.
///
/// Decoding a record yields one of three outcomes, which the server handles
/// differently:
/// 1. the header does not decode → ``RPCDecodingError`` with `rejection == nil`:
///    drop the record (the connection may stay open; a record that does not even
///    frame is the record-marking layer's error, which closes it);
/// 2. the header decodes far enough to answer but is refused (RPC version not 2,
///    credential or verifier body over 400 bytes) → ``RPCDecodingError`` with a
///    ``RPCDecodingError/rejection`` to send as a denied reply;
/// 3. the header decodes → an `RPCCall`. The caller then checks the credential
///    (``authenticate(accepting:)``), dispatches on ``program`` / ``version`` /
///    ``procedure``, and decodes ``arguments``; arguments that do not decode are
///    answered with ``RPCAcceptedStatus/garbageArguments``.
///
/// A server's per-record loop, in outline:
///
/// ```swift
/// let call: RPCCall
/// do {
///     call = try RPCCall(decoding: record)
/// } catch {
///     if let rejection = error.rejection, let xid = error.xid {
///         send(RPCReply.encodeDenied(xid: xid, rejection))
///     }
///     return  // otherwise drop
/// }
/// let credential: RPCCredential
/// do {
///     credential = try call.authenticate()
/// } catch {
///     return send(RPCReply.encodeDenied(xid: call.xid, error.rejection))
/// }
/// guard call.program == 100_003 else {
///     return send(RPCReply.encodeAccepted(xid: call.xid, .programUnavailable))
/// }
/// guard call.version == 3 else {
///     return send(RPCReply.encodeAccepted(xid: call.xid, .programMismatch(low: 3, high: 3)))
/// }
/// // decode call.arguments (GARBAGE_ARGS on failure), run, then:
/// send(RPCReply.encodeSuccess(xid: call.xid) { writer in result.encode(into: &writer) })
/// ```
///
/// Every buffer those encoders return has room for the record mark in front
/// (``RecordMark/frame(_:)``, ``RecordMarkingFramer``).
public struct RPCCall: Hashable, Sendable {
    /// The only RPC protocol version (`RPC_VERS`).
    public static let supportedRPCVersion: UInt32 = 2

    /// Transaction id, echoed in the reply.
    public var xid: UInt32
    /// Program number (100003 NFS, 100005 MOUNT, …).
    public var program: UInt32
    /// Program version.
    public var version: UInt32
    /// Procedure number within the program version.
    public var procedure: UInt32
    /// The caller's credential (flavor and undecoded body, ≤ 400 bytes).
    public var credential: RPCOpaqueAuth
    /// The caller's verifier (flavor and undecoded body, ≤ 400 bytes).
    public var verifier: RPCOpaqueAuth
    /// The procedure arguments: everything after the verifier, as a slice of the
    /// record (no copy). Decoding them is the program's business.
    public var arguments: ByteBuffer

    public init(
        xid: UInt32, program: UInt32, version: UInt32, procedure: UInt32,
        credential: RPCOpaqueAuth = .none, verifier: RPCOpaqueAuth = .none,
        arguments: ByteBuffer = ByteBuffer()
    ) {
        self.xid = xid
        self.program = program
        self.version = version
        self.procedure = procedure
        self.credential = credential
        self.verifier = verifier
        self.arguments = arguments
    }
}
