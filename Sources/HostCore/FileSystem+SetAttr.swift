import HostPlugins

extension FileSystem {
    /// Change attributes of `fh` (rules: `Permissions.applySetAttributes`).
    ///
    /// `guardCtime`: fail with `.busy` unless the object's ctime equals it
    /// (NFSv3 sattrguard3, NFS3ERR_NOT_SYNC). A size change cuts or extends
    /// the data first (a shrink deletes whole blocks past the new end and
    /// cuts the block holding it; a growth leaves a hole), then stores the
    /// metadata. Returns the object's before/after attributes.
    public func setattr(_ cred: Credentials, _ fh: FileHandle, _ request: SetAttributes,
                        guardCtime: Timespec? = nil) throws(DFSError) -> WccData {
        let share = try share(of: fh)
        if !request.isEmpty { try requireWritable(share) }
        let now = Timespec.now()

        func update(_ t: MetadataTxn) throws(DFSError) -> WccData {
            let old = try load(t, fh)
            if let g = guardCtime, g != old.ctime {
                throw DFSError(.busy, "ctime guard \(g) does not match \(old.ctime)")
            }
            let new = try Permissions.applySetAttributes(request, to: old, by: cred, now: now)
            if new != old { try t.updateInode(new) }
            return WccData(before: PreAttributes(old), after: Attributes(new, shareID: share.id))
        }

        if let size = request.size, size > Self.maxFileSize {
            throw DFSError(.fileTooBig, "size \(size) exceeds \(Self.maxFileSize)")
        }
        guard let size = request.size else {
            return try withTxn(share.metadata) { (t) throws(DFSError) in try update(t) }
        }
        return try locks.withLock(share: share.id, ino: fh.ino) { () throws(DFSError) -> WccData in
            // Check everything first, then fix the data, then the metadata:
            // a crash in between leaves zeros past the new end, never old
            // bytes that a later extension would expose.
            let old = try withTxn(share.metadata, readOnly: true) { (t) throws(DFSError) -> Inode in
                let i = try load(t, fh)
                if let g = guardCtime, g != i.ctime { throw DFSError(.busy, "ctime guard \(g) does not match \(i.ctime)") }
                _ = try Permissions.applySetAttributes(request, to: i, by: cred, now: now)
                return i
            }
            if size != old.size {
                try share.blocks.truncate(ino: old.ino, keep: min(size, old.size))
            }
            return try withTxn(share.metadata) { (t) throws(DFSError) in try update(t) }
        }
    }
}
