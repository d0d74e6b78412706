import NIOCore

/// A NIO decoder that turns an RPC byte stream into records (one `ByteBuffer`
/// per complete record, marks removed), using ``RecordReassembler``.
///
/// Use it as `ByteToMessageHandler(RecordMarkingDecoder())`. A record over the
/// maximum size throws ``RecordMarkingError``; the error travels down the
/// pipeline, whose error handler should close the connection. At most
/// `maximumRecordSize` bytes (plus what one read adds) are ever buffered.
public struct RecordMarkingDecoder: ByteToMessageDecoder, Sendable {
    public typealias InboundOut = ByteBuffer

    private var reassembler: RecordReassembler

    /// - Parameter maximumRecordSize: the largest record accepted, counting its
    ///   record marks (``RecordReassembler/defaultMaximumRecordSize`` by default).
    public init(maximumRecordSize: Int = RecordReassembler.defaultMaximumRecordSize) {
        reassembler = RecordReassembler(maximumRecordSize: maximumRecordSize)
    }

    public mutating func decode(context: ChannelHandlerContext, buffer: inout ByteBuffer) throws -> DecodingState {
        switch try reassembler.next(from: &buffer) {
        case .needMoreData:
            return .needMoreData
        case .record(let record):
            context.fireChannelRead(Self.wrapInboundOut(record))
            return .continue
        }
    }

    public mutating func decodeLast(
        context: ChannelHandlerContext, buffer: inout ByteBuffer, seenEOF: Bool
    ) throws -> DecodingState {
        // Deliver what is complete; a partial record left at EOF is reported by
        // ByteToMessageHandler as leftover data.
        try decode(context: context, buffer: &buffer)
    }
}
