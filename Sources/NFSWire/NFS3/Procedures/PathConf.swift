/// PATHCONF3args (procedure 20): the object to describe.
public struct PathConf3Args: WireCodable, Hashable {
    public var object: FileHandle3

    public init(object: FileHandle3) { self.object = object }
    public init(from reader: inout XDRReader) throws(XDRError) { object = try FileHandle3(from: &reader) }
    public func encode(into writer: inout XDRWriter) { object.encode(into: &writer) }
}

/// PATHCONF3resok: POSIX pathconf information.
public struct PathConf3ResOK: WireCodable, Hashable {
    public var objAttributes: Fattr3?
    /// Most hard links to an object.
    public var linkMax: UInt32
    /// Longest name component.
    public var nameMax: UInt32
    /// True if longer names are rejected (NFS3ERR_NAMETOOLONG), not truncated.
    public var noTrunc: Bool
    /// True if only a privileged user may change ownership.
    public var chownRestricted: Bool
    /// True if names are compared case-insensitively.
    public var caseInsensitive: Bool
    /// True if the case of names is preserved.
    public var casePreserving: Bool

    public init(
        objAttributes: Fattr3?, linkMax: UInt32, nameMax: UInt32, noTrunc: Bool,
        chownRestricted: Bool, caseInsensitive: Bool, casePreserving: Bool
    ) {
        self.objAttributes = objAttributes
        self.linkMax = linkMax
        self.nameMax = nameMax
        self.noTrunc = noTrunc
        self.chownRestricted = chownRestricted
        self.caseInsensitive = caseInsensitive
        self.casePreserving = casePreserving
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        objAttributes = try Fattr3?(from: &reader)
        linkMax = try reader.uint32()
        nameMax = try reader.uint32()
        noTrunc = try reader.bool()
        chownRestricted = try reader.bool()
        caseInsensitive = try reader.bool()
        casePreserving = try reader.bool()
    }

    public func encode(into writer: inout XDRWriter) {
        objAttributes.encode(into: &writer)
        writer.uint32(linkMax)
        writer.uint32(nameMax)
        writer.bool(noTrunc)
        writer.bool(chownRestricted)
        writer.bool(caseInsensitive)
        writer.bool(casePreserving)
    }
}

/// PATHCONF3resfail: the object's attributes.
public struct PathConf3ResFail: WireCodable, Hashable {
    public var objAttributes: Fattr3?

    public init(objAttributes: Fattr3?) { self.objAttributes = objAttributes }
    public init(from reader: inout XDRReader) throws(XDRError) { objAttributes = try Fattr3?(from: &reader) }
    public func encode(into writer: inout XDRWriter) { objAttributes.encode(into: &writer) }
}

/// PATHCONF3res.
public typealias PathConf3Res = NFS3Result<PathConf3ResOK, PathConf3ResFail>
