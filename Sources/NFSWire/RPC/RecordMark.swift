import NIOCore

/// The 4-byte record mark of RPC over a byte stream (RFC 5531 §11): a
/// "last fragment" bit and a 31-bit fragment length, big-endian, in front of
/// each fragment. A record is one or more fragments, the last one flagged.
public struct RecordMark: Hashable, Sendable {
    /// Bytes in a record mark.
    public static let size = 4
    /// The largest fragment length a mark can express (2³¹ − 1).
    public static let maximumFragmentLength = 0x7FFF_FFFF
    static let lastFragmentBit: UInt32 = 0x8000_0000

    /// Bytes of fragment data following the mark.
    public var fragmentLength: Int
    /// Whether this fragment ends the record.
    public var isLastFragment: Bool

    /// - Precondition: `0 <= fragmentLength <= maximumFragmentLength`.
    public init(fragmentLength: Int, isLastFragment: Bool) {
        precondition(fragmentLength >= 0 && fragmentLength <= Self.maximumFragmentLength, "fragment length out of range")
        self.fragmentLength = fragmentLength
        self.isLastFragment = isLastFragment
    }

    /// Splits a mark read from the wire.
    public init(rawValue: UInt32) {
        fragmentLength = Int(rawValue & ~Self.lastFragmentBit)
        isLastFragment = rawValue & Self.lastFragmentBit != 0
    }

    /// The mark as sent on the wire.
    public var rawValue: UInt32 {
        UInt32(fragmentLength) | (isLastFragment ? Self.lastFragmentBit : 0)
    }
}

extension RecordMark {
    /// An empty buffer whose reader index sits ``size`` bytes after its start,
    /// so ``frame(_:)`` can later write the mark in front of the message in place.
    /// Every encoder in this module (``RPCReply``, ``RPCCall``) returns such buffers.
    public static func bufferWithHeadroom(
        allocator: ByteBufferAllocator = ByteBufferAllocator(), capacity: Int
    ) -> ByteBuffer {
        var buffer = allocator.buffer(capacity: size + capacity)
        buffer.writeInteger(UInt32(0))
        buffer.moveReaderIndex(forwardBy: size)
        return buffer
    }

    /// Turns the readable bytes of `message` into one record of a single last
    /// fragment. When `message` has at least ``size`` bytes before its reader
    /// index (``bufferWithHeadroom(allocator:capacity:)``), the mark is written
    /// there and nothing is copied; otherwise the message is copied behind a new
    /// mark.
    ///
    /// - Precondition: the message is at most ``maximumFragmentLength`` bytes
    ///   (use ``RecordMarkingEncoder`` to split larger ones).
    public static func frame(_ message: inout ByteBuffer) {
        let mark = RecordMark(fragmentLength: message.readableBytes, isLastFragment: true)
        if message.readerIndex >= size {
            message.moveReaderIndex(to: message.readerIndex - size)
            message.setInteger(mark.rawValue, at: message.readerIndex)
        } else {
            var framed = ByteBufferAllocator().buffer(capacity: size + message.readableBytes)
            framed.writeInteger(mark.rawValue)
            framed.writeBuffer(&message)
            message = framed
        }
    }
}
