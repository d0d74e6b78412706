#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// A fixed set of dedicated threads that run blocking store work, so that
/// neither adapters' event loops nor Dispatch / Swift concurrency threads
/// ever wait on a disk or a network (see DESIGN.md, "Never run blocking
/// plugin calls on Dispatch").
///
/// - **Threads:** `threads` Foundation `Thread`s, started at init, each
///   taking jobs from one FIFO queue guarded by a pthread mutex and
///   condition variable. No Dispatch, no Swift concurrency.
/// - **Back-pressure:** the queue holds at most `queueLimit` waiting jobs.
///   `submit` never blocks and never runs the job on the caller's thread
///   (the caller may be an event loop): when the queue is full it returns
///   `.full` and the caller fails the operation with `DFS_ERR_AGAIN`, which
///   NFS reports as NFS3ERR_JUKEBOX ("try again later") and SMB as
///   STATUS_INSUFFICIENT_RESOURCES — the client retries, the server stays
///   responsive.
/// - **Shutdown:** `shutdown()` refuses new jobs (`.closed`), lets the
///   workers run every job already queued, then waits for the threads to
///   exit. Idempotent; callable from any thread but a worker.
public final class WorkerPool: @unchecked Sendable {
    /// A unit of work.
    public typealias Job = @Sendable () -> Void

    /// What `submit` did with a job.
    public enum Submission: Equatable, Sendable {
        /// Queued; a worker will run it.
        case accepted
        /// Refused: `queueLimit` jobs are already waiting.
        case full
        /// Refused: the pool is shutting down or shut down.
        case closed
    }

    /// Counters, read together under the lock.
    public struct Stats: Equatable, Sendable {
        public var threads: Int
        public var queued: Int
        public var running: Int
        public var completed: UInt64
        public var rejectedFull: UInt64
    }

    /// Default number of threads.
    public static let defaultThreads = 8
    /// Default queue limit.
    public static let defaultQueueLimit = 4096

    public let threadCount: Int
    public let queueLimit: Int

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Signalled when a job is queued or shutdown begins.
    private let workAvailable = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Signalled when a worker exits.
    private let workerExited = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    // Guarded by `mutex`.
    private var ring: [Job?]
    private var head = 0
    private var count = 0
    private var running = 0
    private var alive = 0
    private var closing = false
    private var completed: UInt64 = 0
    private var rejectedFull: UInt64 = 0
    private var workerIDs: [pthread_t] = []

    /// Start `threads` workers (at least 1) with room for `queueLimit`
    /// waiting jobs (at least 1).
    public init(threads: Int = WorkerPool.defaultThreads, queueLimit: Int = WorkerPool.defaultQueueLimit,
                name: String = "dfs-worker") {
        threadCount = max(1, threads)
        self.queueLimit = max(1, queueLimit)
        ring = Array(repeating: nil, count: self.queueLimit)
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(workAvailable, nil)
        pthread_cond_init(workerExited, nil)
        alive = threadCount
        for i in 0..<threadCount {
            let t = Thread { [self] in self.workerLoop() }
            t.name = "\(name)-\(i)"
            t.start()
        }
    }

    deinit {
        // Workers hold a strong reference while they run, so by now every
        // one has exited (shutdown ran, or the pool never had threads).
        pthread_cond_destroy(workerExited)
        pthread_cond_destroy(workAvailable)
        pthread_mutex_destroy(mutex)
        workerExited.deallocate()
        workAvailable.deallocate()
        mutex.deallocate()
    }

    /// Queue `job` for a worker. Never blocks; never runs `job` itself.
    @discardableResult
    public func submit(_ job: @escaping Job) -> Submission {
        lock()
        defer { unlock() }
        if closing { return .closed }
        if count == queueLimit {
            rejectedFull &+= 1
            return .full
        }
        ring[(head + count) % queueLimit] = job
        count += 1
        pthread_cond_signal(workAvailable)
        return .accepted
    }

    /// Refuse new jobs, run the queued ones, and wait for every worker to
    /// exit. Idempotent. Called from a worker it only starts the drain
    /// (a worker cannot wait for itself).
    public func shutdown() {
        lock()
        closing = true
        pthread_cond_broadcast(workAvailable)
        let me = pthread_self()
        if workerIDs.contains(where: { pthread_equal($0, me) != 0 }) {
            unlock()
            return
        }
        while alive > 0 { pthread_cond_wait(workerExited, mutex) }
        unlock()
    }

    /// True once `shutdown` has begun.
    public var isClosed: Bool {
        lock()
        defer { unlock() }
        return closing
    }

    public var stats: Stats {
        lock()
        defer { unlock() }
        return Stats(threads: alive, queued: count, running: running, completed: completed, rejectedFull: rejectedFull)
    }

    private func workerLoop() {
        lock()
        workerIDs.append(pthread_self())
        while true {
            while count == 0 && !closing { pthread_cond_wait(workAvailable, mutex) }
            if count == 0 {
                // closing, and nothing left to drain
                alive -= 1
                pthread_cond_broadcast(workerExited)
                unlock()
                return
            }
            let job = ring[head]!
            ring[head] = nil
            head = (head + 1) % queueLimit
            count -= 1
            running += 1
            unlock()
            job()
            lock()
            running -= 1
            completed &+= 1
        }
    }

    private func lock() { pthread_mutex_lock(mutex) }
    private func unlock() { pthread_mutex_unlock(mutex) }
}
