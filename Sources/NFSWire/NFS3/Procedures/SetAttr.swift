/// SETATTR3args (procedure 2): the object, the attributes to set and an
/// optional ctime guard (sattrguard3).
public struct SetAttr3Args: WireCodable, Hashable {
    public var object: FileHandle3
    public var newAttributes: Sattr3
    /// sattrguard3: when set, apply only if the object's ctime equals this
    /// (else NFS3ERR_NOT_SYNC).
    public var guardCtime: NFSTime3?

    public init(object: FileHandle3, newAttributes: Sattr3, guardCtime: NFSTime3? = nil) {
        self.object = object
        self.newAttributes = newAttributes
        self.guardCtime = guardCtime
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        object = try FileHandle3(from: &reader)
        newAttributes = try Sattr3(from: &reader)
        guardCtime = try NFSTime3?(from: &reader)
    }

    public func encode(into writer: inout XDRWriter) {
        object.encode(into: &writer)
        newAttributes.encode(into: &writer)
        guardCtime.encode(into: &writer)
    }
}

/// SETATTR3resok: the object's wcc_data.
public struct SetAttr3ResOK: WireCodable, Hashable {
    public var objWcc: WccData3

    public init(objWcc: WccData3) { self.objWcc = objWcc }
    public init(from reader: inout XDRReader) throws(XDRError) { objWcc = try WccData3(from: &reader) }
    public func encode(into writer: inout XDRWriter) { objWcc.encode(into: &writer) }
}

/// SETATTR3resfail: the object's wcc_data.
public struct SetAttr3ResFail: WireCodable, Hashable {
    public var objWcc: WccData3

    public init(objWcc: WccData3) { self.objWcc = objWcc }
    public init(from reader: inout XDRReader) throws(XDRError) { objWcc = try WccData3(from: &reader) }
    public func encode(into writer: inout XDRWriter) { objWcc.encode(into: &writer) }
}

/// SETATTR3res.
public typealias SetAttr3Res = NFS3Result<SetAttr3ResOK, SetAttr3ResFail>
