/// The scheduling state of `WorkerPool`: jobs queued per key (a share),
/// handed to workers round-robin across keys, with at most `perKeyLimit`
/// jobs of one key running at once — and, for keys given a group (the
/// payload store the share writes to), at most `perKeyLimit` jobs of one
/// group, so two shares on the same hanging store cannot together take
/// every worker either.
///
/// Why: every blocking store call holds a worker until it returns. When one
/// share's store hangs (an S3 endpoint that accepts and never answers),
/// its requests would take every worker in turn, and the server would stop
/// answering for every other share too. With a per-key limit below the
/// number of workers, the hanging share holds at most `perKeyLimit` of
/// them; its further requests wait in its own queue (holding no worker),
/// and the other shares keep the remaining workers. Round-robin also keeps
/// one busy share from delaying another's requests behind a long queue.
///
/// A pure state machine: no threads, no locks, no clock. `WorkerPool`
/// drives it under its mutex; tests drive it directly.
public struct FairQueue<Job> {
    /// What `enqueue` did.
    public enum Admission: Equatable, Sendable {
        case accepted
        /// The key already has `queueLimit` jobs waiting.
        case full
    }

    /// Jobs of one key that may wait at once (each key has its own room, so
    /// a hanging share cannot fill the queue for the others).
    public let queueLimit: Int
    /// Jobs of one key that may run at once.
    public let perKeyLimit: Int

    private struct Lane {
        /// Fixed when the lane is made (a share's stores never change).
        let group: UInt64?
        var waiting: [Job?] = []
        var head = 0
        var running = 0
        init(group: UInt64?) { self.group = group }
        var queued: Int { waiting.count - head }

        mutating func push(_ job: Job) { waiting.append(job) }

        mutating func pop() -> Job {
            let job = waiting[head]!
            waiting[head] = nil
            head += 1
            // Reclaim the consumed prefix when the lane is empty, or once it
            // is most of the storage.
            if head == waiting.count {
                waiting.removeAll(keepingCapacity: true)
                head = 0
            } else if head >= 64 && head * 2 >= waiting.count {
                waiting.removeFirst(head)
                head = 0
            }
            return job
        }
    }

    private var lanes: [UInt64: Lane] = [:]
    /// Running jobs per group (absent: none).
    private var groupRunning: [UInt64: Int] = [:]
    /// Keys with waiting jobs, in the order they get their next turn.
    /// A key is here at most once.
    private var turns: [UInt64] = []
    /// Jobs waiting, over all keys.
    public private(set) var queued = 0
    /// Jobs handed out and not yet finished, over all keys.
    public private(set) var running = 0

    public init(queueLimit: Int, perKeyLimit: Int) {
        self.queueLimit = max(1, queueLimit)
        self.perKeyLimit = max(1, perKeyLimit)
    }

    // Lanes are changed in place (`lanes[key]!.…`), never copied out and
    // back: a copy would duplicate the lane's storage on every operation.

    /// Queue `job` under `key`; `group` (only looked at when the key has
    /// nothing waiting or running) puts the key in a group.
    public mutating func enqueue(_ job: Job, key: UInt64, group: UInt64? = nil) -> Admission {
        let waiting = lanes[key]?.queued ?? 0
        if waiting >= queueLimit { return .full }
        if waiting == 0 { turns.append(key) }
        lanes[key, default: Lane(group: group)].push(job)
        queued += 1
        return .accepted
    }

    /// The next job a free worker may run: the first key in turn order that
    /// is below its running limit, and whose group is too. That key goes to
    /// the back of the order if it still has jobs waiting. Nil when nothing
    /// waits, or everything that waits is held back by a limit.
    public mutating func next() -> (key: UInt64, job: Job)? {
        for (i, key) in turns.enumerated() where lanes[key]!.running < perKeyLimit && groupHasRoom(lanes[key]!.group) {
            let job = lanes[key]!.pop()
            lanes[key]!.running += 1
            if let g = lanes[key]!.group { groupRunning[g, default: 0] += 1 }
            turns.remove(at: i)
            if lanes[key]!.queued > 0 { turns.append(key) }
            queued -= 1
            running += 1
            return (key, job)
        }
        return nil
    }

    /// A job of `key` that `next` handed out has finished. Returns whether
    /// a job that was held back by the limit can run now (wake a worker).
    public mutating func finished(key: UInt64) -> Bool {
        guard let before = lanes[key]?.running, before > 0 else {
            preconditionFailure("FairQueue.finished(key: \(key)) without a running job")
        }
        lanes[key]!.running -= 1
        running -= 1
        var heldBack = before == perKeyLimit && lanes[key]!.queued > 0
        if let g = lanes[key]!.group, let n = groupRunning[g] {
            groupRunning[g] = n > 1 ? n - 1 : nil
            heldBack = heldBack || (n == perKeyLimit && queued > 0)   // another key of the group may wait
        }
        if before == 1 && lanes[key]!.queued == 0 { lanes[key] = nil }
        return heldBack
    }

    private func groupHasRoom(_ group: UInt64?) -> Bool {
        guard let group else { return true }
        return groupRunning[group, default: 0] < perKeyLimit
    }

    /// Jobs of `group` running (for tests and stats).
    public func running(inGroup group: UInt64) -> Int { groupRunning[group, default: 0] }

    /// Jobs of `key` waiting and running (for tests and stats).
    public func load(of key: UInt64) -> (queued: Int, running: Int) {
        guard let lane = lanes[key] else { return (0, 0) }
        return (lane.queued, lane.running)
    }
}
