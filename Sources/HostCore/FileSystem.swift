import HostPlugins
import Logging
import PluginABI
import Synchronization

/// The host's protocol-neutral file-system core: POSIX semantics over the
/// record-only metadata store and the block-only payload store.
///
/// Every operation takes the caller's `Credentials`, checks permissions,
/// runs its metadata changes in one store transaction (retried on
/// conflicts, see `MetadataStore.transaction`) and returns attributes plus,
/// where NFSv3 needs them, before/after data of the directory captured in
/// that same transaction. Errors are `DFSError`s with ABI status codes.
///
/// Synchronous and thread-safe: store calls are plain C calls, and the
/// caller (an adapter bridge) decides which thread runs them.
///
/// Time rules: creating sets atime/mtime/ctime/btime of the new object and
/// mtime/ctime of the directory; write sets mtime/ctime; setattr sets
/// ctime; link, unlink and rename set the object's ctime and the
/// directories' mtime/ctime. Reads update atime "relatime"-style (see
/// `needsAtimeUpdate`). Every change of an inode bumps its `change`
/// counter, except an atime-only update (so that reading does not make
/// NFSv4 clients drop their caches).
public final class FileSystem: Sendable {
    /// Default payload block size of a new share: 1 MiB.
    public static let defaultBlockSize: UInt32 = 1 << 20
    /// Largest file size (and largest offset + count of a write).
    public static let maxFileSize: UInt64 = UInt64(Int64.max)
    /// Most hard links a file, or subdirectories + 2 a directory, may have.
    public static let linkMax: UInt32 = 65_000
    /// The `size` reported for directories.
    public static let directorySize: UInt64 = 4096
    /// Longest name, in bytes.
    public static let nameMax = Names.maxLength

    /// NFS write verifier: random per instance, so it changes on restart and
    /// clients resend their unstable writes.
    public let writeVerifier: UInt64

    let registry = Mutex<[UInt64: Share]>([:])
    let locks = InodeLocks()
    let logger: Logger

    public init(writeVerifier: UInt64 = UInt64.random(in: 1...UInt64.max),
                logger: Logger = Logger(label: "dfs.core")) {
        self.writeVerifier = writeVerifier
        self.logger = logger
    }

    // MARK: getattr, lookup, access, readlink

    /// Attributes of `fh`. No permission needed.
    public func getattr(_ cred: Credentials, _ fh: FileHandle) throws(DFSError) -> Attributes {
        let share = try share(of: fh)
        let inode = try withTxn(share.metadata, readOnly: true) { (t) throws(DFSError) in try load(t, fh) }
        return Attributes(inode, shareID: share.id)
    }

    /// Look `name` up in directory `dir`; "." is the directory itself and
    /// ".." its parent (the share root's parent is the root). Needs search
    /// permission on `dir`. `.noent` when absent, `.notDir` when `dir` is
    /// not a directory.
    public func lookup(_ cred: Credentials, dir: FileHandle, name: [UInt8]) throws(DFSError) -> EntryResult {
        try Names.validate(name)
        let share = try share(of: dir)
        return try withTxn(share.metadata, readOnly: true) { (t) throws(DFSError) -> EntryResult in
            let d = try loadDirectory(t, dir)
            try Permissions.check(.execute, cred, d)
            let target: Inode
            if name == Names.dot {
                target = d
            } else if name == Names.dotDot {
                target = try parent(t, of: d)
            } else {
                guard let e = try t.lookup(d.ino, name) else {
                    throw DFSError(.noent, "no entry \(Names.show(name)) in directory \(d.ino)")
                }
                guard let i = try t.inodeIfPresent(e.ino) else {
                    throw DFSError(.noent, "entry \(Names.show(name)) points at missing inode \(e.ino)")
                }
                target = i
            }
            return EntryResult(handle: handle(target, share), attributes: Attributes(target, shareID: share.id),
                               dir: WccData(after: Attributes(d, shareID: share.id)))
        }
    }

    /// Follow a '/'-separated path of names from `start` with `lookup`
    /// (no symlink following; empty components are skipped).
    public func walk(_ cred: Credentials, from start: FileHandle, path: String) throws(DFSError) -> FileHandle {
        var fh = start
        for part in path.split(separator: "/", omittingEmptySubsequences: true) {
            fh = try lookup(cred, dir: fh, name: Array(part.utf8)).handle
        }
        return fh
    }

    /// Which of `mask` `cred` is granted on `fh` (see `Permissions.access`).
    public func access(_ cred: Credentials, _ fh: FileHandle, mask: AccessMask) throws(DFSError) -> AccessResult {
        let share = try share(of: fh)
        let inode = try withTxn(share.metadata, readOnly: true) { (t) throws(DFSError) in try load(t, fh) }
        return AccessResult(granted: Permissions.access(cred, inode, requested: mask, readOnly: share.readOnly),
                            attributes: Attributes(inode, shareID: share.id))
    }

    /// The target of symbolic link `fh`; `.inval` for anything else.
    public func readlink(_ cred: Credentials, _ fh: FileHandle) throws(DFSError) -> ReadLinkResult {
        let share = try share(of: fh)
        return try withTxn(share.metadata, readOnly: true) { (t) throws(DFSError) -> ReadLinkResult in
            let (inode, target) = try loadWithTarget(t, fh)
            guard inode.type == .symlink else { throw DFSError(.inval, "inode \(inode.ino) is not a symbolic link") }
            return ReadLinkResult(target: target, attributes: Attributes(inode, shareID: share.id))
        }
    }

    // MARK: helpers

    /// The share `fh` belongs to; `.stale` when no such share is registered.
    func share(of fh: FileHandle) throws(DFSError) -> Share {
        guard let s = share(id: fh.shareID) else { throw DFSError(.stale, "no share with id \(fh.shareID)") }
        return s
    }

    /// `.readOnly` for a read-only share.
    func requireWritable(_ share: Share) throws(DFSError) {
        if share.readOnly { throw DFSError(.readOnly, "share \"\(share.name)\" is read-only") }
    }

    /// Run `body` in a transaction of `store`, retried on conflicts.
    func withTxn<T>(_ store: MetadataStore, readOnly: Bool = false,
                    _ body: (MetadataTxn) throws(DFSError) -> T) throws(DFSError) -> T {
        do {
            return try store.transaction(readOnly: readOnly) { t in try body(t) }
        } catch let e as DFSError {
            throw e
        } catch {
            throw DFSError(.internal, "\(error)")
        }
    }

    /// The inode `fh` names; `.stale` when it is gone or was replaced (other
    /// generation).
    func load(_ t: MetadataTxn, _ fh: FileHandle) throws(DFSError) -> Inode {
        guard let i = try t.inodeIfPresent(fh.ino) else { throw DFSError(.stale, "\(fh): no such inode") }
        guard i.generation == fh.generation else { throw DFSError(.stale, "\(fh): inode was reused (generation \(i.generation))") }
        try checkTag(i, fh)
        return i
    }

    /// Like `load`, with the symlink target.
    func loadWithTarget(_ t: MetadataTxn, _ fh: FileHandle) throws(DFSError) -> (Inode, [UInt8]) {
        let r: (Inode, [UInt8])
        do { r = try t.inodeWithTarget(fh.ino) } catch where error.status == .noent {
            throw DFSError(.stale, "\(fh): no such inode")
        }
        guard r.0.generation == fh.generation else { throw DFSError(.stale, "\(fh): inode was reused") }
        try checkTag(r.0, fh)
        return r
    }

    /// `.stale` when inode `i` belongs to another share than `fh` names
    /// (a forged or misdirected handle; see `ShareTag`).
    func checkTag(_ i: Inode, _ fh: FileHandle) throws(DFSError) {
        guard i.flags & ShareTag.mask != 0, let s = share(id: fh.shareID) else { return }
        guard ShareTag.admits(i, s) else { throw DFSError(.stale, "\(fh): the inode belongs to another share") }
    }

    /// `load`, then `.notDir` unless it is a directory.
    func loadDirectory(_ t: MetadataTxn, _ fh: FileHandle) throws(DFSError) -> Inode {
        let d = try load(t, fh)
        guard d.type == .directory else { throw DFSError(.notDir, "inode \(d.ino) is not a directory") }
        return d
    }

    /// The parent of directory `d` (itself for a share root).
    func parent(_ t: MetadataTxn, of d: Inode) throws(DFSError) -> Inode {
        if d.parent == d.ino || d.parent == 0 { return d }
        guard let p = try t.inodeIfPresent(d.parent) else {
            throw DFSError(.stale, "parent \(d.parent) of directory \(d.ino) is gone")
        }
        return p
    }

    func handle(_ inode: Inode, _ share: Share) -> FileHandle {
        FileHandle(shareID: share.id, ino: inode.ino, generation: inode.generation)
    }

    /// Mark a directory changed by an entry operation.
    func touchDirectory(_ d: inout Inode, _ now: Timespec) {
        d.mtime = now
        d.ctime = now
        d.change &+= 1
    }

    /// Delete the blocks of files whose last link went away. The metadata
    /// change has committed: a failure here only leaks blocks (logged).
    func purge(_ share: Share, _ inos: [UInt64]) {
        for ino in inos {
            do {
                try locks.withLock(share: share.id, ino: ino) { () throws(DFSError) in try share.blocks.deleteAll(ino: ino) }
            } catch {
                logger.warning("could not delete the blocks of inode \(ino) in share \"\(share.name)\": \(error)")
            }
        }
    }

    /// A fresh nonzero generation for a new inode.
    static func newGeneration() -> UInt64 { UInt64.random(in: 1...UInt64.max) }
}
