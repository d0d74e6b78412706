import NIOCore

/// Reads XDR (RFC 4506) items from a ByteBuffer: big-endian 32/64-bit
/// integers, booleans, and opaque/string data padded to 4 bytes. Every read
/// checks the remaining length and throws `XDRError` instead of trapping.
public struct XDRReader {
    public var buffer: ByteBuffer

    public init(_ buffer: ByteBuffer) { self.buffer = buffer }

    public var remaining: Int { buffer.readableBytes }

    @inline(__always)
    private mutating func need(_ n: Int) throws(XDRError) {
        if buffer.readableBytes < n { throw .truncated(needed: n, available: buffer.readableBytes) }
    }

    public mutating func uint32() throws(XDRError) -> UInt32 {
        try need(4)
        return buffer.readInteger(endianness: .big, as: UInt32.self)!
    }

    public mutating func int32() throws(XDRError) -> Int32 { Int32(bitPattern: try uint32()) }

    public mutating func uint64() throws(XDRError) -> UInt64 {
        try need(8)
        return buffer.readInteger(endianness: .big, as: UInt64.self)!
    }

    public mutating func int64() throws(XDRError) -> Int64 { Int64(bitPattern: try uint64()) }

    /// An XDR bool: 0 or 1 only.
    public mutating func bool() throws(XDRError) -> Bool {
        switch try uint32() {
        case 0: return false
        case 1: return true
        case let v: throw .badDiscriminant(v, type: "bool")
        }
    }

    /// Fixed-length opaque of `count` bytes (plus padding).
    public mutating func fixedOpaque(_ count: Int) throws(XDRError) -> [UInt8] {
        let padded = (count + 3) & ~3
        try need(padded)
        let bytes = buffer.readBytes(length: count)!
        buffer.moveReaderIndex(forwardBy: padded - count)
        return bytes
    }

    /// Variable-length opaque of at most `maximum` bytes.
    public mutating func opaque(maximum: Int = Int(UInt32.max)) throws(XDRError) -> [UInt8] {
        let n = Int(try uint32())
        if n > maximum { throw .tooLong(length: n, maximum: maximum) }
        return try fixedOpaque(n)
    }

    /// Variable-length opaque as a slice of the underlying buffer (no copy):
    /// for WRITE data.
    public mutating func opaqueSlice(maximum: Int) throws(XDRError) -> ByteBuffer {
        let n = Int(try uint32())
        if n > maximum { throw .tooLong(length: n, maximum: maximum) }
        let padded = (n + 3) & ~3
        try need(padded)
        let slice = buffer.readSlice(length: n)!
        buffer.moveReaderIndex(forwardBy: padded - n)
        return slice
    }

    /// An XDR string (bytes, not validated as UTF-8) of at most `maximum` bytes.
    public mutating func string(maximum: Int) throws(XDRError) -> [UInt8] {
        try opaque(maximum: maximum)
    }

    /// An optional value (XDR `*T`): a bool, then the value when true.
    public mutating func optional<T>(_ read: (inout XDRReader) throws(XDRError) -> T) throws(XDRError) -> T? {
        try bool() ? try read(&self) : nil
    }

    /// Fail if anything is left.
    public func finish() throws(XDRError) {
        if buffer.readableBytes != 0 { throw .trailingBytes(buffer.readableBytes) }
    }
}
