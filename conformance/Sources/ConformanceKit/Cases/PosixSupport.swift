import Dispatch
import HostCore
import HostPlugins
import PluginABI
import Synchronization

/// Bytes of a name.
func px(_ s: String) -> [UInt8] { Array(s.utf8) }

/// Deterministic data for the POSIX cases.
func pxData(_ count: Int, seed: Int = 1) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 131 &+ seed &* 17 &+ $0 >> 9) }
}

/// POSIX identities the cases use (1000 and 3000 share group 50).
enum PosixUsers {
    static let alice = Credentials(uid: 1000, gid: 1000, groups: [1000, 50])
    static let bob = Credentials(uid: 2000, gid: 2000)
    static let carol = Credentials(uid: 3000, gid: 50)
}

/// The world of one POSIX case: the host's file-system core on the metadata
/// store under test plus an in-process memory payload store, with one share.
final class PosixEnv {
    static let shareName = "posix"
    static let shareID: UInt64 = 0x5050

    let ctx: CaseContext
    let payload: PayloadStore
    let blockSize: UInt32
    private(set) var meta: MetadataStore
    private(set) var fs: FileSystem
    private(set) var share: Share
    var root: FileHandle { share.root }

    init(_ ctx: CaseContext, blockSize: UInt32 = 4096) throws {
        self.ctx = ctx
        self.blockSize = blockSize
        payload = try PayloadStore(plugin: PosixPayloadPlugin.load(nextTo: ctx.plugin))
        meta = try ctx.openMetadata()
        fs = FileSystem()
        share = try fs.addShare(name: Self.shareName, id: Self.shareID, metadata: meta, payload: payload,
                                options: ShareOptions(blockSize: blockSize, rootMode: 0o777))
    }

    /// Close the metadata store, open it again (same config) and register
    /// the share on a new `FileSystem`, as a restarted host would. The
    /// payload store stays open.
    func restart(options: ShareOptions? = nil) throws {
        meta.close()
        meta = try ctx.openMetadata()
        fs = FileSystem()
        share = try fs.addShare(name: Self.shareName, id: Self.shareID, metadata: meta, payload: payload,
                                options: options ?? ShareOptions(blockSize: blockSize, rootMode: 0o777))
    }

    func close() {
        payload.close()
    }

    @discardableResult
    func file(_ name: String, in dir: FileHandle? = nil, as cred: Credentials = .root, mode: UInt32 = 0o644,
              data: [UInt8]? = nil) throws -> FileHandle {
        let fh = try fs.create(cred, dir: dir ?? root, name: px(name), mode: .guarded, attributes: SetAttributes(mode: mode)).handle
        if let data { _ = try fs.write(cred, fh, offset: 0, data: data) }
        return fh
    }

    @discardableResult
    func dir(_ name: String, in dir: FileHandle? = nil, as cred: Credentials = .root, mode: UInt32 = 0o755) throws -> FileHandle {
        try fs.mkdir(cred, dir: dir ?? root, name: px(name), attributes: SetAttributes(mode: mode)).handle
    }

    func lookup(_ name: String, in dir: FileHandle? = nil, as cred: Credentials = .root) throws -> FileHandle {
        try fs.lookup(cred, dir: dir ?? root, name: px(name)).handle
    }

    func attr(_ fh: FileHandle) throws -> Attributes { try fs.getattr(.root, fh) }

    func read(_ fh: FileHandle, _ offset: UInt64 = 0, _ count: UInt32 = 1 << 24) throws -> [UInt8] {
        try fs.read(.root, fh, offset: offset, count: count).data
    }

    /// Every name in `dir` except "." and "..", paging through small pages.
    func names(_ dir: FileHandle? = nil) throws -> [String] {
        var out: [String] = []
        var cookie: UInt64 = 0
        while true {
            let r = try fs.readdir(.root, dir: dir ?? root, cookie: cookie, maxBytes: 512)
            out += r.entries.map(\.nameString).filter { $0 != "." && $0 != ".." }
            if r.eof { return out }
            guard let last = r.entries.last else { throw fail("readdir returned an empty page without eof") }
            cookie = last.cookie
        }
    }

    /// Payload keys of `fh`'s blocks.
    func blockKeys(_ fh: FileHandle) throws -> [[UInt8]] {
        try payload.keys(prefix: BlockKey.prefix(dataID: share.dataID, ino: fh.ino)).map(\.0)
    }
}

/// A POSIX case: group "posix", run on a fresh `PosixEnv`.
func posixCase(_ name: String, requires: UInt64 = 0, blockSize: UInt32 = 4096,
               _ body: @escaping @Sendable (PosixEnv) throws -> Void) -> ConformanceCase {
    ConformanceCase(.metadata, "posix", name, requires: requires) { ctx in
        let env = try PosixEnv(ctx, blockSize: blockSize)
        defer { env.close() }
        try body(env)
    }
}

/// Run `body(i)` for i in 0..<n on parallel threads; rethrow the first failure.
func pxParallel(_ n: Int, _ body: @Sendable (Int) throws -> Void) throws {
    let firstError = Mutex<(any Error)?>(nil)
    DispatchQueue.concurrentPerform(iterations: n) { i in
        do { try body(i) } catch {
            firstError.withLock { if $0 == nil { $0 = error } }
        }
    }
    if let e = firstError.withLock({ $0 }) { throw e }
}
