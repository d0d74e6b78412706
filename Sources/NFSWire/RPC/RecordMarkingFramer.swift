import NIOCore

/// A zero-copy alternative to ``RecordMarkingEncoder``: frames each outbound
/// `ByteBuffer` as one record of a single last fragment without copying it.
///
/// A buffer with ``RecordMark/size`` bytes of headroom (as built by this
/// module's encoders) gets its mark written in place; any other buffer is sent
/// as two writes, a 4-byte mark and the message, which the channel gathers into
/// one `writev`.
public final class RecordMarkingFramer: ChannelOutboundHandler, Sendable {
    public typealias OutboundIn = ByteBuffer
    public typealias OutboundOut = ByteBuffer

    public init() {}

    public func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        var message = Self.unwrapOutboundIn(data)
        precondition(message.readableBytes <= RecordMark.maximumFragmentLength, "RPC message over 2 GiB")
        if message.readerIndex >= RecordMark.size {
            RecordMark.frame(&message)
            context.write(Self.wrapOutboundOut(message), promise: promise)
        } else {
            var mark = context.channel.allocator.buffer(capacity: RecordMark.size)
            mark.writeInteger(RecordMark(fragmentLength: message.readableBytes, isLastFragment: true).rawValue)
            context.write(Self.wrapOutboundOut(mark), promise: nil)
            context.write(Self.wrapOutboundOut(message), promise: promise)
        }
    }
}
