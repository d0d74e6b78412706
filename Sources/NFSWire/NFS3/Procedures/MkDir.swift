/// MKDIR3args (procedure 9): where to create a directory, and its attributes.
public struct MkDir3Args: WireCodable, Hashable {
    public var `where`: DirOpArgs3
    public var attributes: Sattr3

    public init(where: DirOpArgs3, attributes: Sattr3) {
        self.where = `where`
        self.attributes = attributes
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        self.where = try DirOpArgs3(from: &reader)
        attributes = try Sattr3(from: &reader)
    }

    public func encode(into writer: inout XDRWriter) {
        self.where.encode(into: &writer)
        attributes.encode(into: &writer)
    }
}

/// MKDIR3resok: `post_op_fh3 obj; post_op_attr obj_attributes; wcc_data dir_wcc;`.
public typealias MkDir3ResOK = NewObject3ResOK
/// MKDIR3resfail: `wcc_data dir_wcc;`.
public typealias MkDir3ResFail = DirWcc3
/// MKDIR3res.
public typealias MkDir3Res = NFS3Result<MkDir3ResOK, MkDir3ResFail>
