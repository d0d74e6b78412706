import NIOCore

extension RPCReply {
    /// Decodes one complete reply record (without record marks): for the
    /// project's test clients and benchmarks. `SUCCESS` results are a slice of
    /// `record`; other replies must not have trailing bytes.
    public init(decoding record: ByteBuffer) throws(RPCDecodingError) {
        var r = XDRReader(record)
        guard let xid = try? r.uint32() else { throw RPCDecodingError(code: .truncated, xid: nil) }
        do {
            let type = try r.uint32()
            guard type == RPCCall.replyMessageType else {
                throw RPCDecodingError(code: .wrongMessageType, xid: xid, detail: "msg_type \(type)")
            }
            self.init(xid: xid, status: try Self.status(&r, xid: xid))
        } catch let error as RPCDecodingError {
            throw error
        } catch let error as XDRError {
            switch error {
            case .tooLong: throw RPCDecodingError(code: .verifierTooLong, xid: xid, detail: "\(error)")
            case .trailingBytes: throw RPCDecodingError(code: .trailingBytes, xid: xid, detail: "\(error)")
            default: throw RPCDecodingError(code: .truncated, xid: xid, detail: "\(error)")
            }
        } catch {
            throw RPCDecodingError(code: .truncated, xid: xid, detail: "\(error)")
        }
    }

    private static func status(_ r: inout XDRReader, xid: UInt32) throws -> Status {
        func bad(_ what: String, _ value: UInt32) -> RPCDecodingError {
            RPCDecodingError(code: .badDiscriminant, xid: xid, detail: "\(what) \(value)")
        }
        let replyStat = try r.uint32()
        switch replyStat {
        case acceptedReplyStat:
            let verifier = try RPCOpaqueAuth(reading: &r)
            let acceptStat = try r.uint32()
            let accepted: RPCAcceptedStatus
            switch acceptStat {
            case 0: return .accepted(verifier: verifier, .success(results: r.buffer))
            case 1: accepted = .programUnavailable
            case 2: accepted = .programMismatch(low: try r.uint32(), high: try r.uint32())
            case 3: accepted = .procedureUnavailable
            case 4: accepted = .garbageArguments
            case 5: accepted = .systemError
            default: throw bad("accept_stat", acceptStat)
            }
            try r.finish()
            return .accepted(verifier: verifier, accepted)
        case deniedReplyStat:
            let rejectStat = try r.uint32()
            let rejection: RPCRejection
            switch rejectStat {
            case rpcMismatchRejectStat: rejection = .rpcMismatch(low: try r.uint32(), high: try r.uint32())
            case authErrorRejectStat: rejection = .authError(RPCAuthStat(rawValue: try r.uint32()))
            default: throw bad("reject_stat", rejectStat)
            }
            try r.finish()
            return .denied(rejection)
        default:
            throw bad("reply_stat", replyStat)
        }
    }
}
