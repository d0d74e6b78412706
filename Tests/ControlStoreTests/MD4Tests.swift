import Testing
@testable import ControlStore

@Suite(.timeLimit(.minutes(3))) struct MD4Tests {
    /// The test suite of RFC 1320, appendix A.5.
    @Test(arguments: [
        ("", "31d6cfe0d16ae931b73c59d7e0c089c0"),
        ("a", "bde52cb31de33e46245e05fbdbd6fb24"),
        ("abc", "a448017aaf21d8525fc10ae87aa6729d"),
        ("message digest", "d9130a8164549fe818874806e1c7014b"),
        ("abcdefghijklmnopqrstuvwxyz", "d79e1c308aa5bbcdeea8ed63df412da9"),
        ("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", "043f8582f241db351ce627e153e7f0e4"),
        ("12345678901234567890123456789012345678901234567890123456789012345678901234567890", "e33b4ddc9c38f2199c3e7b164fcc0536"),
    ])
    func rfc1320(input: String, expected: String) {
        #expect(hex(MD4.digest(Array(input.utf8))) == expected)
    }

    /// Lengths around the padding boundaries (55, 56, 63, 64 bytes) all give
    /// 16 bytes and differ from each other.
    @Test func paddingBoundaries() {
        let digests = [55, 56, 57, 63, 64, 65, 119, 120].map { MD4.digest([UInt8](repeating: 0x61, count: $0)) }
        #expect(digests.allSatisfy { $0.count == 16 })
        #expect(Set(digests.map(hex)).count == digests.count)
    }

    /// Known NT hashes (MD4 of UTF-16LE).
    @Test(arguments: [
        ("password", "8846f7eaee8fb117ad06bdd830b7586c"),
        ("", "31d6cfe0d16ae931b73c59d7e0c089c0"),
    ])
    func ntHash(password: String, expected: String) {
        #expect(hex(NTHash.of(password: password)) == expected)
    }
}

func hex(_ b: [UInt8]) -> String { b.map { String(format: "%02x", $0) }.joined() }
