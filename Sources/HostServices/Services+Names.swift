import HostCore
import HostPlugins
import PluginABI

// Asynchronous namespace operations: lookup, create, mkdir, symlink, mknod,
// remove, rmdir, rename, link. Names are copied on the caller's thread
// (they are short); the core validates them.

extension HostServicesTable {
    /// `lookup` -> `dfs_entry_result`.
    static func lookup(_ host: UnsafeMutableRawPointer?, _ c: UnsafePointer<dfs_cred>?, _ dir: UnsafePointer<dfs_fh>?,
                       _ name: UnsafePointer<UInt8>?, _ nameLen: UInt32,
                       _ done: dfs_done_fn?, _ ctx: UnsafeMutableRawPointer?) {
        start(host, done, ctx, op: "lookup", payload: false) { (t) throws(DFSError) -> Prepared<EntryResult> in
            let d = try Inputs.handle(dir, "directory handle")
            let cred = try t.credentials(c, share: d.shareID)
            let n = try Inputs.name(name, nameLen)
            let fs = t.fileSystem
            return (d.shareID, { () throws(DFSError) -> EntryResult in try fs.lookup(cred, dir: d, name: n) })
        }
    }

    /// `create` -> `dfs_entry_result`. `how` is `DFS_CREATE_*`, `verifier`
    /// is used for EXCLUSIVE; `sa` may be NULL (nothing to set).
    static func create(_ host: UnsafeMutableRawPointer?, _ c: UnsafePointer<dfs_cred>?, _ dir: UnsafePointer<dfs_fh>?,
                       _ name: UnsafePointer<UInt8>?, _ nameLen: UInt32, _ how: UInt32, _ sa: UnsafePointer<dfs_sattr>?,
                       _ verifier: UInt64, _ done: dfs_done_fn?, _ ctx: UnsafeMutableRawPointer?) {
        start(host, done, ctx, op: "create") { (t) throws(DFSError) -> Prepared<EntryResult> in
            let d = try Inputs.handle(dir, "directory handle")
            let cred = try t.credentials(c, share: d.shareID, write: true)
            let n = try Inputs.name(name, nameLen)
            guard let mode = CreateMode(how: how, verifier: verifier) else { throw DFSError(.inval, "unknown create mode \(how)") }
            let attrs = try Inputs.setAttributes(sa, required: false)
            let fs = t.fileSystem
            return (d.shareID, { () throws(DFSError) -> EntryResult in
                try fs.create(cred, dir: d, name: n, mode: mode, attributes: attrs)
            })
        }
    }

    /// `mkdir` -> `dfs_entry_result`; `sa` may be NULL.
    static func mkdir(_ host: UnsafeMutableRawPointer?, _ c: UnsafePointer<dfs_cred>?, _ dir: UnsafePointer<dfs_fh>?,
                      _ name: UnsafePointer<UInt8>?, _ nameLen: UInt32, _ sa: UnsafePointer<dfs_sattr>?,
                      _ done: dfs_done_fn?, _ ctx: UnsafeMutableRawPointer?) {
        start(host, done, ctx, op: "mkdir", payload: false) { (t) throws(DFSError) -> Prepared<EntryResult> in
            let d = try Inputs.handle(dir, "directory handle")
            let cred = try t.credentials(c, share: d.shareID, write: true)
            let n = try Inputs.name(name, nameLen)
            let attrs = try Inputs.setAttributes(sa, required: false)
            let fs = t.fileSystem
            return (d.shareID, { () throws(DFSError) -> EntryResult in try fs.mkdir(cred, dir: d, name: n, attributes: attrs) })
        }
    }

    /// `symlink` -> `dfs_entry_result`; `sa` may be NULL.
    static func symlink(_ host: UnsafeMutableRawPointer?, _ c: UnsafePointer<dfs_cred>?, _ dir: UnsafePointer<dfs_fh>?,
                        _ name: UnsafePointer<UInt8>?, _ nameLen: UInt32,
                        _ target: UnsafePointer<UInt8>?, _ targetLen: UInt32, _ sa: UnsafePointer<dfs_sattr>?,
                        _ done: dfs_done_fn?, _ ctx: UnsafeMutableRawPointer?) {
        start(host, done, ctx, op: "symlink", payload: false) { (t) throws(DFSError) -> Prepared<EntryResult> in
            let d = try Inputs.handle(dir, "directory handle")
            let cred = try t.credentials(c, share: d.shareID, write: true)
            let n = try Inputs.name(name, nameLen)
            let tg = try Inputs.linkTarget(target, targetLen)
            let attrs = try Inputs.setAttributes(sa, required: false)
            let fs = t.fileSystem
            return (d.shareID, { () throws(DFSError) -> EntryResult in
                try fs.symlink(cred, dir: d, name: n, target: tg, attributes: attrs)
            })
        }
    }

    /// `mknod` -> `dfs_entry_result`. `type` is `DFS_TYPE_*` (FIFO, socket,
    /// character or block device); `sa` may be NULL.
    static func mknod(_ host: UnsafeMutableRawPointer?, _ c: UnsafePointer<dfs_cred>?, _ dir: UnsafePointer<dfs_fh>?,
                      _ name: UnsafePointer<UInt8>?, _ nameLen: UInt32, _ type: UInt32, _ rdev: UInt64,
                      _ sa: UnsafePointer<dfs_sattr>?, _ done: dfs_done_fn?, _ ctx: UnsafeMutableRawPointer?) {
        start(host, done, ctx, op: "mknod", payload: false) { (t) throws(DFSError) -> Prepared<EntryResult> in
            let d = try Inputs.handle(dir, "directory handle")
            let cred = try t.credentials(c, share: d.shareID, write: true)
            let n = try Inputs.name(name, nameLen)
            let ft = try Inputs.fileType(type)
            let attrs = try Inputs.setAttributes(sa, required: false)
            let fs = t.fileSystem
            return (d.shareID, { () throws(DFSError) -> EntryResult in
                try fs.mknod(cred, dir: d, name: n, type: ft, rdev: rdev, attributes: attrs)
            })
        }
    }

    /// `remove` -> `dfs_wcc_result` of the directory.
    static func remove(_ host: UnsafeMutableRawPointer?, _ c: UnsafePointer<dfs_cred>?, _ dir: UnsafePointer<dfs_fh>?,
                       _ name: UnsafePointer<UInt8>?, _ nameLen: UInt32,
                       _ done: dfs_done_fn?, _ ctx: UnsafeMutableRawPointer?) {
        start(host, done, ctx, op: "remove") { (t) throws(DFSError) -> Prepared<WccData> in
            let d = try Inputs.handle(dir, "directory handle")
            let cred = try t.credentials(c, share: d.shareID, write: true)
            let n = try Inputs.name(name, nameLen)
            let fs = t.fileSystem
            return (d.shareID, { () throws(DFSError) -> WccData in try fs.remove(cred, dir: d, name: n) })
        }
    }

    /// `rmdir` -> `dfs_wcc_result` of the directory.
    static func rmdir(_ host: UnsafeMutableRawPointer?, _ c: UnsafePointer<dfs_cred>?, _ dir: UnsafePointer<dfs_fh>?,
                      _ name: UnsafePointer<UInt8>?, _ nameLen: UInt32,
                      _ done: dfs_done_fn?, _ ctx: UnsafeMutableRawPointer?) {
        start(host, done, ctx, op: "rmdir") { (t) throws(DFSError) -> Prepared<WccData> in
            let d = try Inputs.handle(dir, "directory handle")
            let cred = try t.credentials(c, share: d.shareID, write: true)
            let n = try Inputs.name(name, nameLen)
            let fs = t.fileSystem
            return (d.shareID, { () throws(DFSError) -> WccData in try fs.rmdir(cred, dir: d, name: n) })
        }
    }

    /// `rename` -> `dfs_rename_result`. Identity mapping follows the source
    /// directory's share; the target share's client gate must pass too
    /// (different shares then fail with `DFS_ERR_XDEV` in the core).
    static func rename(_ host: UnsafeMutableRawPointer?, _ c: UnsafePointer<dfs_cred>?,
                       _ fromDir: UnsafePointer<dfs_fh>?, _ from: UnsafePointer<UInt8>?, _ fromLen: UInt32,
                       _ toDir: UnsafePointer<dfs_fh>?, _ to: UnsafePointer<UInt8>?, _ toLen: UInt32,
                       _ done: dfs_done_fn?, _ ctx: UnsafeMutableRawPointer?) {
        start(host, done, ctx, op: "rename") { (t) throws(DFSError) -> Prepared<RenameResult> in
            let fd = try Inputs.handle(fromDir, "source directory handle")
            let td = try Inputs.handle(toDir, "target directory handle")
            let cred = try t.credentials(c, share: fd.shareID, alsoShare: td.shareID, write: true)
            let fn = try Inputs.name(from, fromLen, "source name")
            let tn = try Inputs.name(to, toLen, "target name")
            let fs = t.fileSystem
            return (fd.shareID, { () throws(DFSError) -> RenameResult in try fs.rename(cred, from: fd, fn, to: td, tn) })
        }
    }

    /// `link` -> `dfs_entry_result`: `name` in `dir` becomes another link
    /// to `fh`.
    static func link(_ host: UnsafeMutableRawPointer?, _ c: UnsafePointer<dfs_cred>?, _ fh: UnsafePointer<dfs_fh>?,
                     _ dir: UnsafePointer<dfs_fh>?, _ name: UnsafePointer<UInt8>?, _ nameLen: UInt32,
                     _ done: dfs_done_fn?, _ ctx: UnsafeMutableRawPointer?) {
        start(host, done, ctx, op: "link", payload: false) { (t) throws(DFSError) -> Prepared<EntryResult> in
            let h = try Inputs.handle(fh)
            let d = try Inputs.handle(dir, "directory handle")
            let cred = try t.credentials(c, share: d.shareID, alsoShare: h.shareID, write: true)
            let n = try Inputs.name(name, nameLen)
            let fs = t.fileSystem
            return (d.shareID, { () throws(DFSError) -> EntryResult in try fs.link(cred, h, dir: d, name: n) })
        }
    }

    /// `readdir` -> `dfs_readdir_result`: entries after `cookie` up to about
    /// `max_bytes` (0: the core's default), with handles and attributes
    /// when `plus` is non-zero. Any cookie verifier is accepted (cookies
    /// are stable).
    static func readdir(_ host: UnsafeMutableRawPointer?, _ c: UnsafePointer<dfs_cred>?, _ dir: UnsafePointer<dfs_fh>?,
                        _ cookie: UInt64, _ verifier: UInt64, _ maxBytes: UInt32, _ plus: UInt32,
                        _ done: dfs_done_fn?, _ ctx: UnsafeMutableRawPointer?) {
        start(host, done, ctx, op: "readdir", payload: false) { (t) throws(DFSError) -> Prepared<ReadDirResult> in
            let d = try Inputs.handle(dir, "directory handle")
            let cred = try t.credentials(c, share: d.shareID)
            let fs = t.fileSystem
            return (d.shareID, { () throws(DFSError) -> ReadDirResult in
                try fs.readdir(cred, dir: d, cookie: cookie, verifier: verifier, maxBytes: maxBytes, plus: plus != 0)
            })
        }
    }
}
