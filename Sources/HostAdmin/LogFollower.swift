import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Follows a log file like `tail -F`: each ``poll()`` returns the complete
/// lines appended since the last one. When the file is replaced (rotation:
/// another inode at the path) or shrinks (truncation), it starts again from
/// the beginning of the new file. A missing file is waited for.
public final class LogFollower {
    public let path: String
    private var fd: Int32 = -1
    private var inode: UInt64 = 0
    private var offset: Int64 = 0
    private var partial = [UInt8]()

    /// Starts at `offset` of the file whose inode is `inode` (from ``LogTail/last(_:path:since:)``);
    /// if the path now holds another file, that one is read from its start.
    public init(path: String, offset: Int64, inode: UInt64) {
        self.path = path
        self.offset = offset
        self.inode = inode
        reopen(keepingOffset: true)
    }

    deinit { if fd >= 0 { close(fd) } }

    /// What happened since the previous poll, besides new lines.
    public enum Event: Equatable, Sendable {
        case line(String)
        /// The file was replaced or truncated; reading starts over.
        case restarted(reason: String)
    }

    /// New complete lines (and restarts), oldest first.
    public func poll() -> [Event] {
        var events = [Event]()
        var st = stat()
        if stat(path, &st) == 0 {
            if fd < 0 || UInt64(st.st_ino) != inode {
                let wasOpen = fd >= 0
                events += drain()  // the rest of the old file first
                reopen(keepingOffset: false)
                if wasOpen { events.append(.restarted(reason: "\(path) was replaced (rotated)")) }
            } else if Int64(st.st_size) < offset {
                offset = 0; partial.removeAll()
                events.append(.restarted(reason: "\(path) was truncated"))
            }
        }
        return events + drain()
    }

    private func reopen(keepingOffset: Bool) {
        if fd >= 0 { close(fd); fd = -1 }
        fd = open(path, O_RDONLY | O_CLOEXEC)
        partial.removeAll()
        guard fd >= 0 else { return }
        var st = stat()
        fstat(fd, &st)
        if !(keepingOffset && UInt64(st.st_ino) == inode && Int64(st.st_size) >= offset) { offset = 0 }
        inode = UInt64(st.st_ino)
    }

    private func drain() -> [Event] {
        guard fd >= 0 else { return [] }
        var events = [Event]()
        var buf = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let n = pread(fd, &buf, buf.count, off_t(offset))
            if n <= 0 { break }
            offset += Int64(n)
            var start = 0
            for i in 0..<n where buf[i] == 0x0A {
                var line = partial + buf[start..<i]
                partial.removeAll()
                if line.last == 0x0D { line.removeLast() }
                events.append(.line(String(decoding: line, as: UTF8.self)))
                start = i + 1
            }
            partial += buf[start..<n]
        }
        return events
    }
}
