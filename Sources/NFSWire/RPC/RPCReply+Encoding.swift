import NIOCore

extension RPCReply {
    /// `reply_stat` discriminants.
    static let acceptedReplyStat: UInt32 = 0
    static let deniedReplyStat: UInt32 = 1
    /// `reject_stat` discriminants.
    static let rpcMismatchRejectStat: UInt32 = 0
    static let authErrorRejectStat: UInt32 = 1

    /// Appends the reply to `writer` (no record mark).
    public func encode(into writer: inout XDRWriter) {
        switch status {
        case .accepted(let verifier, let accepted):
            Self.writeAcceptedHeader(xid: xid, verifier: verifier, status: accepted.rawValue, into: &writer)
            switch accepted {
            case .success(var results):
                writer.buffer.writeBuffer(&results)
            case .programMismatch(let low, let high):
                writer.uint32(low)
                writer.uint32(high)
            case .programUnavailable, .procedureUnavailable, .garbageArguments, .systemError:
                break
            }
        case .denied(let rejection):
            writer.uint32(xid)
            writer.uint32(RPCCall.replyMessageType)
            writer.uint32(Self.deniedReplyStat)
            switch rejection {
            case .rpcMismatch(let low, let high):
                writer.uint32(Self.rpcMismatchRejectStat)
                writer.uint32(low)
                writer.uint32(high)
            case .authError(let stat):
                writer.uint32(Self.authErrorRejectStat)
                writer.uint32(stat.rawValue)
            }
        }
    }

    /// The reply in a new buffer with ``RecordMark/size`` bytes of headroom
    /// (see ``RecordMark/frame(_:)``).
    public func encoded(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var capacity = 32
        if case .accepted(let verifier, let status) = status {
            capacity += verifier.body.readableBytes
            if case .success(let results) = status { capacity += results.readableBytes }
        }
        var writer = XDRWriter(RecordMark.bufferWithHeadroom(allocator: allocator, capacity: capacity))
        encode(into: &writer)
        return writer.buffer
    }

    // MARK: - Direct encoders for servers

    /// Writes the header of a `SUCCESS` reply (xid, `REPLY`, `MSG_ACCEPTED`,
    /// verifier, `SUCCESS`); the procedure's results follow. For encoders that
    /// manage their own buffer.
    public static func writeSuccessHeader(xid: UInt32, verifier: RPCOpaqueAuth = .none, into writer: inout XDRWriter) {
        writeAcceptedHeader(xid: xid, verifier: verifier, status: 0, into: &writer)
    }

    /// A `SUCCESS` reply whose results `results` writes directly into the reply
    /// buffer (no intermediate copy). The buffer has ``RecordMark/size`` bytes of
    /// headroom for ``RecordMark/frame(_:)``.
    ///
    /// - Parameter capacity: the expected size of the results (the buffer grows if needed).
    public static func encodeSuccess<E: Error>(
        xid: UInt32, verifier: RPCOpaqueAuth = .none,
        allocator: ByteBufferAllocator = ByteBufferAllocator(), capacity: Int = 256,
        results: (inout XDRWriter) throws(E) -> Void
    ) throws(E) -> ByteBuffer {
        var writer = XDRWriter(
            RecordMark.bufferWithHeadroom(allocator: allocator, capacity: 24 + verifier.body.readableBytes + capacity))
        writeSuccessHeader(xid: xid, verifier: verifier, into: &writer)
        try results(&writer)
        return writer.buffer
    }

    /// A `SUCCESS` reply carrying already-encoded results (copied once into
    /// the reply buffer, which has record-mark headroom).
    public static func encodeSuccess(
        xid: UInt32, verifier: RPCOpaqueAuth = .none, results: ByteBuffer,
        allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) -> ByteBuffer {
        encodeSuccess(xid: xid, verifier: verifier, allocator: allocator, capacity: results.readableBytes) {
            (w: inout XDRWriter) in
            var r = results
            w.buffer.writeBuffer(&r)
        }
    }

    /// Any accepted reply (`PROG_UNAVAIL`, `PROG_MISMATCH`, `PROC_UNAVAIL`,
    /// `GARBAGE_ARGS`, `SYSTEM_ERR`, or `SUCCESS` with pre-encoded results),
    /// in a buffer with record-mark headroom.
    public static func encodeAccepted(
        xid: UInt32, _ status: RPCAcceptedStatus, verifier: RPCOpaqueAuth = .none,
        allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) -> ByteBuffer {
        RPCReply(xid: xid, status: .accepted(verifier: verifier, status)).encoded(allocator: allocator)
    }

    /// A denied reply (`RPC_MISMATCH` or `AUTH_ERROR`), in a buffer with
    /// record-mark headroom. For a call that failed to decode with a
    /// ``RPCDecodingError/rejection``, or failed ``RPCCall/authenticate(accepting:)``.
    public static func encodeDenied(
        xid: UInt32, _ rejection: RPCRejection, allocator: ByteBufferAllocator = ByteBufferAllocator()
    ) -> ByteBuffer {
        RPCReply(xid: xid, status: .denied(rejection)).encoded(allocator: allocator)
    }

    private static func writeAcceptedHeader(
        xid: UInt32, verifier: RPCOpaqueAuth, status: UInt32, into writer: inout XDRWriter
    ) {
        writer.uint32(xid)
        writer.uint32(RPCCall.replyMessageType)
        writer.uint32(acceptedReplyStat)
        verifier.encode(into: &writer)
        writer.uint32(status)
    }
}
