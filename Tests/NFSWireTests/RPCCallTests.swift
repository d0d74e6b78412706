import NIOCore
import Testing

@testable import NFSWire

@Suite("RPC call header")
struct RPCCallTests {
    @Test func decodesALinuxGetattrCallFieldByField() throws {
        let capture = LinuxGetattrCapture.self
        #expect(capture.record.count == 24 + 8 + 44 + 8 + 32)
        let call = try RPCCall(decoding: ByteBuffer(bytes: capture.record))
        #expect(call.xid == capture.xid)
        #expect(call.program == 100_003)
        #expect(call.version == 3)
        #expect(call.procedure == 1)
        #expect(call.credential.flavor == .sys)
        #expect(rpcBytes(call.credential.body) == capture.credentialBody)
        #expect(call.verifier == .none)
        #expect(rpcBytes(call.arguments) == capture.arguments)

        guard case .sys(let sys) = try call.authenticate() else {
            Issue.record("expected AUTH_SYS")
            return
        }
        #expect(sys.stamp == capture.stamp)
        #expect(sys.machineNameString == capture.machineName)
        #expect(sys.uid == 1000)
        #expect(sys.gid == 1000)
        #expect(sys.gids == capture.gids)

        // The arguments decode as GETATTR3args with the XDR reader.
        var args = XDRReader(call.arguments)
        #expect(try args.opaque(maximum: 64) == capture.fileHandle)
        try args.finish()
    }

    @Test func argumentsAreASliceOfTheRecordNotACopy() throws {
        let record = ByteBuffer(bytes: LinuxGetattrCapture.record)
        let call = try RPCCall(decoding: record)
        let recordBase = record.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        let argsBase = call.arguments.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(argsBase == recordBase + UInt(record.readableBytes - LinuxGetattrCapture.arguments.count))
    }

    @Test func encodeThenDecodeGivesTheSameCall() throws {
        let sys = AuthSys(stamp: 9, machineName: "host", uid: 1, gid: 2, gids: [3, 4])
        let call = RPCCall(
            xid: 77, program: 100_005, version: 3, procedure: 1, credential: sys.credential,
            arguments: ByteBuffer(bytes: rpcWords(5) + [1, 2, 3, 4, 5, 0, 0, 0]))
        let encoded = call.encoded()
        #expect(encoded.readerIndex == RecordMark.size)
        #expect(try RPCCall(decoding: encoded) == call)
    }

    @Test func encodesTheLinuxCaptureByteForByte() {
        let c = LinuxGetattrCapture.self
        let sys = AuthSys(stamp: c.stamp, machineName: c.machineName, uid: c.uid, gid: c.gid, gids: c.gids)
        let call = RPCCall(
            xid: c.xid, program: 100_003, version: 3, procedure: 1, credential: sys.credential,
            arguments: ByteBuffer(bytes: c.arguments))
        #expect(rpcBytes(call.encoded()) == c.record)
    }

    @Test func emptyArgumentsAreDecodable() throws {
        // A NULL procedure call: header only.
        let call = try RPCCall(decoding: ByteBuffer(bytes: rpcWords(1, 0, 2, 100_003, 3, 0, 0, 0, 0, 0)))
        #expect(call.procedure == 0)
        #expect(call.arguments.readableBytes == 0)
        #expect(try call.authenticate() == .none)
    }

    @Test func rpcVersionOtherThanTwoIsAnswerableWithRPCMismatch() throws {
        let error = #expect(throws: RPCDecodingError.self) {
            try RPCCall(decoding: ByteBuffer(bytes: rpcWords(42, 0, 3, 100_003, 3, 0, 0, 0, 0, 0)))
        }
        #expect(error?.code == .rpcVersionMismatch)
        #expect(error?.xid == 42)
        #expect(error?.rejection == .rpcMismatch(low: 2, high: 2))
        // Even when nothing follows the version.
        let short = #expect(throws: RPCDecodingError.self) { try RPCCall(decoding: ByteBuffer(bytes: rpcWords(42, 0, 1))) }
        #expect(short?.rejection == .versionMismatch)
    }

    @Test func oversizedCredentialOrVerifierIsAnswerableWithAuthError() throws {
        let cred = #expect(throws: RPCDecodingError.self) {
            try RPCCall(decoding: ByteBuffer(bytes: rpcWords(5, 0, 2, 100_003, 3, 1, 1, 401) + [UInt8](repeating: 0, count: 404) + rpcWords(0, 0)))
        }
        #expect(cred?.code == .credentialTooLong)
        #expect(cred?.rejection == .authError(.badCredential))
        #expect(cred?.xid == 5)

        let verf = #expect(throws: RPCDecodingError.self) {
            try RPCCall(decoding: ByteBuffer(bytes: rpcWords(6, 0, 2, 100_003, 3, 1, 0, 0, 0, 0xFFFF_FFFF)))
        }
        #expect(verf?.code == .verifierTooLong)
        #expect(verf?.rejection == .authError(.badVerifier))

        // Exactly 400 bytes is fine.
        let ok = try RPCCall(decoding: ByteBuffer(bytes: rpcWords(7, 0, 2, 1, 1, 1, 0, 400) + [UInt8](repeating: 9, count: 400) + rpcWords(0, 0)))
        #expect(ok.credential.body.readableBytes == 400)
    }

    @Test func aReplyOrUnknownMessageTypeIsDropped() {
        for type: UInt32 in [1, 2, 0xFFFF_FFFF] {
            let error = #expect(throws: RPCDecodingError.self) {
                try RPCCall(decoding: ByteBuffer(bytes: rpcWords(9, type, 2, 1, 1, 1, 0, 0, 0, 0)))
            }
            #expect(error?.code == .wrongMessageType)
            #expect(error?.rejection == nil)
        }
    }

    @Test func everyTruncationOfTheHeaderIsDroppedNotAnswered() throws {
        let record = LinuxGetattrCapture.record
        let headerLength = record.count - LinuxGetattrCapture.arguments.count
        for length in 0..<headerLength {
            let error = #expect(throws: RPCDecodingError.self) {
                try RPCCall(decoding: ByteBuffer(bytes: record[0..<length]))
            }
            #expect(error?.code == .truncated, "length \(length)")
            #expect(error?.rejection == nil, "length \(length)")
            #expect(error?.xid == (length >= 4 ? LinuxGetattrCapture.xid : nil), "length \(length)")
        }
        // Cut inside the arguments: the header decodes; the arguments are the caller's GARBAGE_ARGS.
        for length in headerLength..<record.count {
            let call = try? RPCCall(decoding: ByteBuffer(bytes: record[0..<length]))
            #expect(call?.arguments.readableBytes == length - headerLength)
            var args = XDRReader(call!.arguments)
            #expect(throws: XDRError.self) { _ = try args.opaque(maximum: 64) }
        }
    }
}
