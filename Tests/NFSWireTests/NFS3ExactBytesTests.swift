import NFSWire
import NIOCore
import Testing

/// Encodings checked against XDR assembled by hand from the RFC 1813 layouts.
@Suite("NFS3 exact bytes")
struct NFS3ExactBytesTests {
    /// fattr3 of `S.attr(fileid, type)`, word by word in RFC order.
    static func fattrBytes(_ fileid: UInt64, _ type: FType3 = .reg) -> [UInt8] {
        var b: [UInt8] = []
        b += be32(type.rawValue)           // ftype3 type
        b += be32(0o644)                   // mode3 mode
        b += be32(1)                       // uint32 nlink
        b += be32(1000)                    // uid3 uid
        b += be32(100)                     // gid3 gid
        b += be64(0x1_0000_0002)           // size3 size
        b += be64(8192)                    // size3 used
        b += be32(type == .chr ? 4 : 0)    // specdata3 rdev.specdata1
        b += be32(type == .chr ? 1 : 0)    //            rdev.specdata2
        b += be64(0xFEED)                  // uint64 fsid
        b += be64(fileid)                  // fileid3 fileid
        b += be32(1_700_000_000) + be32(123_456_789)  // nfstime3 atime
        b += be32(1_700_000_100) + be32(0)            // nfstime3 mtime
        b += be32(1_700_000_100) + be32(0)            // nfstime3 ctime
        return b
    }

    @Test func fattr3Is84Bytes() throws {
        let expected = Self.fattrBytes(42)
        #expect(expected.count == 84)
        #expect(Array(buffer: S.attr(42).encoded()) == expected)
        #expect(try Fattr3(decoding: ByteBuffer(bytes: expected)) == S.attr(42))
        #expect(Fattr3.encodedSize == 84)
        #expect(Fattr3?.some(S.attr(1)).encodedSize == 88 && Fattr3?.none.encodedSize == 4)
    }

    @Test func getattrReply() throws {
        let ok = GetAttr3Res.ok(GetAttr3ResOK(objAttributes: S.attr(42)))
        let expected = be32(0) + Self.fattrBytes(42)
        #expect(Array(buffer: ok.encoded()) == expected)
        #expect(try GetAttr3Res(decoding: ByteBuffer(bytes: expected)) == ok)
        // The failure arm is void: just the status.
        #expect(Array(buffer: GetAttr3Res.fail(.stale).encoded()) == be32(70))
        #expect(try GetAttr3Res(decoding: ByteBuffer(bytes: be32(10001))) == .fail(.badHandle))
    }

    @Test func lookupArgs() throws {
        let args = Lookup3Args(what: DirOpArgs3(dir: S.fh2, name: Array("hello".utf8)))
        let expected = be32(3) + [0xAA, 0xBB, 0xCC, 0] + be32(5) + Array("hello".utf8) + [0, 0, 0]
        #expect(Array(buffer: args.encoded()) == expected)
        #expect(try Lookup3Args(decoding: ByteBuffer(bytes: expected)) == args)
    }

    @Test func setattrArgsWithSattr3AndGuard() throws {
        let args = SetAttr3Args(
            object: S.fh2,
            newAttributes: Sattr3(mode: 0o600, size: 0, atime: .serverTime, mtime: .clientTime(S.t1)),
            guardCtime: S.t2
        )
        var expected = xdrOpaque([0xAA, 0xBB, 0xCC])
        expected += be32(1) + be32(0o600)         // set_mode3: TRUE, mode
        expected += be32(0)                       // set_uid3: FALSE
        expected += be32(0)                       // set_gid3: FALSE
        expected += be32(1) + be64(0)             // set_size3: TRUE, size
        expected += be32(1)                       // set_atime: SET_TO_SERVER_TIME
        expected += be32(2) + be32(1_700_000_000) + be32(123_456_789)  // set_mtime: SET_TO_CLIENT_TIME, time
        expected += be32(1) + be32(1_700_000_100) + be32(0)            // sattrguard3: TRUE, obj_ctime
        #expect(Array(buffer: args.encoded()) == expected)
        #expect(try SetAttr3Args(decoding: ByteBuffer(bytes: expected)) == args)
    }

    @Test func createExclusiveAndWriteReply() throws {
        let create = Create3Args(where: DirOpArgs3(dir: S.fh2, name: [0x61]), how: .exclusive(0x0102_0304_0506_0708))
        let createBytes = xdrOpaque([0xAA, 0xBB, 0xCC]) + xdrOpaque([0x61]) + be32(2) + [1, 2, 3, 4, 5, 6, 7, 8]
        #expect(Array(buffer: create.encoded()) == createBytes)

        let write = Write3Res.ok(Write3ResOK(fileWcc: WccData3(before: S.wccAttr, after: nil), count: 37, committed: .fileSync, verf: 9))
        var expected = be32(0)                                                 // NFS3_OK
        expected += be32(1) + be64(10) + be32(1_700_000_000) + be32(123_456_789) + be32(1_700_000_000) + be32(123_456_789)  // pre_op_attr
        expected += be32(0)                                                    // post_op_attr: FALSE
        expected += be32(37) + be32(2) + be64(9)                               // count, committed, verf
        #expect(Array(buffer: write.encoded()) == expected)
        #expect(try Write3Res(decoding: ByteBuffer(bytes: expected)) == write)
    }

    @Test func readdirplusReplyWithTwoEntries() throws {
        let res = ReadDirPlus3Res.ok(ReadDirPlus3ResOK(
            dirAttributes: S.attr(2, .dir),
            cookieVerf: 0x0A0B_0C0D_0E0F_1011,
            entries: [
                EntryPlus3(fileid: 10, name: Array("a".utf8), cookie: 1, nameAttributes: S.attr(10), nameHandle: S.fh2),
                EntryPlus3(fileid: 11, name: Array("hello".utf8), cookie: 2, nameAttributes: nil, nameHandle: nil),
            ],
            eof: true
        ))
        var expected = be32(0)                                  // status NFS3_OK
        expected += be32(1) + Self.fattrBytes(2, .dir)          // dir_attributes
        expected += [0x0A, 0x0B, 0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11]  // cookieverf
        expected += be32(1)                                     // entries: value follows
        expected += be64(10) + be32(1) + [0x61, 0, 0, 0] + be64(1)  // fileid, name "a", cookie
        expected += be32(1) + Self.fattrBytes(10)               // name_attributes
        expected += be32(1) + be32(3) + [0xAA, 0xBB, 0xCC, 0]   // name_handle
        expected += be32(1)                                     // nextentry: value follows
        expected += be64(11) + be32(5) + Array("hello".utf8) + [0, 0, 0] + be64(2)
        expected += be32(0) + be32(0)                           // no attributes, no handle
        expected += be32(0)                                     // nextentry: none
        expected += be32(1)                                     // eof
        #expect(Array(buffer: res.encoded()) == expected)
        #expect(try ReadDirPlus3Res(decoding: ByteBuffer(bytes: expected)) == res)
        // The size helpers agree with the hand count (status word excluded).
        #expect(res.resok?.encodedSize == expected.count - 4)
    }

    @Test func readReplyFromRawMemoryMatchesByteBufferForm() throws {
        let bytes: [UInt8] = [1, 2, 3, 4, 5]
        var w = XDRWriter()
        bytes.withUnsafeBytes { Read3Res.encodeOK(into: &w, fileAttributes: nil, eof: true, data: $0) }
        let expected = be32(0) + be32(0) + be32(5) + be32(1) + be32(5) + [1, 2, 3, 4, 5, 0, 0, 0]
        #expect(Array(buffer: w.buffer) == expected)
        let viaBuffer = Read3Res.ok(Read3ResOK(fileAttributes: nil, eof: true, data: ByteBuffer(bytes: bytes)))
        #expect(Array(buffer: viaBuffer.encoded()) == expected)
        #expect(try Read3Res(decoding: w.buffer) == viaBuffer)
        #expect(Read3ResOK.encodedSize(dataLength: 5, hasAttributes: false) == expected.count - 4)
        #expect(Read3ResOK.encodedSize(dataLength: 5, hasAttributes: true) == expected.count - 4 + 84)
    }

    @Test func writeArgsDataIsASliceOfTheRequest() throws {
        let payload = ByteBuffer(bytes: [UInt8](repeating: 0x77, count: 4096))
        let request = Write3Args(file: S.fh, offset: 0, stable: .unstable, data: payload).encoded()
        var reader = XDRReader(request)
        let args = try Write3Args(from: &reader)
        try reader.finish()
        #expect(args.count == 4096 && args.data == payload)
        // Same storage: the data's first byte lies inside the request buffer.
        let requestBase = request.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        let dataBase = args.data.withUnsafeReadableBytes { UInt(bitPattern: $0.baseAddress) }
        #expect(dataBase == requestBase + UInt(request.readableBytes - 4096))

        // The raw-memory encoder writes the same bytes.
        var w = XDRWriter()
        Array(repeating: UInt8(0x77), count: 4096).withUnsafeBytes {
            Write3Args.encode(into: &w, file: S.fh, offset: 0, stable: .unstable, data: $0)
        }
        #expect(w.buffer == request)
    }

    @Test func mknodVoidArmAndUndefinedDiscriminants() throws {
        // NF3REG is MKNOD's void arm: the type word alone.
        #expect(Array(buffer: MknodData3.other(.reg).encoded()) == be32(1))
        #expect(try MknodData3(decoding: ByteBuffer(bytes: be32(5))) == .other(.lnk))
        #expect(throws: XDRError.badDiscriminant(0, type: "ftype3")) { try MknodData3(decoding: ByteBuffer(bytes: be32(0))) }
        #expect(throws: XDRError.badDiscriminant(8, type: "ftype3")) { try FType3(decoding: ByteBuffer(bytes: be32(8))) }
        #expect(throws: XDRError.badDiscriminant(3, type: "nfsstat3")) { try GetAttr3Res(decoding: ByteBuffer(bytes: be32(3))) }
        #expect(throws: XDRError.badDiscriminant(3, type: "createmode3")) { try CreateHow3(decoding: ByteBuffer(bytes: be32(3))) }
        #expect(throws: XDRError.badDiscriminant(3, type: "time_how")) { try SetTime3(decoding: ByteBuffer(bytes: be32(3))) }
        #expect(throws: XDRError.badDiscriminant(3, type: "stable_how")) { try StableHow3(decoding: ByteBuffer(bytes: be32(3))) }
        #expect(throws: XDRError.badDiscriminant(2, type: "bool")) { try Fattr3?(decoding: ByteBuffer(bytes: be32(2))) }
    }

    @Test func lengthLimits() throws {
        // nfs_fh3 is at most 64 bytes.
        #expect(throws: XDRError.tooLong(length: 65, maximum: 64)) {
            try FileHandle3(decoding: ByteBuffer(bytes: xdrOpaque([UInt8](repeating: 1, count: 65))))
        }
        #expect(try FileHandle3(decoding: ByteBuffer(bytes: xdrOpaque([UInt8](repeating: 1, count: 64)))) == S.fhMax.withByte(1))
        // filename3 is accepted up to NFS3.maxNameLength on decode.
        let longName = [UInt8](repeating: 0x61, count: NFS3.maxNameLength)
        #expect(try DirOpArgs3(decoding: DirOpArgs3(dir: S.fh, name: longName).encoded()).name == longName)
        #expect(throws: XDRError.tooLong(length: NFS3.maxNameLength + 1, maximum: NFS3.maxNameLength)) {
            try DirOpArgs3(decoding: DirOpArgs3(dir: S.fh, name: longName + [0x61]).encoded())
        }
        // A huge declared WRITE length fails as truncated, without allocating.
        let hostile = xdrOpaque([1]) + be64(0) + be32(0xFFFF_FFF0) + be32(0) + be32(0xFFFF_FFF0)
        #expect(throws: XDRError.self) { try Write3Args(decoding: ByteBuffer(bytes: hostile)) }
        // Trailing bytes after a complete message are rejected.
        #expect(throws: XDRError.trailingBytes(4)) { try GetAttr3Args(decoding: ByteBuffer(bytes: xdrOpaque([1]) + be32(0))) }
    }
}

extension FileHandle3 {
    /// The same length, every byte `b`.
    func withByte(_ b: UInt8) -> FileHandle3 { FileHandle3(bytes: [UInt8](repeating: b, count: bytes.count)) }
}
