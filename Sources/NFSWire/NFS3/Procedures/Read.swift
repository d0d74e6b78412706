import NIOCore

/// READ3args (procedure 6): `count` bytes of `file` from `offset`.
public struct Read3Args: WireCodable, Hashable {
    public var file: FileHandle3
    public var offset: UInt64
    public var count: UInt32

    public init(file: FileHandle3, offset: UInt64, count: UInt32) {
        self.file = file
        self.offset = offset
        self.count = count
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        file = try FileHandle3(from: &reader)
        offset = try reader.uint64()
        count = try reader.uint32()
    }

    public func encode(into writer: inout XDRWriter) {
        file.encode(into: &writer)
        writer.uint64(offset)
        writer.uint32(count)
    }
}

/// READ3resok: attributes, the byte count, end-of-file and the data.
///
/// `data` is a `ByteBuffer`: decoding slices the input (no copy). A server
/// holding the bytes in borrowed memory should skip this struct and call
/// ``encode(into:fileAttributes:eof:data:)`` (or ``NFS3Result/encodeOK(into:fileAttributes:eof:data:)``),
/// which copy the bytes once, straight into the reply.
public struct Read3ResOK: WireCodable, Hashable {
    public var fileAttributes: Fattr3?
    /// Bytes read; equals the length of `data`.
    public var count: UInt32
    /// True if the read reached the end of the file.
    public var eof: Bool
    public var data: ByteBuffer

    /// A result whose `count` is the length of `data`.
    public init(fileAttributes: Fattr3?, eof: Bool, data: ByteBuffer) {
        self.init(fileAttributes: fileAttributes, count: UInt32(truncatingIfNeeded: data.readableBytes), eof: eof, data: data)
    }

    /// A result with an explicit `count` (for tests of inconsistent peers).
    public init(fileAttributes: Fattr3?, count: UInt32, eof: Bool, data: ByteBuffer) {
        self.fileAttributes = fileAttributes
        self.count = count
        self.eof = eof
        self.data = data
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        fileAttributes = try Fattr3?(from: &reader)
        count = try reader.uint32()
        eof = try reader.bool()
        data = try reader.opaqueSlice(maximum: Int(UInt32.max))
    }

    public func encode(into writer: inout XDRWriter) {
        fileAttributes.encode(into: &writer)
        writer.uint32(count)
        writer.bool(eof)
        writer.opaque(data)
    }

    /// Encode a READ3resok whose data lives in raw memory (count = data.count).
    public static func encode(
        into writer: inout XDRWriter, fileAttributes: Fattr3?, eof: Bool, data: UnsafeRawBufferPointer
    ) {
        fileAttributes.encode(into: &writer)
        writer.uint32(UInt32(truncatingIfNeeded: data.count))
        writer.bool(eof)
        writer.opaque(data)
    }

    /// Encoded size of a READ3resok carrying `dataLength` bytes: for sizing
    /// the reply buffer before the data arrives.
    public static func encodedSize(dataLength: Int, hasAttributes: Bool) -> Int {
        (hasAttributes ? 4 + Fattr3.encodedSize : 4) + 4 + 4 + XDRSize.opaque(dataLength)
    }
}

/// READ3resfail: the file's attributes.
public struct Read3ResFail: WireCodable, Hashable {
    public var fileAttributes: Fattr3?

    public init(fileAttributes: Fattr3?) { self.fileAttributes = fileAttributes }
    public init(from reader: inout XDRReader) throws(XDRError) { fileAttributes = try Fattr3?(from: &reader) }
    public func encode(into writer: inout XDRWriter) { fileAttributes.encode(into: &writer) }
}

/// READ3res.
public typealias Read3Res = NFS3Result<Read3ResOK, Read3ResFail>

extension NFS3Result where OK == Read3ResOK, Fail == Read3ResFail {
    /// Encode a successful READ3res (status NFS3_OK, then the resok) whose
    /// data lives in raw memory: one copy, into the reply.
    public static func encodeOK(
        into writer: inout XDRWriter, fileAttributes: Fattr3?, eof: Bool, data: UnsafeRawBufferPointer
    ) {
        NFSStat3.ok.encode(into: &writer)
        Read3ResOK.encode(into: &writer, fileAttributes: fileAttributes, eof: eof, data: data)
    }
}
