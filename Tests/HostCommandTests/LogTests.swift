import Foundation
import Testing
@testable import HostAdmin

/// 2026-11-21T04:00:00Z plus `minutes`.
func at(_ minutes: Int) -> Date { Date(timeIntervalSince1970: 1_795_233_600 + Double(minutes) * 60) }

/// A text log line as the server's logger writes it, `minutes` after 04:00.
func textLine(_ minutes: Int, _ msg: String) -> String {
    let h = 4 + minutes / 60, m = minutes % 60
    return "2026-11-21T\(h < 10 ? "0" : "")\(h):\(m < 10 ? "0" : "")\(m):00+0000 info dfs : \(msg)"
}

@Suite struct LogTimes {
    @Test func lineTimestamps() throws {
        let t = at(0)
        #expect(LogTime.timestamp(ofLine: "2026-11-21T04:00:00+0000 info dfs : x") == t)
        #expect(LogTime.timestamp(ofLine: "2026-11-21T05:00:00+01:00 info") == t)
        let frac = try #require(LogTime.timestamp(ofLine: "2026-11-21T04:00:00.123456Z info"))
        #expect(abs(frac.timeIntervalSince(t) - 0.123456) < 1e-6)
        #expect(LogTime.timestamp(ofLine: "{\"ts\":\"2026-11-21T04:00:00Z\",\"level\":\"info\"}") == t)
        #expect(LogTime.timestamp(ofLine: "{\"level\":\"info\", \"ts\" : \"2026-11-21T04:00:00Z\"}") == t)
        #expect(LogTime.timestamp(ofLine: textLine(0, "m")[...]) == t)
        #expect(LogTime.timestamp(ofLine: "2026-11-21t03:59:59.5-00:00 x") == t.addingTimeInterval(-0.5))
        #expect(LogTime.timestamp(ofLine: "1969-12-31T23:59:59Z x") == Date(timeIntervalSince1970: -1))
        #expect(LogTime.timestamp(ofLine: "2024-02-29T00:00:00Z x") == Date(timeIntervalSince1970: 1_709_164_800))
        #expect(LogTime.timestamp(ofLine: "2000-03-01T00:00:00Z x") == Date(timeIntervalSince1970: 951_868_800))
        for none in ["", "   at frame 3", "{\"msg\":\"x\"}", "2026-11-21 04:00:00 info", "{\"ts\":5}", "2026-13-40T99:00:00Z x", "2026-11-21T04:00:00", "2026-11-21T04:00:00+01", "2026-11-21T04:00:00.Z", "2026-11-21T04:00:00Zjunk"] {
            #expect(LogTime.timestamp(ofLine: none[...]) == nil, "\(none)")
        }
    }

    @Test func sinceValues() throws {
        let now = at(100)
        #expect(try LogTime.since("10m", now: now) == at(90))
        #expect(try LogTime.since("1h", now: now) == at(40))
        #expect(try LogTime.since("1h30m", now: now) == at(10))
        #expect(try LogTime.since("90s", now: now) == now.addingTimeInterval(-90))
        #expect(try LogTime.since("2d", now: now) == now.addingTimeInterval(-172_800))
        #expect(try LogTime.since("2026-11-21T04:05:00Z", now: now) == at(5))
        #expect(try LogTime.since("2026-11-21T06:05:00+02:00", now: now) == at(5))
        for bad in ["", "10", "m", "10x", "ten minutes", "1h 30m", "2026-11-21"] {
            #expect(throws: LogTimeError(text: bad)) { try LogTime.since(bad, now: now) }
        }
        #expect("\(LogTimeError(text: "x"))".contains("RFC 3339"))
    }
}

@Suite struct Tailing {
    @Test func lastLines() throws {
        let t = try TempDir(); defer { t.cleanup() }
        let f = t.file("dfs.log")
        let lines = (0..<10).map { textLine($0, "m\($0)") }
        try (lines.joined(separator: "\n") + "\n").write(toFile: f, atomically: true, encoding: .utf8)
        #expect(try LogTail.last(3, path: f).lines == Array(lines.suffix(3)))
        #expect(try LogTail.last(100, path: f).lines == lines)
        #expect(try LogTail.last(nil, path: f).lines == lines)
        #expect(try LogTail.last(0, path: f).lines == [])
        #expect(try LogTail.last(1, path: f).offset == Int64(try Data(contentsOf: URL(fileURLWithPath: f)).count))
    }

    @Test func partialLastLineIsLeftForFollowing() throws {
        let t = try TempDir(); defer { t.cleanup() }
        let f = t.file("dfs.log")
        try "a\nb\npart".write(toFile: f, atomically: true, encoding: .utf8)
        let tail = try LogTail.last(10, path: f)
        #expect(tail.lines == ["a", "b"])
        #expect(tail.offset == 4)
        try "no newline at all".write(toFile: f, atomically: true, encoding: .utf8)
        #expect(try LogTail.last(10, path: f) == LogTail.Tail(lines: [], offset: 0, inode: try LogTail.last(1, path: f).inode))
        try "".write(toFile: f, atomically: true, encoding: .utf8)
        #expect(try LogTail.last(10, path: f).lines == [])
        try "\n\nx\r\n".write(toFile: f, atomically: true, encoding: .utf8)
        #expect(try LogTail.last(10, path: f).lines == ["", "", "x"])
    }

    @Test func sinceKeepsNewerEntriesWithTheirContinuationLines() throws {
        let t = try TempDir(); defer { t.cleanup() }
        let f = t.file("dfs.log")
        let text = [textLine(0, "old"), "  old detail", textLine(5, "mid"), "  mid detail 1", "  mid detail 2",
                    "{\"ts\":\"2026-11-21T04:07:00Z\",\"msg\":\"json\"}", textLine(9, "new")].joined(separator: "\n") + "\n"
        try text.write(toFile: f, atomically: true, encoding: .utf8)
        #expect(try LogTail.last(100, path: f, since: at(5)).lines
            == [textLine(5, "mid"), "  mid detail 1", "  mid detail 2", "{\"ts\":\"2026-11-21T04:07:00Z\",\"msg\":\"json\"}", textLine(9, "new")])
        #expect(try LogTail.last(2, path: f, since: at(1)).lines == ["{\"ts\":\"2026-11-21T04:07:00Z\",\"msg\":\"json\"}", textLine(9, "new")])
        #expect(try LogTail.last(100, path: f, since: at(10)).lines == [])
        #expect(try LogTail.last(100, path: f, since: at(-1)).lines.count == 7)
    }

    @Test func largeFileAcrossChunks() throws {
        let t = try TempDir(); defer { t.cleanup() }
        let f = t.file("dfs.log")
        // ~600 KiB: lines of varying length so chunk borders fall inside lines.
        let lines = (0..<6000).map { textLine($0 / 100, "entry \($0) " + String(repeating: "x", count: $0 % 97)) }
        try (lines.joined(separator: "\n") + "\n").write(toFile: f, atomically: true, encoding: .utf8)
        #expect(try LogTail.last(2500, path: f).lines == Array(lines.suffix(2500)))
        #expect(try LogTail.last(nil, path: f).lines == lines)
        let since = try LogTail.last(nil, path: f, since: at(30)).lines
        #expect(since == Array(lines[3000...]))
    }

    @Test func missingFileIsAClearError() throws {
        let t = try TempDir(); defer { t.cleanup() }
        #expect(throws: LogTail.Failure.self) { try LogTail.last(10, path: t.file("nope.log")) }
        do { _ = try LogTail.last(10, path: t.file("nope.log")) } catch {
            #expect("\(error)".hasPrefix("no log file at \(t.file("nope.log"))"))
        }
        do { _ = try LogTail.last(10, path: t.path) } catch {
            #expect("\(error)".contains("is a directory"))
        }
    }
}

@Suite struct Following {
    @Test func newLinesPartialLinesTruncationAndRotation() throws {
        let t = try TempDir(); defer { t.cleanup() }
        let f = t.file("dfs.log")
        try "a\nb\n".write(toFile: f, atomically: false, encoding: .utf8)
        let tail = try LogTail.last(10, path: f)
        let follower = LogFollower(path: f, offset: tail.offset, inode: tail.inode)
        #expect(follower.poll() == [])
        try append("c\nhal", to: f)
        #expect(follower.poll() == [.line("c")])
        try append("f\n", to: f)
        #expect(follower.poll() == [.line("half")])

        // Truncated in place (copytruncate): starts over.
        let h = try FileHandle(forWritingTo: URL(fileURLWithPath: f)); try h.truncate(atOffset: 0); try h.close()
        try append("x\n", to: f)
        #expect(follower.poll() == [.restarted(reason: "\(f) was truncated"), .line("x")])

        // Rotated: the old file renamed (its last lines still read), a new one created.
        try append("last of old\n", to: f)
        try FileManager.default.moveItem(atPath: f, toPath: f + ".1")
        try "first of new\n".write(toFile: f, atomically: false, encoding: .utf8)
        #expect(follower.poll() == [.line("last of old"), .restarted(reason: "\(f) was replaced (rotated)"), .line("first of new")])
        try append("more\n", to: f)
        #expect(follower.poll() == [.line("more")])
    }

    @Test func waitsForAMissingFile() throws {
        let t = try TempDir(); defer { t.cleanup() }
        let f = t.file("later.log")
        let follower = LogFollower(path: f, offset: 0, inode: 0)
        #expect(follower.poll() == [])
        try "hello\n".write(toFile: f, atomically: false, encoding: .utf8)
        #expect(follower.poll() == [.line("hello")])
    }

    @Test func startsAtTheTailOffset() throws {
        let t = try TempDir(); defer { t.cleanup() }
        let f = t.file("dfs.log")
        try "a\nb\npar".write(toFile: f, atomically: false, encoding: .utf8)
        let tail = try LogTail.last(1, path: f)
        #expect(tail.lines == ["b"])
        let follower = LogFollower(path: f, offset: tail.offset, inode: tail.inode)
        try append("tial\n", to: f)
        #expect(follower.poll() == [.line("partial")])
    }
}
