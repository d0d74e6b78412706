import NFSWire
import NIOCore
import Testing

@Suite("NFS3 round trips")
struct NFS3RoundTripTests {
    @Test(arguments: S.args)
    func argsRoundTrip(_ sample: WireSample) throws {
        #expect(sample.bytes.count % 4 == 0)
        #expect(try sample.decodesBack(ByteBuffer(bytes: sample.bytes)))
    }

    @Test(arguments: S.results)
    func resultsRoundTrip(_ sample: WireSample) throws {
        #expect(sample.bytes.count % 4 == 0)
        #expect(try sample.decodesBack(ByteBuffer(bytes: sample.bytes)))
    }

    @Test func sharedTypesRoundTrip() throws {
        try expectRoundTrip(S.fh)
        try expectRoundTrip(S.fhMax)
        try expectRoundTrip(FileHandle3(bytes: []))
        try expectRoundTrip(S.t1)
        try expectRoundTrip(SpecData3(specdata1: 1, specdata2: 2))
        for type in FType3.allCases { try expectRoundTrip(S.attr(1, type)) }
        try expectRoundTrip(S.wcc)
        try expectRoundTrip(S.wccEmpty)
        try expectRoundTrip(WccData3(before: S.wccAttr, after: nil))
        try expectRoundTrip(S.sattrAll)
        try expectRoundTrip(S.sattrNone)
        try expectRoundTrip(Sattr3(atime: .clientTime(S.t2), mtime: .serverTime))
        for how in [CreateHow3.unchecked(S.sattrNone), .guarded(S.sattrAll), .exclusive(.max)] { try expectRoundTrip(how) }
        for type in FType3.allCases where ![.chr, .blk, .sock, .fifo].contains(type) {
            try expectRoundTrip(MknodData3.other(type))
        }
        for status in NFSStat3.allCases { try expectRoundTrip(status) }
        for stable in StableHow3.allCases { try expectRoundTrip(stable) }
        try expectRoundTrip(Access3(rawValue: 0xFFFF_FFFF))
        try expectRoundTrip(FSInfoProperties3(rawValue: 0x1B))
        for entry in S.entries { try expectRoundTrip(entry) }
        for entry in S.entriesPlus { try expectRoundTrip(entry) }
    }

    @Test func everyStatusDecodesToItsArm() throws {
        for status in NFSStat3.allCases where status != .ok {
            let res = Lookup3Res.fail(status, Lookup3ResFail(dirAttributes: nil))
            let back = try Lookup3Res(decoding: res.encoded())
            #expect(back.status == status)
            #expect(back.resfail == Lookup3ResFail(dirAttributes: nil))
            #expect(back.resok == nil)
        }
    }

    @Test func numbersMatchRFC1813() {
        #expect(NFS3.program == 100_003 && NFS3.version == 3)
        #expect(NFS3Procedure.allCases.count == 22)
        #expect(NFS3Procedure.allCases.map(\.rawValue) == Array(0...21))
        #expect(NFS3Procedure.readDirPlus.rawValue == 17 && NFS3Procedure.commit.rawValue == 21)
        #expect(NFSStat3.allCases.count == 29)
        #expect(NFSStat3.jukebox.rawValue == 10008 && NFSStat3.badHandle.rawValue == 10001)
        #expect(NFSStat3.notSync.rawValue == 10002 && NFSStat3.badCookie.rawValue == 10003)
        #expect(NFSStat3.notSupp.rawValue == 10004 && NFSStat3.tooSmall.rawValue == 10005)
        #expect(NFSStat3.serverFault.rawValue == 10006 && NFSStat3.badType.rawValue == 10007)
        #expect(NFSStat3.remote.rawValue == 71 && NFSStat3.dquot.rawValue == 69 && NFSStat3.nameTooLong.rawValue == 63)
        #expect(FType3.fifo.rawValue == 7 && FType3.reg.rawValue == 1)
        #expect(Access3.execute.rawValue == 0x20 && Access3.delete.rawValue == 0x10)
        #expect(FSInfoProperties3.canSetTime.rawValue == 0x10 && FSInfoProperties3.homogeneous.rawValue == 0x08)
        #expect(NFS3.fhSize == 64 && NFS3.cookieVerfSize == 8 && NFS3.createVerfSize == 8 && NFS3.writeVerfSize == 8)
    }
}
