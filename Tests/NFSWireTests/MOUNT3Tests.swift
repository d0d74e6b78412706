import NFSWire
import NIOCore
import Testing
import TestSupport

@Suite("MOUNT3")
struct MOUNT3Tests {
    static let handle = FileHandle3(bytes: Array(1...29))

    static let samples: [WireSample] = [
        WireSample("NULL", Mount3Void()),
        WireSample("MNT args", Mnt3Args("/export/home")),
        WireSample("MNT args empty", Mnt3Args(bytes: [])),
        WireSample("MNT ok", Mnt3Res.ok(MountRes3OK(fhandle: handle, authFlavors: [1, 0]))),
        WireSample("MNT ok no flavors", Mnt3Res.ok(MountRes3OK(fhandle: FileHandle3(bytes: []), authFlavors: []))),
        WireSample("MNT fail", Mnt3Res.fail(.acces)),
        WireSample("UMNT args", Umnt3Args("/export")),
        WireSample("DUMP empty", Dump3Res(mounts: [])),
        WireSample("DUMP", Dump3Res(mounts: [
            MountBody3(hostname: "client1", directory: "/export"),
            MountBody3(hostname: "c2.example.com", directory: "/export/sub"),
        ])),
        WireSample("EXPORT empty", Export3Res(exports: [])),
        WireSample("EXPORT", Export3Res(exports: [
            ExportNode3(dir: "/export", groups: []),
            ExportNode3(dir: "/data", groups: ["10.0.0.0/8", "admins", "h"]),
        ])),
    ]

    @Test(arguments: samples)
    func roundTrip(_ sample: WireSample) throws {
        #expect(sample.bytes.count % 4 == 0)
        #expect(try sample.decodesBack(ByteBuffer(bytes: sample.bytes)))
    }

    @Test(arguments: samples)
    func everyStrictPrefixThrowsAndMutationsNeverTrap(_ sample: WireSample) {
        for length in 0..<sample.bytes.count {
            var reader = XDRReader(ByteBuffer(bytes: sample.bytes[0..<length]))
            #expect((try? sample.decodeIsStable(&reader)) == nil, "decoded a \(length)-byte prefix")
        }
        var rng = SplitMix(seed: 0x4D4E54 &+ UInt64(sample.bytes.count))
        for _ in 0..<300 {
            var bytes = sample.bytes
            if bytes.count >= 4, Bool.random(using: &rng) {
                let word = Int.random(in: 0..<(bytes.count / 4), using: &rng) * 4
                let values: [UInt32] = [0, 1, 2, 255, 256, 1024, 1025, 0x7FFF_FFFF, 0xFFFF_FFFF]
                bytes.replaceSubrange(word..<word + 4, with: be32(values.randomElement(using: &rng)!))
            } else {
                bytes = (0..<(Int.random(in: 0...64, using: &rng) & ~3)).map { _ in UInt8.random(in: 0...255, using: &rng) }
            }
            var reader = XDRReader(ByteBuffer(bytes: bytes))
            if let stable = try? sample.decodeIsStable(&reader) { #expect(stable) }
        }
    }

    @Test func mntReplyExactBytes() throws {
        let res = Mnt3Res.ok(MountRes3OK(fhandle: Self.handle, authFlavors: [1]))
        let expected = be32(0)                          // fhs_status MNT3_OK
            + be32(29) + Array(1...29) + [0, 0, 0]      // fhandle3, padded
            + be32(1) + be32(1)                         // auth_flavors<>: [AUTH_UNIX]
        #expect(Array(buffer: res.encoded()) == expected)
        #expect(try Mnt3Res(decoding: ByteBuffer(bytes: expected)) == res)
        // Failure is the status alone.
        #expect(Array(buffer: Mnt3Res.fail(.noent).encoded()) == be32(2))
        #expect(try Mnt3Res(decoding: ByteBuffer(bytes: be32(10006))) == .fail(.serverFault))
    }

    @Test func exportListExactBytes() throws {
        let res = Export3Res(exports: [
            ExportNode3(dir: "/a", groups: ["g1", "grp2"]),
            ExportNode3(dir: "/bb", groups: []),
        ])
        var expected = be32(1) + xdrOpaque(Array("/a".utf8))           // exportnode, ex_dir
        expected += be32(1) + xdrOpaque(Array("g1".utf8))              // groupnode
        expected += be32(1) + xdrOpaque(Array("grp2".utf8))            // groupnode
        expected += be32(0)                                            // end of groups
        expected += be32(1) + xdrOpaque(Array("/bb".utf8)) + be32(0)   // exportnode, no groups
        expected += be32(0)                                            // end of exports
        #expect(Array(buffer: res.encoded()) == expected)
        #expect(try Export3Res(decoding: ByteBuffer(bytes: expected)) == res)

        let dump = Dump3Res(mounts: [MountBody3(hostname: "h", directory: "/x")])
        let dumpBytes = be32(1) + xdrOpaque([0x68]) + xdrOpaque(Array("/x".utf8)) + be32(0)
        #expect(Array(buffer: dump.encoded()) == dumpBytes)
    }

    @Test func limitsAndNumbers() {
        #expect(MOUNT3.program == 100_005 && MOUNT3.version == 3)
        #expect(Mount3Procedure.allCases.map(\.rawValue) == Array(0...5))
        #expect(MountStat3.allCases.map(\.rawValue) == [0, 1, 2, 5, 13, 20, 22, 63, 10004, 10006])
        // dirpath is at most MNTPATHLEN (1024) bytes.
        let path = [UInt8](repeating: 0x2F, count: 1025)
        #expect(throws: XDRError.tooLong(length: 1025, maximum: 1024)) { try Mnt3Args(decoding: ByteBuffer(bytes: xdrOpaque(path))) }
        // A host name is at most MNTNAMLEN (255).
        let longHost = be32(1) + xdrOpaque([UInt8](repeating: 0x68, count: 256)) + xdrOpaque([0x2F]) + be32(0)
        #expect(throws: XDRError.tooLong(length: 256, maximum: 255)) { try Dump3Res(decoding: ByteBuffer(bytes: longHost)) }
        // A hostile auth_flavors count fails before allocating.
        let hostile = be32(0) + xdrOpaque([1]) + be32(0x7FFF_FFFF)
        #expect(throws: XDRError.self) { try Mnt3Res(decoding: ByteBuffer(bytes: hostile)) }
        #expect(throws: XDRError.badDiscriminant(3, type: "mountstat3")) { try Mnt3Res(decoding: ByteBuffer(bytes: be32(3))) }
    }
}
