import PluginABI

/// A status code of the plugin ABI (`dfs_status`), with its name.
public struct DFSStatus: RawRepresentable, Hashable, Sendable, CustomStringConvertible {
    public var rawValue: Int32
    public init(rawValue: Int32) { self.rawValue = rawValue }
    public init<I: BinaryInteger>(_ v: I) { rawValue = Int32(truncatingIfNeeded: v) }

    public static let ok = DFSStatus(DFS_OK)
    public static let noent = DFSStatus(DFS_ERR_NOENT)
    public static let exist = DFSStatus(DFS_ERR_EXIST)
    public static let notEmpty = DFSStatus(DFS_ERR_NOTEMPTY)
    public static let notDir = DFSStatus(DFS_ERR_NOTDIR)
    public static let isDir = DFSStatus(DFS_ERR_ISDIR)
    public static let inval = DFSStatus(DFS_ERR_INVAL)
    public static let noSpace = DFSStatus(DFS_ERR_NOSPC)
    public static let stale = DFSStatus(DFS_ERR_STALE)
    public static let badHandle = DFSStatus(DFS_ERR_BADHANDLE)
    public static let io = DFSStatus(DFS_ERR_IO)
    public static let retry = DFSStatus(DFS_ERR_RETRY)
    public static let perm = DFSStatus(DFS_ERR_PERM)
    public static let access = DFSStatus(DFS_ERR_ACCES)
    public static let nameTooLong = DFSStatus(DFS_ERR_NAMETOOLONG)
    public static let readOnly = DFSStatus(DFS_ERR_ROFS)
    public static let notSupported = DFSStatus(DFS_ERR_NOTSUP)
    public static let fileTooBig = DFSStatus(DFS_ERR_FBIG)
    public static let crossDevice = DFSStatus(DFS_ERR_XDEV)
    public static let tooManyLinks = DFSStatus(DFS_ERR_MLINK)
    public static let loop = DFSStatus(DFS_ERR_LOOP)
    public static let range = DFSStatus(DFS_ERR_RANGE)
    public static let busy = DFSStatus(DFS_ERR_BUSY)
    public static let again = DFSStatus(DFS_ERR_AGAIN)
    public static let noMemory = DFSStatus(DFS_ERR_NOMEM)
    public static let quota = DFSStatus(DFS_ERR_DQUOT)
    public static let closed = DFSStatus(DFS_ERR_CLOSED)
    public static let version = DFSStatus(DFS_ERR_VERSION)
    public static let `internal` = DFSStatus(DFS_ERR_INTERNAL)
    public static let noDevice = DFSStatus(DFS_ERR_NXIO)

    private static let names: [Int32: String] = [
        0: "OK", 1: "NOENT", 2: "EXIST", 3: "NOTEMPTY", 4: "NOTDIR", 5: "ISDIR", 6: "INVAL",
        7: "NOSPC", 8: "STALE", 9: "BADHANDLE", 10: "IO", 11: "RETRY", 12: "PERM", 13: "ACCES",
        14: "NAMETOOLONG", 15: "ROFS", 16: "NOTSUP", 17: "FBIG", 18: "XDEV", 19: "MLINK",
        20: "LOOP", 21: "RANGE", 22: "BUSY", 23: "AGAIN", 24: "NOMEM", 25: "DQUOT",
        26: "CLOSED", 27: "VERSION", 28: "INTERNAL", 29: "NXIO",
    ]

    /// "NOENT", "EXIST", …; "STATUS(n)" for codes this host does not know.
    public var name: String { Self.names[rawValue] ?? "STATUS(\(rawValue))" }
    public var description: String { name }
}

/// An error from a store, an adapter or the file-system core: an ABI status
/// plus a human-readable detail.
public struct DFSError: Error, Equatable, CustomStringConvertible, Sendable {
    public var status: DFSStatus
    public var message: String

    public init(_ status: DFSStatus, _ message: String = "") {
        self.status = status
        self.message = message
    }

    public var description: String { message.isEmpty ? status.name : "\(status.name): \(message)" }

    public static func == (a: DFSError, b: DFSError) -> Bool { a.status == b.status }
}

/// Size of the detail buffer the host hands to plugins.
let errorMessageCapacity = 512

/// Calls a plugin operation with a fresh `dfs_error` and throws `DFSError`
/// when it returns anything but DFS_OK.
@inline(__always)
func abiCall(_ what: @autoclosure () -> String, _ body: (UnsafeMutablePointer<dfs_error>) -> dfs_status) throws(DFSError) {
    let status: dfs_status
    var message = ""
    status = withUnsafeTemporaryAllocation(of: CChar.self, capacity: errorMessageCapacity) { buf in
        buf[0] = 0
        var err = dfs_error(struct_size: UInt32(MemoryLayout<dfs_error>.size), code: 0,
                            message: buf.baseAddress, message_cap: UInt32(errorMessageCapacity))
        let s = withUnsafeMutablePointer(to: &err) { body($0) }
        if s != DFS_OK {
            buf[errorMessageCapacity - 1] = 0
            message = String(cString: buf.baseAddress!)
        }
        return s
    }
    if status != DFS_OK {
        throw DFSError(DFSStatus(status), message.isEmpty ? "\(what()) failed" : message)
    }
}
