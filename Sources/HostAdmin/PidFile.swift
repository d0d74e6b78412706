import Foundation

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

    /// Removes the pid file; no error when it is already gone.
    public static func remove(_ path: String) {
        try? FileManager.default.removeItem(atPath: path)
    }
}
