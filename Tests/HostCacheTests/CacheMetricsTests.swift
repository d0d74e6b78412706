import CoreMetrics
import Foundation
import HostCache
import HostPlugins
import MetricsTestKit
import Testing

/// The cache's swift-metrics instruments (docs/CACHE.md "Metrics"), read
/// back through a test factory handed to the cache (no global bootstrap).
@Suite struct CacheMetricsTests {
    /// A cache on `dir` in front of `store` whose metrics go to `metrics`.
    func openMetered(_ store: StubStore, _ dir: String, _ metrics: TestMetrics, share: String? = "/m", size: UInt64 = 1 << 20,
                     remote: Bool = false, high: UInt64? = nil, low: UInt64? = nil,
                     writeWait: Duration = .milliseconds(20), syncWait: Duration = .milliseconds(50)) throws -> CachedPayload {
        try CachedPayload(store: store, options: CacheOptions(directory: dir, sizeBytes: size, remoteDurable: remote, uploadConcurrency: 2,
                                                              highWatermark: high, lowWatermark: low, segmentBytes: 64 << 10,
                                                              writeWait: writeWait, syncWait: syncWait),
                          blockSize: 4096, share: share, metricsFactory: metrics)
    }

    func gauge(_ m: TestMetrics, _ label: String, share: String = "/m") throws -> Double? {
        try m.expectGauge(label, [("share", share)]).lastValue
    }

    func counter(_ m: TestMetrics, _ label: String, _ extra: [(String, String)] = [], share: String = "/m") -> Int64 {
        m.counterTotal(label: label, dimensions: [("share", share)] + extra)
    }

    /// Poll `cond` (at most `seconds`); true once it holds.
    func eventually(_ seconds: Double = 10, _ cond: () throws -> Bool) rethrows -> Bool {
        let end = Date(timeIntervalSinceNow: seconds)
        while Date() < end {
            if try cond() { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return try cond()
    }

    /// Dirty bytes rise with puts while the store is down, failed uploads are
    /// counted; once it is back, dirty falls to 0, the blocks become clean
    /// and each is counted as one successful upload.
    @Test func bytesAndUploadsFollowTheStore() throws {
        let dir = tempDir()
        defer { cleanup(dir) }
        let m = TestMetrics()
        let store = StubStore()
        store.failing = true
        let c = try openMetered(store, dir, m)
        #expect(try gauge(m, "dfs_cache_dirty_bytes") == 0, "published at open")
        #expect(try gauge(m, "dfs_cache_clean_bytes") == 0)
        try c.put(key(1), block(1, 4096))
        try c.put(key(2), block(2, 1000))
        #expect(try gauge(m, "dfs_cache_dirty_bytes") == 5096)
        #expect(eventually { counter(m, "dfs_cache_uploads_total", [("result", "error")]) >= 2 })
        #expect(counter(m, "dfs_cache_uploads_total", [("result", "ok")]) == 0)
        // A superseding put replaces the old record's bytes, it does not add.
        try c.put(key(2), block(3, 2000))
        #expect(try gauge(m, "dfs_cache_dirty_bytes") == 6096)
        store.failing = false
        #expect(c.flush(timeout: .seconds(20)))
        #expect(try gauge(m, "dfs_cache_dirty_bytes") == 0)
        #expect(try gauge(m, "dfs_cache_clean_bytes") == 6096)
        #expect(counter(m, "dfs_cache_uploads_total", [("result", "ok")]) == 2)
        #expect(UInt64(counter(m, "dfs_cache_uploads_total", [("result", "error")])) == c.stats.uploadFailures)
        // A delete of a clean block drops its clean bytes at once.
        try c.delete(key(1))
        #expect(try gauge(m, "dfs_cache_clean_bytes") == 2000)
        #expect(c.flush(timeout: .seconds(20)))
        #expect(counter(m, "dfs_cache_uploads_total", [("result", "ok")]) == 3)
        #expect(counter(m, "dfs_cache_throttled_total") == 0)
        #expect(counter(m, "dfs_cache_again_total") == 0)
        c.close()
    }

    /// A closed cache (its share removed) shows 0 bytes, not its last values;
    /// a reopen on the same directory publishes what it replayed.
    @Test func closeZeroesTheGauges() throws {
        let dir = tempDir()
        defer { cleanup(dir) }
        let m = TestMetrics()
        let store = StubStore()
        store.failing = true
        let c = try openMetered(store, dir, m)
        try c.put(key(1), block(1, 4096))
        #expect(try gauge(m, "dfs_cache_dirty_bytes") == 4096)
        c.close()
        #expect(try gauge(m, "dfs_cache_dirty_bytes") == 0)
        #expect(try gauge(m, "dfs_cache_clean_bytes") == 0)
        #expect(try gauge(m, "dfs_cache_size_bytes") == 0)
        let again = try openMetered(store, dir, m)
        defer { again.close() }
        #expect(try gauge(m, "dfs_cache_dirty_bytes") == 4096, "the journal still holds the block")
    }

    /// Size and high watermark in effect: published at open, moved by
    /// `reconfigure` (the high mark follows the size unless set explicitly).
    @Test func sizeAndHighWatermark() throws {
        let dir = tempDir()
        defer { cleanup(dir) }
        let m = TestMetrics()
        let c = try openMetered(StubStore(), dir, m, size: 64 << 20)
        #expect(try gauge(m, "dfs_cache_size_bytes") == Double(64 << 20))
        #expect(try gauge(m, "dfs_cache_high_watermark_bytes") == Double(48 << 20))
        try c.reconfigure(sizeBytes: 128 << 20)
        #expect(try gauge(m, "dfs_cache_size_bytes") == Double(128 << 20))
        #expect(try gauge(m, "dfs_cache_high_watermark_bytes") == Double(96 << 20))
        c.close()
        let dir2 = tempDir()
        defer { cleanup(dir2) }
        let fixed = try openMetered(StubStore(), dir2, m, share: "/f", size: 64 << 20, high: 10 << 20, low: 5 << 20)
        try fixed.reconfigure(sizeBytes: 32 << 20)
        #expect(try gauge(m, "dfs_cache_high_watermark_bytes", share: "/f") == Double(10 << 20))
        fixed.close()
    }

    /// Past the high mark every put is counted as throttled; those still
    /// throttled after `writeWait` are also counted as AGAIN. Deletes are
    /// never throttled.
    @Test func throttledAndAgainCount() throws {
        let dir = tempDir()
        defer { cleanup(dir) }
        let m = TestMetrics()
        let store = StubStore()
        store.failing = true
        let c = try openMetered(store, dir, m, size: 64 << 10, high: 8 << 10, low: 4 << 10)
        try c.put(key(0), block(0, 4096))
        try c.put(key(1), block(1, 4096))   // reaches the high mark
        #expect(counter(m, "dfs_cache_throttled_total") == 0)
        var again = 0
        for i in 2..<5 where putStatus(c, key(i), block(i, 4096)) == .again { again += 1 }
        #expect(again == 3)
        #expect(counter(m, "dfs_cache_throttled_total") == 3)
        #expect(counter(m, "dfs_cache_again_total") == 3)
        #expect(try gauge(m, "dfs_cache_dirty_bytes") == 8192, "refused puts add nothing")
        try c.delete(key(7))
        #expect(counter(m, "dfs_cache_throttled_total") == 3)
        store.failing = false
        #expect(c.flush(timeout: .seconds(20)))
        #expect(try gauge(m, "dfs_cache_dirty_bytes") == 0)
        try c.put(key(2), block(2, 4096))
        #expect(counter(m, "dfs_cache_throttled_total") == 3, "not throttled once drained")
        #expect(counter(m, "dfs_cache_again_total") == 3)
        c.close()
    }

    /// A throttled put that gets room within `writeWait` is counted as
    /// throttled, not as AGAIN.
    @Test func throttledPutThatGetsThrough() throws {
        let dir = tempDir()
        defer { cleanup(dir) }
        let m = TestMetrics()
        let store = StubStore()
        store.blocked = true
        let c = try openMetered(store, dir, m, size: 64 << 10, high: 8 << 10, low: 4 << 10, writeWait: .seconds(20))
        try c.put(key(0), block(0, 4096))
        try c.put(key(1), block(1, 4096))
        let t = Thread { Thread.sleep(forTimeInterval: 0.2); store.blocked = false }
        t.start()
        try c.put(key(2), block(2, 4096))
        #expect(counter(m, "dfs_cache_throttled_total") == 1)
        #expect(counter(m, "dfs_cache_again_total") == 0)
        #expect(c.flush(timeout: .seconds(10)))
        c.close()
    }

    /// Remote-durable syncs and durable puts that time out waiting for the
    /// store are counted as AGAIN.
    @Test func remoteDurableSyncAgainIsCounted() throws {
        let dir = tempDir()
        defer { cleanup(dir) }
        let m = TestMetrics()
        let store = StubStore()
        store.blocked = true
        let c = try openMetered(store, dir, m, remote: true)
        try c.put(key(1), block(1))
        expectStatus(.again) { try c.sync() }
        expectStatus(.again) { try c.put(key(2), block(2), durable: true) }
        #expect(counter(m, "dfs_cache_again_total") == 2)
        #expect(counter(m, "dfs_cache_throttled_total") == 0)
        store.blocked = false
        try c.sync()
        #expect(counter(m, "dfs_cache_again_total") == 2)
        c.close()
    }

    /// Read misses add clean bytes; eviction keeps them within the size.
    @Test func cleanBytesFollowFetchesAndEviction() throws {
        let dir = tempDir()
        defer { cleanup(dir) }
        let m = TestMetrics()
        let store = StubStore()
        for i in 0..<3 { try store.put(key(i), block(i, 4096)) }
        let c = try openMetered(store, dir, m, size: 8192)
        #expect(try c.read(key(0), length: 4096) == block(0, 4096))
        #expect(try gauge(m, "dfs_cache_clean_bytes") == 4096)
        #expect(try c.read(key(1), length: 4096) == block(1, 4096))
        #expect(try c.read(key(2), length: 4096) == block(2, 4096))
        #expect(try gauge(m, "dfs_cache_clean_bytes") == 8192, "one block evicted")
        #expect(try gauge(m, "dfs_cache_dirty_bytes") == 0)
        c.close()
    }

    /// Replayed records count as dirty at open; without a share name the
    /// directory labels the metrics.
    @Test func replayPublishesDirtyBytesAndDirectoryLabel() throws {
        let dir = tempDir()
        defer { cleanup(dir) }
        let down = StubStore()
        down.failing = true
        let first = try openMetered(down, dir, TestMetrics())
        try first.put(key(1), block(1, 3000))
        try first.sync()
        first.abandon()
        let m = TestMetrics()
        let c = try openMetered(down, dir, m, share: nil)
        #expect(try gauge(m, "dfs_cache_dirty_bytes", share: dir) == 3000)
        down.failing = false
        #expect(c.flush(timeout: .seconds(20)))
        #expect(try gauge(m, "dfs_cache_dirty_bytes", share: dir) == 0)
        #expect(counter(m, "dfs_cache_uploads_total", [("result", "ok")], share: dir) == 1)
        c.close()
    }
}
