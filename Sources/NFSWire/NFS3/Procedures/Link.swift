/// LINK3args (procedure 15): the file and the new name for it.
public struct Link3Args: WireCodable, Hashable {
    public var file: FileHandle3
    public var link: DirOpArgs3

    public init(file: FileHandle3, link: DirOpArgs3) {
        self.file = file
        self.link = link
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        file = try FileHandle3(from: &reader)
        link = try DirOpArgs3(from: &reader)
    }

    public func encode(into writer: inout XDRWriter) {
        file.encode(into: &writer)
        link.encode(into: &writer)
    }
}

/// LINK3resok and LINK3resfail (identical): the file's attributes and the
/// link directory's wcc_data.
public struct Link3Wcc: WireCodable, Hashable {
    public var fileAttributes: Fattr3?
    public var linkdirWcc: WccData3

    public init(fileAttributes: Fattr3?, linkdirWcc: WccData3) {
        self.fileAttributes = fileAttributes
        self.linkdirWcc = linkdirWcc
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        fileAttributes = try Fattr3?(from: &reader)
        linkdirWcc = try WccData3(from: &reader)
    }

    public func encode(into writer: inout XDRWriter) {
        fileAttributes.encode(into: &writer)
        linkdirWcc.encode(into: &writer)
    }
}

/// LINK3resok: `post_op_attr file_attributes; wcc_data linkdir_wcc;`.
public typealias Link3ResOK = Link3Wcc
/// LINK3resfail: `post_op_attr file_attributes; wcc_data linkdir_wcc;`.
public typealias Link3ResFail = Link3Wcc
/// LINK3res.
public typealias Link3Res = NFS3Result<Link3ResOK, Link3ResFail>
