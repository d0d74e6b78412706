/// RENAME3args (procedure 14): the entry to rename and its new place.
public struct Rename3Args: WireCodable, Hashable {
    public var from: DirOpArgs3
    public var to: DirOpArgs3

    public init(from: DirOpArgs3, to: DirOpArgs3) {
        self.from = from
        self.to = to
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        from = try DirOpArgs3(from: &reader)
        to = try DirOpArgs3(from: &reader)
    }

    public func encode(into writer: inout XDRWriter) {
        from.encode(into: &writer)
        to.encode(into: &writer)
    }
}

/// RENAME3resok and RENAME3resfail (identical): both directories' wcc_data.
public struct Rename3Wcc: WireCodable, Hashable {
    public var fromdirWcc: WccData3
    public var todirWcc: WccData3

    public init(fromdirWcc: WccData3, todirWcc: WccData3) {
        self.fromdirWcc = fromdirWcc
        self.todirWcc = todirWcc
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        fromdirWcc = try WccData3(from: &reader)
        todirWcc = try WccData3(from: &reader)
    }

    public func encode(into writer: inout XDRWriter) {
        fromdirWcc.encode(into: &writer)
        todirWcc.encode(into: &writer)
    }
}

/// RENAME3resok: `wcc_data fromdir_wcc; wcc_data todir_wcc;`.
public typealias Rename3ResOK = Rename3Wcc
/// RENAME3resfail: `wcc_data fromdir_wcc; wcc_data todir_wcc;`.
public typealias Rename3ResFail = Rename3Wcc
/// RENAME3res.
public typealias Rename3Res = NFS3Result<Rename3ResOK, Rename3ResFail>
