#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HostCore
import HostPlugins
import Logging
import PluginABI
import Synchronization

/// The host services an adapter receives at `create()`: a `dfs_host_services`
/// C table over a `FileSystem`, plus the per-share access policy and the
/// worker pool the table runs blocking work on.
///
/// **The C table.** `services` is a stable heap pointer, valid for the life
/// of this object; its `host` member is this object (unretained). Keep the
/// table alive as long as any adapter may call it (`AdapterInstance`
/// retains it). Every member is filled; `HostServicesTable+Thunks.swift`
/// holds the C entry points.
///
/// **Execution.** An operation decodes its inputs (handle, credential,
/// names) on the caller's thread, applies the share's `SharePolicy`, then
/// runs the `FileSystem` call
/// - **inline** on the caller's thread when the share's metadata AND
///   payload plugins both declare `DFS_CAP_NONBLOCKING` (done is then
///   called before the op returns) — with `inlineMetadataOps` (opt-in, off
///   by default) also an operation that never touches the payload store
///   (getattr, access, readlink, lookup, mkdir, symlink, mknod, link,
///   readdir) when the metadata plugin alone is non-blocking — or when the
///   handle names no registered share (the core answers STALE without
///   touching a store);
/// - otherwise on `pool`, a dedicated `WorkerPool` (never Dispatch), keyed
///   by share and grouped by payload store: shares take turns, and one
///   share — and all the shares of one payload store together — run at
///   most `pool.perKeyLimit` operations at once, so a share or a store that
///   hangs leaves workers to the others. done is called from the worker. A full
///   queue (of that share) fails the op at once with `DFS_ERR_AGAIN`.
///
/// `done` is called exactly once per operation, on every path: input
/// errors (`DFS_ERR_INVAL` for NULL pointers, `DFS_ERR_BADHANDLE` for a
/// garbled handle), policy refusals (`DFS_ERR_ACCES`), core errors, a full
/// queue, or shutdown (`DFS_ERR_CLOSED`). The detail string is the
/// `DFSError` message. Only a NULL `done` cannot be reported (logged).
///
/// **Shutdown.** Stop the adapters first, then `shutdown()`: new operations
/// fail with `DFS_ERR_CLOSED`, queued work is drained, inline operations
/// in progress are waited for; then the stores can be closed.
public final class HostServicesTable: @unchecked Sendable {
    /// The file-system core every operation runs on.
    public let fileSystem: FileSystem
    /// Where blocking operations run.
    public let pool: WorkerPool
    /// The C table handed to adapters. Valid until this object is freed.
    public var services: UnsafePointer<dfs_host_services> { UnsafePointer(table) }

    let logger: Logger
    let adapterLogger: Logger
    private let table: UnsafeMutablePointer<dfs_host_services>
    private let policies = Mutex<[UInt64: CompiledPolicy]>([:])
    private let defaultPolicy: CompiledPolicy
    private let closed = Atomic<Bool>(false)
    /// See `init`: metadata-only operations inline over a blocking payload store.
    public let inlineMetadataOps: Bool
    /// Inline operations in progress (so shutdown can wait for them).
    private let inlineActive = Atomic<Int>(0)
    /// Latency, error and byte instruments (swift-metrics).
    let metrics = OpMetrics()

    /// A table over `fileSystem` with a pool of `workers` threads and room
    /// for `queueLimit` waiting operations. Shares without a policy of
    /// their own use `defaultPolicy` (root squash, every client).
    ///
    /// `inlineMetadataOps`: run metadata-only operations on the caller's
    /// thread whenever the metadata store is non-blocking, even over a
    /// blocking payload store (e.g. memory + fs). The two thread handoffs
    /// (to the pool and back to the event loop) are most of a GETATTR's
    /// cost: with NFS over memory+fs, server CPU per GETATTR fell from ~74
    /// to ~32 µs. Off by default: it changes which thread completes those
    /// operations.
    public init(fileSystem: FileSystem, workers: Int = WorkerPool.defaultThreads,
                queueLimit: Int = WorkerPool.defaultQueueLimit, defaultPolicy: SharePolicy = SharePolicy(),
                inlineMetadataOps: Bool = false,
                logger: Logger = Logger(label: "dfs.services")) throws(DFSError) {
        self.fileSystem = fileSystem
        self.inlineMetadataOps = inlineMetadataOps
        self.logger = logger
        adapterLogger = Logger(label: "dfs.adapter")
        self.defaultPolicy = try CompiledPolicy(defaultPolicy)
        pool = WorkerPool(threads: workers, queueLimit: queueLimit, name: "dfs-io")
        table = .allocate(capacity: 1)
        table.initialize(to: Self.makeTable(host: nil))
        table.pointee.host = Unmanaged.passUnretained(self).toOpaque()
    }

    deinit {
        pool.shutdown()
        table.deinitialize(count: 1)
        table.deallocate()
    }

    // MARK: policies

    /// Register the access policy of share `id` (next to
    /// `FileSystem.addShare`). Replaces an earlier one; applies to the next
    /// operation. `.inval` for a malformed allowed-client entry.
    public func setPolicy(_ policy: SharePolicy, forShare id: UInt64) throws(DFSError) {
        let compiled = try CompiledPolicy(policy)
        policies.withLock { $0[id] = compiled }
    }

    /// Forget the policy of share `id` (the default applies again).
    public func removePolicy(forShare id: UInt64) {
        _ = policies.withLock { $0.removeValue(forKey: id) }
    }

    /// The policy share `id` is served with.
    public func policy(forShare id: UInt64) -> SharePolicy { compiledPolicy(id).policy }

    func compiledPolicy(_ id: UInt64) -> CompiledPolicy {
        policies.withLock { $0[id] } ?? defaultPolicy
    }

    /// Decode `c` and apply share `id`'s policy: the credentials the core
    /// sees. `.access` when the caller may not use the share. For
    /// operations naming two handles (rename, link) the caller must also
    /// pass the gate of the second handle's share (`alsoShare`, with the
    /// same `write` requirement); identity mapping follows the first.
    /// `write`: the operation changes the share (needs level read-write).
    func credentials(_ c: UnsafePointer<dfs_cred>?, share id: UInt64, alsoShare other: UInt64? = nil,
                     write: Bool = false) throws(DFSError) -> Credentials {
        try admitted(c, share: id, alsoShare: other, write: write).0
    }

    /// `credentials`, plus the caller's access level on share `id`.
    func admitted(_ c: UnsafePointer<dfs_cred>?, share id: UInt64, alsoShare other: UInt64? = nil,
                  write: Bool = false) throws(DFSError) -> (Credentials, ShareAccess) {
        let caller = try Caller(c: c)
        if let other, other != id {
            _ = try compiledPolicy(other).admit(caller, share: shareName(other), write: write)
        }
        return try compiledPolicy(id).admit(caller, share: shareName(id), write: write)
    }

    private func shareName(_ id: UInt64) -> String { fileSystem.share(id: id)?.name ?? "#\(id)" }

    // MARK: execution

    /// True when operations on share `id` run on the caller's thread.
    public func runsInline(share id: UInt64) -> Bool {
        runsInline(share: id, payload: true)
    }

    /// True when an operation on share `id` runs on the caller's thread:
    /// its metadata store is non-blocking and so is its payload store —
    /// or, with `inlineMetadataOps`, the operation does not touch the
    /// payload store (`payload` false). A share with a cache counts as
    /// blocking for payload operations (the cache does disk I/O and may
    /// wait for room, see docs/CACHE.md).
    public func runsInline(share id: UInt64, payload: Bool) -> Bool {
        runsInline(fileSystem.share(id: id), payload: payload)
    }

    private func runsInline(_ s: Share?, payload: Bool) -> Bool {
        guard let s else { return true }
        return s.metadata.plugin.isNonBlocking
            && ((!payload && inlineMetadataOps) || (s.payload.plugin.isNonBlocking && s.cache == nil))
    }

    /// The worker-pool group of a share's operations: its payload store
    /// (one object per named store), so shares on one store share its limit.
    static func poolGroup(_ s: Share) -> UInt64 { UInt64(UInt(bitPattern: ObjectIdentifier(s.payload))) }

    /// The one path every asynchronous operation takes. `prepare` decodes
    /// the inputs on the caller's thread and returns the share the work
    /// belongs to and the work itself; a thrown error completes the op at
    /// once. `done` is called exactly once.
    static func start<R: CResult>(_ host: UnsafeMutableRawPointer?, _ done: dfs_done_fn?, _ ctx: UnsafeMutableRawPointer?,
                                  op: StaticString, payload: Bool = true,
                                  _ prepare: (HostServicesTable) throws(DFSError) -> (share: UInt64, work: @Sendable () throws(DFSError) -> R)) {
        guard let done else {
            fallbackLogger.error("host service \(op) called with a NULL completion; the operation is ignored")
            return
        }
        let completion = Completion(done: done, ctx: ctx)
        guard let host else {
            completion.fail(DFSError(.inval, "\(op): NULL host pointer"))
            return
        }
        let table = Unmanaged<HostServicesTable>.fromOpaque(host).takeUnretainedValue()
        table.run(completion, op: op, payload: payload) { () throws(DFSError) in try prepare(table) }
    }

    private func run<R: CResult>(_ completion: Completion, op: StaticString, payload: Bool,
                                 _ prepare: () throws(DFSError) -> (share: UInt64, work: @Sendable () throws(DFSError) -> R)) {
        // Dekker-style with shutdown(): count first, then look at `closed`.
        inlineActive.add(1, ordering: .sequentiallyConsistent)
        defer { inlineActive.subtract(1, ordering: .sequentiallyConsistent) }
        if closed.load(ordering: .sequentiallyConsistent) {
            completion.fail(DFSError(.closed, "\(op): the host services are shut down"))
            return
        }
        let share: UInt64
        let work: @Sendable () throws(DFSError) -> R
        do {
            (share, work) = try prepare()
        } catch {
            metrics.failed(op, error.status)   // refused before it ran (bad handle, policy)
            completion.fail(error)
            return
        }
        let started = ContinuousClock.now
        let metrics = self.metrics
        let measured: @Sendable () -> Result<R, DFSError> = {
            let r = Self.outcome(work)
            metrics.timer(op).recordNanoseconds((ContinuousClock.now - started).nanoseconds)
            if case .failure(let e) = r { metrics.failed(op, e.status) }
            return r
        }
        let target = fileSystem.share(id: share)
        if runsInline(target, payload: payload) {
            completion.finish(measured())
            return
        }
        let job: WorkerPool.Job = { completion.finish(measured()) }
        switch pool.submit(key: share, group: target.map(Self.poolGroup), job) {
        case .accepted:
            break
        case .full:
            completion.fail(DFSError(.again, "\(op): \(pool.queueLimit) operations of this share already wait for a worker; try again"))
        case .closed:
            completion.fail(DFSError(.closed, "\(op): the host services are shut down"))
        }
    }

    private static func outcome<R>(_ work: () throws(DFSError) -> R) -> Result<R, DFSError> {
        do { return .success(try work()) } catch { return .failure(error) }
    }

    /// Refuse new operations (`DFS_ERR_CLOSED`), wait for inline ones in
    /// progress, and drain the pool. Call after the adapters have stopped
    /// and before the stores close, never from inside a `done` callback.
    /// Idempotent.
    public func shutdown() {
        closed.store(true, ordering: .sequentiallyConsistent)
        pool.shutdown()
        while inlineActive.load(ordering: .sequentiallyConsistent) > 0 { usleep(500) }
    }

    /// True once `shutdown` has begun.
    public var isShutDown: Bool { closed.load(ordering: .sequentiallyConsistent) }
}

/// Used when even the table is unknown (NULL `host` and `done`).
let fallbackLogger = Logger(label: "dfs.services")
