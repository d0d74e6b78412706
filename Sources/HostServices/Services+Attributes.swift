import HostCore
import HostPlugins
import PluginABI

// Asynchronous operations on one object: getattr, setattr, access,
// readlink, statfs. Each decodes its inputs, applies the share policy and
// hands the core call to `start` (which calls done exactly once).

extension HostServicesTable {
    /// `getattr` -> `dfs_attr`.
    static func getattr(_ host: UnsafeMutableRawPointer?, _ c: UnsafePointer<dfs_cred>?, _ fh: UnsafePointer<dfs_fh>?,
                        _ done: dfs_done_fn?, _ ctx: UnsafeMutableRawPointer?) {
        start(host, done, ctx, op: "getattr", payload: false) { (t) throws(DFSError) -> Prepared<Attributes> in
            let h = try Inputs.handle(fh)
            let cred = try t.credentials(c, share: h.shareID)
            let fs = t.fileSystem
            return (h.shareID, { () throws(DFSError) -> Attributes in try fs.getattr(cred, h) })
        }
    }

    /// `setattr` -> `dfs_wcc_result`. `sa` is required; `guard_ctime`
    /// non-NULL fails with `DFS_ERR_BUSY` on a ctime mismatch.
    static func setattr(_ host: UnsafeMutableRawPointer?, _ c: UnsafePointer<dfs_cred>?, _ fh: UnsafePointer<dfs_fh>?,
                        _ sa: UnsafePointer<dfs_sattr>?, _ guardCtime: UnsafePointer<dfs_timespec>?,
                        _ done: dfs_done_fn?, _ ctx: UnsafeMutableRawPointer?) {
        start(host, done, ctx, op: "setattr") { (t) throws(DFSError) -> Prepared<WccData> in
            let h = try Inputs.handle(fh)
            let cred = try t.credentials(c, share: h.shareID, write: true)
            let request = try Inputs.setAttributes(sa, required: true)
            let g = guardCtime.map { Timespec(c: $0.pointee) }
            let fs = t.fileSystem
            return (h.shareID, { () throws(DFSError) -> WccData in try fs.setattr(cred, h, request, guardCtime: g) })
        }
    }

    /// `access` -> `dfs_access_result` (unknown mask bits are ignored;
    /// callers with a read-only share grant never get modify/extend/delete).
    static func access(_ host: UnsafeMutableRawPointer?, _ c: UnsafePointer<dfs_cred>?, _ fh: UnsafePointer<dfs_fh>?,
                       _ mask: UInt32, _ done: dfs_done_fn?, _ ctx: UnsafeMutableRawPointer?) {
        start(host, done, ctx, op: "access", payload: false) { (t) throws(DFSError) -> Prepared<AccessResult> in
            let h = try Inputs.handle(fh)
            let (cred, level) = try t.admitted(c, share: h.shareID)
            let m = AccessMask(rawValue: mask).intersection(.all)
            let fs = t.fileSystem
            return (h.shareID, { () throws(DFSError) -> AccessResult in
                var r = try fs.access(cred, h, mask: m)
                // A read-only grant never allows changes, whatever the mode bits say.
                if level < .readWrite { r.granted.subtract([.modify, .extend, .delete]) }
                return r
            })
        }
    }

    /// `readlink` -> `dfs_readlink_result` (target borrowed).
    static func readlink(_ host: UnsafeMutableRawPointer?, _ c: UnsafePointer<dfs_cred>?, _ fh: UnsafePointer<dfs_fh>?,
                         _ done: dfs_done_fn?, _ ctx: UnsafeMutableRawPointer?) {
        start(host, done, ctx, op: "readlink", payload: false) { (t) throws(DFSError) -> Prepared<ReadLinkResult> in
            let h = try Inputs.handle(fh)
            let cred = try t.credentials(c, share: h.shareID)
            let fs = t.fileSystem
            return (h.shareID, { () throws(DFSError) -> ReadLinkResult in try fs.readlink(cred, h) })
        }
    }

    /// `statfs` -> `dfs_statfs_result`.
    static func statfs(_ host: UnsafeMutableRawPointer?, _ c: UnsafePointer<dfs_cred>?, _ fh: UnsafePointer<dfs_fh>?,
                       _ done: dfs_done_fn?, _ ctx: UnsafeMutableRawPointer?) {
        start(host, done, ctx, op: "statfs") { (t) throws(DFSError) -> Prepared<StatFSResult> in
            let h = try Inputs.handle(fh)
            let cred = try t.credentials(c, share: h.shareID)
            let fs = t.fileSystem
            return (h.shareID, { () throws(DFSError) -> StatFSResult in try fs.statfs(cred, h) })
        }
    }
}
