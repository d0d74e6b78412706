import NIOCore
import PluginABI

/// A failed host op: its status and the host's detail message.
struct HostError: Error, Sendable, CustomStringConvertible {
    var status: dfs_status
    var detail: String

    init(_ status: dfs_status, _ detail: String) {
        self.status = status
        self.detail = detail
    }

    init<Code: BinaryInteger>(_ status: Code, _ detail: String) {
        self.init(dfs_status(status), detail)
    }

    var description: String { "status \(status): \(detail)" }
}

/// What a host op gives its completion.
typealias HostResult<T> = Result<T, HostError>

/// READ: the data, copied out of the host's borrowed buffer in the callback.
struct ReadResult: Sendable {
    var data: ByteBuffer
    var eof: Bool
    var attr: dfs_attr
}

/// READLINK: the target, copied in the callback.
struct ReadlinkResult: Sendable {
    var target: [UInt8]
    var attr: dfs_attr
}

/// One READDIR(PLUS) entry, copied in the callback.
struct ReaddirEntry: Sendable {
    var fileid: UInt64
    var cookie: UInt64
    var name: [UInt8]
    var type: UInt32
    /// Handle and attributes (READDIRPLUS, when the host had them).
    var plus: (fh: dfs_fh, attr: dfs_attr)?
}

/// READDIR(PLUS): entries after the asked cookie.
struct ReaddirResult: Sendable {
    var eof: Bool
    var cookieVerifier: UInt64
    var entries: [ReaddirEntry]
    var dirAttr: dfs_attr
}

/// Reads a result struct that begins with `uint32_t struct_size`, honouring
/// that size: members the host did not fill stay zero.
@inline(__always)
func loadSized<T>(_ raw: UnsafeRawPointer, as _: T.Type) -> T {
    var value = zeroed(T.self)
    let declared = Int(raw.load(as: UInt32.self))
    let n = min(declared, MemoryLayout<T>.size)
    withUnsafeMutableBytes(of: &value) { dst in
        dst.baseAddress!.copyMemory(from: raw, byteCount: n)
    }
    return value
}

/// A zero-filled value of a C struct type.
@inline(__always)
func zeroed<T>(_: T.Type) -> T {
    let p = UnsafeMutableRawPointer.allocate(byteCount: max(MemoryLayout<T>.size, 1), alignment: MemoryLayout<T>.alignment)
    defer { p.deallocate() }
    p.initializeMemory(as: UInt8.self, repeating: 0, count: max(MemoryLayout<T>.size, 1))
    return p.load(as: T.self)
}

extension dfs_fh {
    /// A handle from wire bytes; nil when empty or longer than DFS_FH_MAX.
    init?(bytes: [UInt8]) {
        guard !bytes.isEmpty, bytes.count <= Int(DFS_FH_MAX) else { return nil }
        self = zeroed(dfs_fh.self)
        len = UInt32(bytes.count)
        withUnsafeMutableBytes(of: &data) { dst in
            bytes.withUnsafeBytes { dst.copyMemory(from: $0) }
        }
    }

    /// The handle's bytes for the wire.
    var bytes: [UInt8] {
        let n = Int(min(len, DFS_FH_MAX))
        return withUnsafeBytes(of: data) { Array($0.prefix(n)) }
    }
}
