import ControlModels
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// One server dfsctl talks to, and the session on it.
public struct Context: Codable, Sendable, Equatable {
    /// Base URL, e.g. "http://127.0.0.1:8080".
    public var server: String
    public var username: String?
    public var role: Role?
    /// Absent after `logout`.
    public var accessToken: String?
    public var refreshToken: String?
    public init(server: String, username: String? = nil, role: Role? = nil, accessToken: String? = nil, refreshToken: String? = nil) {
        self.server = server; self.username = username; self.role = role; self.accessToken = accessToken; self.refreshToken = refreshToken
    }

    /// The tokens, when logged in.
    public var credentials: Credentials? {
        guard let a = accessToken, let r = refreshToken else { return nil }
        return Credentials(accessToken: a, refreshToken: r)
    }
}

/// The contexts file: named contexts and which one is current.
public struct ContextsConfig: Codable, Sendable, Equatable {
    public var current: String?
    public var contexts: [String: Context]
    public init(current: String? = nil, contexts: [String: Context] = [:]) { self.current = current; self.contexts = contexts }
}

/// Reads and writes the contexts file. It holds tokens, so it is written
/// mode 0600 in a 0700 directory, atomically (a temporary file renamed over
/// the old one): a crash leaves the old file or the new one, never half.
public struct ContextStore: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// `$DFSCTL_CONFIG`, else `$HOME/.config/dfsctl/config.json`.
    public static func defaultPath(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let p = environment["DFSCTL_CONFIG"], !p.isEmpty { return p }
        let home = environment["HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? NSHomeDirectory()
        return home + "/.config/dfsctl/config.json"
    }

    /// The contexts; an empty configuration when the file does not exist.
    public func load() throws -> ContextsConfig {
        let data: Data
        switch Self.readFile(path) {
        case .success(let d): data = d
        case .failure(let e) where e.code == .ENOENT: return ContextsConfig()
        case .failure(let e): throw CtlError(.config, "cannot read the contexts file \(path): \(Self.describe(e))")
        }
        do { return try JSONDecoder().decode(ContextsConfig.self, from: data) } catch {
            throw CtlError(.config, "the contexts file \(path) is not valid (\(APIClient.decodingReason(error))): fix it, or remove it and log in again")
        }
    }

    /// Writes `config` atomically with mode 0600, creating missing
    /// directories with mode 0700.
    public func save(_ config: ContextsConfig) throws {
        let enc = JSONEncoder()
        enc.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let data = try enc.encode(config) + Data("\n".utf8)
        let dir = (path as NSString).deletingLastPathComponent
        try makeDirectories(dir.isEmpty ? "." : dir)
        let tmp = (dir.isEmpty ? "." : dir) + "/.\((path as NSString).lastPathComponent).tmp-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else { throw failure("create \(tmp)") }
        var ok = false
        defer { if !ok { unlink(tmp) } }
        do {
            defer { close(fd) }
            guard fchmod(fd, 0o600) == 0 else { throw failure("chmod \(tmp)") }
            try data.withUnsafeBytes { raw in
                var off = 0
                while off < raw.count {
                    let n = write(fd, raw.baseAddress! + off, raw.count - off)
                    if n < 0 { if errno == EINTR { continue }; throw failure("write \(tmp)") }
                    off += n
                }
            }
            guard fsync(fd) == 0 else { throw failure("sync \(tmp)") }
        }
        guard rename(tmp, path) == 0 else { throw failure("replace \(path)") }
        ok = true
    }

    private func makeDirectories(_ dir: String) throws {
        var isDir: ObjCBool = false
        if FileManager.default.fileExists(atPath: dir, isDirectory: &isDir) {
            if !isDir.boolValue { throw CtlError(.config, "cannot write the contexts file: \(dir) is not a directory") }
            return
        }
        let parent = (dir as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != dir { try makeDirectories(parent) }
        if mkdir(dir, 0o700) != 0, errno != EEXIST { throw failure("create the directory \(dir)") }
    }

    private func failure(_ what: String) -> CtlError {
        CtlError(.config, "cannot \(what) for the contexts file: \(String(cString: strerror(errno)))")
    }

    /// The whole file, or the errno that stopped reading it.
    static func readFile(_ path: String) -> Result<Data, POSIXError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)) }
        defer { close(fd) }
        var data = Data()
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &buf, buf.count)
            if n == 0 { return .success(data) }
            if n < 0 {
                if errno == EINTR { continue }
                return .failure(POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO))
            }
            data.append(contentsOf: buf[0..<n])
        }
    }

    /// "No such file or directory" for a POSIX error.
    static func describe(_ e: POSIXError) -> String { String(cString: strerror(e.code.rawValue)) }
}
