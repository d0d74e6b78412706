import HostPlugins

extension FileSystem {
    /// Make `name` in `dir` another hard link to `fh`. Directories cannot be
    /// linked (`.perm`); both must be in one share (`.crossDevice`); needs
    /// write and search permission on `dir`; `.exist` when the name is
    /// taken; `.tooManyLinks` at `linkMax`. Sets the object's ctime and the
    /// directory's mtime/ctime.
    public func link(_ cred: Credentials, _ fh: FileHandle, dir: FileHandle, name: [UInt8]) throws(DFSError) -> EntryResult {
        try Names.validateNew(name)
        guard fh.shareID == dir.shareID else { throw DFSError(.crossDevice, "hard link across shares") }
        let share = try share(of: dir)
        try requireWritable(share)
        return try withTxn(share.metadata) { (t) throws(DFSError) -> EntryResult in
            var f = try load(t, fh)
            guard f.type != .directory else { throw DFSError(.perm, "hard links to directories are not allowed") }
            var d = try loadDirectory(t, dir)
            try Permissions.check([.write, .execute], cred, d)
            if try t.lookup(d.ino, name) != nil {
                throw DFSError(.exist, "\(Names.show(name)) exists in directory \(d.ino)")
            }
            guard f.nlink < Self.linkMax else { throw DFSError(.tooManyLinks, "inode \(f.ino) has \(f.nlink) links") }
            try t.insert(d.ino, name, ino: f.ino, type: f.type?.rawValue ?? FileType.regular.rawValue)
            let now = Timespec.now()
            f.nlink += 1
            f.ctime = now
            f.change &+= 1
            try t.updateInode(f)
            let pre = PreAttributes(d)
            touchDirectory(&d, now)
            try t.updateInode(d)
            return EntryResult(handle: fh, attributes: Attributes(f, shareID: share.id),
                               dir: WccData(before: pre, after: Attributes(d, shareID: share.id)))
        }
    }
}
