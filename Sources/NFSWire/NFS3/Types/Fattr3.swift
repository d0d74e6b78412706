/// fattr3: the attributes of a file system object (84 bytes on the wire).
public struct Fattr3: WireCodable, Hashable {
    /// Encoded size of every fattr3.
    public static let encodedSize = 84

    public var type: FType3
    /// Permission bits (the low 12 bits: rwx for owner/group/other, setuid,
    /// setgid, sticky); the file type is in `type`, not here.
    public var mode: UInt32
    public var nlink: UInt32
    public var uid: UInt32
    public var gid: UInt32
    /// Size in bytes.
    public var size: UInt64
    /// Bytes of disk space actually used.
    public var used: UInt64
    /// Device numbers, for NF3BLK and NF3CHR.
    public var rdev: SpecData3
    public var fsid: UInt64
    public var fileid: UInt64
    public var atime: NFSTime3
    public var mtime: NFSTime3
    public var ctime: NFSTime3

    public init(
        type: FType3, mode: UInt32, nlink: UInt32, uid: UInt32, gid: UInt32, size: UInt64, used: UInt64,
        rdev: SpecData3, fsid: UInt64, fileid: UInt64, atime: NFSTime3, mtime: NFSTime3, ctime: NFSTime3
    ) {
        self.type = type
        self.mode = mode
        self.nlink = nlink
        self.uid = uid
        self.gid = gid
        self.size = size
        self.used = used
        self.rdev = rdev
        self.fsid = fsid
        self.fileid = fileid
        self.atime = atime
        self.mtime = mtime
        self.ctime = ctime
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        type = try FType3(from: &reader)
        mode = try reader.uint32()
        nlink = try reader.uint32()
        uid = try reader.uint32()
        gid = try reader.uint32()
        size = try reader.uint64()
        used = try reader.uint64()
        rdev = try SpecData3(from: &reader)
        fsid = try reader.uint64()
        fileid = try reader.uint64()
        atime = try NFSTime3(from: &reader)
        mtime = try NFSTime3(from: &reader)
        ctime = try NFSTime3(from: &reader)
    }

    public func encode(into writer: inout XDRWriter) {
        type.encode(into: &writer)
        writer.uint32(mode)
        writer.uint32(nlink)
        writer.uint32(uid)
        writer.uint32(gid)
        writer.uint64(size)
        writer.uint64(used)
        rdev.encode(into: &writer)
        writer.uint64(fsid)
        writer.uint64(fileid)
        atime.encode(into: &writer)
        mtime.encode(into: &writer)
        ctime.encode(into: &writer)
    }
}

/// post_op_attr: `union switch (bool attributes_follow) { case TRUE: fattr3
/// attributes; case FALSE: void; }`, held as an optional.
public typealias PostOpAttr = Fattr3?

extension Optional where Wrapped == Fattr3 {
    /// Encoded size of a post_op_attr: 4, or 88 with attributes.
    public var encodedSize: Int { self == nil ? 4 : 4 + Fattr3.encodedSize }
}
