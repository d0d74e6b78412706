/// READDIRPLUS3args (procedure 17): read `dir` from `cookie` with each
/// entry's attributes and handle.
public struct ReadDirPlus3Args: WireCodable, Hashable {
    public var dir: FileHandle3
    public var cookie: UInt64
    public var cookieVerf: CookieVerf3
    /// The most bytes of directory information (entries without their
    /// attributes and handles) the client wants.
    public var dirCount: UInt32
    /// The largest READDIRPLUS3resok the client accepts, XDR overhead included.
    public var maxCount: UInt32

    public init(dir: FileHandle3, cookie: UInt64, cookieVerf: CookieVerf3, dirCount: UInt32, maxCount: UInt32) {
        self.dir = dir
        self.cookie = cookie
        self.cookieVerf = cookieVerf
        self.dirCount = dirCount
        self.maxCount = maxCount
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        dir = try FileHandle3(from: &reader)
        cookie = try reader.uint64()
        cookieVerf = try reader.uint64()
        dirCount = try reader.uint32()
        maxCount = try reader.uint32()
    }

    public func encode(into writer: inout XDRWriter) {
        dir.encode(into: &writer)
        writer.uint64(cookie)
        writer.uint64(cookieVerf)
        writer.uint32(dirCount)
        writer.uint32(maxCount)
    }
}

/// entryplus3: one directory entry of a READDIRPLUS reply.
public struct EntryPlus3: WireCodable, Hashable {
    public var fileid: UInt64
    /// filename3: raw bytes.
    public var name: [UInt8]
    public var cookie: UInt64
    /// post_op_attr name_attributes.
    public var nameAttributes: Fattr3?
    /// post_op_fh3 name_handle.
    public var nameHandle: FileHandle3?

    public init(fileid: UInt64, name: [UInt8], cookie: UInt64, nameAttributes: Fattr3?, nameHandle: FileHandle3?) {
        self.fileid = fileid
        self.name = name
        self.cookie = cookie
        self.nameAttributes = nameAttributes
        self.nameHandle = nameHandle
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        fileid = try reader.uint64()
        name = try reader.string(maximum: NFS3.maxNameLength)
        cookie = try reader.uint64()
        nameAttributes = try Fattr3?(from: &reader)
        nameHandle = try FileHandle3?(from: &reader)
    }

    /// Encodes the entry's fields (the list's "value follows" word is
    /// written by the list, not here).
    public func encode(into writer: inout XDRWriter) {
        writer.uint64(fileid)
        writer.opaque(name)
        writer.uint64(cookie)
        nameAttributes.encode(into: &writer)
        nameHandle.encode(into: &writer)
    }

    /// Bytes an entry adds to a READDIRPLUS reply: the "value follows"
    /// word, fileid, name, cookie, post_op_attr and post_op_fh3.
    /// `handleLength` is nil when no handle is sent.
    public static func encodedSize(nameLength: Int, hasAttributes: Bool, handleLength: Int?) -> Int {
        Entry3.encodedSize(nameLength: nameLength)
            + (hasAttributes ? 4 + Fattr3.encodedSize : 4)
            + (handleLength.map { 4 + XDRSize.opaque($0) } ?? 4)
    }

    /// Bytes this entry adds to a READDIRPLUS reply (counted against maxcount).
    public var encodedSize: Int {
        Self.encodedSize(nameLength: name.count, hasAttributes: nameAttributes != nil, handleLength: nameHandle?.bytes.count)
    }

    /// Bytes of "directory information" in this entry (counted against
    /// dircount): the size it would have as a READDIR entry3, i.e. without
    /// its attributes and handle.
    public var dirInfoSize: Int { Entry3.encodedSize(nameLength: name.count) }
}

/// READDIRPLUS3resok: the directory's attributes, the cookie verifier and
/// the entries (dirlistplus3: `entryplus3 *entries; bool eof;`, flattened).
public struct ReadDirPlus3ResOK: WireCodable, Hashable {
    public var dirAttributes: Fattr3?
    public var cookieVerf: CookieVerf3
    /// The entries, in order; encoded as an XDR linked list.
    public var entries: [EntryPlus3]
    public var eof: Bool

    public init(dirAttributes: Fattr3?, cookieVerf: CookieVerf3, entries: [EntryPlus3], eof: Bool) {
        self.dirAttributes = dirAttributes
        self.cookieVerf = cookieVerf
        self.entries = entries
        self.eof = eof
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        dirAttributes = try Fattr3?(from: &reader)
        cookieVerf = try reader.uint64()
        entries = try WireList.decodeLinked(&reader) { (r: inout XDRReader) throws(XDRError) in try EntryPlus3(from: &r) }
        eof = try reader.bool()
    }

    public func encode(into writer: inout XDRWriter) {
        dirAttributes.encode(into: &writer)
        writer.uint64(cookieVerf)
        WireList.encodeLinked(&writer, entries) { $1.encode(into: &$0) }
        writer.bool(eof)
    }

    /// Size of a READDIRPLUS3resok with no entries (same layout as READDIR's).
    public static func emptySize(hasDirAttributes: Bool) -> Int {
        ReadDir3ResOK.emptySize(hasDirAttributes: hasDirAttributes)
    }

    /// This result's encoded size (without the status word).
    public var encodedSize: Int {
        entries.reduce(Self.emptySize(hasDirAttributes: dirAttributes != nil)) { $0 + $1.encodedSize }
    }
}

/// READDIRPLUS3resfail: the directory's attributes.
public struct ReadDirPlus3ResFail: WireCodable, Hashable {
    public var dirAttributes: Fattr3?

    public init(dirAttributes: Fattr3?) { self.dirAttributes = dirAttributes }
    public init(from reader: inout XDRReader) throws(XDRError) { dirAttributes = try Fattr3?(from: &reader) }
    public func encode(into writer: inout XDRWriter) { dirAttributes.encode(into: &writer) }
}

/// READDIRPLUS3res.
public typealias ReadDirPlus3Res = NFS3Result<ReadDirPlus3ResOK, ReadDirPlus3ResFail>
