import S3Kit
import Testing
import TestSupport

func randomKey(_ rng: inout SplitMix, maxLen: Int, alphabet: [UInt8]? = nil) -> [UInt8] {
    let n = Int.random(in: 1...maxLen, using: &rng)
    return (0..<n).map { _ in alphabet.map { $0.randomElement(using: &rng)! } ?? UInt8.random(in: 0...255, using: &rng) }
}

@Suite("KeyCodec")
struct KeyCodecTests {
    let codec = try! KeyCodec(prefix: "dfs/")

    @Test func encodingKnownValues() {
        #expect(KeyCodec.encode([]) == "")
        #expect(KeyCodec.encode([0x00]) == "--")
        #expect(KeyCodec.encode([0xFF]) == "zk")
        #expect(KeyCodec.encode([0xFF, 0xFF, 0xFF]) == "zzzz")
        #expect(KeyCodec.encode(Array("a".utf8)) == "NF")
    }

    @Test func roundTripAndLength() {
        var rng = SplitMix(seed: 1)
        for _ in 0..<2000 {
            let k = randomKey(&rng, maxLen: 40)
            let e = KeyCodec.encode(k)
            #expect(e.utf8.count == KeyCodec.encodedLength(k.count))
            #expect(KeyCodec.decode(Array(e.utf8)) == k, "\(k)")
        }
    }

    /// memcmp order of keys is byte order of names, including keys that
    /// prefix one another and keys that differ only in the last bits.
    @Test func orderPreserving() {
        var rng = SplitMix(seed: 2)
        let small: [UInt8] = [0x00, 0x01, 0x2F, 0x7F, 0x80, 0xFE, 0xFF]
        for i in 0..<5000 {
            let a = randomKey(&rng, maxLen: 6, alphabet: i % 2 == 0 ? small : nil)
            let b = randomKey(&rng, maxLen: 6, alphabet: i % 2 == 0 ? small : nil)
            let ea = Array(KeyCodec.encode(a).utf8), eb = Array(KeyCodec.encode(b).utf8)
            #expect(a.lexicographicallyPrecedes(b) == ea.lexicographicallyPrecedes(eb), "\(a) vs \(b)")
            #expect((a == b) == (ea == eb))
        }
    }

    @Test func decodeRejectsForeignText() {
        #expect(KeyCodec.decode(Array("a".utf8)) == nil)          // impossible length
        #expect(KeyCodec.decode(Array("a+".utf8)) == nil)         // outside the alphabet
        #expect(KeyCodec.decode(Array("-0".utf8)) == nil)         // non-zero padding bits
        #expect(KeyCodec.decode(Array("NF".utf8)) == Array("a".utf8))
    }

    @Test func limitsForThePrefix() throws {
        let bare = try KeyCodec(prefix: "")
        #expect(KeyCodec.encodedLength(bare.plainMaxBytes) <= 1024)
        #expect(KeyCodec.encodedLength(bare.plainMaxBytes + 1) > 1024)
        #expect(bare.headBytes % 3 == 0)
        #expect(throws: KeyCodecError.prefixTooLong(257)) { try KeyCodec(prefix: String(repeating: "p", count: 257)) }
        let longest = try KeyCodec(prefix: String(repeating: "p", count: 256))
        #expect(longest.headBytes >= 3)
    }

    /// Every key up to 1024 bytes gets a name of at most 1024 bytes that
    /// parses back (plain) or names its head (overflow).
    @Test(arguments: ["", "dfs/", String(repeating: "é", count: 128)])
    func namesFitAndParse(_ prefix: String) throws {
        let c = try KeyCodec(prefix: prefix)
        var rng = SplitMix(seed: 3)
        for n in [1, 2, 3, c.headBytes, c.headBytes + 1, c.plainMaxBytes, c.plainMaxBytes + 1, 1023, 1024] {
            let k = (0..<n).map { _ in UInt8.random(in: 0...255, using: &rng) }
            let (name, overflow) = c.objectName(k)
            #expect(name.utf8.count <= KeyCodec.maxObjectName, "key of \(n) bytes: name of \(name.utf8.count)")
            #expect(overflow == (n > c.plainMaxBytes))
            #expect(name.hasPrefix(prefix))
            if overflow {
                #expect(c.parse(name) == .overflow(head: Array(k.prefix(c.headBytes))))
            } else {
                #expect(c.parse(name) == .plain(k))
            }
        }
    }

    @Test func overflowNamesDifferForDifferentKeys() {
        let a = [UInt8](repeating: 0x2F, count: 1024)
        var b = a
        b[1023] = 0x30
        #expect(codec.objectName(a).name != codec.objectName(b).name)
        #expect(codec.group(of: codec.parse(codec.objectName(a).name)!) == codec.group(of: codec.parse(codec.objectName(b).name)!))
    }

    @Test func parseRejectsNamesItNeverMakes() {
        #expect(codec.parse("other/NF") == nil)
        #expect(codec.parse("dfs/") == nil)
        #expect(codec.parse("dfs/a+b") == nil)
        #expect(codec.parse("dfs/NF~abc") == nil)
        #expect(codec.parse("dfs/NF") == .plain(Array("a".utf8)))
    }

    /// Listing plan: every key with the prefix (and greater than
    /// start-after) has a name that starts with listPrefix and sorts after
    /// listStartAfter, for plain and overflow names alike.
    @Test func listPlanCoversEveryMatchingKey() {
        var rng = SplitMix(seed: 4)
        let alpha: [UInt8] = [0x00, 0x61, 0x62, 0xFF]
        for _ in 0..<3000 {
            let long = Int.random(in: 0..<4, using: &rng) == 0
            let k = randomKey(&rng, maxLen: long ? 1024 : 8, alphabet: alpha)
            let p = Array(k.prefix(Int.random(in: 0...min(k.count, 900), using: &rng)))
            let name = Array(codec.objectName(k).name.utf8)
            #expect(name.starts(with: Array(codec.listPrefix(p).utf8)), "key \(k.prefix(8))… prefix \(p.count) bytes")
            let s = randomKey(&rng, maxLen: long ? 1024 : 8, alphabet: alpha)
            if s.lexicographicallyPrecedes(k), let sa = codec.listStartAfter(s) {
                #expect(Array(sa.utf8).lexicographicallyPrecedes(name), "start-after must sort before a greater key's name")
            }
        }
    }
}
