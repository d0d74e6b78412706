import NIOCore

/// WRITE3args (procedure 7): `data` to write to `file` at `offset`.
///
/// Decoding slices the data out of the input buffer (no copy), so the
/// request buffer stays alive as long as `data` does.
public struct Write3Args: WireCodable, Hashable {
    public var file: FileHandle3
    public var offset: UInt64
    /// Bytes to write, as the client states it. RFC 1813 says it equals the
    /// length of `data`; the decoder does not check (the server should,
    /// answering NFS3ERR_INVAL on a mismatch).
    public var count: UInt32
    public var stable: StableHow3
    public var data: ByteBuffer

    /// Arguments whose `count` is the length of `data`.
    public init(file: FileHandle3, offset: UInt64, stable: StableHow3, data: ByteBuffer) {
        self.init(file: file, offset: offset, count: UInt32(truncatingIfNeeded: data.readableBytes), stable: stable, data: data)
    }

    /// Arguments with an explicit `count`.
    public init(file: FileHandle3, offset: UInt64, count: UInt32, stable: StableHow3, data: ByteBuffer) {
        self.file = file
        self.offset = offset
        self.count = count
        self.stable = stable
        self.data = data
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        file = try FileHandle3(from: &reader)
        offset = try reader.uint64()
        count = try reader.uint32()
        stable = try StableHow3(from: &reader)
        data = try reader.opaqueSlice(maximum: Int(UInt32.max))
    }

    public func encode(into writer: inout XDRWriter) {
        file.encode(into: &writer)
        writer.uint64(offset)
        writer.uint32(count)
        stable.encode(into: &writer)
        writer.opaque(data)
    }

    /// Encode WRITE3args whose data lives in raw memory (count = data.count).
    public static func encode(
        into writer: inout XDRWriter, file: FileHandle3, offset: UInt64, stable: StableHow3, data: UnsafeRawBufferPointer
    ) {
        file.encode(into: &writer)
        writer.uint64(offset)
        writer.uint32(UInt32(truncatingIfNeeded: data.count))
        stable.encode(into: &writer)
        writer.opaque(data)
    }
}

/// WRITE3resok: the file's wcc_data, the bytes written, how stably they were
/// committed and the server's write verifier.
public struct Write3ResOK: WireCodable, Hashable {
    public var fileWcc: WccData3
    public var count: UInt32
    public var committed: StableHow3
    public var verf: WriteVerf3

    public init(fileWcc: WccData3, count: UInt32, committed: StableHow3, verf: WriteVerf3) {
        self.fileWcc = fileWcc
        self.count = count
        self.committed = committed
        self.verf = verf
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        fileWcc = try WccData3(from: &reader)
        count = try reader.uint32()
        committed = try StableHow3(from: &reader)
        verf = try reader.uint64()
    }

    public func encode(into writer: inout XDRWriter) {
        fileWcc.encode(into: &writer)
        writer.uint32(count)
        committed.encode(into: &writer)
        writer.uint64(verf)
    }
}

/// WRITE3resfail: the file's wcc_data.
public struct Write3ResFail: WireCodable, Hashable {
    public var fileWcc: WccData3

    public init(fileWcc: WccData3) { self.fileWcc = fileWcc }
    public init(from reader: inout XDRReader) throws(XDRError) { fileWcc = try WccData3(from: &reader) }
    public func encode(into writer: inout XDRWriter) { fileWcc.encode(into: &writer) }
}

/// WRITE3res.
public typealias Write3Res = NFS3Result<Write3ResOK, Write3ResFail>
