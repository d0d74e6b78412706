import PluginABI

/// An error a Swift plugin raises inside an ABI call; `PluginCall.run` turns
/// it into a `dfs_status` plus the caller's detail message.
public struct PluginError: Error, CustomStringConvertible {
    public var code: dfs_status
    public var message: String

    public init<Code: BinaryInteger>(_ code: Code, _ message: String) {
        self.code = dfs_status(code)
        self.message = message
    }

    public var description: String { "\(code): \(message)" }

    public static func noent(_ m: String) -> PluginError { .init(DFS_ERR_NOENT, m) }
    public static func exist(_ m: String) -> PluginError { .init(DFS_ERR_EXIST, m) }
    public static func inval(_ m: String) -> PluginError { .init(DFS_ERR_INVAL, m) }
    public static func io(_ m: String) -> PluginError { .init(DFS_ERR_IO, m) }
    public static func retry(_ m: String) -> PluginError { .init(DFS_ERR_RETRY, m) }
    public static func range(_ m: String) -> PluginError { .init(DFS_ERR_RANGE, m) }
    public static func nameTooLong(_ m: String) -> PluginError { .init(DFS_ERR_NAMETOOLONG, m) }
}

/// Fill a caller's `dfs_error` (which may be NULL) and return `code`.
@discardableResult
public func setError(_ err: UnsafeMutablePointer<dfs_error>?, _ code: dfs_status, _ message: String) -> dfs_status {
    guard let err else { return code }
    // Honour the caller's struct_size: write only the members it declared.
    let size = Int(err.pointee.struct_size)
    guard size >= MemoryLayout<dfs_error>.offset(of: \dfs_error.code)! + 4 else { return code }
    err.pointee.code = code
    guard size >= MemoryLayout<dfs_error>.size else { return code }
    if let buf = err.pointee.message, err.pointee.message_cap > 0 {
        let cap = Int(err.pointee.message_cap)
        var bytes = Array(message.utf8.prefix(cap - 1))
        // Do not cut a UTF-8 sequence in half.
        while let last = bytes.last, bytes.count == cap - 1, last & 0xC0 == 0x80 || last >= 0xC0 {
            bytes.removeLast()
            if last >= 0xC0 { break }
        }
        bytes.withUnsafeBufferPointer { src in
            UnsafeMutableRawPointer(buf).copyMemory(from: src.baseAddress!, byteCount: src.count)
        }
        buf[bytes.count] = 0
    }
    return code
}

/// Runs the body of an ABI entry point: returns DFS_OK, or the status of a
/// thrown `PluginError` (any other error becomes DFS_ERR_INTERNAL) with its
/// message written to `err`.
@inline(__always)
public func pluginCall(_ err: UnsafeMutablePointer<dfs_error>?, _ body: () throws -> Void) -> dfs_status {
    do {
        try body()
        return dfs_status(DFS_OK)
    } catch let e as PluginError {
        return setError(err, e.code, e.message)
    } catch {
        return setError(err, dfs_status(DFS_ERR_INTERNAL), "unexpected error: \(error)")
    }
}
