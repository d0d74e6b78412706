import Foundation
import HostServices
import Synchronization
import Testing

@Suite struct WorkerPoolTests {
    @Test func runsEveryJobOnWorkerThreads() {
        let pool = WorkerPool(threads: 3, queueLimit: 1000)
        let count = Atomic<Int>(0)
        let onCaller = Atomic<Int>(0)
        let caller = pthread_self()
        for _ in 0..<500 {
            let r = pool.submit {
                count.add(1, ordering: .relaxed)
                if pthread_equal(pthread_self(), caller) != 0 { onCaller.add(1, ordering: .relaxed) }
            }
            #expect(r == .accepted)
        }
        pool.shutdown()
        #expect(count.load(ordering: .relaxed) == 500)
        #expect(onCaller.load(ordering: .relaxed) == 0)
        #expect(pool.stats.completed == 500)
        #expect(pool.stats.threads == 0)
    }

    @Test func fullQueueRefusesWithoutBlocking() {
        let pool = WorkerPool(threads: 1, queueLimit: 2)
        let gate = NSCondition()
        let open = Mutex(false)
        let ran = Atomic<Int>(0)
        let block: WorkerPool.Job = {
            gate.lock()
            while !open.withLock({ $0 }) { gate.wait() }
            gate.unlock()
            ran.add(1, ordering: .relaxed)
        }
        #expect(pool.submit(block) == .accepted)
        // wait until the worker holds the first job, so the queue is empty
        while pool.stats.running == 0 { usleep(1000) }
        #expect(pool.submit(block) == .accepted)
        #expect(pool.submit(block) == .accepted)
        #expect(pool.submit(block) == .full)
        #expect(pool.stats.rejectedFull == 1)
        gate.lock()
        open.withLock { $0 = true }
        gate.broadcast()
        gate.unlock()
        pool.shutdown()
        #expect(ran.load(ordering: .relaxed) == 3)
    }

    @Test func shutdownDrainsThenRefuses() {
        let pool = WorkerPool(threads: 2, queueLimit: 100)
        let ran = Atomic<Int>(0)
        for _ in 0..<50 {
            pool.submit {
                usleep(200)
                ran.add(1, ordering: .relaxed)
            }
        }
        pool.shutdown()
        #expect(ran.load(ordering: .relaxed) == 50)
        #expect(pool.submit {} == .closed)
        #expect(pool.isClosed)
        pool.shutdown()   // idempotent
    }

    @Test func shutdownFromAWorkerDoesNotDeadlock() {
        let pool = WorkerPool(threads: 2, queueLimit: 10)
        let done = Atomic<Bool>(false)
        pool.submit {
            pool.shutdown()
            done.store(true, ordering: .sequentiallyConsistent)
        }
        pool.shutdown()
        let finished = done.load(ordering: .sequentiallyConsistent)
        #expect(finished)
    }
}

/// A flag threads can wait for, with a timeout.
final class Latch: @unchecked Sendable {
    private let cond = NSCondition()
    private var isOpen = false
    func open() { cond.lock(); isOpen = true; cond.broadcast(); cond.unlock() }
    @discardableResult
    func wait(timeout: TimeInterval = 60) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        cond.lock()
        defer { cond.unlock() }
        while !isOpen { if !cond.wait(until: deadline) { return false } }
        return true
    }
}

@Suite struct WorkerPoolFairnessTests {
    /// Polls `cond` for up to 30 s.
    func eventually(_ cond: () -> Bool) -> Bool {
        let deadline = Date(timeIntervalSinceNow: 30)
        while !cond() { if Date() > deadline { return false }; usleep(1000) }
        return true
    }

    @Test func defaultPerKeyLimit() {
        #expect([1, 2, 3, 4, 8, 16].map { WorkerPool.defaultPerKeyLimit(threads: $0) } == [1, 2, 3, 3, 6, 12])
        #expect(WorkerPool(threads: 2, perKeyLimit: 50).perKeyLimit == 2)
        #expect(WorkerPool(threads: 2, perKeyLimit: 0).perKeyLimit == 1)
    }

    /// Two shares on one hanging store (same group) hold at most
    /// `perKeyLimit` workers together; a share on another store still runs.
    @Test func hangingGroupLeavesWorkersToOthers() {
        let pool = WorkerPool(threads: 4, queueLimit: 100)
        let gate = Latch()
        for key: UInt64 in [1, 2] {
            for _ in 0..<4 { #expect(pool.submit(key: key, group: 99) { gate.wait() } == .accepted) }
        }
        #expect(eventually { pool.stats.running == 3 && pool.stats.queued == 5 })
        let otherRan = Latch()
        #expect(pool.submit(key: 3, group: 100) { otherRan.open() } == .accepted)
        #expect(otherRan.wait(timeout: 30), "a share on another store waited behind the hanging store")
        gate.open()
        pool.shutdown()
        #expect(pool.stats.completed == 9)
    }

    /// One share's jobs hang (an S3 that never answers): they hold at most
    /// `perKeyLimit` workers, the rest of them wait in that share's queue
    /// without a worker, and another share's job still runs at once. Then a
    /// shutdown that starts while they hang drains them all once they end.
    @Test func hangingKeyLeavesWorkersToOthers() {
        let pool = WorkerPool(threads: 4, queueLimit: 100)
        #expect(pool.perKeyLimit == 3)
        let gate = Latch()
        let ran = Atomic<Int>(0)
        for _ in 0..<10 {
            #expect(pool.submit(key: 1) { gate.wait(); ran.add(1, ordering: .relaxed) } == .accepted)
        }
        #expect(eventually { pool.stats.running == 3 && pool.stats.queued == 7 })
        let otherRan = Latch()
        #expect(pool.submit(key: 2) { otherRan.open() } == .accepted)
        #expect(otherRan.wait(timeout: 30), "another share's job waited behind the hanging one")
        #expect(ran.load(ordering: .relaxed) == 0)

        let shutDown = Latch()
        let t = Thread { pool.shutdown(); shutDown.open() }
        t.start()
        #expect(eventually { pool.isClosed })
        #expect(pool.submit(key: 2) {} == .closed)
        gate.open()
        #expect(shutDown.wait(timeout: 30), "shutdown did not finish draining held-back jobs")
        #expect(ran.load(ordering: .relaxed) == 10)
        #expect(pool.stats.threads == 0 && pool.stats.queued == 0 && pool.stats.running == 0)
    }
}
