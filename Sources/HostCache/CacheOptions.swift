/// How a share's payload cache is set up (see docs/CACHE.md).
public struct CacheOptions: Equatable, Sendable {
    /// The cache's own directory (journal + clean blocks). One share per
    /// directory.
    public var directory: String
    /// Bytes of dirty plus clean blocks the cache aims to hold.
    public var sizeBytes: UInt64
    /// COMMIT and FILE_SYNC wait until the data is in the payload store,
    /// not only in the local journal.
    public var remoteDurable: Bool
    /// Uploader threads (uploads in flight at most).
    public var uploadConcurrency: Int
    /// Dirty bytes at which writes are throttled; nil: 75 % of `sizeBytes`.
    public var highWatermark: UInt64?
    /// Dirty bytes at which throttling ends; nil: 50 % of `sizeBytes`.
    public var lowWatermark: UInt64?
    /// Journal segment size before rotation.
    public var segmentBytes: UInt64
    /// How long a throttled write waits for room before `AGAIN`.
    public var writeWait: Duration
    /// How long a remote-durable sync waits for uploads before `AGAIN`.
    public var syncWait: Duration

    public init(directory: String, sizeBytes: UInt64 = 1 << 30, remoteDurable: Bool = false, uploadConcurrency: Int = 4,
                highWatermark: UInt64? = nil, lowWatermark: UInt64? = nil, segmentBytes: UInt64 = 64 << 20,
                writeWait: Duration = .seconds(1), syncWait: Duration = .seconds(10)) {
        self.directory = directory
        self.sizeBytes = sizeBytes
        self.remoteDurable = remoteDurable
        self.uploadConcurrency = uploadConcurrency
        self.highWatermark = highWatermark
        self.lowWatermark = lowWatermark
        self.segmentBytes = segmentBytes
        self.writeWait = writeWait
        self.syncWait = syncWait
    }

    /// The high mark in effect.
    public var high: UInt64 { highWatermark ?? sizeBytes / 4 * 3 }
    /// The low mark in effect.
    public var low: UInt64 { lowWatermark ?? sizeBytes / 2 }

    /// Check the values; `.inval` naming the bad one.
    public func validate() throws(DFSError) {
        if directory.isEmpty { throw DFSError(.inval, "cache: empty directory") }
        if sizeBytes == 0 { throw DFSError(.inval, "cache: size must be positive") }
        if !(1...256).contains(uploadConcurrency) { throw DFSError(.inval, "cache: upload concurrency \(uploadConcurrency) outside 1...256") }
        if low > high { throw DFSError(.inval, "cache: low watermark \(low) above high watermark \(high)") }
        if high == 0 { throw DFSError(.inval, "cache: high watermark must be positive") }
        if segmentBytes < 4096 { throw DFSError(.inval, "cache: segment size \(segmentBytes) below 4096") }
    }
}

import HostPlugins
