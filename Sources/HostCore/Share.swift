import HostCache
import HostPlugins
import Logging
import PluginABI
import Synchronization

/// How to register a share.
public struct ShareOptions: Equatable, Sendable {
    /// Refuse every change with `.readOnly` (reads do not update atime).
    public var readOnly: Bool
    /// Payload block size for a share seen for the first time. Once data
    /// exists the persisted size wins (see `Share.blockSize`).
    /// 512 ... 64 MiB.
    public var blockSize: UInt32
    /// Permission bits of a newly created root directory.
    public var rootMode: UInt32
    /// Owner of a newly created root directory.
    public var rootUID: UInt32
    public var rootGID: UInt32
    /// A local write-back cache with a journal in front of the payload
    /// store (docs/CACHE.md); nil: blocks go to the store directly.
    public var cache: CacheOptions?

    public init(readOnly: Bool = false, blockSize: UInt32 = FileSystem.defaultBlockSize,
                rootMode: UInt32 = 0o755, rootUID: UInt32 = 0, rootGID: UInt32 = 0, cache: CacheOptions? = nil) {
        self.cache = cache
        self.readOnly = readOnly
        self.blockSize = blockSize
        self.rootMode = rootMode
        self.rootUID = rootUID
        self.rootGID = rootGID
    }
}

/// A registered share: a named tree in a metadata store, with its data in a
/// payload store.
public final class Share: Sendable, CustomStringConvertible {
    /// The share name (the key of its root record in the metadata store).
    public let name: String
    /// The id carried in file handles and reported as fsid.
    public let id: UInt64
    public let metadata: MetadataStore
    public let payload: PayloadStore
    /// The share's cache in front of `payload`, when configured. Owned by
    /// the share: `FileSystem.removeShare` closes it.
    public let cache: CachedPayload?
    /// Refuse every change (see `ShareOptions.readOnly`). Changed live with
    /// `setReadOnly`: the next operation sees it, handles and the cache stay.
    public var readOnly: Bool { readOnlyFlag.load(ordering: .relaxed) }
    private let readOnlyFlag: Atomic<Bool>
    /// Payload block size, as persisted on first use.
    public let blockSize: UInt32
    /// Namespace of this share's block keys (the share id when the share
    /// was first registered; persisted).
    public let dataID: UInt64
    /// Root directory inode.
    public let rootIno: UInt64
    /// Handle of the root directory.
    public let root: FileHandle

    let blocks: BlockIO

    init(name: String, id: UInt64, metadata: MetadataStore, payload: PayloadStore, cache: CachedPayload?, readOnly: Bool,
         settings: ShareSettings, root: Inode) {
        self.cache = cache
        self.name = name
        self.id = id
        self.metadata = metadata
        self.payload = payload
        readOnlyFlag = Atomic(readOnly)
        blockSize = settings.blockSize
        dataID = settings.dataID
        rootIno = root.ino
        self.root = FileHandle(shareID: id, ino: root.ino, generation: root.generation)
        blocks = BlockIO(payload: cache ?? payload, layout: BlockLayout(blockSize: settings.blockSize), dataID: settings.dataID)
    }

    /// Make the share read-only or writable from the next operation on.
    public func setReadOnly(_ value: Bool) { readOnlyFlag.store(value, ordering: .relaxed) }

    public var description: String {
        "share \"\(name)\" (id \(id), \(metadata.name)+\(payload.name)\(cache == nil ? "" : "+cache"), block \(blockSize)\(readOnly ? ", read-only" : ""))"
    }
}

/// Per-share settings the host persists in the metadata store's kv space,
/// under `"dfs/share/" + <share name>`, so that they never change under
/// existing data. Value (13 bytes): version 1, block size (u32 BE),
/// data id (u64 BE).
struct ShareSettings: Equatable, Sendable {
    var blockSize: UInt32
    var dataID: UInt64

    static let version: UInt8 = 1

    static func key(share: String) -> [UInt8] { Array("dfs/share/".utf8) + Array(share.utf8) }

    func encode() -> [UInt8] {
        var b: [UInt8] = [Self.version]
        for s in stride(from: 24, through: 0, by: -8) { b.append(UInt8(truncatingIfNeeded: blockSize >> UInt32(s))) }
        for s in stride(from: 56, through: 0, by: -8) { b.append(UInt8(truncatingIfNeeded: dataID >> UInt64(s))) }
        return b
    }

    init(blockSize: UInt32, dataID: UInt64) {
        self.blockSize = blockSize
        self.dataID = dataID
    }

    init(bytes b: [UInt8]) throws(DFSError) {
        guard let v = b.first, v == Self.version else {
            throw DFSError(.version, "share settings record version \(b.first.map(String.init) ?? "none") is not supported")
        }
        guard b.count == 13 else { throw DFSError(.io, "share settings record of \(b.count) bytes is corrupt") }
        blockSize = b[1...4].reduce(0) { $0 << 8 | UInt32($1) }
        dataID = b[5...12].reduce(0) { $0 << 8 | UInt64($1) }
        guard ShareSettings.blockSizes.contains(blockSize) else {
            throw DFSError(.io, "share settings record has block size \(blockSize)")
        }
    }

    /// Allowed block sizes.
    static let blockSizes: ClosedRange<UInt32> = 512...DFS_BLOCK_MAX
}

extension FileSystem {
    /// Register share `name` with `id`, backed by `metadata` and `payload`.
    ///
    /// When the metadata store has no root for `name`, a root directory is
    /// created (mode `options.rootMode`, owner `options.rootUID`:`rootGID`,
    /// parent itself, nlink 2) together with the persisted settings (block
    /// size, data id). Otherwise the existing root and settings are reused —
    /// persistent stores keep their tree, and old handles resolve again as
    /// long as `id` is the same. Throws `.exist` when a share with this name
    /// or id is already registered, `.inval` for a bad name or block size.
    @discardableResult
    public func addShare(name: String, id: UInt64, metadata: MetadataStore, payload: PayloadStore,
                         options: ShareOptions = ShareOptions()) throws(DFSError) -> Share {
        let nameBytes = Array(name.utf8)
        guard !nameBytes.isEmpty else { throw DFSError(.inval, "empty share name") }
        guard nameBytes.count <= Names.maxLength else { throw DFSError(.nameTooLong, "share name longer than \(Names.maxLength) bytes") }
        guard ShareSettings.blockSizes.contains(options.blockSize) else {
            throw DFSError(.inval, "block size \(options.blockSize) outside \(ShareSettings.blockSizes)")
        }
        if let clash = registry.withLock({ r in r.values.first { $0.id == id || $0.name == name } }) {
            throw DFSError(.exist, "\(clash) is already registered")
        }
        let (settings, root) = try withTxn(metadata) { (t) throws(DFSError) -> (ShareSettings, Inode) in
            let root: Inode
            if let ino = try t.root(name) {
                guard let r = try t.inodeIfPresent(ino) else {
                    throw DFSError(.io, "root inode \(ino) of share \"\(name)\" is missing from the metadata store")
                }
                guard r.type == .directory else {
                    throw DFSError(.io, "root inode \(ino) of share \"\(name)\" is not a directory")
                }
                root = r
            } else {
                let now = Timespec.now()
                var r = Inode(ino: try metadata.allocateIDs(1), mode: FileType.directory.modeBits | (options.rootMode & 0o7777))
                r.generation = Self.newGeneration()
                r.flags = ShareTag.bits(id)
                r.nlink = 2
                r.uid = options.rootUID
                r.gid = options.rootGID
                r.parent = r.ino
                r.size = Self.directorySize
                r.change = 1
                r.atime = now; r.mtime = now; r.ctime = now; r.btime = now
                try t.createInode(r)
                try t.setRoot(name, ino: r.ino)
                root = r
            }
            let key = ShareSettings.key(share: name)
            if let stored = try t.get(key) {
                return (try ShareSettings(bytes: stored), root)
            }
            let s = ShareSettings(blockSize: options.blockSize, dataID: id)
            try t.put(key, s.encode())
            return (s, root)
        }
        // The cache replays its journal here: blocks committed before a
        // crash are served (and uploaded) before the share is visible.
        let cache = try options.cache.map { (c) throws(DFSError) in
            try CachedPayload(store: payload, options: c, blockSize: Int(settings.blockSize),
                              logger: Logger(label: "dfs.cache.\(name)"), share: name)
        }
        let share = Share(name: name, id: id, metadata: metadata, payload: payload, cache: cache,
                          readOnly: options.readOnly, settings: settings, root: root)
        let added = registry.withLock { r -> Bool in
            if r.values.contains(where: { $0.id == id || $0.name == name }) { return false }
            r[id] = share
            return true
        }
        guard added else {
            cache?.close()
            throw DFSError(.exist, "a share named \"\(name)\" or with id \(id) is already registered")
        }
        return share
    }

    /// Forget a share (its stores stay open; the caller owns them; its
    /// cache is closed: journal synced, uploads stopped — what is left is
    /// uploaded when the share is added again). Handles of the share then
    /// resolve to `.stale`.
    @discardableResult
    public func removeShare(id: UInt64) -> Share? {
        let s = registry.withLock { $0.removeValue(forKey: id) }
        s?.cache?.close()
        return s
    }

    /// The share with `id`.
    public func share(id: UInt64) -> Share? { registry.withLock { $0[id] } }

    /// The share named `name`.
    public func share(named name: String) -> Share? {
        registry.withLock { r in r.values.first { $0.name == name } }
    }

    /// Every registered share, by name.
    public var shares: [Share] { registry.withLock { Array($0.values) }.sorted { $0.name < $1.name } }

    /// Handle of the root directory of share `id`; `.stale` when unknown.
    public func root(share id: UInt64) throws(DFSError) -> FileHandle {
        guard let s = share(id: id) else { throw DFSError(.stale, "no share with id \(id)") }
        return s.root
    }
}
