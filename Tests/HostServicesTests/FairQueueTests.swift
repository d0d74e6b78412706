import Testing
@testable import HostServices

/// A reference around the queue, so `#expect` can call its mutating methods.
final class Q {
    var state: FairQueue<String>
    init(queueLimit: Int, perKeyLimit: Int) { state = FairQueue(queueLimit: queueLimit, perKeyLimit: perKeyLimit) }
    func enqueue(_ job: String, key: UInt64, group: UInt64? = nil) -> FairQueue<String>.Admission {
        state.enqueue(job, key: key, group: group)
    }
    func running(inGroup g: UInt64) -> Int { state.running(inGroup: g) }
    func next() -> (key: UInt64, job: String)? { state.next() }
    func finished(key: UInt64) -> Bool { state.finished(key: key) }
    func load(of key: UInt64) -> (queued: Int, running: Int) { state.load(of: key) }
    var queued: Int { state.queued }
    var running: Int { state.running }
    var queueLimit: Int { state.queueLimit }
    var perKeyLimit: Int { state.perKeyLimit }
}

@Suite struct FairQueueTests {
    /// Takes jobs until none may run; returns them in order.
    func drain(_ q: Q) -> [String] {
        var out: [String] = []
        while let (_, job) = q.next() { out.append(job) }
        return out
    }

    @Test func oneKeyIsFIFO() {
        let q = Q(queueLimit: 10, perKeyLimit: 10)
        for i in 0..<5 { #expect(q.enqueue("a\(i)", key: 1) == .accepted) }
        #expect(q.queued == 5)
        #expect(drain(q) == ["a0", "a1", "a2", "a3", "a4"])
        #expect(q.queued == 0 && q.running == 5)
    }

    @Test func keysTakeTurns() {
        let q = Q(queueLimit: 10, perKeyLimit: 10)
        for i in 0..<3 { _ = q.enqueue("a\(i)", key: 1) }
        for i in 0..<2 { _ = q.enqueue("b\(i)", key: 2) }
        _ = q.enqueue("c0", key: 3)
        #expect(drain(q) == ["a0", "b0", "c0", "a1", "b1", "a2"])
    }

    /// A key at its running limit waits; the others go past it.
    @Test func perKeyLimitHoldsBackOnlyThatKey() {
        let q = Q(queueLimit: 10, perKeyLimit: 2)
        for i in 0..<4 { _ = q.enqueue("a\(i)", key: 1) }
        _ = q.enqueue("b0", key: 2)
        #expect(drain(q) == ["a0", "b0", "a1"])
        #expect(q.load(of: 1) == (queued: 2, running: 2))
        // b0 finishing frees nothing held back.
        #expect(!q.finished(key: 2))
        #expect(q.next() == nil)
        // An a finishing lets the next a run: the worker must be woken.
        #expect(q.finished(key: 1))
        #expect(q.next()?.job == "a2")
        #expect(q.next() == nil)
        #expect(q.finished(key: 1))
        #expect(q.next()?.job == "a3")
        // Nothing waits any more: finishing wakes nobody.
        #expect(!q.finished(key: 1))
        #expect(!q.finished(key: 1))
        #expect(q.running == 0 && q.queued == 0)
        #expect(q.load(of: 1) == (queued: 0, running: 0))
    }

    /// Keys of one group (shares on one store) share the running limit; a
    /// key of another group, or of none, is not held back by it.
    @Test func groupLimitSpansItsKeys() {
        let q = Q(queueLimit: 10, perKeyLimit: 2)
        for i in 0..<3 { _ = q.enqueue("a\(i)", key: 1, group: 7) }
        for i in 0..<3 { _ = q.enqueue("b\(i)", key: 2, group: 7) }
        _ = q.enqueue("c0", key: 3, group: 8)
        _ = q.enqueue("d0", key: 4)
        #expect(drain(q) == ["a0", "b0", "c0", "d0"])
        #expect(q.running(inGroup: 7) == 2 && q.running(inGroup: 8) == 1)
        // Other keys finishing free nothing of group 7.
        #expect(!q.finished(key: 3))
        #expect(!q.finished(key: 4))
        #expect(q.next() == nil)
        // A job of group 7 finishing lets the group's next turn run (b's: a went last).
        #expect(q.finished(key: 1))
        #expect(q.next()?.job == "a1")
        #expect(q.finished(key: 2))
        #expect(q.next()?.job == "b1")
        #expect(q.running(inGroup: 7) == 2 && q.load(of: 1) == (queued: 1, running: 1))
    }

    /// Each key has its own room: a full key does not refuse another.
    @Test func queueLimitIsPerKey() {
        let q = Q(queueLimit: 2, perKeyLimit: 1)
        #expect(q.enqueue("a0", key: 1) == .accepted)
        #expect(q.enqueue("a1", key: 1) == .accepted)
        #expect(q.enqueue("a2", key: 1) == .full)
        #expect(q.enqueue("b0", key: 2) == .accepted)
        // Running jobs do not count against the room.
        #expect(q.next()?.job == "a0")
        #expect(q.enqueue("a2", key: 1) == .accepted)
        #expect(q.enqueue("a3", key: 1) == .full)
    }

    /// Limits below 1 are taken as 1.
    @Test func limitsAreAtLeastOne() {
        let q = Q(queueLimit: 0, perKeyLimit: -3)
        #expect(q.queueLimit == 1 && q.perKeyLimit == 1)
        #expect(q.enqueue("a0", key: 7) == .accepted)
        #expect(q.enqueue("a1", key: 7) == .full)
    }

    /// Many operations on one lane keep it FIFO across the storage reclaim.
    @Test func longRunStaysFIFO() {
        let q = Q(queueLimit: 1000, perKeyLimit: 3)
        var next = 0, expected = 0
        var rng = UInt64(42)
        for _ in 0..<20_000 {
            rng = rng &* 6364136223846793005 &+ 1442695040888963407
            if rng >> 62 != 0, q.enqueue("\(next)", key: 9) == .accepted {
                next += 1
            } else if let (key, job) = q.next() {
                #expect(job == "\(expected)")
                expected += 1
                _ = q.finished(key: key)
            }
        }
        while let (key, job) = q.next() {
            #expect(job == "\(expected)")
            expected += 1
            _ = q.finished(key: key)
        }
        #expect(expected == next && q.queued == 0 && q.running == 0)
    }
}
