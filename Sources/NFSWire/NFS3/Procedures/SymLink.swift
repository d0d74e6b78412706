/// symlinkdata3: the new link's attributes and its text.
public struct SymlinkData3: WireCodable, Hashable {
    public var symlinkAttributes: Sattr3
    /// nfspath3: raw bytes; decoding accepts up to ``NFS3/maxPathLength``.
    public var symlinkData: [UInt8]

    public init(symlinkAttributes: Sattr3, symlinkData: [UInt8]) {
        self.symlinkAttributes = symlinkAttributes
        self.symlinkData = symlinkData
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        symlinkAttributes = try Sattr3(from: &reader)
        symlinkData = try reader.string(maximum: NFS3.maxPathLength)
    }

    public func encode(into writer: inout XDRWriter) {
        symlinkAttributes.encode(into: &writer)
        writer.opaque(symlinkData)
    }
}

/// SYMLINK3args (procedure 10): where to create a symbolic link, and what.
public struct SymLink3Args: WireCodable, Hashable {
    public var `where`: DirOpArgs3
    public var symlink: SymlinkData3

    public init(where: DirOpArgs3, symlink: SymlinkData3) {
        self.where = `where`
        self.symlink = symlink
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        self.where = try DirOpArgs3(from: &reader)
        symlink = try SymlinkData3(from: &reader)
    }

    public func encode(into writer: inout XDRWriter) {
        self.where.encode(into: &writer)
        symlink.encode(into: &writer)
    }
}

/// SYMLINK3resok: `post_op_fh3 obj; post_op_attr obj_attributes; wcc_data dir_wcc;`.
public typealias SymLink3ResOK = NewObject3ResOK
/// SYMLINK3resfail: `wcc_data dir_wcc;`.
public typealias SymLink3ResFail = DirWcc3
/// SYMLINK3res.
public typealias SymLink3Res = NFS3Result<SymLink3ResOK, SymLink3ResFail>
