/// MKNOD3args (procedure 11): where to create a special file, and what.
public struct MkNod3Args: WireCodable, Hashable {
    public var `where`: DirOpArgs3
    public var what: MknodData3

    public init(where: DirOpArgs3, what: MknodData3) {
        self.where = `where`
        self.what = what
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        self.where = try DirOpArgs3(from: &reader)
        what = try MknodData3(from: &reader)
    }

    public func encode(into writer: inout XDRWriter) {
        self.where.encode(into: &writer)
        what.encode(into: &writer)
    }
}

/// MKNOD3resok: `post_op_fh3 obj; post_op_attr obj_attributes; wcc_data dir_wcc;`.
public typealias MkNod3ResOK = NewObject3ResOK
/// MKNOD3resfail: `wcc_data dir_wcc;`.
public typealias MkNod3ResFail = DirWcc3
/// MKNOD3res.
public typealias MkNod3Res = NFS3Result<MkNod3ResOK, MkNod3ResFail>
