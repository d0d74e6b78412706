/// READLINK3args (procedure 5): the symbolic link to read.
public struct ReadLink3Args: WireCodable, Hashable {
    public var symlink: FileHandle3

    public init(symlink: FileHandle3) { self.symlink = symlink }
    public init(from reader: inout XDRReader) throws(XDRError) { symlink = try FileHandle3(from: &reader) }
    public func encode(into writer: inout XDRWriter) { symlink.encode(into: &writer) }
}

/// READLINK3resok: the link's attributes and its text.
public struct ReadLink3ResOK: WireCodable, Hashable {
    public var symlinkAttributes: Fattr3?
    /// nfspath3: raw bytes; decoding accepts up to ``NFS3/maxPathLength``.
    public var data: [UInt8]

    public init(symlinkAttributes: Fattr3?, data: [UInt8]) {
        self.symlinkAttributes = symlinkAttributes
        self.data = data
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        symlinkAttributes = try Fattr3?(from: &reader)
        data = try reader.string(maximum: NFS3.maxPathLength)
    }

    public func encode(into writer: inout XDRWriter) {
        symlinkAttributes.encode(into: &writer)
        writer.opaque(data)
    }
}

/// READLINK3resfail: the link's attributes.
public struct ReadLink3ResFail: WireCodable, Hashable {
    public var symlinkAttributes: Fattr3?

    public init(symlinkAttributes: Fattr3?) { self.symlinkAttributes = symlinkAttributes }
    public init(from reader: inout XDRReader) throws(XDRError) { symlinkAttributes = try Fattr3?(from: &reader) }
    public func encode(into writer: inout XDRWriter) { symlinkAttributes.encode(into: &writer) }
}

/// READLINK3res.
public typealias ReadLink3Res = NFS3Result<ReadLink3ResOK, ReadLink3ResFail>
