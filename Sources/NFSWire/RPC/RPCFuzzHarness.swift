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
        let whole = rest
        var machine = RecordReassembler(maximumRecordSize: maximum)
        var stream = ByteBuffer()
        var delivered = 0
        var steps = 0
        var records: [ByteBuffer] = []
        var failed = false
        feeding: repeat {
            var piece = rest.readSlice(length: min(chunk, rest.readableBytes))!
            stream.writeBuffer(&piece)
            while true {
                steps += 1
                // Each step consumes a mark or ends the inner loop: the bound is the input.
                precondition(steps <= 2 * (total + 2), "reassembler does not make progress")
                let action: RecordReassembler.Action
                do throws(RecordMarkingError) {
                    action = try machine.next(from: &stream)
                } catch {
                    precondition(error.size > maximum || error.code == .alreadyFailed, "spurious error")
                    failed = true
                    break feeding
                }
                guard case .record(let record) = action else { break }
                precondition(record.readableBytes + RecordMark.size <= maximum, "record over the maximum")
                records.append(record)
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
        } while rest.readableBytes > 0
        precondition(machine.bufferedBytes <= maximum)
        // Chunking must not change the outcome: compare with a one-pass parse.
        let reference = referenceRecords(whole, maximum: maximum)
        precondition(records == reference.records && failed == reference.failed, "chunked reassembly differs")
    }

    /// An independent, whole-buffer reading of RFC 5531 §11 framing with the
    /// same size rule (data plus 4 bytes per mark), for comparison.
    static func referenceRecords(_ stream: ByteBuffer, maximum: Int) -> (records: [ByteBuffer], failed: Bool) {
        let bytes = Array(stream.readableBytesView)
        var records: [ByteBuffer] = []
        var current: [UInt8] = []
        var wire = 0
        var i = 0
        while i + 4 <= bytes.count {
            let raw = UInt32(bytes[i]) << 24 | UInt32(bytes[i + 1]) << 16 | UInt32(bytes[i + 2]) << 8 | UInt32(bytes[i + 3])
            let length = Int(raw & 0x7FFF_FFFF)
            wire += 4 + length
            if wire > maximum { return (records, true) }
            guard i + 4 + length <= bytes.count else { break }
            current += bytes[(i + 4)..<(i + 4 + length)]
            i += 4 + length
            if raw & 0x8000_0000 != 0 {
                records.append(ByteBuffer(bytes: current))
                current = []
                wire = 0
            }
        }
        return (records, false)
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
