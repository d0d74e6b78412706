import Foundation
import NIOCore
import Testing
import TestSupport

@_spi(Fuzzing) @testable import NFSWire

@Suite("RPC garbage input")
struct RPCGarbageTests {
    /// Random byte strings of random lengths, some starting from a valid call
    /// with bytes flipped, through every decoder and the reassembly machine (the
    /// fuzz harness checks its invariants with preconditions). Must neither trap
    /// nor hang.
    @Test func randomBytesNeverTrapOrHang() {
        var rng = SplitMix(seed: 0xD1770F5)
        let valid = LinuxGetattrCapture.wire
        for round in 0..<3000 {
            var bytes: [UInt8]
            if round % 3 == 0 {
                bytes = valid
                for _ in 0..<Int.random(in: 1...4, using: &rng) {
                    bytes[Int.random(in: 0..<bytes.count, using: &rng)] = UInt8.random(in: 0...255, using: &rng)
                }
                bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &rng)))
            } else {
                let count = Int.random(in: 0...(round % 10 == 1 ? 2048 : 160), using: &rng)
                bytes = (0..<count).map { _ in UInt8.random(in: 0...255, using: &rng) }
                // Small lengths make plausible record marks and XDR lengths.
                if round % 2 == 0 {
                    for i in stride(from: 0, to: count, by: 4) where i < count && Bool.random(using: &rng) { bytes[i] = 0 }
                }
            }
            RPCFuzzHarness.run(bytes)
            // And the plain entry points, for good measure.
            let buffer = ByteBuffer(bytes: bytes)
            _ = try? RPCCall(decoding: buffer)
            _ = try? RPCReply(decoding: buffer)
            _ = try? AuthSys(decoding: buffer)
        }
    }

    @Test func theFuzzSeedCorpusDecodes() throws {
        // The seeds in fuzz/corpus/rpc start with the harness's two parameter bytes.
        let seeds = try Self.files(in: "fuzz/corpus/rpc")
        #expect(!seeds.isEmpty)
        for (name, bytes) in seeds {
            RPCFuzzHarness.run(bytes)
            #expect(bytes.count > 3, "\(name)")
        }
    }

    /// Every minimized crasher found by `scripts/fuzz.sh` is replayed here.
    @Test func storedCrashersNoLongerCrash() throws {
        for (_, bytes) in try Self.files(in: "fuzz/crashers") {
            RPCFuzzHarness.run(bytes)
        }
    }

    /// Files of a folder of the repository (name, bytes), sorted by name.
    static func files(in folder: String) throws -> [(String, [UInt8])] {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let dir = root.appendingPathComponent(folder)
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: dir.path) else { return [] }
        return try names.filter { !$0.hasPrefix(".") && $0 != "README.md" }.sorted().map { name in
            (name, [UInt8](try Data(contentsOf: dir.appendingPathComponent(name))))
        }
    }
}
