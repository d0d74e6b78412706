/// CREATE3args (procedure 8): where to create a regular file, and how.
public struct Create3Args: WireCodable, Hashable {
    public var `where`: DirOpArgs3
    public var how: CreateHow3

    public init(where: DirOpArgs3, how: CreateHow3) {
        self.where = `where`
        self.how = how
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        self.where = try DirOpArgs3(from: &reader)
        how = try CreateHow3(from: &reader)
    }

    public func encode(into writer: inout XDRWriter) {
        self.where.encode(into: &writer)
        how.encode(into: &writer)
    }
}

/// CREATE3resok: `post_op_fh3 obj; post_op_attr obj_attributes; wcc_data dir_wcc;`.
public typealias Create3ResOK = NewObject3ResOK
/// CREATE3resfail: `wcc_data dir_wcc;`.
public typealias Create3ResFail = DirWcc3
/// CREATE3res.
public typealias Create3Res = NFS3Result<Create3ResOK, Create3ResFail>
