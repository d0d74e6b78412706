#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import HostPlugins

/// Thin POSIX wrappers: retry EINTR and short transfers, turn errno into
/// `DFSError` (ENOSPC/EDQUOT become `.again`: a full cache disk is
/// back-pressure, not a failure of the write).
enum Posix {
    static func error(_ e: Int32, _ what: String) -> DFSError {
        let msg = "\(what): \(String(cString: strerror(e)))"
        switch e {
        case ENOENT: return DFSError(.noent, msg)
        case ENOSPC, EDQUOT: return DFSError(.again, "cache disk full: " + msg)
        default: return DFSError(.io, msg)
        }
    }

    static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0o600) throws(DFSError) -> Int32 {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno != EINTR { throw error(errno, "open \(path)") }
        }
    }

    static func mkdirs(_ path: String) throws(DFSError) {
        var cur = path.hasPrefix("/") ? "" : "."
        for part in path.split(separator: "/") {
            cur += "/" + part
            if mkdir(cur, 0o700) != 0 && errno != EEXIST { throw error(errno, "mkdir \(cur)") }
        }
    }

    /// Write all of `data` at `offset`.
    static func pwriteAll(_ fd: Int32, _ data: UnsafeRawBufferPointer, at offset: UInt64, _ what: String) throws(DFSError) {
        var done = 0
        while done < data.count {
            let n = pwrite(fd, data.baseAddress! + done, data.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw error(errno, what)
            }
            done += n
        }
    }

    /// Read up to `buf.count` bytes at `offset`; fewer only at end of file.
    static func preadAll(_ fd: Int32, _ buf: UnsafeMutableRawBufferPointer, at offset: UInt64, _ what: String) throws(DFSError) -> Int {
        var done = 0
        while done < buf.count {
            let n = pread(fd, buf.baseAddress! + done, buf.count - done, off_t(offset) + off_t(done))
            if n < 0 {
                if errno == EINTR { continue }
                throw error(errno, what)
            }
            if n == 0 { break }
            done += n
        }
        return done
    }

    static func fsync(_ fd: Int32, _ what: String) throws(DFSError) {
        while Glibc.fsync(fd) != 0 {
            if errno != EINTR { throw error(errno, "fsync \(what)") }
        }
    }

    static func fsyncDir(_ path: String) throws(DFSError) {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try fsync(fd, path)
    }

    /// The names in directory `path` (without . and ..).
    static func list(_ path: String) throws(DFSError) -> [String] {
        guard let d = opendir(path) else { throw error(errno, "opendir \(path)") }
        defer { closedir(d) }
        var out: [String] = []
        while let e = readdir(d) {
            let name = withUnsafeBytes(of: e.pointee.d_name) { String(cString: $0.bindMemory(to: CChar.self).baseAddress!) }
            if name != "." && name != ".." { out.append(name) }
        }
        return out
    }

    /// The whole file.
    static func readFile(_ path: String) throws(DFSError) -> [UInt8] {
        let fd = try open(path, O_RDONLY)
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw error(errno, "stat \(path)") }
        var b = [UInt8](repeating: 0, count: Int(st.st_size))
        let n = try b.withUnsafeMutableBufferPointer { (mp) throws(DFSError) in try preadAll(fd, UnsafeMutableRawBufferPointer(mp), at: 0, "read \(path)") }
        b.removeSubrange(n...)
        return b
    }
}
