import NIOCore
import NFSWire
import Testing

@Suite("RPC replies")
struct RPCReplyTests {
    /// xid, REPLY, MSG_ACCEPTED, verifier AUTH_NONE (flavor, length 0).
    private let acceptedHeader = rpcWords(0x0102_0304, 1, 0, 0, 0)
    /// xid, REPLY, MSG_DENIED.
    private let deniedHeader = rpcWords(0x0102_0304, 1, 1)
    private let xid: UInt32 = 0x0102_0304

    @Test func everyAcceptedReplyEncodesToTheExactBytes() throws {
        let cases: [(RPCAcceptedStatus, [UInt8])] = [
            (.success(results: ByteBuffer(bytes: rpcWords(0, 7))), rpcWords(0, 0, 7)),
            (.programUnavailable, rpcWords(1)),
            (.programMismatch(low: 2, high: 3), rpcWords(2, 2, 3)),
            (.procedureUnavailable, rpcWords(3)),
            (.garbageArguments, rpcWords(4)),
            (.systemError, rpcWords(5)),
        ]
        for (status, tail) in cases {
            let encoded = RPCReply.encodeAccepted(xid: xid, status)
            #expect(rpcBytes(encoded) == acceptedHeader + tail, "\(status)")
            #expect(encoded.readerIndex == RecordMark.size, "headroom for the record mark")
            #expect(try RPCReply(decoding: encoded) == .accepted(xid: xid, status))
        }
    }

    @Test func everyDeniedReplyEncodesToTheExactBytes() throws {
        let cases: [(RPCRejection, [UInt8])] = [
            (.versionMismatch, rpcWords(0, 2, 2)),
            (.authError(.badCredential), rpcWords(1, 1)),
            (.authError(.rejectedCredential), rpcWords(1, 2)),
            (.authError(.badVerifier), rpcWords(1, 3)),
            (.authError(.tooWeak), rpcWords(1, 5)),
        ]
        for (rejection, tail) in cases {
            let encoded = RPCReply.encodeDenied(xid: xid, rejection)
            #expect(rpcBytes(encoded) == deniedHeader + tail, "\(rejection)")
            #expect(try RPCReply(decoding: encoded) == .denied(xid: xid, rejection))
        }
    }

    @Test func successWritesResultsInPlaceOrCopiesAPreEncodedBody() throws {
        let direct = RPCReply.encodeSuccess(xid: xid, capacity: 8) { (w: inout XDRWriter) in
            w.uint32(0)  // NFS3_OK
            w.uint64(0x1122_3344_5566_7788)
        }
        let expected = acceptedHeader + rpcWords(0, 0, 0x1122_3344, 0x5566_7788)
        #expect(rpcBytes(direct) == expected)
        let copied = RPCReply.encodeSuccess(xid: xid, results: ByteBuffer(bytes: rpcWords(0, 0x1122_3344, 0x5566_7788)))
        #expect(rpcBytes(copied) == expected)

        guard case .accepted(let verifier, .success(let results)) = try RPCReply(decoding: direct).status else {
            Issue.record("expected SUCCESS")
            return
        }
        #expect(verifier == .none)
        #expect(rpcBytes(results) == rpcWords(0, 0x1122_3344, 0x5566_7788))
    }

    @Test func theResultsClosureMayThrow() {
        struct Failure: Error {}
        #expect(throws: Failure.self) {
            _ = try RPCReply.encodeSuccess(xid: 1) { (_: inout XDRWriter) throws(Failure) in throw Failure() }
        }
    }

    @Test func aNonEmptyVerifierIsWrittenWithPadding() throws {
        let verifier = RPCOpaqueAuth(flavor: RPCAuthFlavor(rawValue: 6), body: ByteBuffer(bytes: [1, 2, 3, 4, 5]))
        let encoded = RPCReply.encodeAccepted(xid: 9, .garbageArguments, verifier: verifier)
        #expect(rpcBytes(encoded) == rpcWords(9, 1, 0, 6, 5) + [1, 2, 3, 4, 5, 0, 0, 0] + rpcWords(4))
        #expect(try RPCReply(decoding: encoded) == RPCReply(xid: 9, status: .accepted(verifier: verifier, .garbageArguments)))
    }

    @Test func framingWritesTheMarkIntoTheHeadroomWithoutCopying() {
        var reply = RPCReply.encodeAccepted(xid: xid, .procedureUnavailable)
        let before = reply.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        RecordMark.frame(&reply)
        let after = reply.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(after == before - 4)
        #expect(rpcBytes(reply) == rpcWords(0x8000_0018) + acceptedHeader + rpcWords(3))

        // Without headroom the message is copied behind a new mark.
        var plain = ByteBuffer(bytes: [1, 2, 3])
        RecordMark.frame(&plain)
        #expect(rpcBytes(plain) == rpcWords(0x8000_0003) + [1, 2, 3])
    }

    @Test func malformedRepliesAreErrorsNotTraps() {
        let cases: [([UInt8], RPCDecodingError.Code)] = [
            ([], .truncated),
            (rpcWords(1, 0, 0, 0, 0, 0), .wrongMessageType),  // a CALL
            (rpcWords(1, 1, 2), .badDiscriminant),  // reply_stat 2
            (rpcWords(1, 1, 0, 0, 0, 9), .badDiscriminant),  // accept_stat 9
            (rpcWords(1, 1, 1, 7), .badDiscriminant),  // reject_stat 7
            (rpcWords(1, 1, 0, 0, 0, 2, 2), .truncated),  // PROG_MISMATCH without high
            (rpcWords(1, 1, 0, 0, 0, 4, 0), .trailingBytes),
            (rpcWords(1, 1, 0, 0, 401), .verifierTooLong),
        ]
        for (bytes, code) in cases {
            let error = #expect(throws: RPCDecodingError.self) { try RPCReply(decoding: ByteBuffer(bytes: bytes)) }
            #expect(error?.code == code, "\(bytes)")
        }
    }
}
