import Foundation
@testable import HostCache
import Testing

/// A fresh temporary directory (removed by the caller with `cleanup`).
func tempDir(_ tag: String = "cache") -> String {
    let d = NSTemporaryDirectory() + "dfs-\(tag)-\(UUID().uuidString)"
    try! FileManager.default.createDirectory(atPath: d, withIntermediateDirectories: true)
    return d
}

func cleanup(_ dir: String) { try? FileManager.default.removeItem(atPath: dir) }

@Suite struct JournalTests {
    func append(_ j: Journal, _ kind: JournalRecord.Kind, _ key: [UInt8], _ data: [UInt8]) throws {
        _ = try data.withUnsafeBytes { try j.append(kind: kind, key: key, data: $0) }
    }

    func replayAll(_ dir: String, segmentBytes: UInt64 = 1 << 20) throws -> ([JournalRecord], Journal.ReplayReport, Journal) {
        let j = try Journal(directory: dir, segmentBytes: segmentBytes)
        var out: [JournalRecord] = []
        let r = try j.replay { rec, loc in
            out.append(rec)
            // The location points at the record's data.
            var back = [UInt8](repeating: 0, count: loc.length)
            try! back.withUnsafeMutableBytes { try loc.segment.read(at: loc.dataOffset, into: $0) }
            #expect(back == rec.data)
        }
        return (out, r, j)
    }

    @Test func roundTripAndRotation() throws {
        let dir = tempDir()
        defer { cleanup(dir) }
        var want: [JournalRecord] = []
        do {
            let j = try Journal(directory: dir, segmentBytes: 4096)
            for i in 0..<50 {
                let data = (0..<(i * 37 % 900)).map { UInt8(truncatingIfNeeded: $0 &+ i) }
                let kind: JournalRecord.Kind = i % 7 == 6 ? .delete : .put
                try append(j, kind, [UInt8(i), 1], kind == .delete ? [] : data)
                want.append(JournalRecord(kind: kind, seq: UInt64(i + 1), key: [UInt8(i), 1], data: kind == .delete ? [] : data))
            }
            #expect(j.segments.count > 3)
        }
        let (got, report, j2) = try replayAll(dir, segmentBytes: 4096)
        #expect(got == want)
        #expect(report.truncated.isEmpty)
        #expect(j2.lastSeq == 50)
        // Appends continue the sequence in a new segment.
        try append(j2, .put, [1], [1, 2, 3])
        #expect(j2.lastSeq == 51)
        let (again, _, _) = try replayAll(dir)
        #expect(again.count == 51 && again.last == JournalRecord(kind: .put, seq: 51, key: [1], data: [1, 2, 3]))
    }

    /// Cut the segment at every byte of the last record: replay gives the
    /// records before it, cuts the file, and appending works afterwards.
    @Test func tornTailAtEveryByte() throws {
        let base = tempDir()
        defer { cleanup(base) }
        let recs = [JournalRecord(kind: .put, seq: 1, key: [1], data: Array(repeating: 1, count: 30)),
                    JournalRecord(kind: .delete, seq: 2, key: [2]),
                    JournalRecord(kind: .put, seq: 3, key: [3], data: Array(0..<60))]
        let full = recs.flatMap { $0.encode() }
        let lastStart = full.count - recs[2].encode().count
        for cut in lastStart..<full.count {
            let dir = base + "/\(cut)"
            try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let path = dir + "/" + Segment.fileName(1)
            FileManager.default.createFile(atPath: path, contents: Data(full[0..<cut]))
            let (got, report, j) = try replayAll(dir)
            #expect(got == Array(recs[0..<2]), "cut at \(cut)")
            #expect(report.truncated.count == (cut == lastStart ? 0 : 1), "cut at \(cut)")
            let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as! Int
            #expect(size == lastStart, "file cut back to the last good record (cut \(cut))")
            try append(j, .put, [4], [4])
            let (after, _, _) = try replayAll(dir)
            #expect(after.map(\.seq) == [1, 2, 3], "cut at \(cut)")
        }
    }

    @Test func corruptRecordStopsThatSegment() throws {
        let dir = tempDir()
        defer { cleanup(dir) }
        let recs = (1...3).map { JournalRecord(kind: .put, seq: UInt64($0), key: [UInt8($0)], data: Array(repeating: UInt8($0), count: 50)) }
        var full = recs.flatMap { $0.encode() }
        full[full.count - 10] ^= 0x40  // in the data of the last record
        FileManager.default.createFile(atPath: dir + "/" + Segment.fileName(1), contents: Data(full))
        let (got, report, _) = try replayAll(dir)
        #expect(got == Array(recs[0..<2]))
        #expect(report.truncated.count == 1 && report.truncated[0].contains("CRC"))
    }

    @Test func emptyAndForeignFiles() throws {
        let dir = tempDir()
        defer { cleanup(dir) }
        FileManager.default.createFile(atPath: dir + "/" + Segment.fileName(7), contents: Data())
        FileManager.default.createFile(atPath: dir + "/notes.txt", contents: Data("hello".utf8))
        let (got, report, j) = try replayAll(dir)
        #expect(got.isEmpty && report.segments == 0)
        #expect(!FileManager.default.fileExists(atPath: dir + "/" + Segment.fileName(7)))
        #expect(FileManager.default.fileExists(atPath: dir + "/notes.txt"))
        #expect(j.lastSeq == 0)
    }
}
