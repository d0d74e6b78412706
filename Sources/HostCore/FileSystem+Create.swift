import HostPlugins
import PluginABI

/// What kind of object to create.
enum NewObject {
    case regular
    case directory
    case symlink([UInt8])
    case special(FileType, rdev: UInt64)

    var type: FileType {
        switch self {
        case .regular: .regular
        case .directory: .directory
        case .symlink: .symlink
        case .special(let t, _): t
        }
    }
}

extension FileSystem {
    /// Create regular file `name` in `dir` (NFSv3 CREATE; see `CreateMode`
    /// for an existing name). Needs write and search permission on `dir`.
    /// `attributes` give the mode (default 0644), owner and group (only root
    /// may give another owner; others only a group they belong to), an
    /// initial size (a hole) and times.
    public func create(_ cred: Credentials, dir: FileHandle, name: [UInt8], mode how: CreateMode = .guarded,
                       attributes: SetAttributes = SetAttributes()) throws(DFSError) -> EntryResult {
        let outcome = try makeObject(cred, dir: dir, name: name, object: .regular, attributes: attributes, how: how)
        switch outcome {
        case .created(let r):
            return r
        case .existing(let fh, let dirWcc):
            // UNCHECKED on an existing regular file: behave like SETATTR of the size only.
            if let size = attributes.size {
                _ = try setattr(cred, fh, SetAttributes(size: size))
            }
            return EntryResult(handle: fh, attributes: try getattr(cred, fh), dir: dirWcc)
        }
    }

    /// Create directory `name` in `dir` (mode default 0755; a setgid parent
    /// passes its group and the setgid bit on). `.exist` when the name is
    /// taken; the parent's link count grows by one.
    public func mkdir(_ cred: Credentials, dir: FileHandle, name: [UInt8],
                      attributes: SetAttributes = SetAttributes()) throws(DFSError) -> EntryResult {
        try created(makeObject(cred, dir: dir, name: name, object: .directory, attributes: attributes, how: .guarded))
    }

    /// Create symbolic link `name` -> `target` in `dir` (1...4096 bytes, no
    /// NUL; mode is always 0777).
    public func symlink(_ cred: Credentials, dir: FileHandle, name: [UInt8], target: [UInt8],
                        attributes: SetAttributes = SetAttributes()) throws(DFSError) -> EntryResult {
        guard !target.isEmpty else { throw DFSError(.inval, "empty symbolic link target") }
        guard target.count <= Int(DFS_SYMLINK_MAX) else {
            throw DFSError(.nameTooLong, "symbolic link target of \(target.count) bytes exceeds \(DFS_SYMLINK_MAX)")
        }
        guard !target.contains(0) else { throw DFSError(.inval, "symbolic link target contains a NUL byte") }
        return try created(makeObject(cred, dir: dir, name: name, object: .symlink(target), attributes: attributes, how: .guarded))
    }

    /// Create a special file: FIFO, socket, or character / block device
    /// (devices by root only: `.perm`). `rdev` is (major << 32) | minor and
    /// is kept for devices only. Other types: `.inval`.
    public func mknod(_ cred: Credentials, dir: FileHandle, name: [UInt8], type: FileType, rdev: UInt64 = 0,
                      attributes: SetAttributes = SetAttributes()) throws(DFSError) -> EntryResult {
        switch type {
        case .fifo, .socket:
            return try created(makeObject(cred, dir: dir, name: name, object: .special(type, rdev: 0), attributes: attributes, how: .guarded))
        case .charDevice, .blockDevice:
            try Names.validateNew(name)
            guard cred.isRoot else { throw DFSError(.perm, "only root may create device files") }
            return try created(makeObject(cred, dir: dir, name: name, object: .special(type, rdev: rdev), attributes: attributes, how: .guarded))
        case .regular, .directory, .symlink:
            throw DFSError(.inval, "mknod creates FIFOs, sockets and devices, not \(type)")
        }
    }

    enum MakeOutcome {
        case created(EntryResult)
        /// CREATE UNCHECKED found a regular file: its handle and the
        /// unchanged directory.
        case existing(FileHandle, WccData)
    }

    private func created(_ o: MakeOutcome) throws(DFSError) -> EntryResult {
        guard case .created(let r) = o else { throw DFSError(.internal, "unexpected existing object") }
        return r
    }

    /// The common path of create, mkdir, symlink and mknod.
    func makeObject(_ cred: Credentials, dir: FileHandle, name: [UInt8], object: NewObject,
                    attributes sa: SetAttributes, how: CreateMode) throws(DFSError) -> MakeOutcome {
        try Names.validateNew(name)
        let share = try share(of: dir)
        try requireWritable(share)
        if let size = sa.size, size > Self.maxFileSize { throw DFSError(.fileTooBig, "size \(size) too large") }
        let ino = try share.metadata.allocateIDs(1)
        let generation = Self.newGeneration()
        let type = object.type
        return try withTxn(share.metadata) { (t) throws(DFSError) -> MakeOutcome in
            var d = try loadDirectory(t, dir)
            try Permissions.check([.write, .execute], cred, d)
            if let e = try t.lookup(d.ino, name) {
                let existing = try t.inodeIfPresent(e.ino)
                let dirWcc = WccData(before: PreAttributes(d), after: Attributes(d, shareID: share.id))
                switch (object, how, existing) {
                case (.regular, .unchecked, let x?) where x.type == .regular:
                    return .existing(handle(x, share), dirWcc)
                case (.regular, .exclusive(let v), let x?) where x.type == .regular && Self.holdsVerifier(x, v):
                    return .created(EntryResult(handle: handle(x, share), attributes: Attributes(x, shareID: share.id), dir: dirWcc))
                default:
                    throw DFSError(.exist, "\(Names.show(name)) exists in directory \(d.ino)")
                }
            }
            if type == .directory && d.nlink >= Self.linkMax {
                throw DFSError(.tooManyLinks, "directory \(d.ino) has \(d.nlink) links")
            }

            let now = Timespec.now()
            let inheritGroup = d.mode & Permissions.setGID != 0
            var n = Inode(ino: ino, mode: type.modeBits)
            n.generation = generation
            n.flags = ShareTag.bits(share.dataID)
            n.uid = cred.uid
            n.gid = inheritGroup ? d.gid : cred.gid
            if let uid = sa.uid, uid != n.uid {
                guard cred.isRoot else { throw DFSError(.perm, "only root may create objects owned by someone else") }
                n.uid = uid
            }
            if let gid = sa.gid, gid != n.gid {
                guard cred.isRoot || cred.isMember(of: gid) else {
                    throw DFSError(.perm, "\(cred) is not a member of group \(gid)")
                }
                n.gid = gid
            }
            var perms: UInt32
            switch object {
            case .symlink: perms = 0o777
            case .directory: perms = (sa.mode ?? 0o755) & 0o7777
            default: perms = (sa.mode ?? 0o644) & 0o7777
            }
            if !cred.isRoot && perms & Permissions.setGID != 0 && !cred.isMember(of: n.gid) {
                perms &= ~Permissions.setGID
            }
            if type == .directory && inheritGroup { perms |= Permissions.setGID }
            n.mode = type.modeBits | perms
            n.atime = now; n.mtime = now; n.ctime = now; n.btime = now
            n.change = 1
            var target: [UInt8] = []
            switch object {
            case .regular:
                n.size = sa.size ?? 0
            case .directory:
                n.nlink = 2
                n.parent = d.ino
                n.size = Self.directorySize
            case .symlink(let tgt):
                target = tgt
                n.size = UInt64(tgt.count)
            case .special(_, let rdev):
                n.rdev = rdev
            }
            if case .exclusive(let v) = how, type == .regular {
                n.atime = Timespec(sec: Int64(v >> 32), nsec: 0)
                n.mtime = Timespec(sec: Int64(v & 0xFFFF_FFFF), nsec: 0)
            } else {
                if let a = sa.atime { n.atime = a.resolve(now) }
                if let m = sa.mtime { n.mtime = m.resolve(now) }
            }

            try t.createInode(n, target: target)
            try t.insert(d.ino, name, ino: n.ino, type: type.rawValue)
            let pre = PreAttributes(d)
            touchDirectory(&d, now)
            if type == .directory { d.nlink += 1 }
            try t.updateInode(d)
            if case .symlink = object { n.targetLength = UInt32(target.count) }
            return .created(EntryResult(handle: handle(n, share), attributes: Attributes(n, shareID: share.id),
                                        dir: WccData(before: pre, after: Attributes(d, shareID: share.id))))
        }
    }

    /// True when `inode` still carries exclusive-create verifier `v` in its
    /// atime / mtime seconds.
    static func holdsVerifier(_ inode: Inode, _ v: UInt64) -> Bool {
        inode.atime == Timespec(sec: Int64(v >> 32), nsec: 0) && inode.mtime == Timespec(sec: Int64(v & 0xFFFF_FFFF), nsec: 0)
    }
}
