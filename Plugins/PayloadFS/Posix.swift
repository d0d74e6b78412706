import PluginABI
import PluginKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Thin POSIX helpers: EINTR retries, errno -> dfs_status, short key names
/// for messages.
enum Posix {
    /// The dfs status for an errno value.
    static func status(_ e: Int32) -> dfs_status {
        switch e {
        case ENOENT, ENOTDIR: dfs_status(DFS_ERR_NOENT)
        case ENOSPC: dfs_status(DFS_ERR_NOSPC)
        case EDQUOT: dfs_status(DFS_ERR_DQUOT)
        case ENAMETOOLONG: dfs_status(DFS_ERR_NAMETOOLONG)
        case EROFS: dfs_status(DFS_ERR_ROFS)
        case ENOMEM: dfs_status(DFS_ERR_NOMEM)
        case EFBIG: dfs_status(DFS_ERR_FBIG)
        default: dfs_status(DFS_ERR_IO) // EACCES, EPERM, EIO, ELOOP, ...
        }
    }

    /// The text of errno value `e`.
    static func describe(errno e: Int32) -> String {
        guard let s = strerror(e) else { return "errno \(e)" }
        return String(cString: s)
    }

    /// An error for a failed system call: `"<what>: <strerror>"`.
    static func error(_ e: Int32, _ what: String) -> PluginError {
        PluginError(status(e), "\(what): \(describe(errno: e))")
    }

    /// Runs `body` until it does not fail with EINTR; returns its result
    /// (errno is left as the call set it).
    @inline(__always)
    static func retrying<T: BinaryInteger>(_ body: () -> T) -> T {
        while true {
            let r = body()
            if r == -1 && errno == EINTR { continue }
            return r
        }
    }

    /// fsync() with EINTR retry; throws with `what` on failure.
    static func fsync(_ fd: Int32, _ what: @autoclosure () -> String) throws {
        #if canImport(Darwin)
        // On Darwin fsync() only reaches the drive cache; F_FULLFSYNC flushes it.
        if retrying({ fcntl(fd, F_FULLFSYNC) }) == 0 { return }
        #endif
        if retrying({ systemFsync(fd) }) != 0 { throw error(errno, what()) }
    }

    /// Opens directory `rel` (relative to `root`, "" = the root itself),
    /// fsyncs it and closes it.
    static func fsyncDir(root: Int32, _ rel: String, _ what: @autoclosure () -> String) throws {
        if rel.isEmpty { return try fsync(root, what()) }
        let fd = retrying { openat(root, rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        if fd < 0 { throw error(errno, what()) }
        defer { _ = close(fd) }
        try fsync(fd, what())
    }

    /// A printable, bounded rendering of a key for messages: printable ASCII
    /// as is, other bytes as `\xNN`, cut after 48 bytes.
    static func show(_ key: [UInt8]) -> String {
        var s = "\""
        for b in key.prefix(48) {
            if b >= 0x20 && b < 0x7F && b != UInt8(ascii: "\"") && b != UInt8(ascii: "\\") {
                s.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                let h = String(b, radix: 16, uppercase: true)
                s += "\\x" + (h.count == 1 ? "0" + h : h)
            }
        }
        s += "\""
        if key.count > 48 { s += "...(\(key.count) bytes)" }
        return s
    }
}

// The C library's functions whose names are shadowed by methods.

/// fsync(2).
@inline(__always)
func systemFsync(_ fd: Int32) -> Int32 { fsync(fd) }

/// sync(2).
@inline(__always)
func systemSync() { sync() }

/// open(2) without O_CREAT.
@inline(__always)
func systemOpen(_ path: String, _ flags: Int32) -> Int32 { open(path, flags) }
