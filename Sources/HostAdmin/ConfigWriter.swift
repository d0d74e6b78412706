import Foundation
import ServerConfig
#if canImport(Glibc)
import Glibc
#endif

/// `dfs init`: writes a configuration file, readable by its owner only.
public enum ConfigWriter {
    public struct Failure: Error, CustomStringConvertible, Equatable {
        public var description: String
    }

    /// Writes `config.render()` to `path` with mode 0600, creating missing
    /// parent folders with mode 0700. Refuses an existing file unless `force`.
    public static func write(_ config: ServerConfig, to path: String, force: Bool) throws {
        let fm = FileManager.default
        var isDir: ObjCBool = false
        if fm.fileExists(atPath: path, isDirectory: &isDir) {
            if isDir.boolValue { throw Failure(description: "\(path) is a directory") }
            if !force { throw Failure(description: "\(path) already exists; use --force to overwrite it") }
        }
        let dir = (path as NSString).deletingLastPathComponent
        if !dir.isEmpty, !fm.fileExists(atPath: dir) {
            do {
                try fm.createDirectory(atPath: dir, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            } catch {
                throw Failure(description: "cannot create \(dir): \(error.localizedDescription)")
            }
        }
        // Write a temporary file 0600 from the start (never readable by others),
        // then rename it over the target.
        let tmp = path + ".tmp-\(getpid())"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw Failure(description: "cannot write \(path): \(String(cString: strerror(errno)))") }
        let bytes = Array(config.render().utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
            if n <= 0 { let e = errno; close(fd); unlink(tmp); throw Failure(description: "cannot write \(path): \(String(cString: strerror(e)))") }
            written += n
        }
        fchmod(fd, 0o600)
        fsync(fd)
        close(fd)
        if rename(tmp, path) != 0 {
            let e = errno; unlink(tmp)
            throw Failure(description: "cannot write \(path): \(String(cString: strerror(e)))")
        }
    }
}
