/// FSSTAT3args (procedure 18): a handle in the file system to describe.
public struct FSStat3Args: WireCodable, Hashable {
    public var fsroot: FileHandle3

    public init(fsroot: FileHandle3) { self.fsroot = fsroot }
    public init(from reader: inout XDRReader) throws(XDRError) { fsroot = try FileHandle3(from: &reader) }
    public func encode(into writer: inout XDRWriter) { fsroot.encode(into: &writer) }
}

/// FSSTAT3resok: dynamic file system information.
public struct FSStat3ResOK: WireCodable, Hashable {
    public var objAttributes: Fattr3?
    /// Total size in bytes.
    public var tbytes: UInt64
    /// Free bytes.
    public var fbytes: UInt64
    /// Free bytes available to the caller.
    public var abytes: UInt64
    /// Total file slots.
    public var tfiles: UInt64
    /// Free file slots.
    public var ffiles: UInt64
    /// Free file slots available to the caller.
    public var afiles: UInt64
    /// Seconds for which this information is not expected to change (0:
    /// volatile).
    public var invarsec: UInt32

    public init(
        objAttributes: Fattr3?, tbytes: UInt64, fbytes: UInt64, abytes: UInt64,
        tfiles: UInt64, ffiles: UInt64, afiles: UInt64, invarsec: UInt32
    ) {
        self.objAttributes = objAttributes
        self.tbytes = tbytes
        self.fbytes = fbytes
        self.abytes = abytes
        self.tfiles = tfiles
        self.ffiles = ffiles
        self.afiles = afiles
        self.invarsec = invarsec
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        objAttributes = try Fattr3?(from: &reader)
        tbytes = try reader.uint64()
        fbytes = try reader.uint64()
        abytes = try reader.uint64()
        tfiles = try reader.uint64()
        ffiles = try reader.uint64()
        afiles = try reader.uint64()
        invarsec = try reader.uint32()
    }

    public func encode(into writer: inout XDRWriter) {
        objAttributes.encode(into: &writer)
        writer.uint64(tbytes)
        writer.uint64(fbytes)
        writer.uint64(abytes)
        writer.uint64(tfiles)
        writer.uint64(ffiles)
        writer.uint64(afiles)
        writer.uint32(invarsec)
    }
}

/// FSSTAT3resfail: the object's attributes.
public struct FSStat3ResFail: WireCodable, Hashable {
    public var objAttributes: Fattr3?

    public init(objAttributes: Fattr3?) { self.objAttributes = objAttributes }
    public init(from reader: inout XDRReader) throws(XDRError) { objAttributes = try Fattr3?(from: &reader) }
    public func encode(into writer: inout XDRWriter) { objAttributes.encode(into: &writer) }
}

/// FSSTAT3res.
public typealias FSStat3Res = NFS3Result<FSStat3ResOK, FSStat3ResFail>
