import NFSWire
import NIOCore
import Testing

/// Big-endian bytes of a 32-bit word, for hand-assembled XDR.
func be32(_ v: UInt32) -> [UInt8] { [UInt8(v >> 24), UInt8(v >> 16 & 0xFF), UInt8(v >> 8 & 0xFF), UInt8(v & 0xFF)] }
/// Big-endian bytes of a 64-bit word.
func be64(_ v: UInt64) -> [UInt8] { be32(UInt32(v >> 32)) + be32(UInt32(v & 0xFFFF_FFFF)) }
/// An XDR opaque/string: length word, bytes, zero padding.
func xdrOpaque(_ b: [UInt8]) -> [UInt8] { be32(UInt32(b.count)) + b + [UInt8](repeating: 0, count: (4 - b.count % 4) % 4) }

/// One value of some wire type, type-erased so tests can loop over every type.
struct WireSample: Sendable, CustomTestStringConvertible {
    let name: String
    /// The value's encoding.
    let bytes: [UInt8]
    /// Decode a whole message (finish() included) and compare with the value.
    let decodesBack: @Sendable (ByteBuffer) throws(XDRError) -> Bool
    /// Decode one value from a reader (no finish()), then re-encode and
    /// decode again; returns false if the second decode differs from the first.
    let decodeIsStable: @Sendable (inout XDRReader) throws(XDRError) -> Bool

    var testDescription: String { name }

    init<T: WireCodable & Equatable>(_ name: String, _ value: T) {
        self.name = name
        bytes = Array(buffer: value.encoded())
        decodesBack = { (buffer: ByteBuffer) throws(XDRError) -> Bool in try T(decoding: buffer) == value }
        decodeIsStable = { (reader: inout XDRReader) throws(XDRError) -> Bool in
            let first = try T(from: &reader)
            return try T(decoding: first.encoded()) == first
        }
    }
}

/// Encode `value`, decode it back and compare; every encoding is a whole
/// number of XDR words.
func expectRoundTrip<T: WireCodable & Equatable>(
    _ value: T, sourceLocation: SourceLocation = #_sourceLocation
) throws {
    let buffer = value.encoded()
    #expect(buffer.readableBytes % 4 == 0, sourceLocation: sourceLocation)
    let back = try T(decoding: buffer)
    #expect(back == value, sourceLocation: sourceLocation)
}

/// Sample values shared by the NFS3 tests.
enum S {
    static let fh = FileHandle3(bytes: Array(1...29))
    static let fh2 = FileHandle3(bytes: [0xAA, 0xBB, 0xCC])
    static let fhMax = FileHandle3(bytes: [UInt8](repeating: 0x5A, count: 64))
    static let t1 = NFSTime3(seconds: 1_700_000_000, nseconds: 123_456_789)
    static let t2 = NFSTime3(seconds: 1_700_000_100, nseconds: 0)

    static func attr(_ fileid: UInt64, _ type: FType3 = .reg) -> Fattr3 {
        Fattr3(
            type: type, mode: 0o644, nlink: 1, uid: 1000, gid: 100, size: 0x1_0000_0002, used: 8192,
            rdev: SpecData3(specdata1: type == .chr ? 4 : 0, specdata2: type == .chr ? 1 : 0),
            fsid: 0xFEED, fileid: fileid, atime: t1, mtime: t2, ctime: t2
        )
    }

    static let wccAttr = WccAttr3(size: 10, mtime: t1, ctime: t1)
    static let wcc = WccData3(before: wccAttr, after: attr(2, .dir))
    static let wccEmpty = WccData3()
    static let sattrAll = Sattr3(mode: 0o755, uid: 0, gid: 0, size: 0, atime: .serverTime, mtime: .clientTime(t1))
    static let sattrNone = Sattr3()
    static let dirop = DirOpArgs3(dir: fh, name: Array("hello.txt".utf8))
    static let diropOdd = DirOpArgs3(dir: fh2, name: [0xFF, 0xFE, 0x00, 0x41, 0x42])

    static let data = ByteBuffer(bytes: Array(0..<37).map { UInt8($0) })

    static let entries = [
        Entry3(fileid: 1, name: Array(".".utf8), cookie: 1),
        Entry3(fileid: 2, name: Array("..".utf8), cookie: 2),
        Entry3(fileid: 99, name: Array("a-longer-name.bin".utf8), cookie: 0xFFFF_FFFF_FFFF_FFFF),
    ]
    static let entriesPlus = [
        EntryPlus3(fileid: 10, name: Array("a".utf8), cookie: 1, nameAttributes: attr(10), nameHandle: fh),
        EntryPlus3(fileid: 11, name: Array("bcde".utf8), cookie: 2, nameAttributes: nil, nameHandle: nil),
        EntryPlus3(fileid: 12, name: Array("xyz12".utf8), cookie: 3, nameAttributes: attr(12, .lnk), nameHandle: fhMax),
    ]

    /// One or more values of every NFSv3 argument type.
    static let args: [WireSample] = [
        WireSample("NULL", Null3Args()),
        WireSample("GETATTR", GetAttr3Args(object: fh)),
        WireSample("SETATTR all", SetAttr3Args(object: fh, newAttributes: sattrAll, guardCtime: t2)),
        WireSample("SETATTR none", SetAttr3Args(object: fh2, newAttributes: sattrNone, guardCtime: nil)),
        WireSample("LOOKUP", Lookup3Args(what: dirop)),
        WireSample("LOOKUP odd name", Lookup3Args(what: diropOdd)),
        WireSample("ACCESS", Access3Args(object: fh, access: [.read, .lookup, .modify, .extend, .delete, .execute])),
        WireSample("READLINK", ReadLink3Args(symlink: fh)),
        WireSample("READ", Read3Args(file: fh, offset: 1 << 40, count: 65536)),
        WireSample("WRITE", Write3Args(file: fh, offset: 4096, stable: .fileSync, data: data)),
        WireSample("WRITE empty", Write3Args(file: fh, offset: 0, stable: .unstable, data: ByteBuffer())),
        WireSample("CREATE unchecked", Create3Args(where: dirop, how: .unchecked(sattrAll))),
        WireSample("CREATE guarded", Create3Args(where: dirop, how: .guarded(Sattr3(mode: 0o600)))),
        WireSample("CREATE exclusive", Create3Args(where: dirop, how: .exclusive(0x0123_4567_89AB_CDEF))),
        WireSample("MKDIR", MkDir3Args(where: dirop, attributes: Sattr3(mode: 0o700, gid: 5))),
        WireSample("SYMLINK", SymLink3Args(where: dirop, symlink: SymlinkData3(symlinkAttributes: sattrNone, symlinkData: Array("../target/file".utf8)))),
        WireSample("MKNOD chr", MkNod3Args(where: dirop, what: .chr(DeviceData3(devAttributes: sattrAll, spec: SpecData3(specdata1: 4, specdata2: 64))))),
        WireSample("MKNOD blk", MkNod3Args(where: dirop, what: .blk(DeviceData3(devAttributes: sattrNone, spec: SpecData3(specdata1: 8, specdata2: 1))))),
        WireSample("MKNOD sock", MkNod3Args(where: dirop, what: .sock(sattrAll))),
        WireSample("MKNOD fifo", MkNod3Args(where: dirop, what: .fifo(sattrNone))),
        WireSample("MKNOD reg", MkNod3Args(where: dirop, what: .other(.reg))),
        WireSample("REMOVE", Remove3Args(object: dirop)),
        WireSample("RMDIR", RmDir3Args(object: diropOdd)),
        WireSample("RENAME", Rename3Args(from: dirop, to: diropOdd)),
        WireSample("LINK", Link3Args(file: fh2, link: dirop)),
        WireSample("READDIR", ReadDir3Args(dir: fh, cookie: 0, cookieVerf: 0, count: 4096)),
        WireSample("READDIRPLUS", ReadDirPlus3Args(dir: fh, cookie: 77, cookieVerf: 0xDEAD_BEEF, dirCount: 1024, maxCount: 32768)),
        WireSample("FSSTAT", FSStat3Args(fsroot: fh)),
        WireSample("FSINFO", FSInfo3Args(fsroot: fh)),
        WireSample("PATHCONF", PathConf3Args(object: fh)),
        WireSample("COMMIT", Commit3Args(file: fh, offset: 0, count: 0)),
    ]

    /// Values of every NFSv3 result type, success and failure arms.
    static let results: [WireSample] = [
        WireSample("NULL res", Null3Res()),
        WireSample("GETATTR ok", GetAttr3Res.ok(GetAttr3ResOK(objAttributes: attr(7)))),
        WireSample("GETATTR fail", GetAttr3Res.fail(.stale)),
        WireSample("SETATTR ok", SetAttr3Res.ok(SetAttr3ResOK(objWcc: wcc))),
        WireSample("SETATTR fail", SetAttr3Res.fail(.notSync, SetAttr3ResFail(objWcc: wccEmpty))),
        WireSample("LOOKUP ok", Lookup3Res.ok(Lookup3ResOK(object: fh, objAttributes: attr(3), dirAttributes: nil))),
        WireSample("LOOKUP fail", Lookup3Res.fail(.noent, Lookup3ResFail(dirAttributes: attr(2, .dir)))),
        WireSample("ACCESS ok", Access3Res.ok(Access3ResOK(objAttributes: attr(3), access: [.read, .execute]))),
        WireSample("ACCESS fail", Access3Res.fail(.badHandle, Access3ResFail(objAttributes: nil))),
        WireSample("READLINK ok", ReadLink3Res.ok(ReadLink3ResOK(symlinkAttributes: attr(4, .lnk), data: Array("/etc/passwd".utf8)))),
        WireSample("READLINK fail", ReadLink3Res.fail(.inval, ReadLink3ResFail(symlinkAttributes: nil))),
        WireSample("READ ok", Read3Res.ok(Read3ResOK(fileAttributes: attr(5), eof: true, data: data))),
        WireSample("READ ok empty", Read3Res.ok(Read3ResOK(fileAttributes: nil, eof: false, data: ByteBuffer()))),
        WireSample("READ fail", Read3Res.fail(.io, Read3ResFail(fileAttributes: attr(5)))),
        WireSample("WRITE ok", Write3Res.ok(Write3ResOK(fileWcc: wcc, count: 37, committed: .dataSync, verf: 0x1122_3344_5566_7788))),
        WireSample("WRITE fail", Write3Res.fail(.nospc, Write3ResFail(fileWcc: wcc))),
        WireSample("CREATE ok", Create3Res.ok(Create3ResOK(obj: fh, objAttributes: attr(6), dirWcc: wcc))),
        WireSample("CREATE ok no fh", Create3Res.ok(Create3ResOK(obj: nil, objAttributes: nil, dirWcc: wccEmpty))),
        WireSample("CREATE fail", Create3Res.fail(.exist, Create3ResFail(dirWcc: wcc))),
        WireSample("MKDIR ok", MkDir3Res.ok(MkDir3ResOK(obj: fh2, objAttributes: attr(8, .dir), dirWcc: wcc))),
        WireSample("MKDIR fail", MkDir3Res.fail(.dquot, MkDir3ResFail(dirWcc: wccEmpty))),
        WireSample("SYMLINK ok", SymLink3Res.ok(SymLink3ResOK(obj: fh, objAttributes: attr(9, .lnk), dirWcc: wcc))),
        WireSample("SYMLINK fail", SymLink3Res.fail(.notSupp, SymLink3ResFail(dirWcc: wcc))),
        WireSample("MKNOD ok", MkNod3Res.ok(MkNod3ResOK(obj: fh, objAttributes: attr(10, .chr), dirWcc: wcc))),
        WireSample("MKNOD fail", MkNod3Res.fail(.badType, MkNod3ResFail(dirWcc: wcc))),
        WireSample("REMOVE ok", Remove3Res.ok(Remove3ResOK(dirWcc: wcc))),
        WireSample("REMOVE fail", Remove3Res.fail(.isdir, Remove3ResFail(dirWcc: wccEmpty))),
        WireSample("RMDIR ok", RmDir3Res.ok(RmDir3ResOK(dirWcc: wcc))),
        WireSample("RMDIR fail", RmDir3Res.fail(.notEmpty, RmDir3ResFail(dirWcc: wcc))),
        WireSample("RENAME ok", Rename3Res.ok(Rename3ResOK(fromdirWcc: wcc, todirWcc: wccEmpty))),
        WireSample("RENAME fail", Rename3Res.fail(.xdev, Rename3ResFail(fromdirWcc: wccEmpty, todirWcc: wcc))),
        WireSample("LINK ok", Link3Res.ok(Link3ResOK(fileAttributes: attr(11), linkdirWcc: wcc))),
        WireSample("LINK fail", Link3Res.fail(.mlink, Link3ResFail(fileAttributes: nil, linkdirWcc: wccEmpty))),
        WireSample("READDIR ok", ReadDir3Res.ok(ReadDir3ResOK(dirAttributes: attr(2, .dir), cookieVerf: 42, entries: entries, eof: true))),
        WireSample("READDIR ok empty", ReadDir3Res.ok(ReadDir3ResOK(dirAttributes: nil, cookieVerf: 0, entries: [], eof: false))),
        WireSample("READDIR fail", ReadDir3Res.fail(.badCookie, ReadDir3ResFail(dirAttributes: nil))),
        WireSample("READDIRPLUS ok", ReadDirPlus3Res.ok(ReadDirPlus3ResOK(dirAttributes: attr(2, .dir), cookieVerf: 43, entries: entriesPlus, eof: false))),
        WireSample("READDIRPLUS fail", ReadDirPlus3Res.fail(.tooSmall, ReadDirPlus3ResFail(dirAttributes: attr(2, .dir)))),
        WireSample("FSSTAT ok", FSStat3Res.ok(FSStat3ResOK(objAttributes: attr(1, .dir), tbytes: 1 << 40, fbytes: 1 << 39, abytes: 1 << 38, tfiles: 1_000_000, ffiles: 999_000, afiles: 998_000, invarsec: 0))),
        WireSample("FSSTAT fail", FSStat3Res.fail(.serverFault, FSStat3ResFail(objAttributes: nil))),
        WireSample("FSINFO ok", FSInfo3Res.ok(FSInfo3ResOK(objAttributes: nil, rtmax: 1 << 20, rtpref: 1 << 17, rtmult: 4096, wtmax: 1 << 20, wtpref: 1 << 17, wtmult: 4096, dtpref: 32768, maxFileSize: .max, timeDelta: NFSTime3(seconds: 0, nseconds: 1), properties: [.link, .symlink, .homogeneous, .canSetTime]))),
        WireSample("FSINFO fail", FSInfo3Res.fail(.jukebox, FSInfo3ResFail(objAttributes: attr(1, .dir)))),
        WireSample("PATHCONF ok", PathConf3Res.ok(PathConf3ResOK(objAttributes: attr(1, .dir), linkMax: 65000, nameMax: 255, noTrunc: true, chownRestricted: true, caseInsensitive: false, casePreserving: true))),
        WireSample("PATHCONF fail", PathConf3Res.fail(.acces, PathConf3ResFail(objAttributes: nil))),
        WireSample("COMMIT ok", Commit3Res.ok(Commit3ResOK(fileWcc: wcc, verf: 7))),
        WireSample("COMMIT fail", Commit3Res.fail(.rofs, Commit3ResFail(fileWcc: wccEmpty))),
    ]
}
