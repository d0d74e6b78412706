import HostPlugins

extension FileSystem {
    /// Seconds after which a read refreshes atime even when it is newer
    /// than mtime and ctime (relatime's 24 hours).
    public static let atimeRefreshInterval: Int64 = 24 * 3600

    /// Largest read served in one call (64 MiB); a larger `count` gives a
    /// short read without `eof`, which NFS and SMB clients continue.
    public static let maxReadSize: UInt32 = 64 << 20

    /// The atime policy ("relatime", as Linux mounts by default): a read
    /// updates atime only when atime is not after mtime or ctime (the file
    /// changed since it was last read), or atime is more than 24 hours old.
    /// Such an update changes atime alone: no ctime, no `change` bump.
    /// Read-only shares never update atime.
    public static func needsAtimeUpdate(atime: Timespec, mtime: Timespec, ctime: Timespec, now: Timespec) -> Bool {
        atime <= mtime || atime <= ctime || now.sec - atime.sec >= atimeRefreshInterval
    }

    /// Read up to `count` bytes of regular file `fh` at `offset`. Holes read
    /// as zeros; at or past the end the result is empty with `eof`. Needs
    /// read permission — or execute permission, since NFS clients read a
    /// program to run it. `.isDir` for directories, `.inval` for symlinks,
    /// `.noDevice` for special files.
    public func read(_ cred: Credentials, _ fh: FileHandle, offset: UInt64, count: UInt32) throws(DFSError) -> ReadResult {
        var result: ReadIntoResult?
        // Capacity for the most a read can return; only what is read is
        // initialised (read(into:) writes every byte it reports: data, or
        // zeros for holes and short blocks — no zero-fill first, which was
        // ~40% of server CPU on large reads).
        let data = try [UInt8](unsafeUninitializedCapacity: Int(min(count, Self.maxReadSize))) {
            (buf, initialized) throws(DFSError) in
            let r = try read(cred, fh, offset: offset, count: count, into: UnsafeMutableRawBufferPointer(buf))
            initialized = r.count
            result = r
        }
        let r = result!
        return ReadResult(data: data, eof: r.eof, attributes: r.attributes)
    }

    /// `read` into the caller's `buffer` (no intermediate copy): reads at
    /// most `min(count, maxReadSize, buffer.count)` bytes and returns how
    /// many it stored at the start of `buffer`, with eof and the attributes
    /// exactly as `read` reports them.
    public func read(_ cred: Credentials, _ fh: FileHandle, offset: UInt64, count: UInt32,
                     into buffer: UnsafeMutableRawBufferPointer) throws(DFSError) -> ReadIntoResult {
        let share = try share(of: fh)
        var inode = try withTxn(share.metadata, readOnly: true) { (t) throws(DFSError) -> Inode in
            let i = try load(t, fh)
            try requireData(i)
            let g = Permissions.granted(cred, i)
            if !g.contains(.read) && !g.contains(.execute) {
                try Permissions.check(.read, cred, i)
            }
            return i
        }
        var n = 0
        let eof: Bool
        if offset >= inode.size {
            eof = true
        } else {
            n = Int(min(UInt64(min(count, Self.maxReadSize)), inode.size - offset))
            n = min(n, buffer.count)
            // BlockIO.read writes every byte (data, or zeros for holes and
            // short blocks).
            try share.blocks.read(ino: inode.ino, offset: offset,
                                  into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n]))
            eof = offset + UInt64(n) >= inode.size
        }
        let now = Timespec.now()
        if !share.readOnly && Self.needsAtimeUpdate(atime: inode.atime, mtime: inode.mtime, ctime: inode.ctime, now: now) {
            // Best effort: a failed atime update does not fail the read.
            if let updated = try? withTxn(share.metadata, { (t) throws(DFSError) -> Inode in
                var i = try load(t, fh)
                if Self.needsAtimeUpdate(atime: i.atime, mtime: i.mtime, ctime: i.ctime, now: now) {
                    i.atime = now
                    try t.updateInode(i)
                }
                return i
            }) {
                inode = updated
            }
        }
        return ReadIntoResult(count: n, eof: eof, attributes: Attributes(inode, shareID: share.id))
    }

    /// Write `data` to regular file `fh` at `offset`: the blocks first
    /// (durable puts unless `stability` is `.unstable`), then size, mtime,
    /// ctime and `change` in one transaction. Needs write permission; a
    /// non-root writer clears setuid and setgid. `.fileTooBig` past
    /// `maxFileSize`. An empty write changes nothing. Returns the file's
    /// before/after attributes and this instance's write verifier.
    public func write(_ cred: Credentials, _ fh: FileHandle, offset: UInt64, data: UnsafeRawBufferPointer,
                      stability: Stability = .fileSync) throws(DFSError) -> WriteResult {
        let share = try share(of: fh)
        try requireWritable(share)
        let count = UInt64(data.count)
        guard offset <= Self.maxFileSize, count <= Self.maxFileSize - offset else {
            throw DFSError(.fileTooBig, "write of \(count) bytes at \(offset) exceeds the largest file size")
        }
        guard data.count <= Int(UInt32.max) else { throw DFSError(.inval, "write of \(count) bytes in one call") }
        return try locks.withLock(share: share.id, ino: fh.ino) { () throws(DFSError) -> WriteResult in
            let before = try withTxn(share.metadata, readOnly: true) { (t) throws(DFSError) -> Inode in
                let i = try load(t, fh)
                try requireData(i)
                try Permissions.check(.write, cred, i)
                return i
            }
            if count == 0 {
                return WriteResult(count: 0, committed: stability, verifier: writeVerifier,
                                   wcc: WccData(before: PreAttributes(before), after: Attributes(before, shareID: share.id)))
            }
            try share.blocks.write(ino: fh.ino, offset: offset, data: data, durable: stability != .unstable)
            let now = Timespec.now()
            let wcc = try withTxn(share.metadata) { (t) throws(DFSError) -> WccData in
                var i = try load(t, fh)
                let pre = PreAttributes(i)
                i.size = max(i.size, offset + count)
                i.mtime = now
                i.ctime = now
                i.change &+= 1
                if !cred.isRoot { i.mode &= ~(Permissions.setUID | Permissions.setGID) }
                try t.updateInode(i)
                return WccData(before: pre, after: Attributes(i, shareID: share.id))
            }
            return WriteResult(count: UInt32(count), committed: stability, verifier: writeVerifier, wcc: wcc)
        }
    }

    /// `write` from an array.
    public func write(_ cred: Credentials, _ fh: FileHandle, offset: UInt64, data: [UInt8],
                      stability: Stability = .fileSync) throws(DFSError) -> WriteResult {
        do {
            return try data.withUnsafeBytes { raw in try write(cred, fh, offset: offset, data: raw, stability: stability) }
        } catch let e as DFSError {
            throw e
        } catch {
            throw DFSError(.internal, "\(error)")
        }
    }

    /// Make earlier unstable writes durable (payload `sync`, or the cache's
    /// durability barrier: journal fsync, or upload when remote-durable;
    /// committed metadata is as durable as the metadata store makes it).
    /// The range is advisory: the whole store is flushed. Returns the verifier to compare
    /// with the writes' and the file's attributes.
    public func commit(_ cred: Credentials, _ fh: FileHandle, offset: UInt64 = 0, count: UInt64 = 0) throws(DFSError) -> WriteResult {
        let share = try share(of: fh)
        let inode = try withTxn(share.metadata, readOnly: true) { (t) throws(DFSError) -> Inode in
            let i = try load(t, fh)
            try requireData(i)
            return i
        }
        try share.blocks.payload.sync()
        let attrs = Attributes(inode, shareID: share.id)
        return WriteResult(count: 0, committed: .fileSync, verifier: writeVerifier,
                           wcc: WccData(before: PreAttributes(inode), after: attrs))
    }

    /// `.isDir`, `.inval` (symlink) or `.noDevice` (special file) unless
    /// `i` is a regular file.
    func requireData(_ i: Inode) throws(DFSError) {
        switch i.type {
        case .regular?: return
        case .directory?: throw DFSError(.isDir, "inode \(i.ino) is a directory")
        case .symlink?: throw DFSError(.inval, "inode \(i.ino) is a symbolic link")
        default: throw DFSError(.noDevice, "inode \(i.ino) is a special file")
        }
    }
}
