/// RMDIR3args (procedure 13): the directory to remove.
public struct RmDir3Args: WireCodable, Hashable {
    public var object: DirOpArgs3

    public init(object: DirOpArgs3) { self.object = object }
    public init(from reader: inout XDRReader) throws(XDRError) { object = try DirOpArgs3(from: &reader) }
    public func encode(into writer: inout XDRWriter) { object.encode(into: &writer) }
}

/// RMDIR3resok: `wcc_data dir_wcc;`.
public typealias RmDir3ResOK = DirWcc3
/// RMDIR3resfail: `wcc_data dir_wcc;`.
public typealias RmDir3ResFail = DirWcc3
/// RMDIR3res.
public typealias RmDir3Res = NFS3Result<RmDir3ResOK, RmDir3ResFail>
