import PluginABI

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Loads plugin libraries with dlopen() and checks them against the ABI
/// before anything else touches them. A bad library yields a
/// `PluginLoadError` naming the file and the reason; it never stops the host.
public enum PluginLoader {
    /// Load and validate one library.
    public static func load(path: String) throws(PluginLoadError) -> LoadedPlugin {
        func fail(_ r: PluginLoadError.Reason, _ d: String) -> PluginLoadError {
            PluginLoadError(path: path, reason: r, detail: d)
        }
        var st = stat()
        guard stat(path, &st) == 0 else {
            throw fail(.notFound, "cannot read file: \(String(cString: strerror(errno)))")
        }
        guard (st.st_mode & S_IFMT) == S_IFREG else { throw fail(.notFound, "not a regular file") }
        guard access(path, R_OK) == 0 else { throw fail(.notFound, "file is not readable") }
        #if os(Linux)
        if let problem = ELFCheck.problem(path: path) {
            throw fail(.notLoadable, problem)
        }
        #endif
        // A failed dlopen maps nothing; a successful one stays mapped for the
        // life of the process even when the checks below reject it (unloading
        // a library whose constructors already ran is not safe in general).
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let why = dlerror().map { String(cString: $0) } ?? "unknown dlopen error"
            throw fail(.notLoadable, "cannot load shared library: \(why)")
        }
        guard let sym = dlsym(handle, DFS_PLUGIN_ENTRY_SYMBOL) else {
            throw fail(.noEntry, "not a DittoFS plugin: it does not export \(DFS_PLUGIN_ENTRY_SYMBOL)()")
        }
        let entry = unsafeBitCast(sym, to: dfs_plugin_entry_fn.self)
        guard let d = entry(HostInfo.pointer) else {
            throw fail(.refused, "the plugin refused this host (host ABI \(DFS_ABI_MAJOR).\(DFS_ABI_MINOR)): \(DFS_PLUGIN_ENTRY_SYMBOL)() returned NULL")
        }
        return try validate(descriptor: d, path: path, handle: handle)
    }

    /// The checks on a descriptor, in the order that gives the most useful
    /// message: size, version, kind, identity, vtable, required operations.
    static func validate(descriptor d: UnsafePointer<dfs_plugin_descriptor>, path: String,
                         handle: UnsafeMutableRawPointer) throws(PluginLoadError) -> LoadedPlugin {
        func fail(_ r: PluginLoadError.Reason, _ detail: String) -> PluginLoadError {
            PluginLoadError(path: path, reason: r, detail: detail)
        }
        let minimum = MemoryLayout<dfs_plugin_descriptor>.offset(of: \dfs_plugin_descriptor.vtable)! + MemoryLayout<UnsafeRawPointer>.size
        // abi_major/abi_minor sit right after struct_size; read them before
        // trusting the size so that a future-major descriptor says so.
        let size = Int(d.pointee.struct_size)
        if size >= 12 && d.pointee.abi_major != UInt32(DFS_ABI_MAJOR) {
            throw fail(.abiMajor, "built for plugin ABI \(d.pointee.abi_major).\(d.pointee.abi_minor), but this host speaks ABI \(DFS_ABI_MAJOR).\(DFS_ABI_MINOR) (major versions must match)")
        }
        guard size >= minimum else {
            throw fail(.badDescriptor, "descriptor struct_size \(size) is smaller than the ABI 1.0 minimum \(minimum)")
        }
        if d.pointee.abi_minor > UInt32(DFS_ABI_MINOR) {
            throw fail(.abiMinor, "needs plugin ABI \(d.pointee.abi_major).\(d.pointee.abi_minor), but this host provides only \(DFS_ABI_MAJOR).\(DFS_ABI_MINOR): upgrade the host")
        }
        guard let kind = PluginKind(rawValue: d.pointee.kind) else {
            throw fail(.badDescriptor, "unknown plugin kind \(d.pointee.kind) (expected 1 metadata, 2 payload or 3 adapter)")
        }
        guard let namePtr = d.pointee.name else { throw fail(.badDescriptor, "descriptor has no name") }
        let name = boundedString(namePtr, max: 64)
        guard isValidName(name) else {
            throw fail(.badDescriptor, "invalid plugin name \"\(name.prefix(70))\" (want [a-z0-9][a-z0-9._-]{0,62})")
        }
        let version = d.pointee.version.map { boundedString($0, max: 64) } ?? ""
        guard !version.isEmpty else { throw fail(.badDescriptor, "plugin \"\(name)\" has no version string") }
        let summary = d.pointee.description.map { boundedString($0, max: 200) } ?? ""
        guard let vt = d.pointee.vtable else { throw fail(.badDescriptor, "plugin \"\(name)\" has no vtable") }
        let vtSize = Int(vt.load(as: UInt32.self))
        guard vtSize >= kind.minimumVTableSize else {
            throw fail(.badDescriptor, "\(kind) vtable of plugin \"\(name)\" declares \(vtSize) bytes; ABI 1.0 needs at least \(kind.minimumVTableSize)")
        }
        if let op = firstMissingOperation(vt, kind: kind) {
            throw fail(.missingOperation, "\(kind) plugin \"\(name)\" leaves the required operation \(op)() NULL")
        }
        return LoadedPlugin(path: path, kind: kind, descriptor: d, handle: handle,
                            name: name, version: version, summary: summary)
    }

    /// The name of the first REQUIRED operation that is NULL, if any.
    static func firstMissingOperation(_ vt: UnsafeRawPointer, kind: PluginKind) -> String? {
        // Every vtable is { uint32 size; uint32 reserved; fn0; fn1; ... }:
        // required operations come first, in declaration order.
        let names: [String] = switch kind {
        case .metadata:
            ["open", "close", "txn_begin", "txn_commit", "txn_abort", "alloc_ids",
             "inode_get", "inode_create", "inode_update", "inode_delete",
             "dirent_lookup", "dirent_insert", "dirent_remove", "dirent_list",
             "root_get", "root_set", "root_remove", "root_list",
             "kv_get", "kv_put", "kv_delete", "kv_scan"]
        case .payload: ["open", "close", "put", "get", "del", "stat", "list"]
        case .adapter: ["create", "start", "stop", "status", "destroy"]
        }
        for (i, n) in names.enumerated() {
            let fn = vt.load(fromByteOffset: 8 + i * MemoryLayout<UnsafeRawPointer?>.size, as: UnsafeRawPointer?.self)
            if fn == nil { return n }
        }
        return nil
    }

    static func isValidName(_ s: String) -> Bool {
        let b = Array(s.utf8)
        guard (1...63).contains(b.count) else { return false }
        func ok(_ c: UInt8, first: Bool) -> Bool {
            (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (!first && (c == 46 || c == 95 || c == 45))
        }
        return ok(b[0], first: true) && b.dropFirst().allSatisfy { ok($0, first: false) }
    }

    /// A C string read at most `max` bytes far (a foreign descriptor may not
    /// terminate it).
    static func boundedString(_ p: UnsafePointer<CChar>, max: Int) -> String {
        var n = 0
        while n < max && p[n] != 0 { n += 1 }
        return String(decoding: UnsafeBufferPointer(start: UnsafeRawPointer(p).assumingMemoryBound(to: UInt8.self), count: n), as: UTF8.self)
    }
}
