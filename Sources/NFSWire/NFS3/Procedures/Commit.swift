/// COMMIT3args (procedure 21): commit `count` bytes of `file` from `offset`
/// to stable storage (count 0: to the end of the file).
public struct Commit3Args: WireCodable, Hashable {
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

/// COMMIT3resok: the file's wcc_data and the server's write verifier.
public struct Commit3ResOK: WireCodable, Hashable {
    public var fileWcc: WccData3
    public var verf: WriteVerf3

    public init(fileWcc: WccData3, verf: WriteVerf3) {
        self.fileWcc = fileWcc
        self.verf = verf
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        fileWcc = try WccData3(from: &reader)
        verf = try reader.uint64()
    }

    public func encode(into writer: inout XDRWriter) {
        fileWcc.encode(into: &writer)
        writer.uint64(verf)
    }
}

/// COMMIT3resfail: the file's wcc_data.
public struct Commit3ResFail: WireCodable, Hashable {
    public var fileWcc: WccData3

    public init(fileWcc: WccData3) { self.fileWcc = fileWcc }
    public init(from reader: inout XDRReader) throws(XDRError) { fileWcc = try WccData3(from: &reader) }
    public func encode(into writer: inout XDRWriter) { fileWcc.encode(into: &writer) }
}

/// COMMIT3res.
public typealias Commit3Res = NFS3Result<Commit3ResOK, Commit3ResFail>
