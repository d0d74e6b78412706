import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// The pid file of a running server (`<data_dir>/dfs.pid`): the pid in
/// decimal and a newline. `dfs start` writes it, `dfs stop`/`status` read it.
public enum PidFile {
    /// What a pid file holds.
    public enum Content: Equatable, Sendable {
        /// No file at the path.
        case absent
        /// A file that does not hold a positive pid (the text, trimmed and shortened).
        case garbage(String)
        case pid(Int32)
    }

    /// Reads the pid file at `path`.
    public static func read(_ path: String) -> Content {
        guard let data = FileManager.default.contents(atPath: path) else { return .absent }
        let text = String(decoding: data.prefix(64), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        guard let pid = Int32(text), pid > 0 else { return .garbage(String(text.prefix(32))) }
        return .pid(pid)
    }

    /// Writes `pid` to `path` (0644, the directory created 0700), replacing
    /// the file atomically.
    public static func write(_ pid: Int32, to path: String) throws {
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        try "\(pid)\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
    }

    /// Another server holds the pid file.
    public struct AlreadyRunning: Error, CustomStringConvertible, Equatable {
        public var pid: Int32
        public var path: String
        public var description: String { "dfs is already running (pid \(pid), pid file \(path)); stop it with `dfs stop`" }
    }

    /// For `dfs start`: records `pid` in the pid file unless a live server
    /// already holds it. A stale file (dead pid, another program, garbage) is
    /// replaced. Creation is atomic (link(2) of a complete temporary file),
    /// so of two servers starting at once only one wins.
    /// - Throws: ``AlreadyRunning``, or a file-system error.
    public static func claim(_ path: String, pid: Int32 = getpid(), inspector: ProcessInspector = ProcessInspector()) throws {
        let dir = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let tmp = path + ".\(pid).tmp"
        try "\(pid)\n".write(toFile: tmp, atomically: false, encoding: .utf8)
        defer { unlink(tmp) }
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: tmp)
        for _ in 0..<2 {
            if link(tmp, path) == 0 { return }
            guard errno == EEXIST else { throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO) }
            if case .pid(let holder) = read(path), holder != pid, inspector.state(of: holder) == .server {
                throw AlreadyRunning(pid: holder, path: path)
            }
            remove(path)  // stale (or our own pid from an earlier life): replace it
        }
        throw AlreadyRunning(pid: { if case .pid(let p) = read(path) { return p } else { return 0 } }(), path: path)
    }

    /// For `dfs start` on exit: removes the pid file if it still holds `pid`.
    public static func release(_ path: String, pid: Int32 = getpid()) {
        if read(path) == .pid(pid) { remove(path) }
    }

    /// Removes the pid file; no error when it is already gone.
    public static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
