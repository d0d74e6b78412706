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
