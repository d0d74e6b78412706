import Foundation
import HostCore
import HostPlugins
import HostServices
import PluginABI
import Synchronization
import Testing

/// The identity a test call asserts, as an adapter would fill `dfs_cred`.
struct Who: Sendable {
    var flavor: UInt32 = UInt32(DFS_AUTH_SYS)
    var uid: UInt32 = 1000
    var gid: UInt32 = 1000
    var groups: [UInt32] = []
    var addr: String? = "127.0.0.1"
    var port: UInt32 = 700

    static let user = Who()
    static let root = Who(uid: 0, gid: 0)
    static let anonymous = Who(flavor: UInt32(DFS_AUTH_NONE), uid: 0, gid: 0)
}

extension Arena {
    func cred(_ w: Who) -> UnsafePointer<dfs_cred> {
        var c = dfs_cred()
        c.struct_size = UInt32(MemoryLayout<dfs_cred>.size)
        c.flavor = w.flavor
        c.uid = w.uid
        c.gid = w.gid
        c.ngroups = UInt32(w.groups.count)
        c.groups = w.groups.isEmpty ? nil : array(w.groups)
        c.client_addr = w.addr.map { cString($0) }
        c.client_port = w.port
        return UnsafePointer(put(c))
    }

    func fh(_ h: DFSFileHandle) -> UnsafePointer<dfs_fh> { UnsafePointer(put(h.cValue)) }
    func raw(_ h: dfs_fh) -> UnsafePointer<dfs_fh> { UnsafePointer(put(h)) }

    func sattr(mode: UInt32? = nil, size: UInt64? = nil, uid: UInt32? = nil) -> UnsafePointer<dfs_sattr> {
        var s = dfs_sattr()
        s.struct_size = UInt32(MemoryLayout<dfs_sattr>.size)
        if let mode { s.valid |= DFS_SET_MODE; s.mode = mode }
        if let size { s.valid |= DFS_SET_SIZE; s.size = size }
        if let uid { s.valid |= DFS_SET_UID; s.uid = uid }
        return UnsafePointer(put(s))
    }
}

/// One readdir entry, copied out of the callback.
struct DirEntry: Sendable {
    var name: String
    var cookie: UInt64
    var fileid: UInt64
    var type: UInt32
    var hasAttr: Bool
    var fh: DFSFileHandle?
    var attr: dfs_attr
}

struct DirPage: Sendable {
    var entries: [DirEntry]
    var eof: Bool
    var verifier: UInt64
    var dirAttr: dfs_attr
}

struct ReadData: Sendable {
    var data: [UInt8]
    var eof: Bool
    var attr: dfs_attr
}

/// Every probe a fixture handed out, so `finish()` can check that each got
/// exactly one `done` once the pool is drained.
final class Tally: Sendable {
    private let probes = Mutex<[ProbeBase]>([])
    func add(_ p: ProbeBase) { probes.withLock { $0.append(p) } }
    var all: [ProbeBase] { probes.withLock { $0 } }
}

/// Calls the C table the way an adapter does, and waits for `done`.
struct Client: Sendable {
    let table: HostServicesTable
    var who: Who = .user
    let tally: Tally

    var s: dfs_host_services { table.services.pointee }
    var host: UnsafeMutableRawPointer? { table.services.pointee.host }

    /// Call `invoke` with the probe's done/ctx, wait for the completion, and
    /// keep the inputs alive until then.
    func run<R>(_ extract: @escaping (UnsafeRawPointer) -> R,
                _ invoke: (Arena, UnsafePointer<dfs_cred>, dfs_done_fn, UnsafeMutableRawPointer) -> Void) -> Outcome<R> {
        let arena = Arena()
        let probe = Probe(extract)
        tally.add(probe)
        invoke(arena, arena.cred(who), ProbeBase.done, probe.ctx)
        let finished = probe.wait()
        #expect(finished, "done was never called")
        withExtendedLifetime(arena) {}
        return probe.outcome()
    }

    func with(_ w: Who) -> Client {
        var c = self
        c.who = w
        return c
    }

    // MARK: typed calls

    func getattr(_ fh: DFSFileHandle) -> Outcome<dfs_attr> {
        run(Extract.attr) { a, c, done, ctx in s.getattr(host, c, a.fh(fh), done, ctx) }
    }

    func setattr(_ fh: DFSFileHandle, mode: UInt32? = nil, size: UInt64? = nil, uid: UInt32? = nil,
                 guardCtime: dfs_timespec? = nil) -> Outcome<dfs_wcc_result> {
        run(Extract.wcc) { a, c, done, ctx in
            s.setattr(host, c, a.fh(fh), a.sattr(mode: mode, size: size, uid: uid),
                      guardCtime.map { UnsafePointer(a.put($0)) }, done, ctx)
        }
    }

    func lookup(_ dir: DFSFileHandle, _ name: String) -> Outcome<dfs_entry_result> {
        let n = Array(name.utf8)
        return run(Extract.entry) { a, c, done, ctx in s.lookup(host, c, a.fh(dir), a.bytes(n), UInt32(n.count), done, ctx) }
    }

    func access(_ fh: DFSFileHandle, _ mask: UInt32) -> Outcome<dfs_access_result> {
        run(Extract.access) { a, c, done, ctx in s.access(host, c, a.fh(fh), mask, done, ctx) }
    }

    func readlink(_ fh: DFSFileHandle) -> Outcome<[UInt8]> {
        run(Extract.readlink) { a, c, done, ctx in s.readlink(host, c, a.fh(fh), done, ctx) }
    }

    func read(_ fh: DFSFileHandle, _ offset: UInt64 = 0, _ count: UInt32 = 1 << 20) -> Outcome<ReadData> {
        run(Extract.read) { a, c, done, ctx in s.read(host, c, a.fh(fh), offset, count, done, ctx) }
    }

    func write(_ fh: DFSFileHandle, _ offset: UInt64, _ data: [UInt8], stability: UInt32 = UInt32(DFS_FILE_SYNC)) -> Outcome<dfs_write_result> {
        run(Extract.write) { a, c, done, ctx in
            s.write(host, c, a.fh(fh), offset, a.bytes(data), UInt32(data.count), stability, done, ctx)
        }
    }

    func create(_ dir: DFSFileHandle, _ name: String, how: UInt32 = UInt32(DFS_CREATE_GUARDED), mode: UInt32? = 0o644,
                size: UInt64? = nil, verifier: UInt64 = 0) -> Outcome<dfs_entry_result> {
        let n = Array(name.utf8)
        return run(Extract.entry) { a, c, done, ctx in
            s.create(host, c, a.fh(dir), a.bytes(n), UInt32(n.count), how, a.sattr(mode: mode, size: size), verifier, done, ctx)
        }
    }

    func mkdir(_ dir: DFSFileHandle, _ name: String, mode: UInt32 = 0o755) -> Outcome<dfs_entry_result> {
        let n = Array(name.utf8)
        return run(Extract.entry) { a, c, done, ctx in
            s.mkdir(host, c, a.fh(dir), a.bytes(n), UInt32(n.count), a.sattr(mode: mode), done, ctx)
        }
    }

    func symlink(_ dir: DFSFileHandle, _ name: String, _ target: String) -> Outcome<dfs_entry_result> {
        let n = Array(name.utf8), t = Array(target.utf8)
        return run(Extract.entry) { a, c, done, ctx in
            s.symlink(host, c, a.fh(dir), a.bytes(n), UInt32(n.count), a.bytes(t), UInt32(t.count), nil, done, ctx)
        }
    }

    func mknod(_ dir: DFSFileHandle, _ name: String, type: UInt32, rdev: UInt64 = 0) -> Outcome<dfs_entry_result> {
        let n = Array(name.utf8)
        return run(Extract.entry) { a, c, done, ctx in
            s.mknod(host, c, a.fh(dir), a.bytes(n), UInt32(n.count), type, rdev, a.sattr(mode: 0o600), done, ctx)
        }
    }

    func remove(_ dir: DFSFileHandle, _ name: String) -> Outcome<dfs_wcc_result> {
        let n = Array(name.utf8)
        return run(Extract.wcc) { a, c, done, ctx in s.remove(host, c, a.fh(dir), a.bytes(n), UInt32(n.count), done, ctx) }
    }

    func rmdir(_ dir: DFSFileHandle, _ name: String) -> Outcome<dfs_wcc_result> {
        let n = Array(name.utf8)
        return run(Extract.wcc) { a, c, done, ctx in s.rmdir(host, c, a.fh(dir), a.bytes(n), UInt32(n.count), done, ctx) }
    }

    func rename(_ fromDir: DFSFileHandle, _ from: String, _ toDir: DFSFileHandle, _ to: String) -> Outcome<dfs_rename_result> {
        let f = Array(from.utf8), t = Array(to.utf8)
        return run(Extract.rename) { a, c, done, ctx in
            s.rename(host, c, a.fh(fromDir), a.bytes(f), UInt32(f.count), a.fh(toDir), a.bytes(t), UInt32(t.count), done, ctx)
        }
    }

    func link(_ fh: DFSFileHandle, _ dir: DFSFileHandle, _ name: String) -> Outcome<dfs_entry_result> {
        let n = Array(name.utf8)
        return run(Extract.entry) { a, c, done, ctx in s.link(host, c, a.fh(fh), a.fh(dir), a.bytes(n), UInt32(n.count), done, ctx) }
    }

    func readdir(_ dir: DFSFileHandle, cookie: UInt64 = 0, verifier: UInt64 = 0, maxBytes: UInt32 = 0,
                 plus: Bool = false) -> Outcome<DirPage> {
        run(Extract.readdir) { a, c, done, ctx in
            s.readdir(host, c, a.fh(dir), cookie, verifier, maxBytes, plus ? 1 : 0, done, ctx)
        }
    }

    /// Every name in `dir` (without "." and ".."), paging with `maxBytes`.
    func names(_ dir: DFSFileHandle, maxBytes: UInt32 = 0) -> [String]? {
        var out: [String] = []
        var cookie: UInt64 = 0
        for _ in 0..<10_000 {
            let r = readdir(dir, cookie: cookie, maxBytes: maxBytes)
            guard let page = r.result else { return nil }
            out += page.entries.map(\.name).filter { $0 != "." && $0 != ".." }
            if page.eof { return out }
            guard let last = page.entries.last else { return nil }
            cookie = last.cookie
        }
        return nil
    }

    func statfs(_ fh: DFSFileHandle) -> Outcome<dfs_statfs_result> {
        run(Extract.statfs) { a, c, done, ctx in s.statfs(host, c, a.fh(fh), done, ctx) }
    }

    func commit(_ fh: DFSFileHandle) -> Outcome<dfs_write_result> {
        run(Extract.write) { a, c, done, ctx in s.commit(host, c, a.fh(fh), 0, 0, done, ctx) }
    }

    /// share_resolve for `name` as `who`.
    func resolve(_ name: String) -> (status: Int32, info: dfs_share_info, message: String) {
        let a = Arena()
        var info = dfs_share_info()
        info.struct_size = UInt32(MemoryLayout<dfs_share_info>.size)
        var buf = [CChar](repeating: 0, count: 256)
        let st = buf.withUnsafeMutableBufferPointer { b -> Int32 in
            var err = dfs_error(struct_size: UInt32(MemoryLayout<dfs_error>.size), code: 0, message: b.baseAddress, message_cap: 256)
            return s.share_resolve(host, a.cString(name), a.cred(who), &info, &err)
        }
        return (st, info, buf.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
    }

    /// share_list as `who`.
    func list() -> (status: Int32, names: [String]) {
        final class Names { var list: [String] = [] }
        let box = Names()
        let a = Arena()
        let st = s.share_list(host, a.cred(who), { ctx, name in
            Unmanaged<Names>.fromOpaque(ctx!).takeUnretainedValue().list.append(String(cString: name!))
            return 0
        }, Unmanaged.passUnretained(box).toOpaque(), nil)
        return (st, box.list)
    }
}

/// Copies of result structs, made inside the callback.
enum Extract {
    static let attr: @Sendable (UnsafeRawPointer) -> dfs_attr = { $0.load(as: dfs_attr.self) }
    static let wcc: @Sendable (UnsafeRawPointer) -> dfs_wcc_result = { $0.load(as: dfs_wcc_result.self) }
    static let entry: @Sendable (UnsafeRawPointer) -> dfs_entry_result = { $0.load(as: dfs_entry_result.self) }
    static let access: @Sendable (UnsafeRawPointer) -> dfs_access_result = { $0.load(as: dfs_access_result.self) }
    static let write: @Sendable (UnsafeRawPointer) -> dfs_write_result = { $0.load(as: dfs_write_result.self) }
    static let rename: @Sendable (UnsafeRawPointer) -> dfs_rename_result = { $0.load(as: dfs_rename_result.self) }
    static let statfs: @Sendable (UnsafeRawPointer) -> dfs_statfs_result = { $0.load(as: dfs_statfs_result.self) }
    static let readlink: @Sendable (UnsafeRawPointer) -> [UInt8] = { p in
        let r = p.load(as: dfs_readlink_result.self)
        return Array(UnsafeBufferPointer(start: r.target, count: Int(r.len)))
    }
    static let read: @Sendable (UnsafeRawPointer) -> ReadData = { p in
        let r = p.load(as: dfs_read_result.self)
        return ReadData(data: r.len == 0 ? [] : Array(UnsafeBufferPointer(start: r.data, count: Int(r.len))),
                        eof: r.eof != 0, attr: r.attr)
    }
    static let readdir: @Sendable (UnsafeRawPointer) -> DirPage = { p in
        let r = p.load(as: dfs_readdir_result.self)
        let list = UnsafeBufferPointer(start: r.entries, count: Int(r.count))
        let entries = list.map { e in
            DirEntry(name: String(decoding: UnsafeBufferPointer(start: e.name, count: Int(e.name_len)), as: UTF8.self),
                     cookie: e.cookie, fileid: e.fileid, type: e.type, hasAttr: e.has_attr != 0,
                     fh: e.has_attr != 0 ? try? DFSFileHandle(c: e.fh) : nil, attr: e.attr)
        }
        return DirPage(entries: entries, eof: r.eof != 0, verifier: r.cookie_verifier, dirAttr: r.dir_attr)
    }
}

extension Outcome where R == dfs_entry_result {
    /// The handle of a successful entry result.
    var handle: DFSFileHandle? { result.flatMap { try? DFSFileHandle(c: $0.fh) } }
}
