/// Why a library could not be loaded as a plugin. Every message names the file.
public struct PluginLoadError: Error, CustomStringConvertible, Sendable {
    public enum Reason: String, Sendable {
        case notFound          // no such file / unreadable
        case notLoadable       // dlopen failed: not ELF, truncated, wrong arch, missing deps
        case noEntry           // no dfs_plugin_entry symbol: a foreign library
        case refused           // the entry returned NULL for this host
        case badDescriptor     // descriptor malformed: size, name, kind, vtable
        case abiMajor          // built for another ABI major
        case abiMinor          // built for a newer ABI minor than the host
        case missingOperation  // a REQUIRED vtable member is NULL
        case duplicate         // a plugin of the same kind and name is already loaded
        case wrongKind         // used as a kind it is not
    }

    public let path: String
    public let reason: Reason
    public let detail: String

    public init(path: String, reason: Reason, detail: String) {
        self.path = path
        self.reason = reason
        self.detail = detail
    }

    public var description: String { "plugin \(path): \(detail)" }
}
