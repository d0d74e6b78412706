import HostCore
import Testing

@Suite struct BlockLayoutTests {
    let layout = BlockLayout(blockSize: 4096)

    @Test func indexAndCount() {
        #expect(layout.index(of: 0) == 0)
        #expect(layout.index(of: 4095) == 0)
        #expect(layout.index(of: 4096) == 1)
        #expect(layout.start(of: 3) == 12288)
        #expect(layout.blockCount(forSize: 0) == 0)
        #expect(layout.blockCount(forSize: 1) == 1)
        #expect(layout.blockCount(forSize: 4096) == 1)
        #expect(layout.blockCount(forSize: 4097) == 2)
    }

    @Test func spansWithinOneBlock() {
        #expect(layout.spans(offset: 10, count: 100) == [.init(index: 0, offsetInBlock: 10, length: 100, bufferOffset: 0)])
        #expect(layout.spans(offset: 5, count: 0).isEmpty)
    }

    @Test func spansAcrossBlocks() {
        let s = layout.spans(offset: 4000, count: 10000)
        #expect(s == [
            .init(index: 0, offsetInBlock: 4000, length: 96, bufferOffset: 0),
            .init(index: 1, offsetInBlock: 0, length: 4096, bufferOffset: 96),
            .init(index: 2, offsetInBlock: 0, length: 4096, bufferOffset: 4192),
            .init(index: 3, offsetInBlock: 0, length: 1712, bufferOffset: 8288),
        ])
        #expect(s.map(\.length).reduce(0, +) == 10000)
        #expect(!s[0].isWhole(blockSize: 4096))
        #expect(s[1].isWhole(blockSize: 4096))
    }

    @Test func spansAtHugeOffsets() {
        let off = UInt64(1) << 60
        let s = BlockLayout(blockSize: 1 << 20).spans(offset: off + 5, count: 3)
        #expect(s == [.init(index: off >> 20, offsetInBlock: 5, length: 3, bufferOffset: 0)])
    }

    @Test func keysSortNumerically() {
        let keys = [0, 1, 15, 16, 255, 4096, UInt64.max].map { BlockKey.key(dataID: 0xAB, ino: 0x10, index: $0) }
        #expect(keys == keys.sorted { $0.lexicographicallyPrecedes($1) })
        #expect(String(decoding: keys[3], as: UTF8.self) == "s00000000000000ab/0000000000000010/0000000000000010")
        #expect(keys.allSatisfy { $0.count == 51 })
    }

    @Test func keyIndexRoundTrip() {
        let prefix = BlockKey.prefix(dataID: 1, ino: 2)
        for i: UInt64 in [0, 1, 0xABCDEF, UInt64.max] {
            #expect(BlockKey.index(of: BlockKey.key(dataID: 1, ino: 2, index: i), prefix: prefix) == i)
        }
        #expect(BlockKey.index(of: BlockKey.key(dataID: 1, ino: 3, index: 0), prefix: prefix) == nil)
        #expect(BlockKey.index(of: prefix + Array("000000000000000G".utf8), prefix: prefix) == nil)
        #expect(BlockKey.index(of: prefix + Array("0".utf8), prefix: prefix) == nil)
    }
}
