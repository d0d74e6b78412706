import HostPlugins
import PluginABI

/// A pure-Swift reference model of a metadata store, as dfs_metadata.h
/// describes it: every record kind, the limits and their errors, cookies,
/// listing order and memcmp key order. Transactions are serial here: a
/// read-write transaction works on a copy of the committed state, which
/// replaces it on commit.
struct ModelState {
    struct Entry: Equatable {
        var ino: UInt64
        var type: UInt32
        var cookie: UInt64
    }

    /// An inode as the store must report it, with its target.
    struct InodeRecord: Equatable {
        var inode: Inode
        var target: [UInt8]
    }

    var inodes: [UInt64: InodeRecord] = [:]
    var dirs: [UInt64: [[UInt8]: Entry]] = [:]
    /// The greatest cookie a committed (or this transaction's) insert got, per directory.
    var maxCookie: [UInt64: UInt64] = [:]
    var roots: [[UInt8]: UInt64] = [:]
    var kv: [[UInt8]: [UInt8]] = [:]

    // MARK: limits

    static func nameStatus(_ name: [UInt8], max: UInt32) -> DFSStatus {
        if name.isEmpty { return .inval }
        if name.count > Int(max) { return .nameTooLong }
        return .ok
    }

    static func isSymlink(_ mode: UInt32) -> Bool { mode & DFS_S_IFMT == FileType.symlink.modeBits }

    // MARK: inodes

    func inodeGet(_ ino: UInt64) -> Got<InodeRecord> {
        guard let r = inodes[ino] else { return .err(.noent) }
        return .ok(r)
    }

    mutating func inodeCreate(_ inode: Inode, target: [UInt8]) -> DFSStatus {
        if inode.ino == 0 { return .inval }
        if Self.isSymlink(inode.mode) && target.isEmpty { return .inval }
        if target.count > Int(DFS_SYMLINK_MAX) { return .nameTooLong }
        if inodes[inode.ino] != nil { return .exist }
        var i = inode
        i.targetLength = UInt32(target.count)
        inodes[inode.ino] = InodeRecord(inode: i, target: target)
        return .ok
    }

    mutating func inodeUpdate(_ inode: Inode) -> DFSStatus {
        guard let old = inodes[inode.ino] else { return .noent }
        var i = inode
        i.targetLength = old.inode.targetLength
        inodes[inode.ino] = InodeRecord(inode: i, target: old.target)
        return .ok
    }

    mutating func inodeDelete(_ ino: UInt64) -> DFSStatus {
        inodes.removeValue(forKey: ino) == nil ? .noent : .ok
    }

    // MARK: directory entries

    func lookup(_ dir: UInt64, _ name: [UInt8]) -> Got<DirEntry?> {
        let s = Self.nameStatus(name, max: DFS_NAME_MAX)
        if s != .ok { return .err(s) }
        return .ok(dirs[dir]?[name].map { DirEntry(name: name, ino: $0.ino, type: $0.type, cookie: $0.cookie) })
    }

    /// The status an insert must return (the cookie comes from the store).
    func insertStatus(_ dir: UInt64, _ name: [UInt8]) -> DFSStatus {
        let s = Self.nameStatus(name, max: DFS_NAME_MAX)
        if s != .ok { return s }
        return dirs[dir]?[name] != nil ? .exist : .ok
    }

    mutating func insert(_ dir: UInt64, _ name: [UInt8], ino: UInt64, type: UInt32, cookie: UInt64) {
        dirs[dir, default: [:]][name] = Entry(ino: ino, type: type, cookie: cookie)
        maxCookie[dir] = max(maxCookie[dir] ?? 0, cookie)
    }

    mutating func remove(_ dir: UInt64, _ name: [UInt8]) -> DFSStatus {
        let s = Self.nameStatus(name, max: DFS_NAME_MAX)
        if s != .ok { return s }
        return dirs[dir]?.removeValue(forKey: name) == nil ? .noent : .ok
    }

    func list(_ dir: UInt64, after: UInt64) -> [DirEntry] {
        (dirs[dir] ?? [:]).filter { $0.value.cookie > after }
            .map { DirEntry(name: $0.key, ino: $0.value.ino, type: $0.value.type, cookie: $0.value.cookie) }
            .sorted { $0.cookie < $1.cookie }
    }

    // MARK: roots

    func rootGet(_ share: [UInt8]) -> Got<UInt64?> {
        let s = Self.nameStatus(share, max: DFS_NAME_MAX)
        return s != .ok ? .err(s) : .ok(roots[share])
    }

    mutating func rootSet(_ share: [UInt8], _ ino: UInt64) -> DFSStatus {
        let s = Self.nameStatus(share, max: DFS_NAME_MAX)
        if s == .ok { roots[share] = ino }
        return s
    }

    mutating func rootRemove(_ share: [UInt8]) -> DFSStatus {
        let s = Self.nameStatus(share, max: DFS_NAME_MAX)
        if s != .ok { return s }
        return roots.removeValue(forKey: share) == nil ? .noent : .ok
    }

    func rootList() -> [String] {
        roots.sorted { byteLess($0.key, $1.key) }.map { "\(show($0.key))=\($0.value)" }
    }

    // MARK: key/value

    func kvGet(_ key: [UInt8]) -> Got<[UInt8]?> {
        let s = Self.nameStatus(key, max: DFS_KV_KEY_MAX)
        return s != .ok ? .err(s) : .ok(kv[key])
    }

    mutating func kvPut(_ key: [UInt8], _ value: [UInt8]) -> DFSStatus {
        let s = Self.nameStatus(key, max: DFS_KV_KEY_MAX)
        if s != .ok { return s }
        if value.count > Int(DFS_KV_VALUE_MAX) { return .inval }
        kv[key] = value
        return .ok
    }

    mutating func kvDelete(_ key: [UInt8]) -> DFSStatus {
        let s = Self.nameStatus(key, max: DFS_KV_KEY_MAX)
        if s != .ok { return s }
        return kv.removeValue(forKey: key) == nil ? .noent : .ok
    }

    /// Pairs with start <= key < end (empty start: from the first; nil end: to the last).
    func scan(from start: [UInt8], to end: [UInt8]?) -> [KVPair] {
        kv.filter { pair in !byteLess(pair.key, start) && (end.map { byteLess(pair.key, $0) } ?? true) }
            .map { KVPair(key: $0.key, value: $0.value) }
            .sorted { byteLess($0.key, $1.key) }
    }
}

/// A key/value pair, comparable in failure messages.
struct KVPair: Equatable, CustomStringConvertible {
    var key: [UInt8]
    var value: [UInt8]
    var description: String { "\(show(key))=\(show(value, max: 12))" }
}

extension Got: Equatable where T: Equatable {
    static func == (a: Got, b: Got) -> Bool {
        switch (a, b) {
        case (.ok(let x), .ok(let y)): x == y
        case (.err(let x), .err(let y)): x == y
        default: false
        }
    }
}
