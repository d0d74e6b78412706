/// READDIR3args (procedure 16): read `dir` from `cookie` (0 for the start),
/// returning a READDIR3resok of at most `count` bytes.
public struct ReadDir3Args: WireCodable, Hashable {
    public var dir: FileHandle3
    public var cookie: UInt64
    /// The verifier from the reply that produced `cookie` (0 with cookie 0).
    public var cookieVerf: CookieVerf3
    /// The largest READDIR3resok the client accepts, XDR overhead included.
    public var count: UInt32

    public init(dir: FileHandle3, cookie: UInt64, cookieVerf: CookieVerf3, count: UInt32) {
        self.dir = dir
        self.cookie = cookie
        self.cookieVerf = cookieVerf
        self.count = count
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        dir = try FileHandle3(from: &reader)
        cookie = try reader.uint64()
        cookieVerf = try reader.uint64()
        count = try reader.uint32()
    }

    public func encode(into writer: inout XDRWriter) {
        dir.encode(into: &writer)
        writer.uint64(cookie)
        writer.uint64(cookieVerf)
        writer.uint32(count)
    }
}

/// entry3: one directory entry of a READDIR reply.
public struct Entry3: WireCodable, Hashable {
    public var fileid: UInt64
    /// filename3: raw bytes.
    public var name: [UInt8]
    /// The cookie to resume after this entry.
    public var cookie: UInt64

    public init(fileid: UInt64, name: [UInt8], cookie: UInt64) {
        self.fileid = fileid
        self.name = name
        self.cookie = cookie
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        fileid = try reader.uint64()
        name = try reader.string(maximum: NFS3.maxNameLength)
        cookie = try reader.uint64()
    }

    /// Encodes fileid, name and cookie (the list's "value follows" word is
    /// written by the list, not here).
    public func encode(into writer: inout XDRWriter) {
        writer.uint64(fileid)
        writer.opaque(name)
        writer.uint64(cookie)
    }

    /// Bytes an entry with a name of `nameLength` bytes adds to a READDIR
    /// reply: the "value follows" word, fileid, name and cookie.
    public static func encodedSize(nameLength: Int) -> Int { 4 + 8 + XDRSize.opaque(nameLength) + 8 }

    /// Bytes this entry adds to a READDIR reply (see ``encodedSize(nameLength:)``).
    public var encodedSize: Int { Self.encodedSize(nameLength: name.count) }
}

/// READDIR3resok: the directory's attributes, the cookie verifier and the
/// entries (dirlist3: `entry3 *entries; bool eof;`, flattened here).
public struct ReadDir3ResOK: WireCodable, Hashable {
    public var dirAttributes: Fattr3?
    public var cookieVerf: CookieVerf3
    /// The entries, in order; encoded as an XDR linked list.
    public var entries: [Entry3]
    /// True if the last entry is the directory's last.
    public var eof: Bool

    public init(dirAttributes: Fattr3?, cookieVerf: CookieVerf3, entries: [Entry3], eof: Bool) {
        self.dirAttributes = dirAttributes
        self.cookieVerf = cookieVerf
        self.entries = entries
        self.eof = eof
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        dirAttributes = try Fattr3?(from: &reader)
        cookieVerf = try reader.uint64()
        entries = try WireList.decodeLinked(&reader) { (r: inout XDRReader) throws(XDRError) in try Entry3(from: &r) }
        eof = try reader.bool()
    }

    public func encode(into writer: inout XDRWriter) {
        dirAttributes.encode(into: &writer)
        writer.uint64(cookieVerf)
        WireList.encodeLinked(&writer, entries) { $1.encode(into: &$0) }
        writer.bool(eof)
    }

    /// Size of a READDIR3resok with no entries: dir_attributes, cookieverf,
    /// the list's final FALSE and eof. Each entry adds ``Entry3/encodedSize``.
    public static func emptySize(hasDirAttributes: Bool) -> Int {
        (hasDirAttributes ? 4 + Fattr3.encodedSize : 4) + 8 + 4 + 4
    }

    /// This result's encoded size (without the status word).
    public var encodedSize: Int {
        entries.reduce(Self.emptySize(hasDirAttributes: dirAttributes != nil)) { $0 + $1.encodedSize }
    }
}

/// READDIR3resfail: the directory's attributes.
public struct ReadDir3ResFail: WireCodable, Hashable {
    public var dirAttributes: Fattr3?

    public init(dirAttributes: Fattr3?) { self.dirAttributes = dirAttributes }
    public init(from reader: inout XDRReader) throws(XDRError) { dirAttributes = try Fattr3?(from: &reader) }
    public func encode(into writer: inout XDRWriter) { dirAttributes.encode(into: &writer) }
}

/// READDIR3res.
public typealias ReadDir3Res = NFS3Result<ReadDir3ResOK, ReadDir3ResFail>
