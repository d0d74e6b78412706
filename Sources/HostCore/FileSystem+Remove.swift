import HostPlugins

extension FileSystem {
    /// Remove the non-directory entry `name` from `dir` (unlink). Needs
    /// write and search permission on `dir` and passes the sticky-bit rule.
    /// `.isDir` for a directory (and for "." / ".."), `.noent` when absent.
    /// The object's link count drops; at zero the inode goes and, after the
    /// transaction, its blocks. Returns the directory's before/after.
    public func remove(_ cred: Credentials, dir: FileHandle, name: [UInt8]) throws(DFSError) -> WccData {
        try Names.validate(name)
        if Names.isDotOrDotDot(name) { throw DFSError(.isDir, "cannot unlink \(Names.show(name))") }
        let share = try share(of: dir)
        try requireWritable(share)
        let (wcc, doomed) = try withTxn(share.metadata) { (t) throws(DFSError) -> (WccData, [UInt64]) in
            var d = try loadDirectory(t, dir)
            try Permissions.check(.execute, cred, d)
            guard let e = try t.lookup(d.ino, name) else {
                throw DFSError(.noent, "no entry \(Names.show(name)) in directory \(d.ino)")
            }
            let now = Timespec.now()
            var doomed: [UInt64] = []
            if var v = try t.inodeIfPresent(e.ino) {
                if v.type == .directory { throw DFSError(.isDir, "\(Names.show(name)) is a directory") }
                try Permissions.checkDelete(cred, dir: d, victim: v)
                try t.remove(d.ino, name)
                if try dropLink(t, &v, now) { doomed.append(v.ino) }
            } else {
                // A dangling entry (its inode vanished): removing it repairs the tree.
                try Permissions.check([.write, .execute], cred, d)
                try t.remove(d.ino, name)
            }
            let pre = PreAttributes(d)
            touchDirectory(&d, now)
            try t.updateInode(d)
            return (WccData(before: pre, after: Attributes(d, shareID: share.id)), doomed)
        }
        purge(share, doomed)
        return wcc
    }

    /// Remove the empty directory `name` from `dir`. `.notDir` for a
    /// non-directory, `.notEmpty` when it has entries, `.inval` for ".",
    /// `.notEmpty` for ".." (as POSIX rmdir). Same permission rules as
    /// `remove`; the parent's link count drops by one.
    public func rmdir(_ cred: Credentials, dir: FileHandle, name: [UInt8]) throws(DFSError) -> WccData {
        try Names.validate(name)
        if name == Names.dot { throw DFSError(.inval, "cannot remove \".\"") }
        if name == Names.dotDot { throw DFSError(.notEmpty, "cannot remove \"..\"") }
        let share = try share(of: dir)
        try requireWritable(share)
        return try withTxn(share.metadata) { (t) throws(DFSError) -> WccData in
            var d = try loadDirectory(t, dir)
            try Permissions.check(.execute, cred, d)
            guard let e = try t.lookup(d.ino, name) else {
                throw DFSError(.noent, "no entry \(Names.show(name)) in directory \(d.ino)")
            }
            guard let v = try t.inodeIfPresent(e.ino) else {
                throw DFSError(.noent, "entry \(Names.show(name)) points at missing inode \(e.ino)")
            }
            guard v.type == .directory else { throw DFSError(.notDir, "\(Names.show(name)) is not a directory") }
            try Permissions.checkDelete(cred, dir: d, victim: v)
            if try !t.list(v.ino, limit: 1).isEmpty {
                throw DFSError(.notEmpty, "directory \(Names.show(name)) is not empty")
            }
            try t.remove(d.ino, name)
            try t.deleteInode(v.ino)
            let pre = PreAttributes(d)
            touchDirectory(&d, Timespec.now())
            d.nlink = max(2, d.nlink) - 1
            try t.updateInode(d)
            return WccData(before: pre, after: Attributes(d, shareID: share.id))
        }
    }

    /// Drop one link of non-directory `v` (already unlinked from its
    /// directory): update it, or delete it at zero links. Returns true when
    /// the inode was deleted and is a regular file whose blocks must go.
    func dropLink(_ t: MetadataTxn, _ v: inout Inode, _ now: Timespec) throws(DFSError) -> Bool {
        if v.nlink <= 1 {
            v.nlink = 0
            try t.deleteInode(v.ino)
            return v.type == .regular
        }
        v.nlink -= 1
        v.ctime = now
        v.change &+= 1
        try t.updateInode(v)
        return false
    }
}
