import NIOCore

/// A value with an XDR encoding, readable and writable: every NFSv3 and
/// MOUNTv3 argument and result type conforms.
///
/// Decoding throws ``XDRError`` on any malformed input and never traps;
/// encoding cannot fail. A server decodes arguments and encodes results, a
/// client does the reverse, so every type implements both directions.
public protocol WireCodable: Sendable {
    /// Read one value, advancing the reader past it.
    init(from reader: inout XDRReader) throws(XDRError)
    /// Append this value's encoding.
    func encode(into writer: inout XDRWriter)
}

extension WireCodable {
    /// Decode a complete message: the value must use every readable byte of
    /// `buffer` (leftovers throw ``XDRError/trailingBytes(_:)``).
    public init(decoding buffer: ByteBuffer) throws(XDRError) {
        var reader = XDRReader(buffer)
        try self.init(from: &reader)
        try reader.finish()
    }

    /// This value's encoding in a new buffer.
    public func encoded(allocator: ByteBufferAllocator = ByteBufferAllocator()) -> ByteBuffer {
        var writer = XDRWriter(allocator: allocator)
        encode(into: &writer)
        return writer.buffer
    }
}

/// An XDR enum: a 32-bit discriminant whose undefined values are rejected
/// with ``XDRError/badDiscriminant(_:type:)``.
public protocol WireEnum: WireCodable, RawRepresentable where RawValue == UInt32 {
    /// The XDR type name, for error messages (e.g. "nfsstat3").
    static var xdrName: String { get }
}

extension WireEnum {
    @inlinable
    public init(from reader: inout XDRReader) throws(XDRError) {
        let raw = try reader.uint32()
        guard let value = Self(rawValue: raw) else { throw .badDiscriminant(raw, type: Self.xdrName) }
        self = value
    }

    @inlinable
    public func encode(into writer: inout XDRWriter) { writer.uint32(rawValue) }
}

/// XDR `void`: no bytes. The argument of NULL procedures, the result of
/// NULL, UMNT and UMNTALL, and the failure arm of GETATTR3res.
public struct WireVoid: WireCodable, Hashable {
    public init() {}
    public init(from reader: inout XDRReader) throws(XDRError) {}
    public func encode(into writer: inout XDRWriter) {}
}

/// An optional value is the XDR union `switch (bool) { case TRUE: T; case
/// FALSE: void; }`: post_op_attr, pre_op_attr, post_op_fh3, sattrguard3 and
/// the set_mode3/set_uid3/set_gid3/set_size3 members of sattr3 all have this
/// shape (and so does `T *`).
extension Optional: WireCodable where Wrapped: WireCodable {
    @inlinable
    public init(from reader: inout XDRReader) throws(XDRError) {
        self = try reader.bool() ? try Wrapped(from: &reader) : nil
    }

    @inlinable
    public func encode(into writer: inout XDRWriter) {
        if let self {
            writer.bool(true)
            self.encode(into: &writer)
        } else {
            writer.bool(false)
        }
    }
}

/// `unsigned int` (uint32, mode3, uid3, gid3, count3).
extension UInt32: WireCodable {
    public init(from reader: inout XDRReader) throws(XDRError) { self = try reader.uint32() }
    public func encode(into writer: inout XDRWriter) { writer.uint32(self) }
}

/// `unsigned hyper` (uint64, size3, offset3, fileid3, cookie3, and the
/// 8-byte verifiers, read big-endian).
extension UInt64: WireCodable {
    public init(from reader: inout XDRReader) throws(XDRError) { self = try reader.uint64() }
    public func encode(into writer: inout XDRWriter) { writer.uint64(self) }
}

/// `int` (MOUNT's auth_flavors).
extension Int32: WireCodable {
    public init(from reader: inout XDRReader) throws(XDRError) { self = try reader.int32() }
    public func encode(into writer: inout XDRWriter) { writer.int32(self) }
}

/// Readers and writers for the two XDR list shapes.
enum WireList {
    /// A linked list (`struct node { T item; node *next; }`, as `T *head`):
    /// each element is preceded by a TRUE "value follows" word and the list
    /// ends with FALSE. Decoded with a loop, never recursion, so a long list
    /// cannot exhaust the stack; its length is bounded by the input.
    static func decodeLinked<T>(
        _ reader: inout XDRReader, _ element: (inout XDRReader) throws(XDRError) -> T
    ) throws(XDRError) -> [T] {
        var items: [T] = []
        while try reader.bool() { items.append(try element(&reader)) }
        return items
    }

    /// Encode a linked list (see ``decodeLinked(_:_:)``).
    static func encodeLinked<T>(_ writer: inout XDRWriter, _ items: [T], _ element: (inout XDRWriter, T) -> Void) {
        for item in items {
            writer.bool(true)
            element(&writer, item)
        }
        writer.bool(false)
    }

    /// A counted array `T<max>`: a length word, then the elements. Each
    /// element takes at least `minimumSize` bytes, so a length the input
    /// cannot hold fails before anything is allocated.
    static func decodeCounted<T: WireCodable>(
        _ reader: inout XDRReader, maximum: Int = Int(UInt32.max), minimumSize: Int
    ) throws(XDRError) -> [T] {
        let count = Int(try reader.uint32())
        if count > maximum { throw .tooLong(length: count, maximum: maximum) }
        let needed = count * minimumSize
        if needed > reader.remaining { throw .truncated(needed: needed, available: reader.remaining) }
        var items: [T] = []
        items.reserveCapacity(count)
        for _ in 0..<count { items.append(try T(from: &reader)) }
        return items
    }

    /// Encode a counted array.
    static func encodeCounted<T: WireCodable>(_ writer: inout XDRWriter, _ items: [T]) {
        writer.uint32(UInt32(truncatingIfNeeded: items.count))
        for item in items { item.encode(into: &writer) }
    }
}

/// Sizes of encoded XDR items.
public enum XDRSize {
    /// Bytes of a variable-length opaque or string of `length` bytes: the
    /// length word plus the data padded to a multiple of 4.
    @inlinable
    public static func opaque(_ length: Int) -> Int { 4 + (length + 3) & ~3 }
}
