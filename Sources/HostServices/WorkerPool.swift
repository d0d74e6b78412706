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
///   taking jobs from a `FairQueue` guarded by a pthread mutex and
///   condition variable. No Dispatch, no Swift concurrency.
/// - **Fairness:** each job has a key (the share) and may have a group (its
///   payload store). Jobs of one key run in FIFO order; keys take turns; at
///   most `perKeyLimit` jobs of one key, and of one group, run at once
///   (default: three quarters of the threads), so a share — or a store —
///   that hangs cannot take every worker from the others.
/// - **Back-pressure:** each key has room for `queueLimit` waiting jobs.
///   `submit` never blocks and never runs the job on the caller's thread
///   (the caller may be an event loop): when the key's queue is full it returns
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
        /// Refused: `queueLimit` jobs of this key are already waiting.
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
    /// Default queue limit (per key).
    public static let defaultQueueLimit = 4096
    /// Default per-key running limit for `threads` workers: three quarters,
    /// at least one (8 → 6, 4 → 3, 2 → 2, 1 → 1).
    public static func defaultPerKeyLimit(threads: Int) -> Int { max(1, threads - threads / 4) }

    public let threadCount: Int
    public let queueLimit: Int
    public let perKeyLimit: Int

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Signalled when a job is queued or shutdown begins.
    private let workAvailable = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Signalled when a worker exits.
    private let workerExited = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    // Guarded by `mutex`.
    private var queue: FairQueue<Job>
    private var alive = 0
    private var closing = false
    private var completed: UInt64 = 0
    private var rejectedFull: UInt64 = 0
    private var workerIDs: [pthread_t] = []

    /// Start `threads` workers (at least 1) with room for `queueLimit`
    /// waiting jobs per key (at least 1), running at most `perKeyLimit` jobs
    /// of one key at once (nil: `defaultPerKeyLimit`; clamped to 1...threads).
    public init(threads: Int = WorkerPool.defaultThreads, queueLimit: Int = WorkerPool.defaultQueueLimit,
                perKeyLimit: Int? = nil, name: String = "dfs-worker") {
        threadCount = max(1, threads)
        self.queueLimit = max(1, queueLimit)
        self.perKeyLimit = min(threadCount, max(1, perKeyLimit ?? Self.defaultPerKeyLimit(threads: threadCount)))
        queue = FairQueue(queueLimit: self.queueLimit, perKeyLimit: self.perKeyLimit)
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

    /// Queue `job` for a worker under `key` (the share it works on) and
    /// `group` (the store behind it, see `FairQueue`). Never blocks; never
    /// runs `job` itself.
    @discardableResult
    public func submit(key: UInt64 = 0, group: UInt64? = nil, _ job: @escaping Job) -> Submission {
        lock()
        defer { unlock() }
        if closing { return .closed }
        guard queue.enqueue(job, key: key, group: group) == .accepted else {
            rejectedFull &+= 1
            return .full
        }
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
        return Stats(threads: alive, queued: queue.queued, running: queue.running, completed: completed, rejectedFull: rejectedFull)
    }

    private func workerLoop() {
        lock()
        workerIDs.append(pthread_self())
        while true {
            guard let (key, job) = takeJob() else {
                // closing, and nothing left to drain
                alive -= 1
                pthread_cond_broadcast(workerExited)
                unlock()
                return
            }
            unlock()
            job()
            lock()
            completed &+= 1
            if queue.finished(key: key) {
                pthread_cond_signal(workAvailable)   // a held-back job of this key may run now
            }
            if closing && queue.queued == 0 {
                pthread_cond_broadcast(workAvailable)   // let idle workers see the drain is over
            }
        }
    }

    /// Under the lock: wait for a job a worker may run; nil once closing and
    /// nothing waits. (Jobs held back by the per-key limit are run as the
    /// running jobs of their key finish, also while closing.)
    private func takeJob() -> (key: UInt64, job: Job)? {
        while true {
            if let next = queue.next() { return next }
            if closing && queue.queued == 0 { return nil }
            pthread_cond_wait(workAvailable, mutex)
        }
    }

    private func lock() { pthread_mutex_lock(mutex) }
    private func unlock() { pthread_mutex_unlock(mutex) }
}
