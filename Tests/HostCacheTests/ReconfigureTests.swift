import Foundation
import HostCache
import HostPlugins
import Testing

/// `CachedPayload.reconfigure`: a share's cache resized or switched between
/// local and remote durability while it serves.
@Suite struct ReconfigureTests {
    /// The watermarks follow the size (75 % / 50 %): a cache full of dirty
    /// blocks stops throttling when it grows and throttles at once when it
    /// shrinks below what it holds.
    @Test func sizeMovesTheWatermarks() throws {
        let dir = tempDir()
        defer { cleanup(dir) }
        let store = StubStore()
        store.failing = true   // nothing leaves the cache
        let c = try open(store, dir, size: 64 << 10, writeWait: .milliseconds(20))
        var accepted: [Int] = []
        for i in 0..<20 where putStatus(c, key(i), block(i, 4096)) == nil { accepted.append(i) }
        #expect(accepted == Array(0..<12), "48 KiB high mark of 64 KiB / 4 KiB blocks")
        #expect(c.stats.throttled)

        try c.reconfigure(sizeBytes: 128 << 10)   // high 96 KiB
        #expect(c.sizeBytes == 128 << 10 && c.options.sizeBytes == 64 << 10)
        #expect(!c.stats.throttled)
        for i in 20..<32 {
            let status = putStatus(c, key(i), block(i, 4096))
            #expect(status == nil, "block \(i) after growing")
            if status == nil { accepted.append(i) }
        }
        #expect(putStatus(c, key(32), block(32, 4096)) == .again)

        try c.reconfigure(sizeBytes: 32 << 10)    // high 24 KiB, 96 KiB dirty: kept, throttled
        #expect(c.stats.throttled && c.stats.dirtyBytes == 96 << 10)
        #expect(putStatus(c, key(33), block(33, 4096)) == .again)
        // Nothing dirty was dropped: everything reaches the store once it is back.
        store.failing = false
        #expect(c.flush(timeout: .seconds(20)))
        let stored = store.snapshot
        let intact = accepted.filter { stored[key($0)] == block($0, 4096) }
        #expect(intact == accepted && accepted.count == 24)
        #expect(!c.stats.throttled)
        c.close()
    }

    /// Shrinking evicts clean blocks down to the new size at once.
    @Test func shrinkingEvictsCleanBlocks() throws {
        let dir = tempDir()
        defer { cleanup(dir) }
        let store = StubStore()
        let c = try open(store, dir, size: 256 << 10)
        for i in 0..<32 { try c.put(key(i), block(i, 4096)) }
        #expect(c.flush(timeout: .seconds(20)))
        #expect(c.stats.cleanBytes == 128 << 10)
        try c.reconfigure(sizeBytes: 40 << 10)
        #expect(c.stats.cleanBytes <= 40 << 10 && c.stats.cleanBytes > 0)
        // What was evicted is read from the store.
        let readBack = try (0..<32).filter { try c.read(key($0), length: 4096) == block($0, 4096) }
        #expect(readBack.count == 32)
        c.close()
    }

    /// Remote durability on: the next sync waits for the store (here down:
    /// AGAIN); off again: the journal's fsync is enough.
    @Test func remoteDurabilityToggles() throws {
        let dir = tempDir()
        defer { cleanup(dir) }
        let store = StubStore()
        store.failing = true
        let c = try open(store, dir, remote: false, syncWait: .seconds(5))
        try c.put(key(1), block(1))
        try c.sync()
        try c.reconfigure(remoteDurable: true)
        #expect(c.remoteDurable && c.sizeBytes == 1 << 20)
        let deadline = Date(timeIntervalSinceNow: 10)
        while c.stats.uploadFailures == 0 && Date() < deadline { Thread.sleep(forTimeInterval: 0.01) }
        expectStatus(.again) { try c.sync() }
        try c.reconfigure(remoteDurable: false)
        try c.sync()
        store.failing = false
        #expect(c.flush(timeout: .seconds(20)))
        c.close()
    }

    @Test func invalidValuesAreRefusedAndChangeNothing() throws {
        let dir = tempDir()
        defer { cleanup(dir) }
        let c = try open(StubStore(), dir, size: 64 << 10)
        expectStatus(.inval) { try c.reconfigure(sizeBytes: 0) }
        #expect(c.sizeBytes == 64 << 10 && !c.remoteDurable)
        c.close()
    }
}
