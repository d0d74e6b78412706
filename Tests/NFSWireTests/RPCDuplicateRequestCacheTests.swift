import NIOCore
import NFSWire
import Synchronization
import Testing
import TestSupport

/// A settable clock for the shared cache.
private final class TestClock: Sendable {
    let now: Mutex<NIODeadline>
    init(_ start: NIODeadline) { now = Mutex(start) }
    func read() -> NIODeadline { now.withLock { $0 } }
    func advance(_ amount: TimeAmount) { now.withLock { $0 = $0 + amount } }
}

@Suite("RPC duplicate request cache")
struct RPCDuplicateRequestCacheTests {
    private let t0 = NIODeadline.uptimeNanoseconds(1_000_000_000_000)

    private func key(_ xid: UInt32, client: String = "192.0.2.1", port: Int = 800, checksum: UInt64 = 1) -> DuplicateRequestCache.Key {
        DuplicateRequestCache.Key(clientAddress: client, clientPort: port, xid: xid, checksum: checksum)
    }

    private func reply(_ size: Int, _ byte: UInt8 = 1) -> ByteBuffer { ByteBuffer(repeating: byte, count: size) }

    @Test func newThenInProgressThenDone() {
        var cache = DuplicateRequestCache()
        #expect(cache.begin(key(1), now: t0) == .new)
        #expect(cache.begin(key(1), now: t0) == .inProgress)  // retransmission while running: drop
        cache.finish(key(1), reply: reply(10), now: t0)
        #expect(cache.begin(key(1), now: t0) == .done(reply(10)))  // resend
        #expect(cache.count == 1 && cache.totalBytes == 10)
    }

    @Test func abandonForgetsOnlyInProgressEntries() {
        var cache = DuplicateRequestCache()
        _ = cache.begin(key(1), now: t0)
        cache.abandon(key(1))
        #expect(cache.count == 0)
        #expect(cache.begin(key(1), now: t0) == .new)
        cache.finish(key(1), reply: reply(3), now: t0)
        cache.abandon(key(1))
        #expect(cache.begin(key(1), now: t0) == .done(reply(3)))
        cache.abandon(key(99))  // unknown: no effect
        #expect(cache.count == 1)
    }

    @Test func everyKeyComponentDistinguishesCalls() {
        var cache = DuplicateRequestCache()
        _ = cache.begin(key(1), now: t0)
        #expect(cache.begin(key(2), now: t0) == .new)
        #expect(cache.begin(key(1, client: "192.0.2.2"), now: t0) == .new)
        #expect(cache.begin(key(1, port: 801), now: t0) == .new)
        #expect(cache.begin(key(1, checksum: 2), now: t0) == .new)  // a reused xid with other content
        #expect(cache.count == 5)
    }

    @Test func finishWithoutBeginStillStoresTheReply() {
        var cache = DuplicateRequestCache()
        cache.finish(key(5), reply: reply(4), now: t0)
        #expect(cache.begin(key(5), now: t0) == .done(reply(4)))
    }

    @Test func entriesExpireAfterTheirLifetime() {
        var cache = DuplicateRequestCache(configuration: .init(lifetime: .seconds(120)))
        _ = cache.begin(key(1), now: t0)
        cache.finish(key(1), reply: reply(8), now: t0)
        _ = cache.begin(key(2), now: t0 + .seconds(60))  // in progress, never finished
        #expect(cache.begin(key(1), now: t0 + .seconds(119)) == .done(reply(8)))  // a hit refreshes it
        #expect(cache.begin(key(1), now: t0 + .seconds(238)) == .done(reply(8)))
        // key 2 was last touched at 60 s: gone at 180 s.
        #expect(cache.count == 1)
        #expect(cache.begin(key(2), now: t0 + .seconds(238)) == .new)
        cache.expire(now: t0 + .seconds(1000))
        #expect(cache.count == 0 && cache.totalBytes == 0)
    }

    @Test func entryBoundEvictsTheLeastRecentlyUsedCompletedEntry() {
        var cache = DuplicateRequestCache(configuration: .init(maximumEntries: 3))
        for xid: UInt32 in 1...3 {
            _ = cache.begin(key(xid), now: t0)
            cache.finish(key(xid), reply: reply(1), now: t0)
        }
        _ = cache.begin(key(1), now: t0)  // 1 becomes most recent: 2 is now the oldest
        #expect(cache.begin(key(4), now: t0) == .new)
        #expect(cache.count == 3)
        #expect(cache.begin(key(2), now: t0) == .new)  // 2 was evicted (and is now back in progress, evicting 3)
        #expect(cache.begin(key(1), now: t0) == .done(reply(1)))
        #expect(cache.begin(key(3), now: t0) == .new)
    }

    @Test func inProgressEntriesAreEvictedLast() {
        var cache = DuplicateRequestCache(configuration: .init(maximumEntries: 2))
        _ = cache.begin(key(1), now: t0)  // oldest, in progress
        cache.finish(key(2), reply: reply(1), now: t0)
        _ = cache.begin(key(3), now: t0)  // evicts 2 (done), not 1
        #expect(cache.begin(key(1), now: t0) == .inProgress)
        #expect(cache.begin(key(3), now: t0) == .inProgress)
        // Only in-progress entries left: the oldest one goes.
        #expect(cache.begin(key(4), now: t0) == .new)
        #expect(cache.count == 2)
        #expect(cache.begin(key(3), now: t0) == .inProgress)
        #expect(cache.begin(key(4), now: t0) == .inProgress)
    }

    @Test func byteBoundEvictsOldRepliesAndRefusesHugeOnes() {
        var cache = DuplicateRequestCache(configuration: .init(maximumBytes: 100))
        cache.finish(key(1), reply: reply(40), now: t0)
        cache.finish(key(2), reply: reply(40), now: t0)
        cache.finish(key(3), reply: reply(40), now: t0)  // 120 > 100: 1 goes
        #expect(cache.totalBytes == 80)
        #expect(cache.begin(key(1), now: t0) == .new)
        #expect(cache.begin(key(2), now: t0) == .done(reply(40)))

        // A reply larger than the whole budget is not kept, and its entry is dropped.
        _ = cache.begin(key(9), now: t0)
        cache.finish(key(9), reply: reply(101), now: t0)
        #expect(cache.begin(key(9), now: t0) == .new)
        #expect(cache.totalBytes == 80)

        // Replacing a reply accounts for the old size.
        cache.finish(key(2), reply: reply(10), now: t0)
        #expect(cache.totalBytes == 50)
    }

    @Test func slotsAreReusedOverManyOperations() {
        var cache = DuplicateRequestCache(configuration: .init(maximumEntries: 50, maximumBytes: 1000, lifetime: .seconds(5)))
        var rng = SplitMix(seed: 7)
        var now = t0
        var stored: [UInt32: ByteBuffer] = [:]
        for _ in 0..<20_000 {
            let k = key(UInt32.random(in: 0..<200, using: &rng))
            switch UInt8.random(in: 0..<10, using: &rng) {
            case 0..<4:
                if case .done(let r) = cache.begin(k, now: now) { #expect(stored[k.xid] == r) }
            case 4..<7:
                let r = reply(Int.random(in: 0..<60, using: &rng), UInt8.random(in: 0...255, using: &rng))
                cache.finish(k, reply: r, now: now)
                stored[k.xid] = r
            case 7: cache.abandon(k)
            default: now = now + .milliseconds(Int64.random(in: 0..<500, using: &rng))
            }
            #expect(cache.count <= 50 && cache.totalBytes <= 1000 && cache.totalBytes >= 0)
        }
    }

    @Test func checksumSeesEveryByteAndTheLength() {
        let base = ByteBuffer(bytes: LinuxGetattrCapture.record)
        let c = DuplicateRequestCache.Key.checksum(of: base)
        for i in 0..<base.readableBytes {
            var changed = base
            changed.setInteger(base.getInteger(at: i, as: UInt8.self)! ^ 0x01, at: i)
            #expect(DuplicateRequestCache.Key.checksum(of: changed) != c, "byte \(i)")
        }
        #expect(DuplicateRequestCache.Key.checksum(of: ByteBuffer(bytes: [0])) != DuplicateRequestCache.Key.checksum(of: ByteBuffer(bytes: [0, 0])))
        let k = DuplicateRequestCache.Key(clientAddress: "h", clientPort: 1, xid: 2, record: base)
        #expect(k.checksum == c)
    }

    @Test func sharedCacheUsesItsClockAndIsSafeAcrossThreads() async {
        let clock = TestClock(t0)
        let cache = SharedDuplicateRequestCache(configuration: .init(lifetime: .seconds(10))) { clock.read() }
        #expect(cache.begin(key(1)) == .new)
        cache.finish(key(1), reply: reply(2))
        #expect(cache.begin(key(1)) == .done(reply(2)))
        clock.advance(.seconds(10))
        #expect(cache.begin(key(1)) == .new)
        cache.abandon(key(1))
        #expect(cache.count == 0)

        await withTaskGroup(of: Void.self) { group in
            for task in 0..<4 {
                group.addTask {
                    for i in 0..<500 {
                        let k = key(UInt32(task * 1000 + i))
                        if cache.begin(k) == .new { cache.finish(k, reply: reply(1)) }
                    }
                }
            }
        }
        #expect(cache.count == 2000 && cache.totalBytes == 2000)
    }
}
