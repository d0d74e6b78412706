/// REMOVE3args (procedure 12): the directory entry to remove.
public struct Remove3Args: WireCodable, Hashable {
    public var object: DirOpArgs3

    public init(object: DirOpArgs3) { self.object = object }
    public init(from reader: inout XDRReader) throws(XDRError) { object = try DirOpArgs3(from: &reader) }
    public func encode(into writer: inout XDRWriter) { object.encode(into: &writer) }
}

/// REMOVE3resok: `wcc_data dir_wcc;`.
public typealias Remove3ResOK = DirWcc3
/// REMOVE3resfail: `wcc_data dir_wcc;`.
public typealias Remove3ResFail = DirWcc3
/// REMOVE3res.
public typealias Remove3Res = NFS3Result<Remove3ResOK, Remove3ResFail>
