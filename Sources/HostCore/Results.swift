import HostPlugins
import PluginABI

/// Write stability levels, as in NFSv3 (`DFS_UNSTABLE` …).
public enum Stability: UInt32, Comparable, Sendable {
    /// Data may sit in volatile caches until a COMMIT.
    case unstable = 0
    /// Data reached stable storage.
    case dataSync = 1
    /// Data and the metadata needed to find it reached stable storage.
    case fileSync = 2

    public static func < (a: Stability, b: Stability) -> Bool { a.rawValue < b.rawValue }
}

/// How CREATE treats an existing name (NFSv3 `createhow3`).
public enum CreateMode: Equatable, Sendable {
    /// Existing regular file: succeed, applying only a requested size
    /// (truncate); any other existing object: `.exist`.
    case unchecked
    /// Existing name: `.exist`.
    case guarded
    /// Create once per verifier: a retransmission with the same verifier
    /// finds the file it created and succeeds; anything else existing is
    /// `.exist`. The verifier is kept in the new file's atime/mtime seconds
    /// (high / low 32 bits) until the client sets the attributes it wants.
    case exclusive(verifier: UInt64)
}

/// Result of lookup, create, mkdir, symlink, mknod and link: the object and
/// the directory its name lives in.
public struct EntryResult: Equatable, Sendable {
    public var handle: FileHandle
    public var attributes: Attributes
    /// The directory: before/after for operations that change it, after only
    /// for lookup.
    public var dir: WccData
}

/// Result of access: the granted subset of the asked bits.
public struct AccessResult: Equatable, Sendable {
    public var granted: AccessMask
    public var attributes: Attributes
}

/// Result of readlink.
public struct ReadLinkResult: Equatable, Sendable {
    public var target: [UInt8]
    public var attributes: Attributes
}

/// Result of read.
public struct ReadResult: Equatable, Sendable {
    public var data: [UInt8]
    /// True when the read reached the end of the file.
    public var eof: Bool
    /// The file after the read (atime possibly updated).
    public var attributes: Attributes
}

/// Result of `read(into:)`: the data is in the caller's buffer.
public struct ReadIntoResult: Equatable, Sendable {
    /// Bytes stored at the start of the buffer.
    public var count: Int
    /// True when the read reached the end of the file.
    public var eof: Bool
    /// The file after the read (atime possibly updated).
    public var attributes: Attributes
}

/// Result of write and commit.
public struct WriteResult: Equatable, Sendable {
    /// Bytes written (0 for commit).
    public var count: UInt32
    /// Stability actually achieved.
    public var committed: Stability
    /// The write verifier of this `FileSystem` instance (changes on restart).
    public var verifier: UInt64
    /// The file before and after.
    public var wcc: WccData
}

/// Result of rename: both directories (equal when the rename stays in one).
public struct RenameResult: Equatable, Sendable {
    public var fromDir: WccData
    public var toDir: WccData
}

/// One readdir entry. `handle` and `attributes` are set for a "plus"
/// listing when the caller may search the directory and the object still
/// exists.
public struct ReadDirEntry: Equatable, Sendable {
    public var fileid: UInt64
    /// Resume a listing after this entry by passing this cookie.
    public var cookie: UInt64
    public var name: [UInt8]
    public var type: FileType
    public var handle: FileHandle?
    public var attributes: Attributes?

    public var nameString: String { String(decoding: name, as: UTF8.self) }
}

/// Result of readdir.
public struct ReadDirResult: Equatable, Sendable {
    public var entries: [ReadDirEntry]
    /// True when no entries follow the last one returned.
    public var eof: Bool
    /// Cookies are stable store cookies, so every verifier is accepted; this
    /// one is the directory's generation.
    public var cookieVerifier: UInt64
    public var dirAttributes: Attributes
}

/// Result of statfs.
public struct StatFSResult: Equatable, Sendable {
    public var bytesTotal: UInt64
    public var bytesFree: UInt64
    public var bytesAvail: UInt64
    public var filesTotal: UInt64
    public var filesFree: UInt64
    public var filesAvail: UInt64
    public var attributes: Attributes
}
