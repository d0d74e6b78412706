import NIOCore

/// A NIO encoder that frames each outbound `ByteBuffer` (one RPC message) as
/// one record: a single last fragment, or several fragments when the message
/// is longer than ``maximumFragmentLength``.
///
/// It copies the message into the output buffer. To avoid the copy for large
/// replies, build them with record-mark headroom (every encoder here does),
/// call ``RecordMark/frame(_:)`` and write them past this handler (or use
/// ``RecordMarkingFramer`` instead of this encoder).
public struct RecordMarkingEncoder: MessageToByteEncoder, Sendable {
    public typealias OutboundIn = ByteBuffer

    /// The largest fragment written; longer messages are split.
    public let maximumFragmentLength: Int

    /// - Parameter maximumFragmentLength: 1 ... ``RecordMark/maximumFragmentLength``.
    public init(maximumFragmentLength: Int = RecordMark.maximumFragmentLength) {
        precondition(maximumFragmentLength >= 1 && maximumFragmentLength <= RecordMark.maximumFragmentLength)
        self.maximumFragmentLength = maximumFragmentLength
    }

    public func encode(data: ByteBuffer, out: inout ByteBuffer) throws {
        Self.encode(data, into: &out, maximumFragmentLength: maximumFragmentLength)
    }

    /// Appends `message` to `out` as one record of fragments of at most
    /// `maximumFragmentLength` bytes (an empty message is one empty last fragment).
    public static func encode(
        _ message: ByteBuffer, into out: inout ByteBuffer,
        maximumFragmentLength: Int = RecordMark.maximumFragmentLength
    ) {
        var rest = message
        out.reserveCapacity(minimumWritableBytes: rest.readableBytes + RecordMark.size)
        repeat {
            let length = min(rest.readableBytes, maximumFragmentLength)
            let isLast = length == rest.readableBytes
            out.writeInteger(RecordMark(fragmentLength: length, isLastFragment: isLast).rawValue)
            var fragment = rest.readSlice(length: length)!
            out.writeBuffer(&fragment)
        } while rest.readableBytes > 0
    }
}
