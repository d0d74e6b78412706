import HostCore
import HostPlugins
import PluginABI

/// Decoding of the inputs adapters pass into host services. Every decoder
/// turns a NULL pointer or an implausible length into a `DFSError` instead
/// of reading through it; nothing here touches a store.
enum Inputs {
    /// A `dfs_fh`: `.inval` for NULL, `.badHandle` for garbage.
    static func handle(_ p: UnsafePointer<dfs_fh>?, _ what: String = "file handle") throws(DFSError) -> FileHandle {
        guard let p else { throw DFSError(.inval, "NULL \(what)") }
        guard p.pointee.len >= 1 && p.pointee.len <= DFS_FH_MAX else {
            throw DFSError(.badHandle, "\(what): dfs_fh.len \(p.pointee.len)")
        }
        return try FileHandle(c: p.pointee)
    }

    /// A directory-entry name (copied). `.inval` for NULL with a length,
    /// `.nameTooLong` past `Names.maxLength` (not read); the core rejects
    /// empty names and '/' or NUL inside.
    static func name(_ p: UnsafePointer<UInt8>?, _ len: UInt32, _ what: String = "name") throws(DFSError) -> [UInt8] {
        guard len > 0 else { return [] }
        guard Int(len) <= Names.maxLength else {
            throw DFSError(.nameTooLong, "\(what) of \(len) bytes exceeds \(Names.maxLength)")
        }
        guard let p else { throw DFSError(.inval, "NULL \(what) with length \(len)") }
        return Array(UnsafeBufferPointer(start: p, count: Int(len)))
    }

    /// A symbolic link target (copied): at most `DFS_SYMLINK_MAX` bytes.
    static func linkTarget(_ p: UnsafePointer<UInt8>?, _ len: UInt32) throws(DFSError) -> [UInt8] {
        guard len > 0 else { return [] }
        guard len <= DFS_SYMLINK_MAX else {
            throw DFSError(.nameTooLong, "symbolic link target of \(len) bytes exceeds \(DFS_SYMLINK_MAX)")
        }
        guard let p else { throw DFSError(.inval, "NULL symbolic link target with length \(len)") }
        return Array(UnsafeBufferPointer(start: p, count: Int(len)))
    }

    /// Write data, borrowed (not copied; valid until `done`). `.inval` for
    /// NULL with a length.
    static func data(_ p: UnsafePointer<UInt8>?, _ len: UInt32) throws(DFSError) -> BorrowedBytes {
        guard len > 0 else { return BorrowedBytes(buffer: UnsafeRawBufferPointer(start: nil, count: 0)) }
        guard let p else { throw DFSError(.inval, "NULL write data with length \(len)") }
        return BorrowedBytes(buffer: UnsafeRawBufferPointer(start: p, count: Int(len)))
    }

    /// A `dfs_sattr`. NULL: `.inval` when `required`, else "nothing to set"
    /// (create, mkdir, symlink, mknod: e.g. NFSv3 EXCLUSIVE CREATE carries
    /// no attributes). Members past `struct_size` count as absent.
    static func setAttributes(_ p: UnsafePointer<dfs_sattr>?, required: Bool) throws(DFSError) -> SetAttributes {
        guard let p else {
            if required { throw DFSError(.inval, "NULL attributes") }
            return SetAttributes()
        }
        let s = try sized(p, minimum: MemoryLayout<dfs_sattr>.offset(of: \dfs_sattr.valid)! + 4, name: "dfs_sattr")
        return SetAttributes(c: s)
    }

    /// A write stability level (`DFS_UNSTABLE` ...).
    static func stability(_ v: UInt32) throws(DFSError) -> Stability {
        guard let s = Stability(rawValue: v) else { throw DFSError(.inval, "unknown write stability \(v)") }
        return s
    }

    /// A `DFS_TYPE_*` for mknod.
    static func fileType(_ v: UInt32) throws(DFSError) -> FileType {
        guard let t = FileType(rawValue: v) else { throw DFSError(.inval, "unknown file type \(v)") }
        return t
    }

    /// Copy a struct that begins with `struct_size`, reading only the bytes
    /// it declares; the rest stays zero (absent). `.inval` below `minimum`.
    static func sized<S: ZeroInitializable>(_ p: UnsafePointer<S>, minimum: Int, name: String) throws(DFSError) -> S {
        let declared = Int(UnsafeRawPointer(p).load(as: UInt32.self))
        guard declared >= minimum else { throw DFSError(.inval, "\(name).struct_size \(declared) is too small") }
        var out = S()
        let n = min(declared, MemoryLayout<S>.size)
        withUnsafeMutableBytes(of: &out) { dst in
            dst.copyMemory(from: UnsafeRawBufferPointer(start: UnsafeRawPointer(p), count: n))
        }
        return out
    }

    /// Write `value` into a caller-owned out-struct, only the members within
    /// the `struct_size` the caller set; `struct_size` itself is left as is.
    /// `.inval` when the caller set less than `minimum`.
    static func store<S>(_ value: S, into p: UnsafeMutablePointer<S>, minimum: Int, name: String) throws(DFSError) {
        let declared = Int(UnsafeRawPointer(p).load(as: UInt32.self))
        guard declared >= minimum else {
            throw DFSError(.inval, "\(name).struct_size \(declared) is too small (set it to sizeof(\(name)))")
        }
        let n = min(declared, MemoryLayout<S>.size)
        withUnsafeBytes(of: value) { src in
            UnsafeMutableRawPointer(p).advanced(by: 4).copyMemory(from: src.baseAddress!.advanced(by: 4), byteCount: n - 4)
        }
    }
}

/// C structs whose Swift `init()` zero-fills them.
protocol ZeroInitializable { init() }
extension dfs_sattr: ZeroInitializable {}
extension dfs_cred: ZeroInitializable {}
