import HostPlugins
import PluginABI

/// Directory-entry name rules (POSIX, as NFS and SMB servers apply them).
///
/// A name is 1...255 bytes (`DFS_NAME_MAX`) and contains neither '/' nor NUL.
/// Any other byte is allowed: names are raw bytes, not necessarily UTF-8,
/// compared exactly. "." and ".." are valid names to look up but are never
/// stored; each operation rejects them the way POSIX does.
public enum Names {
    /// Longest name in bytes.
    public static let maxLength = Int(DFS_NAME_MAX)

    /// "." as bytes.
    public static let dot: [UInt8] = [0x2E]
    /// ".." as bytes.
    public static let dotDot: [UInt8] = [0x2E, 0x2E]

    /// Throws `.inval` for an empty name or one containing '/' or NUL, and
    /// `.nameTooLong` beyond 255 bytes. "." and ".." pass (see `isDotOrDotDot`).
    public static func validate(_ name: [UInt8]) throws(DFSError) {
        guard !name.isEmpty else { throw DFSError(.inval, "empty name") }
        guard name.count <= maxLength else {
            throw DFSError(.nameTooLong, "name of \(name.count) bytes exceeds \(maxLength)")
        }
        for b in name where b == 0x2F || b == 0 {
            throw DFSError(.inval, b == 0 ? "name contains a NUL byte" : "name contains '/'")
        }
    }

    /// True for "." and "..".
    public static func isDotOrDotDot(_ name: [UInt8]) -> Bool { name == dot || name == dotDot }

    /// Validate a name for a new entry (create, mkdir, symlink, mknod, link):
    /// "." and ".." already exist, so they fail with `.exist`.
    public static func validateNew(_ name: [UInt8]) throws(DFSError) {
        try validate(name)
        if isDotOrDotDot(name) { throw DFSError(.exist, "\"\(String(decoding: name, as: UTF8.self))\" always exists") }
    }

    /// Printable form for messages.
    static func show(_ name: [UInt8]) -> String {
        "\"" + String(decoding: name.prefix(64), as: UTF8.self) + (name.count > 64 ? "…" : "") + "\""
    }
}
