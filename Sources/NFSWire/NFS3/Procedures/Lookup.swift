/// LOOKUP3args (procedure 3): a directory and a name in it.
public struct Lookup3Args: WireCodable, Hashable {
    public var what: DirOpArgs3

    public init(what: DirOpArgs3) { self.what = what }
    public init(from reader: inout XDRReader) throws(XDRError) { what = try DirOpArgs3(from: &reader) }
    public func encode(into writer: inout XDRWriter) { what.encode(into: &writer) }
}

/// LOOKUP3resok: the handle found, its attributes and the directory's.
public struct Lookup3ResOK: WireCodable, Hashable {
    public var object: FileHandle3
    public var objAttributes: Fattr3?
    public var dirAttributes: Fattr3?

    public init(object: FileHandle3, objAttributes: Fattr3?, dirAttributes: Fattr3?) {
        self.object = object
        self.objAttributes = objAttributes
        self.dirAttributes = dirAttributes
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        object = try FileHandle3(from: &reader)
        objAttributes = try Fattr3?(from: &reader)
        dirAttributes = try Fattr3?(from: &reader)
    }

    public func encode(into writer: inout XDRWriter) {
        object.encode(into: &writer)
        objAttributes.encode(into: &writer)
        dirAttributes.encode(into: &writer)
    }
}

/// LOOKUP3resfail: the directory's attributes.
public struct Lookup3ResFail: WireCodable, Hashable {
    public var dirAttributes: Fattr3?

    public init(dirAttributes: Fattr3?) { self.dirAttributes = dirAttributes }
    public init(from reader: inout XDRReader) throws(XDRError) { dirAttributes = try Fattr3?(from: &reader) }
    public func encode(into writer: inout XDRWriter) { dirAttributes.encode(into: &writer) }
}

/// LOOKUP3res.
public typealias Lookup3Res = NFS3Result<Lookup3ResOK, Lookup3ResFail>
