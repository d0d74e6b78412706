import HostCache
import Testing

@Suite struct JournalRecordTests {
    @Test func roundTrip() {
        for rec in [JournalRecord(kind: .put, seq: 1, key: [1, 2, 3], data: Array(0..<200)),
                    JournalRecord(kind: .put, seq: 1 << 40, key: [0, 0xFF, 0x2F], data: []),
                    JournalRecord(kind: .delete, seq: 99, key: Array(repeating: 7, count: 1024))] {
            let bytes = rec.encode()
            #expect(bytes.count == JournalRecord.size(keyCount: rec.key.count, dataCount: rec.data.count))
            let d = bytes.withUnsafeBytes { JournalRecord.decode($0, at: 0) }
            #expect(d == .record(rec, size: bytes.count, dataOffset: JournalRecord.dataOffset(keyCount: rec.key.count)))
            let end = bytes.withUnsafeBytes { JournalRecord.decode($0, at: bytes.count) }
            #expect(end == .end)
        }
    }

    /// Every prefix of a record (a torn append) is invalid, never a record.
    @Test func everyTruncationIsInvalid() {
        let bytes = JournalRecord(kind: .put, seq: 5, key: [9, 9], data: Array(repeating: 0xAB, count: 100)).encode()
        for cut in 1..<bytes.count {
            let d = Array(bytes[0..<cut]).withUnsafeBytes { JournalRecord.decode($0, at: 0) }
            guard case .invalid = d else {
                Issue.record("prefix of \(cut) bytes decoded as \(d)")
                continue
            }
        }
    }

    /// Flipping any single bit gives an invalid record (magic, CRC, length).
    @Test func everyBitFlipIsInvalid() {
        let bytes = JournalRecord(kind: .put, seq: 5, key: [1], data: Array(0..<40)).encode()
        for i in 0..<bytes.count {
            for bit in 0..<8 {
                var c = bytes
                c[i] ^= UInt8(1 << bit)
                let d = c.withUnsafeBytes { JournalRecord.decode($0, at: 0) }
                guard case .invalid = d else {
                    Issue.record("bit \(bit) of byte \(i) flipped still decodes: \(d)")
                    continue
                }
            }
        }
    }

    @Test func garbageIsInvalidNotACrash() {
        var g = SystemRandomNumberGenerator()
        for n in [1, 11, 12, 23, 100, 5000] {
            let junk = (0..<n).map { _ in UInt8.random(in: 0...255, using: &g) }
            let d = junk.withUnsafeBytes { JournalRecord.decode($0, at: 0) }
            if case .record = d { Issue.record("random bytes decoded as a record") }
        }
        // A header announcing a huge length.
        var h: [UInt8] = [0x44, 0x46, 0x46, 0x4A, 0, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF]
        h += [UInt8](repeating: 0, count: 20)
        #expect(h.withUnsafeBytes { JournalRecord.decode($0, at: 0) } == .invalid("bad length 4294967295"))
    }

    @Test func crc32cVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        // RFC 3720 B.4: 32 bytes of zeros, of 0xFF, ascending.
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
    }

    /// Slicing-by-8 equals the bit-at-a-time definition for every length
    /// and alignment, also when continued in pieces.
    @Test func crc32cMatchesTheDefinition() {
        func bitwise(_ b: ArraySlice<UInt8>) -> UInt32 {
            var c: UInt32 = ~0
            for x in b {
                c ^= UInt32(x)
                for _ in 0..<8 { c = c & 1 != 0 ? (c >> 1) ^ 0x82F6_3B78 : c >> 1 }
            }
            return ~c
        }
        let data = (0..<300).map { UInt8(truncatingIfNeeded: $0 &* 97 &+ 13) }
        for start in 0..<9 {
            for end in stride(from: start, through: 300, by: 7) {
                let slice = data[start..<end]
                let fast = Array(slice).withUnsafeBytes { CRC32C.update(0, $0) }
                #expect(fast == bitwise(slice), "bytes \(start)..<\(end)")
                let mid = (start + end) / 2
                let a = Array(data[start..<mid]).withUnsafeBytes { CRC32C.update(0, $0) }
                let both = Array(data[mid..<end]).withUnsafeBytes { CRC32C.update(a, $0) }
                #expect(both == fast, "continued at \(mid)")
            }
        }
    }
}
