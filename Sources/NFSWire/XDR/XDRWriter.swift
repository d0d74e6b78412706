import NIOCore

/// Appends XDR (RFC 4506) items to a ByteBuffer.
public struct XDRWriter {
    public var buffer: ByteBuffer

    public init(_ buffer: ByteBuffer) { self.buffer = buffer }

    public init(allocator: ByteBufferAllocator = ByteBufferAllocator(), capacity: Int = 256) {
        buffer = allocator.buffer(capacity: capacity)
    }

    public mutating func uint32(_ v: UInt32) { buffer.writeInteger(v, endianness: .big) }
    public mutating func int32(_ v: Int32) { buffer.writeInteger(v, endianness: .big) }
    public mutating func uint64(_ v: UInt64) { buffer.writeInteger(v, endianness: .big) }
    public mutating func int64(_ v: Int64) { buffer.writeInteger(v, endianness: .big) }
    public mutating func bool(_ v: Bool) { uint32(v ? 1 : 0) }

    @inline(__always)
    private mutating func pad(_ count: Int) {
        let p = (4 - count & 3) & 3
        if p > 0 { buffer.writeRepeatingByte(0, count: p) }
    }

    /// Fixed-length opaque (no length word), padded.
    public mutating func fixedOpaque<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        buffer.writeBytes(bytes)
        pad(bytes.count)
    }

    /// Variable-length opaque: length, bytes, padding.
    public mutating func opaque<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        uint32(UInt32(bytes.count))
        fixedOpaque(bytes)
    }

    /// Variable-length opaque from raw memory (e.g. READ data borrowed from the host).
    public mutating func opaque(_ raw: UnsafeRawBufferPointer) {
        uint32(UInt32(raw.count))
        buffer.writeBytes(raw)
        pad(raw.count)
    }

    /// Variable-length opaque from another buffer (readable bytes).
    public mutating func opaque(_ other: ByteBuffer) {
        uint32(UInt32(other.readableBytes))
        var o = other
        buffer.writeBuffer(&o)
        pad(other.readableBytes)
    }

    public mutating func string(_ s: String) { opaque(Array(s.utf8)) }

    /// An optional value: a bool, then the value when present.
    public mutating func optional<T>(_ v: T?, _ write: (inout XDRWriter, T) -> Void) {
        if let v {
            bool(true)
            write(&self, v)
        } else {
            bool(false)
        }
    }
}
