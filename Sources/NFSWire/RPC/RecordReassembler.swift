import NIOCore

/// The record-marking state machine (RFC 5531 §11): takes bytes from the
/// front of a stream buffer and returns complete records, joining fragments.
/// Pure (no I/O): ``RecordMarkingDecoder`` wraps it for a NIO pipeline.
///
/// Memory is bounded: a record's size on the wire, counting 4 bytes per
/// record mark, may not exceed ``maximumRecordSize``. The check happens as soon
/// as a mark is read, before its fragment is buffered, so a peer cannot make
/// the server hold more than that. Counting the marks also bounds a stream of
/// empty non-last fragments, which would otherwise never end a record.
///
/// A record of a single fragment is returned as a slice of the input (no copy);
/// fragments of a multi-fragment record are copied into one buffer.
public struct RecordReassembler: Sendable {
    /// 1 MiB of data (the largest NFS READ/WRITE DittoFS offers) plus 64 KiB
    /// for RPC and NFS headers.
    public static let defaultMaximumRecordSize = (1 << 20) + (64 << 10)

    /// What ``next(from:)`` produced.
    public enum Action: Hashable, Sendable {
        /// No complete record yet: call again when more bytes arrived.
        case needMoreData
        /// One complete record, without its record marks.
        case record(ByteBuffer)
    }

    private enum State: Sendable {
        /// Between records.
        case idle
        /// Some non-last fragments were read.
        case assembling(Partial)
        /// An error was thrown; the stream is unusable.
        case failed(RecordMarkingError)
    }

    private struct Partial: Sendable {
        var data: ByteBuffer
        /// Bytes consumed from the stream for this record, marks included.
        var wireBytes: Int
    }

    /// The largest record accepted, in bytes on the wire (data plus 4 per mark).
    public let maximumRecordSize: Int
    private var state: State = .idle

    /// - Parameter maximumRecordSize: see ``maximumRecordSize``; at least 4.
    public init(maximumRecordSize: Int = RecordReassembler.defaultMaximumRecordSize) {
        precondition(maximumRecordSize >= RecordMark.size, "maximum record size below one record mark")
        self.maximumRecordSize = maximumRecordSize
    }

    /// Bytes of a partly received record already taken out of the input.
    public var bufferedBytes: Int {
        if case .assembling(let partial) = state { return partial.data.readableBytes }
        return 0
    }

    /// Whether the stream is between records (nothing partial held here).
    public var isIdle: Bool {
        if case .idle = state { return true }
        return false
    }

    /// Takes whole fragments from the front of `input` until a record is
    /// complete or `input` holds no complete fragment. Bytes of an incomplete
    /// fragment stay in `input`.
    ///
    /// - Throws: ``RecordMarkingError`` when the record would exceed
    ///   ``maximumRecordSize``; every later call throws too.
    public mutating func next(from input: inout ByteBuffer) throws(RecordMarkingError) -> Action {
        while true {
            let wireSoFar: Int
            switch state {
            case .failed(let error):
                throw RecordMarkingError(code: .alreadyFailed, size: error.size, maximum: error.maximum)
            case .idle: wireSoFar = 0
            case .assembling(let partial): wireSoFar = partial.wireBytes
            }
            guard let raw = input.getInteger(at: input.readerIndex, endianness: .big, as: UInt32.self) else {
                return .needMoreData
            }
            let mark = RecordMark(rawValue: raw)
            let wire = wireSoFar + RecordMark.size + mark.fragmentLength
            if wire > maximumRecordSize {
                let error = RecordMarkingError(code: .recordTooLarge, size: wire, maximum: maximumRecordSize)
                state = .failed(error)
                throw error
            }
            guard input.readableBytes >= RecordMark.size + mark.fragmentLength else { return .needMoreData }
            input.moveReaderIndex(forwardBy: RecordMark.size)
            var fragment = input.readSlice(length: mark.fragmentLength)!

            switch state {
            case .idle where mark.isLastFragment:
                return .record(fragment)
            case .idle:
                state = .assembling(Partial(data: fragment, wireBytes: wire))
            case .assembling(var partial):
                state = .idle  // drop the reference so the append does not copy the buffer again
                partial.data.writeBuffer(&fragment)
                partial.wireBytes = wire
                if mark.isLastFragment { return .record(partial.data) }
                state = .assembling(partial)
            case .failed:
                preconditionFailure("unreachable: failed state handled above")
            }
        }
    }
}
