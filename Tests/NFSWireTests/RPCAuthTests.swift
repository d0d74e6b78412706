import NIOCore
import NFSWire
import Testing

@Suite("RPC authentication")
struct RPCAuthTests {
    private func call(credential: RPCOpaqueAuth, verifier: RPCOpaqueAuth = .none) -> RPCCall {
        RPCCall(xid: 1, program: 100_003, version: 3, procedure: 1, credential: credential, verifier: verifier)
    }

    private func sysBody(nameLength: Int = 4, gidCount: Int = 0, declaredGids: Int? = nil) -> ByteBuffer {
        var w = XDRWriter()
        w.uint32(0)
        w.opaque([UInt8](repeating: 0x61, count: nameLength))
        w.uint32(10)
        w.uint32(20)
        w.uint32(UInt32(declaredGids ?? gidCount))
        for g in 0..<gidCount { w.uint32(UInt32(g)) }
        return w.buffer
    }

    @Test func authSysRoundTripsAtItsLimits() throws {
        let sys = AuthSys(
            stamp: 0xFFFF_FFFF, machineName: [UInt8](repeating: 0x68, count: 255), uid: 0, gid: 65534,
            gids: Array(0..<16))
        #expect(try AuthSys(decoding: sys.credential.body) == sys)
        #expect(try call(credential: sys.credential).authenticate() == .sys(sys))
        let empty = AuthSys(machineName: "", uid: 1, gid: 1)
        #expect(rpcBytes(empty.credential.body) == rpcWords(0, 0, 1, 1, 0))
    }

    @Test func tooManyGroupsOrTooLongANameIsBadCredential() {
        #expect(throws: XDRError.tooLong(length: 17, maximum: 16)) {
            try AuthSys(decoding: self.sysBody(gidCount: 17))
        }
        #expect(throws: XDRError.tooLong(length: 256, maximum: 255)) {
            try AuthSys(decoding: self.sysBody(nameLength: 256))
        }
        for body in [sysBody(gidCount: 17), sysBody(nameLength: 256), sysBody(gidCount: 2, declaredGids: 3)] {
            let error = #expect(throws: RPCAuthError.self) {
                try self.call(credential: RPCOpaqueAuth(flavor: .sys, body: body)).authenticate()
            }
            #expect(error?.stat == .badCredential)
            #expect(error?.rejection == .authError(.badCredential))
        }
    }

    @Test func everyTruncatedAuthSysBodyIsRejected() throws {
        let body = sysBody(nameLength: 5, gidCount: 3)
        for length in 0..<body.readableBytes {
            #expect(throws: XDRError.self, "length \(length)") {
                try AuthSys(decoding: body.getSlice(at: body.readerIndex, length: length)!)
            }
        }
        // Trailing bytes after the groups are ignored, as Linux and BSD do.
        var padded = body
        padded.writeBytes([0, 0, 0, 0])
        #expect(try AuthSys(decoding: padded).gids == [0, 1, 2])
    }

    @Test func authNoneIsAcceptedWhateverItsBody() throws {
        #expect(try call(credential: .none).authenticate() == .none)
        #expect(try call(credential: RPCOpaqueAuth(flavor: .none, body: ByteBuffer(bytes: [1, 2, 3]))).authenticate() == .none)
    }

    @Test func unsupportedFlavorsAreBadCredential() {
        for flavor in [RPCAuthFlavor.short, .dh, .rpcsecGSS, RPCAuthFlavor(rawValue: 390_003), RPCAuthFlavor(rawValue: 0xFFFF_FFFF)] {
            let error = #expect(throws: RPCAuthError.self) {
                try self.call(credential: RPCOpaqueAuth(flavor: flavor)).authenticate()
            }
            #expect(error?.stat == .badCredential, "\(flavor)")
        }
    }

    @Test func aKnownFlavorTheProgramRefusesIsTooWeak() throws {
        let error = #expect(throws: RPCAuthError.self) {
            try self.call(credential: .none).authenticate(accepting: [.sys])
        }
        #expect(error?.stat == .tooWeak)
        let sys = AuthSys(machineName: "m", uid: 1, gid: 1)
        #expect(try call(credential: sys.credential).authenticate(accepting: [.sys]) == .sys(sys))
    }

    @Test func aVerifierOtherThanAuthNoneIsBadVerifier() {
        let sys = AuthSys(machineName: "m", uid: 1, gid: 1)
        for credential in [sys.credential, .none] {
            let error = #expect(throws: RPCAuthError.self) {
                try self.call(credential: credential, verifier: RPCOpaqueAuth(flavor: .sys)).authenticate()
            }
            #expect(error?.stat == .badVerifier)
        }
    }

    @Test func authStatValuesMatchRFC5531() {
        let expected: [(RPCAuthStat, UInt32, String)] = [
            (.ok, 0, "AUTH_OK"), (.badCredential, 1, "AUTH_BADCRED"), (.rejectedCredential, 2, "AUTH_REJECTEDCRED"),
            (.badVerifier, 3, "AUTH_BADVERF"), (.rejectedVerifier, 4, "AUTH_REJECTEDVERF"), (.tooWeak, 5, "AUTH_TOOWEAK"),
            (.invalidResponse, 6, "AUTH_INVALIDRESP"), (.failed, 7, "AUTH_FAILED"),
            (.gssCredentialProblem, 13, "RPCSEC_GSS_CREDPROBLEM"), (.gssContextProblem, 14, "RPCSEC_GSS_CTXPROBLEM"),
        ]
        for (stat, raw, name) in expected {
            #expect(stat.rawValue == raw)
            #expect(stat.description == name)
        }
        #expect(RPCAuthFlavor.none.rawValue == 0 && RPCAuthFlavor.sys.rawValue == 1 && RPCAuthFlavor.rpcsecGSS.rawValue == 6)
    }
}
