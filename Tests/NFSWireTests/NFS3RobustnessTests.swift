import NFSWire
import NIOCore
import Testing
import TestSupport

/// Bad input never traps: every strict prefix of a valid encoding throws,
/// and random or mutated bytes either throw or decode to a value that
/// re-encodes stably.
@Suite("NFS3 robustness")
struct NFS3RobustnessTests {
    @Test(arguments: S.args + S.results)
    func everyStrictPrefixThrows(_ sample: WireSample) {
        var decodedPrefixes: [Int] = []
        for length in 0..<sample.bytes.count {
            var reader = XDRReader(ByteBuffer(bytes: sample.bytes[0..<length]))
            do {
                _ = try sample.decodeIsStable(&reader)
                decodedPrefixes.append(length)
            } catch {
                // XDRError, by the decoder's typed throws: expected.
            }
        }
        #expect(decodedPrefixes.isEmpty, "decoded from a truncated input of \(decodedPrefixes) bytes")
    }

    @Test(arguments: S.args + S.results)
    func randomBytesNeverTrap(_ sample: WireSample) {
        var rng = SplitMix(seed: sample.name.utf8.reduce(0x5EED) { $0 &* 31 &+ UInt64($1) })
        for _ in 0..<300 {
            let length = Int.random(in: 0...160, using: &rng) & ~3
            let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &rng) }
            var reader = XDRReader(ByteBuffer(bytes: bytes))
            if let stable = try? sample.decodeIsStable(&reader) { #expect(stable) }
        }
    }

    /// Overwrite random aligned words of a valid encoding with interesting
    /// values (0, 1, 2, 3, 64, 65, 255, 0x7FFFFFFF, 0xFFFFFFFF, random).
    @Test(arguments: S.args + S.results)
    func mutatedEncodingsNeverTrap(_ sample: WireSample) {
        guard sample.bytes.count >= 4 else { return }
        var rng = SplitMix(seed: sample.name.utf8.reduce(0xC0FFEE) { $0 &* 31 &+ UInt64($1) })
        let interesting: [UInt32] = [0, 1, 2, 3, 4, 64, 65, 255, 256, 1024, 1025, 0x7FFF_FFFF, 0xFFFF_FFFF]
        for _ in 0..<400 {
            var bytes = sample.bytes
            for _ in 0..<Int.random(in: 1...3, using: &rng) {
                let word = Int.random(in: 0..<(bytes.count / 4), using: &rng) * 4
                let value = Bool.random(using: &rng)
                    ? interesting.randomElement(using: &rng)!
                    : UInt32.random(in: 0...UInt32.max, using: &rng)
                bytes.replaceSubrange(word..<word + 4, with: be32(value))
            }
            if Bool.random(using: &rng) { bytes.removeLast(Int.random(in: 0...min(8, bytes.count), using: &rng)) }
            var reader = XDRReader(ByteBuffer(bytes: bytes))
            if let stable = try? sample.decodeIsStable(&reader) { #expect(stable) }
        }
    }
}
