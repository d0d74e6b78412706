import NIOCore
import NIOEmbedded
import NIOTestUtils
import NFSWire
import Testing

@Suite("RPC record marking")
struct RPCRecordMarkingTests {
    /// A record of the given fragments (data bytes), the last one flagged.
    private func stream(_ fragments: [[UInt8]]) -> [UInt8] {
        var out: [UInt8] = []
        for (i, f) in fragments.enumerated() {
            out += rpcWords(UInt32(f.count) | (i == fragments.count - 1 ? 0x8000_0000 : 0)) + f
        }
        return out
    }

    // MARK: - The state machine

    @Test func markSplitsLengthAndLastBit() {
        #expect(RecordMark(rawValue: 0x8000_0010) == RecordMark(fragmentLength: 16, isLastFragment: true))
        #expect(RecordMark(rawValue: 0x7FFF_FFFF) == RecordMark(fragmentLength: 0x7FFF_FFFF, isLastFragment: false))
        #expect(RecordMark(fragmentLength: 5, isLastFragment: true).rawValue == 0x8000_0005)
    }

    @Test func singleFragmentRecordIsASliceOfTheInput() throws {
        var machine = RecordReassembler()
        var input = ByteBuffer(bytes: LinuxGetattrCapture.wire)
        let inputBase = input.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        guard case .record(let record) = try machine.next(from: &input) else {
            Issue.record("expected a record")
            return
        }
        #expect(rpcBytes(record) == LinuxGetattrCapture.record)
        #expect(record.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) } == inputBase + 4)
        #expect(input.readableBytes == 0)
        #expect(try machine.next(from: &input) == .needMoreData)
        #expect(machine.isIdle)
    }

    @Test func fragmentsAreJoinedAndPartialInputWaits() throws {
        var machine = RecordReassembler()
        let bytes = stream([[1, 2, 3], [], [4], [5, 6, 7, 8, 9]])
        var input = ByteBuffer()
        var records: [[UInt8]] = []
        for b in bytes {
            input.writeInteger(b)
            if case .record(let r) = try machine.next(from: &input) { records.append(rpcBytes(r)) }
        }
        #expect(records == [[1, 2, 3, 4, 5, 6, 7, 8, 9]])
        #expect(machine.isIdle && machine.bufferedBytes == 0)
    }

    @Test func partialFragmentStaysInTheInput() throws {
        var machine = RecordReassembler()
        var input = ByteBuffer(bytes: stream([[1, 2], [3, 4, 5]]).dropLast(1))
        #expect(try machine.next(from: &input) == .needMoreData)
        #expect(machine.bufferedBytes == 2)  // the first fragment was taken
        #expect(rpcBytes(input) == rpcWords(0x8000_0003) + [3, 4])  // the second waits whole
        input.writeInteger(UInt8(5))
        #expect(try machine.next(from: &input) == .record(ByteBuffer(bytes: [1, 2, 3, 4, 5])))
    }

    @Test func manyRecordsInOneBufferComeOutOneByOne() throws {
        var machine = RecordReassembler()
        var input = ByteBuffer(bytes: stream([[1]]) + stream([[2], [3]]) + stream([[]]) + stream([[4, 4]]))
        var records: [[UInt8]] = []
        while case .record(let r) = try machine.next(from: &input) { records.append(rpcBytes(r)) }
        #expect(records == [[1], [2, 3], [], [4, 4]])
    }

    @Test func oversizeRecordFailsAtTheMarkBeforeBuffering() throws {
        var machine = RecordReassembler(maximumRecordSize: 100)
        // A single mark announcing 2 GiB: refused with only 4 bytes received.
        var huge = ByteBuffer(bytes: rpcWords(0xFFFF_FFFF))
        let error = #expect(throws: RecordMarkingError.self) { try machine.next(from: &huge) }
        #expect(error?.code == .recordTooLarge)
        #expect(error?.size == 4 + 0x7FFF_FFFF)
        // The machine stays failed.
        var more = ByteBuffer(bytes: stream([[1]]))
        #expect(throws: RecordMarkingError.self) { try machine.next(from: &more) }

        // Exactly at the limit is fine; one more byte is not.
        var exact = RecordReassembler(maximumRecordSize: 100)
        var atLimit = ByteBuffer(bytes: stream([[UInt8](repeating: 1, count: 96)]))
        #expect(try exact.next(from: &atLimit) == .record(ByteBuffer(repeating: 1, count: 96)))
        var over = RecordReassembler(maximumRecordSize: 100)
        var overLimit = ByteBuffer(bytes: stream([[UInt8](repeating: 1, count: 97)]))
        #expect(throws: RecordMarkingError.self) { try over.next(from: &overLimit) }
    }

    @Test func fragmentsAddUpTowardsTheLimit() {
        var machine = RecordReassembler(maximumRecordSize: 64)
        var input = ByteBuffer(bytes: stream([[UInt8](repeating: 0, count: 20), [UInt8](repeating: 0, count: 20), [UInt8](repeating: 0, count: 20)]))
        // 24 + 24 + 24 = 72 > 64 on the third mark.
        let error = #expect(throws: RecordMarkingError.self) { while true { _ = try machine.next(from: &input) } }
        #expect(error?.size == 72)
    }

    @Test func endlessEmptyFragmentsEndInAnErrorNotASpin() {
        var machine = RecordReassembler(maximumRecordSize: 1024)
        var input = ByteBuffer()
        for _ in 0..<10_000 { input.writeInteger(UInt32(0)) }  // empty, not last
        let error = #expect(throws: RecordMarkingError.self) { _ = try machine.next(from: &input) }
        #expect(error?.size == 1028)
        #expect(input.readableBytes == 40_000 - 1024)
    }

    // MARK: - The NIO handlers

    @Test func decoderPassesTheByteToMessageDecoderVerifier() throws {
        let sys = AuthSys(machineName: "m", uid: 1, gid: 1)
        let call = RPCCall(xid: 3, program: 100_003, version: 3, procedure: 4, credential: sys.credential,
                           arguments: ByteBuffer(repeating: 0xAB, count: 300))
        let callBytes = rpcBytes(call.encoded())
        let pairs: [(ByteBuffer, [ByteBuffer])] = [
            (ByteBuffer(bytes: LinuxGetattrCapture.wire), [ByteBuffer(bytes: LinuxGetattrCapture.record)]),
            (ByteBuffer(bytes: stream([[1, 2, 3], [4, 5], [6]])), [ByteBuffer(bytes: [1, 2, 3, 4, 5, 6])]),
            (ByteBuffer(bytes: stream([[]])), [ByteBuffer()]),
            (ByteBuffer(bytes: stream([Array(callBytes[0..<100]), Array(callBytes[100...])])), [ByteBuffer(bytes: callBytes)]),
            // Two records in one input.
            (ByteBuffer(bytes: stream([[7]]) + stream([[8], [9]])), [ByteBuffer(bytes: [7]), ByteBuffer(bytes: [8, 9])]),
        ]
        try ByteToMessageDecoderVerifier.verifyDecoder(inputOutputPairs: pairs) { RecordMarkingDecoder() }
    }

    @Test func decoderErrorsOnAnOversizeRecord() throws {
        let channel = EmbeddedChannel(handler: ByteToMessageHandler(RecordMarkingDecoder(maximumRecordSize: 1000)))
        #expect(throws: RecordMarkingError.self) {
            try channel.writeInbound(ByteBuffer(bytes: rpcWords(0x8000_1000) + [1, 2, 3]))
        }
        _ = try? channel.finish()
    }

    @Test func encoderWritesOneLastFragmentOrSplits() throws {
        let channel = EmbeddedChannel(handler: MessageToByteHandler(RecordMarkingEncoder()))
        try channel.writeOutbound(ByteBuffer(bytes: [1, 2, 3, 4, 5]))
        #expect(try channel.readOutbound(as: ByteBuffer.self).map(rpcBytes) == rpcWords(0x8000_0005) + [1, 2, 3, 4, 5])
        #expect(try channel.finish().isClean)

        var out = ByteBuffer()
        RecordMarkingEncoder.encode(ByteBuffer(bytes: [1, 2, 3, 4, 5]), into: &out, maximumFragmentLength: 2)
        #expect(rpcBytes(out) == stream([[1, 2], [3, 4], [5]]))
        var empty = ByteBuffer()
        RecordMarkingEncoder.encode(ByteBuffer(), into: &empty)
        #expect(rpcBytes(empty) == rpcWords(0x8000_0000))
    }

    @Test func framerMarksInPlaceOrWritesTheMarkSeparately() throws {
        let channel = EmbeddedChannel(handler: RecordMarkingFramer())
        let reply = RPCReply.encodeAccepted(xid: 1, .systemError)
        try channel.writeOutbound(reply)
        let framed = try #require(try channel.readOutbound(as: ByteBuffer.self))
        #expect(rpcBytes(framed) == rpcWords(0x8000_0018) + rpcBytes(reply))

        try channel.writeOutbound(ByteBuffer(bytes: [9, 9]))
        #expect(try channel.readOutbound(as: ByteBuffer.self).map(rpcBytes) == rpcWords(0x8000_0002))
        #expect(try channel.readOutbound(as: ByteBuffer.self).map(rpcBytes) == [9, 9])
        #expect(try channel.finish().isClean)
    }

    @Test func encoderAndDecoderRoundTripThroughAChannel() throws {
        let channel = EmbeddedChannel()
        try channel.pipeline.syncOperations.addHandler(ByteToMessageHandler(RecordMarkingDecoder()))
        let call = RPCCall(xid: 11, program: 100_005, version: 3, procedure: 1, arguments: ByteBuffer(bytes: rpcWords(4) + [0x2F, 0x65, 0x78, 0x70]))
        var wire = ByteBuffer()
        RecordMarkingEncoder.encode(call.encoded(), into: &wire, maximumFragmentLength: 7)
        try channel.writeInbound(wire)
        let record = try #require(try channel.readInbound(as: ByteBuffer.self))
        #expect(try RPCCall(decoding: record) == call)
        #expect(try channel.finish().isClean)
    }
}
