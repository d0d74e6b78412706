#if canImport(Glibc)
import Glibc
#endif
import CoreMetrics
import Foundation
import HostPlugins
import Logging
import Synchronization

/// A write-back cache with a journal in front of a block store
/// (docs/CACHE.md): puts land in an append-only journal (fsynced by `sync`
/// and durable puts), uploader threads move them to the store, reads come
/// from the journal, clean block files or the store.
///
/// Thread-safe. Every method may block (disk, and the store on a miss);
/// never call it on an event loop.
public final class CachedPayload: BlockBackend, @unchecked Sendable {
    /// The store behind the cache.
    public let store: any BlockBackend
    /// The options the cache was opened with. Its size and durability can
    /// change since (`reconfigure`): read `sizeBytes` and `remoteDurable`.
    public let options: CacheOptions
    private let liveSize: Atomic<UInt64>
    private let liveRemoteDurable: Atomic<Bool>
    /// Bytes of dirty plus clean blocks the cache aims to hold now.
    public var sizeBytes: UInt64 { liveSize.load(ordering: .relaxed) }
    /// Whether COMMIT and FILE_SYNC wait for the payload store now.
    public var remoteDurable: Bool { liveRemoteDurable.load(ordering: .relaxed) }
    /// Largest block the cache fetches whole on a read miss.
    let blockSize: Int
    let log: Logger
    let blocksDir: String
    let backoff = Backoff()
    let metrics: CacheMetrics

    /// Guards everything below; uploaders and throttled writers wait on it.
    let cond = NSCondition()
    let journal: Journal
    var table = BlockTable()
    var lru = CleanLRU()
    var pressure: BackPressure
    /// Records still needed for recovery, by sequence number.
    var records: [UInt64: RecordLocation] = [:]
    /// Keys waiting for an uploader (FIFO from `queueHead`).
    var queue: [[UInt8]] = []
    var queueHead = 0
    var queued: Set<[UInt8]> = []
    /// Keys whose upload failed, and when to try again.
    var delayed: [[UInt8]: ContinuousClock.Instant] = [:]
    var failures: [[UInt8]: Int] = [:]
    /// Id of the next clean block file.
    var nextFile: UInt64 = 1
    /// Bumped by every write and delete (a fetch started before one is stale).
    var writeEpoch: UInt64 = 0
    /// Uploads finished (marks releases, see `Segment.uploadMark`).
    var uploadCounter: UInt64 = 0
    var uploadFailures: UInt64 = 0
    /// `uploadCounter` when a throttled put last waited `writeWait` in
    /// vain: until another upload finishes, throttled puts do not wait.
    var futileWaitMark: UInt64?
    var trimWanted = false
    var trimming = false
    var storeHealthy = true
    var stopping = false
    var threadsRunning = 0
    var lockFD: Int32 = -1
    /// The byte counts last written to the gauges (see `publishBytes`).
    var publishedDirty = -1
    var publishedClean = -1

    /// Serialises journal fsyncs (group commit).
    let syncLock = NSLock()

    /// Open (or recover) the cache in `options.directory` in front of
    /// `store`: take the directory's lock, drop clean block files, replay the
    /// journal, start the uploader, trim what replay found unneeded.
    /// `blockSize` is the largest block the caller writes. `share` names
    /// the cache in its metrics (default: the directory); `metricsFactory`
    /// makes them (default: the process's swift-metrics backend).
    public init(store: any BlockBackend, options: CacheOptions, blockSize: Int,
                logger: Logger = Logger(label: "dfs.cache"), share: String? = nil,
                metricsFactory: (any MetricsFactory)? = nil) throws(DFSError) {
        try options.validate()
        guard blockSize > 0 else { throw DFSError(.inval, "cache: block size must be positive") }
        self.store = store
        self.options = options
        liveSize = Atomic(options.sizeBytes)
        liveRemoteDurable = Atomic(options.remoteDurable)
        self.blockSize = blockSize
        self.log = logger
        metrics = CacheMetrics(share: share ?? options.directory, factory: metricsFactory ?? MetricsSystem.factory)
        pressure = BackPressure(high: options.high, low: options.low)
        try Posix.mkdirs(options.directory)
        lockFD = try Posix.open(options.directory + "/LOCK", O_RDWR | O_CREAT)
        if flock(lockFD, LOCK_EX | LOCK_NB) != 0 {
            let e = errno
            Glibc.close(lockFD)
            throw DFSError(e == EWOULDBLOCK ? .busy : .io, "cache directory \(options.directory) is in use by another cache (LOCK)")
        }
        blocksDir = options.directory + "/blocks"
        do {
            try Posix.mkdirs(blocksDir)
            for name in try Posix.list(blocksDir) { unlink(blocksDir + "/" + name) }
            journal = try Journal(directory: options.directory + "/journal", segmentBytes: options.segmentBytes)
        } catch {
            Glibc.close(lockFD)
            throw error
        }
        let report: Journal.ReplayReport
        do {
            report = try journal.replay { rec, loc in
                records[loc.seq] = loc
                loc.segment.live += 1
                let v = BlockTable.Version(seq: rec.seq, kind: rec.kind, length: rec.data.count)
                perform(table.apply(.write(v), to: rec.key), key: rec.key)
            }
        } catch {
            Glibc.close(lockFD)
            throw error
        }
        for t in report.truncated { log.warning("cache journal: records end early in \(t)") }
        pressure.update(dirtyBytes: UInt64(table.dirtyBytes))
        publishBytes()
        metrics.sizeBytes.record(options.sizeBytes)
        metrics.highWatermark.record(options.high)
        if report.records > 0 {
            log.info("cache \(options.directory): replayed \(report.records) records from \(report.segments) segments, \(queue.count) blocks to upload")
        }
        // Segments replay found unneeded are trimmed by an uploader (trim
        // syncs the store, which may be slow or down).
        trimWanted = journal.segments.values.min { $0.firstSeq < $1.firstSeq }?.live == 0
        for i in 0..<options.uploadConcurrency { startUploader(i) }
    }

    deinit { close() }

    /// Make the journal durable, stop the uploader (waiting for uploads in
    /// flight), trim what was uploaded and release the directory. Dirty
    /// blocks stay in the journal and are uploaded by the next open. The
    /// byte gauges drop to 0 (a share no longer served shows no cache; a
    /// reopen publishes its own values). Idempotent.
    public func close() {
        if lockFD < 0 { return }
        do { try syncJournal(upTo: UInt64.max) } catch { log.error("cache: final journal sync failed: \(error)") }
        stopThreads()
        trim()
        releaseLock()
        metrics.dirtyBytes.record(0)
        metrics.cleanBytes.record(0)
        metrics.sizeBytes.record(0)
        metrics.highWatermark.record(0)
    }

    /// Stop as a killed process would: no fsync, no flush; uploads in flight
    /// finish, nothing new starts, the directory is released. For crash
    /// tests (a kill -9 keeps the page cache, and so does this).
    public func abandon() {
        if lockFD < 0 { return }
        stopThreads()
        releaseLock()
    }

    private func releaseLock() {
        cond.lock()
        let fd = lockFD
        lockFD = -1
        cond.unlock()
        if fd >= 0 { Glibc.close(fd) }
    }

    /// Change the cache's size (and with it the watermarks, unless the
    /// options set them explicitly) and whether syncs wait for the payload
    /// store; nil keeps a value. Applied at once: a smaller size evicts clean
    /// blocks now and throttles writes until the dirty bytes fall under the
    /// new low watermark (dirty blocks are never dropped); turning remote
    /// durability on applies to the next sync. `.inval` for values
    /// `CacheOptions.validate` refuses.
    public func reconfigure(sizeBytes: UInt64? = nil, remoteDurable: Bool? = nil) throws(DFSError) {
        var next = options
        next.sizeBytes = sizeBytes ?? self.sizeBytes
        next.remoteDurable = remoteDurable ?? self.remoteDurable
        try next.validate()
        cond.lock()
        liveSize.store(next.sizeBytes, ordering: .relaxed)
        liveRemoteDurable.store(next.remoteDurable, ordering: .relaxed)
        pressure = BackPressure(high: next.high, low: next.low)
        pressure.update(dirtyBytes: UInt64(table.dirtyBytes))
        evictIfNeeded()
        publishBytes()
        metrics.sizeBytes.record(next.sizeBytes)
        metrics.highWatermark.record(next.high)
        cond.broadcast()   // throttled writers and syncs look again
        cond.unlock()
        log.info("cache \(options.directory): size \(next.sizeBytes) bytes (high \(next.high), low \(next.low)), remote-durable \(next.remoteDurable)")
    }

    /// Wait until every journal record reached the store, at most `timeout`.
    /// True when nothing is left to upload.
    @discardableResult
    public func flush(timeout: Duration) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout.seconds)
        cond.lock()
        defer { cond.unlock() }
        while !records.isEmpty {
            if !cond.wait(until: deadline) { return records.isEmpty }
        }
        return true
    }

    /// A snapshot of the cache's counters.
    public struct Stats: Equatable, Sendable {
        public var dirtyBytes: Int
        public var cleanBytes: Int
        public var cleanBlocks: Int
        public var throttled: Bool
        /// Records not yet in the store.
        public var pendingRecords: Int
        public var journalSegments: Int
        public var uploads: UInt64
        public var uploadFailures: UInt64
    }

    public var stats: Stats {
        cond.lock()
        defer { cond.unlock() }
        return Stats(dirtyBytes: table.dirtyBytes, cleanBytes: lru.bytes, cleanBlocks: lru.count, throttled: pressure.throttled,
                     pendingRecords: records.count, journalSegments: journal.segments.count,
                     uploads: uploadCounter, uploadFailures: uploadFailures)
    }

    /// The phase of one block (for tests and diagnostics).
    public func phase(_ key: [UInt8]) -> BlockTable.Phase? {
        cond.lock()
        defer { cond.unlock() }
        return table.phase(key)
    }

    func cleanPath(_ file: UInt64) -> String { blocksDir + "/" + String(file, radix: 16) }
}

extension Duration {
    /// As seconds, for `Date` deadlines.
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
