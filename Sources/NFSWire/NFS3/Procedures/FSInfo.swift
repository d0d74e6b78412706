/// FSINFO3args (procedure 19): a handle in the file system to describe.
public struct FSInfo3Args: WireCodable, Hashable {
    public var fsroot: FileHandle3

    public init(fsroot: FileHandle3) { self.fsroot = fsroot }
    public init(from reader: inout XDRReader) throws(XDRError) { fsroot = try FileHandle3(from: &reader) }
    public func encode(into writer: inout XDRWriter) { fsroot.encode(into: &writer) }
}

/// FSINFO3resok: static file system information and transfer sizes.
public struct FSInfo3ResOK: WireCodable, Hashable {
    public var objAttributes: Fattr3?
    /// Largest READ supported.
    public var rtmax: UInt32
    /// Preferred READ size.
    public var rtpref: UInt32
    /// Suggested READ size multiple.
    public var rtmult: UInt32
    /// Largest WRITE supported.
    public var wtmax: UInt32
    /// Preferred WRITE size.
    public var wtpref: UInt32
    /// Suggested WRITE size multiple.
    public var wtmult: UInt32
    /// Preferred READDIR count.
    public var dtpref: UInt32
    /// Largest file size.
    public var maxFileSize: UInt64
    /// Server time granularity.
    public var timeDelta: NFSTime3
    public var properties: FSInfoProperties3

    public init(
        objAttributes: Fattr3?, rtmax: UInt32, rtpref: UInt32, rtmult: UInt32, wtmax: UInt32, wtpref: UInt32,
        wtmult: UInt32, dtpref: UInt32, maxFileSize: UInt64, timeDelta: NFSTime3, properties: FSInfoProperties3
    ) {
        self.objAttributes = objAttributes
        self.rtmax = rtmax
        self.rtpref = rtpref
        self.rtmult = rtmult
        self.wtmax = wtmax
        self.wtpref = wtpref
        self.wtmult = wtmult
        self.dtpref = dtpref
        self.maxFileSize = maxFileSize
        self.timeDelta = timeDelta
        self.properties = properties
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        objAttributes = try Fattr3?(from: &reader)
        rtmax = try reader.uint32()
        rtpref = try reader.uint32()
        rtmult = try reader.uint32()
        wtmax = try reader.uint32()
        wtpref = try reader.uint32()
        wtmult = try reader.uint32()
        dtpref = try reader.uint32()
        maxFileSize = try reader.uint64()
        timeDelta = try NFSTime3(from: &reader)
        properties = try FSInfoProperties3(from: &reader)
    }

    public func encode(into writer: inout XDRWriter) {
        objAttributes.encode(into: &writer)
        writer.uint32(rtmax)
        writer.uint32(rtpref)
        writer.uint32(rtmult)
        writer.uint32(wtmax)
        writer.uint32(wtpref)
        writer.uint32(wtmult)
        writer.uint32(dtpref)
        writer.uint64(maxFileSize)
        timeDelta.encode(into: &writer)
        properties.encode(into: &writer)
    }
}

/// FSINFO3resfail: the object's attributes.
public struct FSInfo3ResFail: WireCodable, Hashable {
    public var objAttributes: Fattr3?

    public init(objAttributes: Fattr3?) { self.objAttributes = objAttributes }
    public init(from reader: inout XDRReader) throws(XDRError) { objAttributes = try Fattr3?(from: &reader) }
    public func encode(into writer: inout XDRWriter) { objAttributes.encode(into: &writer) }
}

/// FSINFO3res.
public typealias FSInfo3Res = NFS3Result<FSInfo3ResOK, FSInfo3ResFail>
