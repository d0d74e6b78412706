import HostPlugins

extension FileSystem {
    /// Budget used when `readdir` is given `maxBytes` 0.
    public static let defaultReadDirBytes: UInt32 = 32 * 1024

    /// Host cookies: 0 starts a listing, 1 is the cookie of ".", 2 that of
    /// "..", and a store cookie c (> 0, < 2^62, stable, never reused; see
    /// `dirent_list`) is reported as c + 2. Resuming after any cookie
    /// therefore continues exactly after that entry whatever was inserted
    /// or removed meanwhile, across restarts too, so any cookie verifier is
    /// accepted.
    public static let firstStoreCookieOffset: UInt64 = 2

    /// The bytes an entry costs against `maxBytes`: its NFSv3 XDR size
    /// (entry3: 24 + name padded to 4; entryplus3 adds post-op attributes
    /// (88) and a post-op handle (8 + handle padded)).
    public static func readDirEntryCost(nameLength: Int, plus: Bool) -> Int {
        let base = 24 + (nameLength + 3) & ~3
        return plus ? base + 88 + 8 + (FileHandle.encodedLength + 3) & ~3 : base
    }

    /// List directory `dir` after `cookie` (0: from the start, with "." and
    /// ".."), until about `maxBytes` of entries (see `readDirEntryCost`) are
    /// gathered. Needs read permission on `dir`; with `plus`, entries carry
    /// handles and attributes when the caller may also search `dir`. The
    /// whole page comes from one consistent snapshot. `.range` when not even
    /// one entry fits in `maxBytes`; `.stale` when `dir` is gone.
    public func readdir(_ cred: Credentials, dir: FileHandle, cookie: UInt64 = 0, verifier: UInt64 = 0,
                        maxBytes: UInt32 = 0, plus: Bool = false) throws(DFSError) -> ReadDirResult {
        let share = try share(of: dir)
        let budget = Int(maxBytes == 0 ? Self.defaultReadDirBytes : maxBytes)
        return try withTxn(share.metadata, readOnly: true) { (t) throws(DFSError) -> ReadDirResult in
            let d = try loadDirectory(t, dir)
            try Permissions.check(.read, cred, d)
            let withAttributes = plus && Permissions.granted(cred, d).contains(.execute)

            var raw: [(name: [UInt8], ino: UInt64, type: FileType, cookie: UInt64)] = []
            var used = 0
            var full = false
            func fits(_ nameLength: Int) -> Bool {
                let cost = Self.readDirEntryCost(nameLength: nameLength, plus: plus)
                if used + cost > budget { full = true; return false }
                used += cost
                return true
            }
            if cookie == 0 && fits(1) { raw.append((Names.dot, d.ino, .directory, 1)) }
            if cookie <= 1 && !full && fits(2) {
                let p = d.parent == 0 ? d.ino : d.parent
                raw.append((Names.dotDot, p, .directory, 2))
            }
            if !full {
                let after = cookie > Self.firstStoreCookieOffset ? cookie - Self.firstStoreCookieOffset : 0
                try t.forEachEntry(d.ino, after: after) { e in
                    guard fits(e.name.count) else { return false }
                    raw.append((e.name, e.ino, FileType(rawValue: e.type) ?? .regular, e.cookie + Self.firstStoreCookieOffset))
                    return true
                }
            }
            if raw.isEmpty && full {
                throw DFSError(.range, "readdir budget of \(budget) bytes holds no entry")
            }

            var entries: [ReadDirEntry] = []
            entries.reserveCapacity(raw.count)
            for r in raw {
                var e = ReadDirEntry(fileid: r.ino, cookie: r.cookie, name: r.name, type: r.type, handle: nil, attributes: nil)
                if withAttributes {
                    let i = r.ino == d.ino ? d : try t.inodeIfPresent(r.ino)
                    if let i {
                        e.handle = handle(i, share)
                        e.attributes = Attributes(i, shareID: share.id)
                        e.type = i.type ?? e.type
                    }
                }
                entries.append(e)
            }
            return ReadDirResult(entries: entries, eof: !full, cookieVerifier: d.generation,
                                 dirAttributes: Attributes(d, shareID: share.id))
        }
    }
}
