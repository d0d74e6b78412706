/// ACCESS3args (procedure 4): the object and the permissions to check.
public struct Access3Args: WireCodable, Hashable {
    public var object: FileHandle3
    public var access: Access3

    public init(object: FileHandle3, access: Access3) {
        self.object = object
        self.access = access
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        object = try FileHandle3(from: &reader)
        access = try Access3(from: &reader)
    }

    public func encode(into writer: inout XDRWriter) {
        object.encode(into: &writer)
        access.encode(into: &writer)
    }
}

/// ACCESS3resok: the object's attributes and the permissions granted (a
/// subset of those asked for).
public struct Access3ResOK: WireCodable, Hashable {
    public var objAttributes: Fattr3?
    public var access: Access3

    public init(objAttributes: Fattr3?, access: Access3) {
        self.objAttributes = objAttributes
        self.access = access
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        objAttributes = try Fattr3?(from: &reader)
        access = try Access3(from: &reader)
    }

    public func encode(into writer: inout XDRWriter) {
        objAttributes.encode(into: &writer)
        access.encode(into: &writer)
    }
}

/// ACCESS3resfail: the object's attributes.
public struct Access3ResFail: WireCodable, Hashable {
    public var objAttributes: Fattr3?

    public init(objAttributes: Fattr3?) { self.objAttributes = objAttributes }
    public init(from reader: inout XDRReader) throws(XDRError) { objAttributes = try Fattr3?(from: &reader) }
    public func encode(into writer: inout XDRWriter) { objAttributes.encode(into: &writer) }
}

/// ACCESS3res.
public typealias Access3Res = NFS3Result<Access3ResOK, Access3ResFail>
