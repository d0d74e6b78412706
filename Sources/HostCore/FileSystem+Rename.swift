import HostPlugins

extension FileSystem {
    /// Deepest directory chain `rename` walks when looking for a loop.
    static let maxDepth = 4096

    /// Rename `fromName` in `fromDir` to `toName` in `toDir`, atomically.
    ///
    /// - both directories in one share (`.crossDevice`); write and search
    ///   permission on both; the sticky-bit rule for the source entry and
    ///   for a replaced target; moving a directory to another parent also
    ///   needs write permission on it (its ".." changes).
    /// - "." or ".." as either name: `.inval`.
    /// - a directory into itself or its own subtree: `.inval` (found by
    ///   walking the target directory's parents up to the share root).
    /// - an existing target is replaced: file over file (the old file loses
    ///   a link and, at zero, its inode and blocks), directory over an empty
    ///   directory; directory over non-empty directory `.notEmpty`, file
    ///   over directory `.isDir`, directory over file `.notDir`.
    /// - source and target naming the same object: nothing happens.
    /// - sets the object's ctime, mtime/ctime of both directories, and
    ///   moves a directory's parent pointer and the parents' link counts.
    public func rename(_ cred: Credentials, from fromDir: FileHandle, _ fromName: [UInt8],
                       to toDir: FileHandle, _ toName: [UInt8]) throws(DFSError) -> RenameResult {
        try Names.validate(fromName)
        try Names.validate(toName)
        if Names.isDotOrDotDot(fromName) || Names.isDotOrDotDot(toName) {
            throw DFSError(.inval, "cannot rename \".\" or \"..\"")
        }
        guard fromDir.shareID == toDir.shareID else { throw DFSError(.crossDevice, "rename across shares") }
        let share = try share(of: fromDir)
        try requireWritable(share)
        let (result, doomed) = try withTxn(share.metadata) { (t) throws(DFSError) -> (RenameResult, [UInt64]) in
            let fd0 = try loadDirectory(t, fromDir)
            let td0 = fromDir.ino == toDir.ino ? fd0 : try loadDirectory(t, toDir)
            // Directories by inode, so that one directory is updated once
            // when the rename stays inside it.
            var dirs: [UInt64: Inode] = [fd0.ino: fd0]
            dirs[td0.ino] = td0
            let fromIno = fd0.ino, toIno = td0.ino
            let pre = (from: PreAttributes(fd0), to: PreAttributes(td0))
            func unchanged() -> RenameResult {
                RenameResult(fromDir: WccData(before: pre.from, after: Attributes(fd0, shareID: share.id)),
                             toDir: WccData(before: pre.to, after: Attributes(td0, shareID: share.id)))
            }

            try Permissions.check([.write, .execute], cred, fd0)
            try Permissions.check([.write, .execute], cred, td0)
            guard let se = try t.lookup(fromIno, fromName) else {
                throw DFSError(.noent, "no entry \(Names.show(fromName)) in directory \(fromIno)")
            }
            guard var src = try t.inodeIfPresent(se.ino) else {
                throw DFSError(.noent, "entry \(Names.show(fromName)) points at missing inode \(se.ino)")
            }
            let srcIsDir = src.type == .directory
            let te = try t.lookup(toIno, toName)
            if let te, te.ino == src.ino { return (unchanged(), []) }
            try Permissions.checkDelete(cred, dir: fd0, victim: src)
            if srcIsDir && fromIno != toIno {
                try checkNotAncestor(t, src.ino, of: td0)
                try Permissions.check(.write, cred, src)
            }

            let now = Timespec.now()
            var doomed: [UInt64] = []
            if let te {
                try t.remove(toIno, toName)
                if var victim = try t.inodeIfPresent(te.ino) {
                    let victimIsDir = victim.type == .directory
                    if srcIsDir && !victimIsDir { throw DFSError(.notDir, "cannot replace non-directory \(Names.show(toName)) with a directory") }
                    if !srcIsDir && victimIsDir { throw DFSError(.isDir, "cannot replace directory \(Names.show(toName)) with a non-directory") }
                    try Permissions.checkDelete(cred, dir: td0, victim: victim)
                    if victimIsDir {
                        if try !t.list(victim.ino, limit: 1).isEmpty {
                            throw DFSError(.notEmpty, "directory \(Names.show(toName)) is not empty")
                        }
                        try t.deleteInode(victim.ino)
                        dirs[toIno]!.nlink = max(2, dirs[toIno]!.nlink) - 1
                    } else if try dropLink(t, &victim, now) {
                        doomed.append(victim.ino)
                    }
                }
            }
            try t.remove(fromIno, fromName)
            try t.insert(toIno, toName, ino: src.ino, type: se.type)
            src.ctime = now
            src.change &+= 1
            if srcIsDir && fromIno != toIno {
                src.parent = toIno
                dirs[fromIno]!.nlink = max(2, dirs[fromIno]!.nlink) - 1
                guard dirs[toIno]!.nlink < Self.linkMax else {
                    throw DFSError(.tooManyLinks, "directory \(toIno) has \(dirs[toIno]!.nlink) links")
                }
                dirs[toIno]!.nlink += 1
            }
            try t.updateInode(src)
            for ino in [fromIno, toIno] where dirs[ino] != nil {
                var d = dirs.removeValue(forKey: ino)!
                touchDirectory(&d, now)
                try t.updateInode(d)
                dirs[ino] = d
                if fromIno == toIno { break }
            }
            let fromAfter = Attributes(dirs[fromIno]!, shareID: share.id)
            let toAfter = Attributes(dirs[toIno]!, shareID: share.id)
            return (RenameResult(fromDir: WccData(before: pre.from, after: fromAfter),
                                 toDir: WccData(before: pre.to, after: toAfter)), doomed)
        }
        purge(share, doomed)
        return result
    }

    /// `.inval` when directory `ancestor` is `dir` or one of its ancestors
    /// (walking parent pointers up to a root); `.loop` beyond `maxDepth`.
    func checkNotAncestor(_ t: MetadataTxn, _ ancestor: UInt64, of dir: Inode) throws(DFSError) {
        var cur = dir
        for _ in 0..<Self.maxDepth {
            if cur.ino == ancestor {
                throw DFSError(.inval, "cannot move directory \(ancestor) into its own subtree")
            }
            if cur.parent == cur.ino || cur.parent == 0 { return }
            guard let p = try t.inodeIfPresent(cur.parent) else { return }
            cur = p
        }
        throw DFSError(.loop, "directory chain deeper than \(Self.maxDepth)")
    }
}
