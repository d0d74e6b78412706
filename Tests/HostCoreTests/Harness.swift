import HostCore
import HostPlugins
import PluginABI
import Testing

/// Bytes of a string.
func b(_ s: String) -> [UInt8] { Array(s.utf8) }

let user1 = Credentials(uid: 1000, gid: 1000, groups: [1000, 50])
let user2 = Credentials(uid: 2000, gid: 2000)
let user3 = Credentials(uid: 3000, gid: 50)

/// A file system with one share on fresh memory stores.
final class Fixture: Sendable {
    let fs: FileSystem
    let meta: MetadataStore
    let payload: PayloadStore
    let share: Share
    var root: FileHandle { share.root }

    init(blockSize: UInt32 = 4096, rootMode: UInt32 = 0o777, readOnly: Bool = false, shareID: UInt64 = 7) throws {
        fs = FileSystem()
        meta = try TestPlugins.metadata()
        payload = try TestPlugins.payload()
        share = try fs.addShare(name: "test", id: shareID, metadata: meta, payload: payload,
                                options: ShareOptions(readOnly: readOnly, blockSize: blockSize, rootMode: rootMode))
    }

    deinit {
        meta.close()
        payload.close()
    }

    @discardableResult
    func file(_ name: String, in dir: FileHandle? = nil, as cred: Credentials = .root, mode: UInt32 = 0o644,
              data: [UInt8]? = nil) throws -> FileHandle {
        let fh = try fs.create(cred, dir: dir ?? root, name: b(name), mode: .guarded, attributes: SetAttributes(mode: mode)).handle
        if let data { _ = try fs.write(cred, fh, offset: 0, data: data) }
        return fh
    }

    @discardableResult
    func dir(_ name: String, in dir: FileHandle? = nil, as cred: Credentials = .root, mode: UInt32 = 0o755) throws -> FileHandle {
        try fs.mkdir(cred, dir: dir ?? root, name: b(name), attributes: SetAttributes(mode: mode)).handle
    }

    func lookup(_ name: String, in dir: FileHandle? = nil, as cred: Credentials = .root) throws -> FileHandle {
        try fs.lookup(cred, dir: dir ?? root, name: b(name)).handle
    }

    func attr(_ fh: FileHandle) throws -> Attributes { try fs.getattr(.root, fh) }

    func read(_ fh: FileHandle, _ offset: UInt64 = 0, _ count: UInt32 = 1 << 24) throws -> [UInt8] {
        try fs.read(.root, fh, offset: offset, count: count).data
    }

    /// Every name in `dir` (without "." and ".."), in listing order.
    func names(_ dir: FileHandle? = nil) throws -> [String] {
        var out: [String] = []
        var cookie: UInt64 = 0
        while true {
            let r = try fs.readdir(.root, dir: dir ?? root, cookie: cookie, maxBytes: 512)
            out += r.entries.map(\.nameString).filter { $0 != "." && $0 != ".." }
            if r.eof { return out }
            cookie = r.entries.last!.cookie
        }
    }

    /// The payload keys of file `fh`'s blocks.
    func blockKeys(_ fh: FileHandle) throws -> [[UInt8]] {
        try payload.keys(prefix: BlockKey.prefix(dataID: share.dataID, ino: fh.ino)).map(\.0)
    }
}

/// Expect `body` to fail with `status`.
func expectStatus(_ status: DFSStatus, _ comment: Comment? = nil, sourceLocation: SourceLocation = #_sourceLocation,
                  _ body: () throws -> Void) {
    do {
        try body()
        Issue.record("expected \(status), but it succeeded\(comment.map { " — \($0)" } ?? "")", sourceLocation: sourceLocation)
    } catch let e as DFSError {
        if e.status != status {
            Issue.record("expected \(status), got \(e)\(comment.map { " — \($0)" } ?? "")", sourceLocation: sourceLocation)
        }
    } catch {
        Issue.record("expected \(status), got \(error)", sourceLocation: sourceLocation)
    }
}

/// Deterministic test data.
func pattern(_ count: Int, seed: UInt8 = 1) -> [UInt8] {
    (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed) &* 7 &+ $0 >> 8) }
}
