import NIOCore

extension RPCCall {
    /// Message type discriminants (`msg_type`).
    static let callMessageType: UInt32 = 0
    static let replyMessageType: UInt32 = 1

    /// Decodes the header of one complete record (without its record marks).
    ///
    /// Never traps. See ``RPCCall`` for the three outcomes; ``arguments`` is a
    /// slice of `record`.
    public init(decoding record: ByteBuffer) throws(RPCDecodingError) {
        var r = XDRReader(record)
        guard let xid = try? r.uint32() else { throw RPCDecodingError(code: .truncated, xid: nil) }
        func truncated(_ what: String) -> RPCDecodingError {
            RPCDecodingError(code: .truncated, xid: xid, detail: "ended in \(what)")
        }
        guard let type = try? r.uint32() else { throw truncated("msg_type") }
        guard type == Self.callMessageType else {
            throw RPCDecodingError(code: .wrongMessageType, xid: xid, detail: "msg_type \(type)")
        }
        guard let rpcvers = try? r.uint32() else { throw truncated("rpcvers") }
        guard rpcvers == Self.supportedRPCVersion else {
            throw RPCDecodingError(
                code: .rpcVersionMismatch, xid: xid, rejection: .versionMismatch, detail: "rpcvers \(rpcvers)")
        }
        guard let program = try? r.uint32(), let version = try? r.uint32(), let procedure = try? r.uint32() else {
            throw truncated("prog/vers/proc")
        }
        let credential: RPCOpaqueAuth
        do {
            credential = try RPCOpaqueAuth(reading: &r)
        } catch {
            guard case .tooLong(let length, _) = error else { throw truncated("credential") }
            throw RPCDecodingError(
                code: .credentialTooLong, xid: xid, rejection: .authError(.badCredential),
                detail: "credential body \(length) bytes")
        }
        let verifier: RPCOpaqueAuth
        do {
            verifier = try RPCOpaqueAuth(reading: &r)
        } catch {
            guard case .tooLong(let length, _) = error else { throw truncated("verifier") }
            throw RPCDecodingError(
                code: .verifierTooLong, xid: xid, rejection: .authError(.badVerifier),
                detail: "verifier body \(length) bytes")
        }
        self.init(
            xid: xid, program: program, version: version, procedure: procedure,
            credential: credential, verifier: verifier, arguments: r.buffer)
    }
}
