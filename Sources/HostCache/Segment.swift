#if canImport(Glibc)
import Glibc
#endif
import HostPlugins

/// One journal segment file, open for reading and appending. Readers keep
/// a reference while they `pread`, so a trimmed segment's descriptor stays
/// valid until the last of them is done (closed in `deinit`).
final class Segment: @unchecked Sendable {
    /// Sequence number of the segment's first record (its file name).
    let firstSeq: UInt64
    let path: String
    let fd: Int32
    /// Bytes appended so far (guarded by the cache's lock).
    var size: UInt64
    /// Records of this segment still needed for recovery.
    var live = 0
    /// Highest sequence number of a record that released one of this
    /// segment's records by superseding it (0: none). The segment may be
    /// trimmed only once that record is fsynced.
    var releasedBy: UInt64 = 0
    /// Value of the cache's upload counter when an upload last released one
    /// of this segment's records: the store must have been synced after
    /// that upload (deletes are not durable by themselves) before trimming.
    var uploadMark: UInt64 = 0

    init(firstSeq: UInt64, path: String, fd: Int32, size: UInt64) {
        self.firstSeq = firstSeq; self.path = path; self.fd = fd; self.size = size
    }

    deinit { close(fd) }

    static func fileName(_ firstSeq: UInt64) -> String {
        let hex = String(firstSeq, radix: 16)
        return String(repeating: "0", count: 16 - hex.count) + hex + ".jnl"
    }

    static func firstSeq(ofFileName name: String) -> UInt64? {
        guard name.hasSuffix(".jnl"), name.count == 20 else { return nil }
        return UInt64(name.prefix(16), radix: 16)
    }

    /// `length` bytes at `offset` into `buf` (exactly, or `.io`).
    func read(at offset: UInt64, into buf: UnsafeMutableRawBufferPointer) throws(DFSError) {
        let n = try Posix.preadAll(fd, buf, at: offset, "read journal \(path)")
        if n != buf.count { throw DFSError(.io, "journal \(path): short read at \(offset)") }
    }
}
