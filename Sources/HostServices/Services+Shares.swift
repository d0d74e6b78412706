import HostCore
import HostPlugins
import Logging
import PluginABI

// The synchronous services: log, share_resolve, share_list. They touch only
// in-memory registries, so they run on the caller's thread.

extension HostServicesTable {
    /// `log`: forward an adapter's line to swift-log ("dfs.adapter").
    /// NULL `host` or `msg`: ignored.
    static func log(_ host: UnsafeMutableRawPointer?, _ level: Int32, _ msg: UnsafePointer<CChar>?) {
        guard let host, let msg else { return }
        let table = Unmanaged<HostServicesTable>.fromOpaque(host).takeUnretainedValue()
        let lvl: Logger.Level = switch level {
        case Int32(DFS_LOG_ERROR): .error
        case Int32(DFS_LOG_WARN): .warning
        case Int32(DFS_LOG_INFO): .info
        default: .debug
        }
        table.adapterLogger.log(level: lvl, "\(String(cString: msg))")
    }

    /// `share_resolve`: the share named `share` for `cred`, or a directory
    /// below it: "/export/a/b" resolves to share "/export" (the longest
    /// share name that is the path or a '/'-prefix of it) and then walks
    /// "a/b" with lookups as the policy-mapped caller, so that clients can
    /// mount subdirectories (MOUNT3 of a path below an export). `root` is
    /// then that directory's handle.
    ///
    /// `.noent` for an unknown share or a missing component, `.notDir` when
    /// the path names a non-directory, `.access` when the policy gate
    /// refuses the caller (or a component may not be searched), `.inval`
    /// for NULL arguments or an `out` whose `struct_size` was not set.
    /// Writes only the members within `out->struct_size`.
    ///
    /// Walking a subdirectory runs metadata lookups on the caller's thread
    /// (this op is synchronous): instant on non-blocking metadata stores, a
    /// short block on others (mounts are rare).
    static func shareResolve(_ host: UnsafeMutableRawPointer?, _ name: UnsafePointer<CChar>?, _ cred: UnsafePointer<dfs_cred>?,
                             _ out: UnsafeMutablePointer<dfs_share_info>?, _ err: UnsafeMutablePointer<dfs_error>?) -> dfs_status {
        ErrorSink.report(err) { () throws(DFSError) in
            guard let host else { throw DFSError(.inval, "share_resolve: NULL host pointer") }
            guard let name else { throw DFSError(.inval, "share_resolve: NULL share name") }
            guard let out else { throw DFSError(.inval, "share_resolve: NULL out") }
            let table = Unmanaged<HostServicesTable>.fromOpaque(host).takeUnretainedValue()
            if table.isShutDown { throw DFSError(.closed, "share_resolve: the host services are shut down") }
            let caller = try Caller(c: cred)
            let path = String(cString: name)
            let shares = table.fileSystem.shares
            guard let (shareName, rest) = ExportPath.split(path, shareNames: shares.map(\.name)),
                  let share = shares.first(where: { $0.name == shareName }) else {
                throw DFSError(.noent, "no share named \"\(path)\"")
            }
            let (identity, level) = try table.compiledPolicy(share.id).admit(caller, share: share.name)
            let readOnly = share.readOnly || level < .readWrite
            var root = share.root
            if !rest.isEmpty {
                let fs = table.fileSystem
                root = try fs.walk(identity, from: share.root, path: rest)
                guard try fs.getattr(identity, root).type == .directory else {
                    throw DFSError(.notDir, "\"\(path)\" is not a directory")
                }
            }
            let info = dfs_share_info(
                struct_size: UInt32(MemoryLayout<dfs_share_info>.size),
                access: readOnly ? UInt32(DFS_SHARE_READ) : UInt32(DFS_SHARE_READ_WRITE),
                read_only: share.readOnly ? 1 : 0, reserved: 0, root: root.cValue, share_id: share.id)
            try Inputs.store(info, into: out, minimum: MemoryLayout<dfs_share_info>.offset(of: \dfs_share_info.root)!
                + MemoryLayout<dfs_fh>.size, name: "dfs_share_info")
        }
    }

    /// `share_list`: `cb(ctx, name)` for every share whose gate admits
    /// `cred`, in name order, until `cb` returns non-zero. `.inval` for
    /// NULL `host`, `cred` or `cb`.
    static func shareList(_ host: UnsafeMutableRawPointer?, _ cred: UnsafePointer<dfs_cred>?,
                          _ cb: (@convention(c) (UnsafeMutableRawPointer?, UnsafePointer<CChar>?) -> Int32)?,
                          _ ctx: UnsafeMutableRawPointer?, _ err: UnsafeMutablePointer<dfs_error>?) -> dfs_status {
        ErrorSink.report(err) { () throws(DFSError) in
            guard let host else { throw DFSError(.inval, "share_list: NULL host pointer") }
            guard let cb else { throw DFSError(.inval, "share_list: NULL callback") }
            let table = Unmanaged<HostServicesTable>.fromOpaque(host).takeUnretainedValue()
            if table.isShutDown { throw DFSError(.closed, "share_list: the host services are shut down") }
            let caller = try Caller(c: cred)
            for share in table.fileSystem.shares {
                do { _ = try table.compiledPolicy(share.id).admit(caller, share: share.name) } catch { continue }
                if share.name.withCString({ cb(ctx, $0) }) != 0 { break }
            }
        }
    }
}

/// Filling a caller's `dfs_error` the way plugins do (`dfs_error_set`).
enum ErrorSink {
    /// Run `body`; on failure fill `err` (members within its struct_size)
    /// and return the status.
    static func report(_ err: UnsafeMutablePointer<dfs_error>?, _ body: () throws(DFSError) -> Void) -> dfs_status {
        do {
            try body()
            return DFSStatus.ok.rawValue
        } catch {
            set(err, error)
            return error.status.rawValue
        }
    }

    static func set(_ err: UnsafeMutablePointer<dfs_error>?, _ error: DFSError) {
        guard let err else { return }
        let size = Int(err.pointee.struct_size)
        if size >= MemoryLayout<dfs_error>.offset(of: \dfs_error.code)! + 4 { err.pointee.code = error.status.rawValue }
        guard size >= MemoryLayout<dfs_error>.size, let buf = err.pointee.message, err.pointee.message_cap > 0 else { return }
        let text = Array((error.message.isEmpty ? error.status.name : error.message).utf8)
        let n = min(text.count, Int(err.pointee.message_cap) - 1)
        text.withUnsafeBytes { src in
            UnsafeMutableRawPointer(buf).copyMemory(from: src.baseAddress!, byteCount: n)
        }
        buf[n] = 0
    }
}

/// Export paths as clients name them (MOUNT3 dirpath, share_resolve).
public enum ExportPath {
    /// Split `path` into the longest share name it starts with (the whole
    /// path, or a prefix followed by '/') and the rest below it (without
    /// leading or trailing slashes; "" for the share itself). Trailing
    /// slashes are ignored ("/export/" is "/export"); a share named "/"
    /// matches every absolute path. Nil when no share matches.
    public static func split(_ path: String, shareNames: [String]) -> (share: String, rest: String)? {
        var best: (share: String, rest: Substring)?
        for name in shareNames where !name.isEmpty {
            let rest: Substring
            if path == name {
                rest = ""
            } else if name.hasSuffix("/") {
                guard path.hasPrefix(name) else { continue }
                rest = path.dropFirst(name.count)
            } else if path.hasPrefix(name), path.dropFirst(name.count).first == "/" {
                rest = path.dropFirst(name.count)
            } else {
                continue
            }
            if best == nil || name.count > best!.share.count { best = (name, rest) }
        }
        guard let best else { return nil }
        let rest = best.rest.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
        return (best.share, rest)
    }
}
