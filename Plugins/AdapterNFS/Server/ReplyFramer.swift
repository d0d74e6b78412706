import NFSWire
import NIOCore

/// Adds the RPC record mark to every outgoing reply (one last fragment,
/// like `RecordMarkingFramer`) without ever copying a large reply.
///
/// A reply arriving here is never uniquely owned (the caller, the DRC and
/// the pipeline's `NIOAny` all hold it), so writing the mark into its
/// headroom would copy the whole buffer (copy-on-write: 14% of server CPU
/// on 1 MiB READs). Large replies therefore get the mark as a separate
/// 4-byte buffer written just before them (the socket sends both in one
/// gathering write); small ones are framed in place, where the copy costs
/// no more than the extra buffer would.
final class ReplyFramer: ChannelOutboundHandler, Sendable {
    typealias OutboundIn = ByteBuffer
    typealias OutboundOut = ByteBuffer

    /// Replies above this size get a separate mark buffer.
    static let separateMarkAbove = 2048

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        var message = Self.unwrapOutboundIn(data)
        precondition(message.readableBytes <= RecordMark.maximumFragmentLength, "RPC message over 2 GiB")
        if message.readerIndex >= RecordMark.size && message.readableBytes <= Self.separateMarkAbove {
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
