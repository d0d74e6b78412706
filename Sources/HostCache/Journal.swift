#if canImport(Glibc)
import Glibc
#endif
import HostPlugins

/// Where one journal record's data lives.
struct RecordLocation: @unchecked Sendable {
    let segment: Segment
    /// Offset of the record's data in the segment file.
    let dataOffset: UInt64
    let length: Int
    let seq: UInt64
}

/// The journal: an ordered set of segment files of CRC-checked records
/// (docs/CACHE.md). Not thread-safe: the cache's lock guards it; `fsync`
/// of a segment may run outside that lock.
final class Journal {
    let directory: String
    let segmentBytes: UInt64
    /// Segments by first sequence number.
    private(set) var segments: [UInt64: Segment] = [:]
    /// The segment being appended to (nil until the first append).
    private(set) var current: Segment?
    /// Sequence number of the newest record.
    private(set) var lastSeq: UInt64 = 0
    /// Every record up to this one is fsynced.
    var syncedSeq: UInt64 = 0

    init(directory: String, segmentBytes: UInt64) throws(DFSError) {
        self.directory = directory
        self.segmentBytes = segmentBytes
        try Posix.mkdirs(directory)
    }

    /// What replay found.
    struct ReplayReport: Equatable {
        var segments = 0
        var records = 0
        /// Segments whose valid records ended before the file did, with why.
        var truncated: [String] = []
    }

    /// Read every segment in order and call `apply` for each valid record
    /// (data included). A segment's records end at its first invalid one:
    /// the file is cut there. Replayed segments are fsynced (a killed
    /// process may have left them in the page cache only); empty ones are
    /// deleted. Call once, before any append.
    func replay(_ apply: (JournalRecord, RecordLocation) -> Void) throws(DFSError) -> ReplayReport {
        var report = ReplayReport()
        let names = try Posix.list(directory).compactMap { n in Segment.firstSeq(ofFileName: n).map { ($0, n) } }.sorted { $0.0 < $1.0 }
        for (first, name) in names {
            let path = directory + "/" + name
            let bytes = try Posix.readFile(path)
            let fd = try Posix.open(path, O_RDWR)
            let seg = Segment(firstSeq: first, path: path, fd: fd, size: 0)
            var offset = 0
            var records: [(JournalRecord, RecordLocation)] = []
            bytes.withUnsafeBytes { buf in
                loop: while true {
                    switch JournalRecord.decode(buf, at: offset) {
                    case .end:
                        break loop
                    case .invalid(let why):
                        report.truncated.append("\(name) at \(offset): \(why)")
                        break loop
                    case .record(let r, let size, let dataOffset):
                        if r.seq <= lastSeq {
                            report.truncated.append("\(name) at \(offset): sequence \(r.seq) after \(lastSeq)")
                            break loop
                        }
                        lastSeq = r.seq
                        records.append((r, RecordLocation(segment: seg, dataOffset: UInt64(offset + dataOffset),
                                                          length: r.data.count, seq: r.seq)))
                        offset += size
                    }
                }
            }
            if offset < bytes.count, ftruncate(fd, off_t(offset)) != 0 {
                throw Posix.error(errno, "truncate \(path)")
            }
            if records.isEmpty {
                unlink(path)
                continue
            }
            try Posix.fsync(fd, path)
            seg.size = UInt64(offset)
            segments[first] = seg
            report.segments += 1
            report.records += records.count
            for (r, loc) in records { apply(r, loc) }
        }
        syncedSeq = lastSeq
        return report
    }

    /// Append a record with the next sequence number; not fsynced.
    func append(kind: JournalRecord.Kind, key: [UInt8], data: UnsafeRawBufferPointer) throws(DFSError) -> RecordLocation {
        let seq = lastSeq + 1
        let head = JournalRecord.header(kind: kind, seq: seq, key: key, data: data)
        let total = UInt64(head.count + data.count)
        let seg = try segmentFor(total, seq: seq)
        try head.withUnsafeBufferPointer { (bp) throws(DFSError) in try Posix.pwriteAll(seg.fd, UnsafeRawBufferPointer(bp), at: seg.size, "append to \(seg.path)") }
        if data.count > 0 { try Posix.pwriteAll(seg.fd, data, at: seg.size + UInt64(head.count), "append to \(seg.path)") }
        let loc = RecordLocation(segment: seg, dataOffset: seg.size + UInt64(head.count), length: data.count, seq: seq)
        seg.size += total
        lastSeq = seq
        return loc
    }

    /// The current segment, rotated when `bytes` more would overflow it.
    private func segmentFor(_ bytes: UInt64, seq: UInt64) throws(DFSError) -> Segment {
        if let c = current, c.size == 0 || c.size + bytes <= segmentBytes { return c }
        if let old = current {
            try Posix.fsync(old.fd, old.path)
        }
        let path = directory + "/" + Segment.fileName(seq)
        let fd = try Posix.open(path, O_RDWR | O_CREAT | O_TRUNC)
        do {
            try Posix.fsyncDir(directory)
        } catch {
            close(fd)
            unlink(path)
            throw error
        }
        if current != nil {
            // The old segment was fsynced above, and older ones when they
            // were rotated or replayed: every record so far is durable.
            syncedSeq = lastSeq
        }
        let seg = Segment(firstSeq: seq, path: path, fd: fd, size: 0)
        segments[seq] = seg
        current = seg
        return seg
    }

    /// Delete a segment that holds nothing needed. The current segment is
    /// retired first (the next append starts a new one), so a journal whose
    /// records all reached the store shrinks to nothing and a restart has
    /// nothing to replay.
    func remove(_ seg: Segment) {
        if seg === current { current = nil }
        segments.removeValue(forKey: seg.firstSeq)
        unlink(seg.path)
    }
}
