import NIOCore

/// The body of the RPC fuzz target (`fuzz/RPCFuzz`), also run by the unit
/// tests over the stored crashers. Not API: `@_spi(Fuzzing)`.
///
/// Feeds one input through every decoder of this folder and checks
/// invariants with `precondition`, so a broken invariant is a crash the fuzzer
/// reports. Every loop is bounded by the input length.
@_spi(Fuzzing)
public enum RPCFuzzHarness {
    public static func run(_ bytes: UnsafeRawBufferPointer) {
        let input = ByteBuffer(bytes: bytes)
        decodeMessages(input)
        reassemble(input)
        exerciseCache(bytes)
    }

    public static func run(_ bytes: [UInt8]) {
        bytes.withUnsafeBytes { run($0) }
    }

    /// The whole input as a call, a reply and an AUTH_SYS body.
    static func decodeMessages(_ input: ByteBuffer) {
        if let call = try? RPCCall(decoding: input) {
            // Round trip: encoding the decoded call gives the same call back.
            let again = try? RPCCall(decoding: call.encoded())
            precondition(again == call, "call round trip")
            let reply: RPCReply
            switch Result(catching: { () throws(RPCAuthError) in try call.authenticate() }) {
            case .success: reply = .accepted(xid: call.xid, .success(results: call.arguments))
            case .failure(let error): reply = .denied(xid: call.xid, error.rejection)
            }
            let decoded = try? RPCReply(decoding: reply.encoded())
            precondition(decoded == reply, "reply round trip")
        } else {
            do throws(RPCDecodingError) {
                _ = try RPCCall(decoding: input)
            } catch {
                if let rejection = error.rejection {
                    precondition(error.xid != nil, "answerable error without xid")
                    let denied = RPCReply.denied(xid: error.xid!, rejection)
                    precondition((try? RPCReply(decoding: denied.encoded())) == denied, "denied round trip")
                }
            }
        }
        if let reply = try? RPCReply(decoding: input) {
            precondition((try? RPCReply(decoding: reply.encoded())) == reply, "decoded reply round trip")
        }
        if let sys = try? AuthSys(decoding: input) {
            precondition(sys.gids.count <= AuthSys.maximumGroupCount)
            precondition(sys.machineName.count <= AuthSys.maximumMachineNameLength)
            precondition((try? AuthSys(decoding: sys.credential.body)) == sys, "AUTH_SYS round trip")
        }
    }

    /// The input as a stream, delivered in chunks whose size (and the maximum
    /// record size) come from the first bytes.
    static func reassemble(_ input: ByteBuffer) {
        var rest = input
        let chunk = Int(rest.readInteger(as: UInt8.self) ?? 0) + 1
        let maximum = 4 + Int(rest.readInteger(endianness: .big, as: UInt16.self) ?? 0)
        let total = rest.readableBytes
        var machine = RecordReassembler(maximumRecordSize: maximum)
        var stream = ByteBuffer()
        var delivered = 0
        var steps = 0
        feeding: while true {
            if var piece = rest.readSlice(length: min(chunk, rest.readableBytes)), piece.readableBytes > 0 {
                stream.writeBuffer(&piece)
            } else if steps > 0 {
                break
            }
            while true {
                steps += 1
                // Each step consumes a mark or ends the inner loop: the bound is the input.
                precondition(steps <= 2 * (total + 2), "reassembler does not make progress")
                let action: RecordReassembler.Action
                do throws(RecordMarkingError) {
                    action = try machine.next(from: &stream)
                } catch {
                    precondition(error.size > maximum || error.code == .alreadyFailed, "spurious error")
                    break feeding
                }
                guard case .record(let record) = action else { break }
                precondition(record.readableBytes + RecordMark.size <= maximum, "record over the maximum")
                delivered += record.readableBytes + RecordMark.size
                precondition(delivered <= total, "more delivered than received")
                decodeMessages(record)
                // Re-framing the record and reassembling it gives it back.
                var framed = ByteBuffer()
                RecordMarkingEncoder.encode(record, into: &framed, maximumFragmentLength: chunk)
                var again = RecordReassembler(maximumRecordSize: Int.max)
                let back = try? again.next(from: &framed)
                precondition(back == .record(record) && framed.readableBytes == 0, "re-framing round trip")
            }
            if rest.readableBytes == 0 { break }
        }
        precondition(machine.bufferedBytes <= maximum)
    }

    /// The input as a list of cache operations over a few keys, checked
    /// against a dictionary of the last finished replies.
    static func exerciseCache(_ bytes: UnsafeRawBufferPointer) {
        let configuration = DuplicateRequestCache.Configuration(maximumEntries: 5, maximumBytes: 64, lifetime: .seconds(10))
        var cache = DuplicateRequestCache(configuration: configuration)
        var now = NIODeadline.uptimeNanoseconds(1_000_000_000)
        var finished: [UInt32: ByteBuffer] = [:]
        for byte in bytes {
            let key = DuplicateRequestCache.Key(
                clientAddress: "10.0.0.1", clientPort: 700, xid: UInt32(byte & 7), checksum: 1)
            switch byte >> 6 {
            case 0:
                if case .done(let reply) = cache.begin(key, now: now) {
                    precondition(finished[key.xid] == reply, "cache returned a reply never stored")
                }
            case 1:
                let reply = ByteBuffer(repeating: byte, count: Int(byte >> 3 & 7) * 5)
                cache.finish(key, reply: reply, now: now)
                finished[key.xid] = reply
            case 2:
                cache.abandon(key)
            default:
                now = now + .seconds(Int64(byte & 15))
            }
            precondition(cache.count <= configuration.maximumEntries, "entry bound")
            precondition(cache.totalBytes >= 0 && cache.totalBytes <= configuration.maximumBytes, "byte bound")
        }
    }
}
