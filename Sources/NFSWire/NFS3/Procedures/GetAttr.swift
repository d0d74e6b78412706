/// GETATTR3args (procedure 1): the object whose attributes are wanted.
public struct GetAttr3Args: WireCodable, Hashable {
    public var object: FileHandle3

    public init(object: FileHandle3) { self.object = object }

    public init(from reader: inout XDRReader) throws(XDRError) {
        object = try FileHandle3(from: &reader)
    }

    public func encode(into writer: inout XDRWriter) { object.encode(into: &writer) }
}

/// GETATTR3resok: the object's attributes.
public struct GetAttr3ResOK: WireCodable, Hashable {
    public var objAttributes: Fattr3

    public init(objAttributes: Fattr3) { self.objAttributes = objAttributes }

    public init(from reader: inout XDRReader) throws(XDRError) {
        objAttributes = try Fattr3(from: &reader)
    }

    public func encode(into writer: inout XDRWriter) { objAttributes.encode(into: &writer) }
}

/// GETATTR3res: `case NFS3_OK: GETATTR3resok resok; default: void;`.
public typealias GetAttr3Res = NFS3Result<GetAttr3ResOK, WireVoid>
