import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// `dfs logs`: the last lines of the log file, and following it.
public enum LogTail {
    /// A log file problem, with a message for the user.
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// The result of ``last(_:path:since:)``: the lines (oldest first) and the
    /// file offset after the last complete line, where following continues.
    public struct Tail: Equatable, Sendable {
        public var lines: [String]
        public var offset: Int64
        public var inode: UInt64
    }

    /// The last `count` lines of `path` (all of them for `count` nil), keeping
    /// only entries at or after `since`. A line without a timestamp (the rest
    /// of a multi-line message) goes with the stamped line above it. Reads
    /// backwards in chunks, so a large file costs only what is shown.
    public static func last(_ count: Int?, path: String, since: Date? = nil) throws -> Tail {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT {
                throw Failure(description: "no log file at \(path) (dfs writes it when it runs daemonized or log.file is set; in the foreground it logs to stderr)")
            }
            throw Failure(description: "cannot open \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw Failure(description: "cannot stat \(path): \(String(cString: strerror(errno)))") }
        if (st.st_mode & S_IFMT) == S_IFDIR { throw Failure(description: "\(path) is a directory, not a log file") }
        let size = Int64(st.st_size)

        // Complete lines end at the last newline; a partial last line is left for following.
        var pos = size
        var carry = [UInt8]()       // bytes of a line split across chunks (the line's tail)
        var picked = [String]()     // newest first
        var pending = [String]()    // unstamped lines waiting for their stamped head, newest first
        var end = size              // offset after the last complete line
        var sawNewline = false
        let chunk: Int64 = 64 * 1024
        var done = false

        func take(_ bytes: [UInt8]) {
            var text = String(decoding: bytes, as: UTF8.self)
            if text.hasSuffix("\r") { text.removeLast() }
            guard let since else { picked.append(text); return }
            if let ts = LogTime.timestamp(ofLine: text[...]) {
                if ts < since { done = true; return }
                picked.append(contentsOf: pending); pending.removeAll()
                picked.append(text)
            } else {
                pending.append(text)
            }
        }
        var buf = [UInt8](repeating: 0, count: Int(chunk))
        outer: while pos > 0 && !done {
            let n = min(chunk, pos)
            pos -= n
            let got = pread(fd, &buf, Int(n), off_t(pos))
            if got != Int(n) { throw Failure(description: "cannot read \(path): \(String(cString: strerror(errno)))") }
            var i = Int(n) - 1
            var lineEnd = Int(n)  // exclusive end, within this chunk, of the line being scanned
            while i >= 0 {
                if buf[i] == 0x0A {
                    if !sawNewline {
                        sawNewline = true
                        end = pos + Int64(i) + 1
                        carry.removeAll()  // bytes after the last newline: partial line
                    } else {
                        take(Array(buf[(i + 1)..<lineEnd]) + carry)
                        carry.removeAll()
                        if done || (count != nil && picked.count >= count!) { done = true; break outer }
                    }
                    lineEnd = i
                }
                i -= 1
            }
            carry = Array(buf[0..<lineEnd]) + carry
        }
        if !done && sawNewline && pos == 0 {
            take(carry)  // the first line of the file
        }
        if !sawNewline { end = 0 }  // no complete line yet
        var lines = Array(picked.reversed())
        if let count, lines.count > count { lines = Array(lines.suffix(count)) }
        return Tail(lines: lines, offset: end, inode: UInt64(st.st_ino))
    }
}
