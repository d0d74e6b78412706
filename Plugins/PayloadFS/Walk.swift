import PluginABI
import PluginKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Directory walks: `list` (ordered, pruned by prefix and start_after,
/// streaming) and the removal of stale temporary files at open.
extension FSPayloadStore {
    /// One directory entry as read from disk.
    struct RawEntry {
        /// The name's bytes (no NUL).
        var name: [UInt8]
        /// `d_type` (DT_UNKNOWN on file systems that do not fill it).
        var type: UInt8
    }

    /// The entries of directory `rel` ("" = root), without `.` and `..`.
    /// Nil when the directory is gone (a concurrent delete removed it).
    func readDirectory(_ rel: String) throws -> [RawEntry]? {
        let fd = Posix.retrying { openat(rootFD, rel.isEmpty ? "." : rel, O_RDONLY | O_DIRECTORY | O_CLOEXEC | O_NOFOLLOW) }
        if fd < 0 {
            let e = errno
            if (e == ENOENT || e == ENOTDIR) && !rel.isEmpty { return nil }
            throw Posix.error(e, "fs: list: open directory")
        }
        guard let dir = fdopendir(fd) else {
            let e = errno
            _ = close(fd)
            throw Posix.error(e, "fs: list: fdopendir")
        }
        defer { _ = closedir(dir) }
        var out: [RawEntry] = []
        while true {
            errno = 0
            guard let ent = readdir(dir) else {
                if errno != 0 { throw Posix.error(errno, "fs: list: readdir") }
                break
            }
            let name: [UInt8] = withUnsafePointer(to: &ent.pointee.d_name) { p in
                let c = UnsafeRawPointer(p).assumingMemoryBound(to: CChar.self)
                return Array(UnsafeRawBufferPointer(start: c, count: strlen(c)))
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            out.append(RawEntry(name: name, type: ent.pointee.d_type))
        }
        return out
    }

    /// An entry of a directory being listed: its name and the smallest key
    /// prefix `S` its subtree covers (see `KeyPath`, "Ordering").
    private struct Node {
        var name: String
        var kind: KeyPath.Kind
        var key: [UInt8]
    }

    /// One directory on the walk's stack: its entries sorted by `key`.
    private struct Frame {
        var rel: String
        var nodes: [Node]
        var next = 0
    }

    /// Calls `visit(key, size)` for every block whose key starts with
    /// `prefix` and is greater than `after`, in ascending memcmp order, until
    /// it returns true. Only the directories whose key range can hold such a
    /// key are read; no callback runs with a directory open. Iterative (keys
    /// like 1024 x "/" nest 1025 directories deep).
    func list(prefix: [UInt8], after: [UInt8], visit: ([UInt8], UInt64) -> Bool) throws {
        /// Whether the subtree of `kind` at `s` can hold a wanted key.
        func wanted(_ s: [UInt8], _ kind: KeyPath.Kind) -> Bool {
            if kind == .block { return s.starts(with: prefix) && bytesLess(after, s) }
            guard s.starts(with: prefix) || prefix.starts(with: s) else { return false }
            // Every key below starts with s: all are <= after unless s is a
            // prefix of after or s > after.
            return after.starts(with: s) || bytesLess(after, s)
        }

        func frame(_ rel: String, base: [UInt8]) throws -> Frame? {
            guard let raw = try readDirectory(rel) else { return nil }
            var nodes: [Node] = []
            for e in raw {
                guard let (piece, kind) = KeyPath.decode(e.name) else { continue } // temp or foreign
                var s = base + piece
                if kind == .segment { s.append(UInt8(ascii: "/")) }
                if wanted(s, kind) {
                    nodes.append(Node(name: String(decoding: e.name, as: UTF8.self), kind: kind, key: s))
                }
            }
            nodes.sort { bytesLess($0.key, $1.key) }
            return Frame(rel: rel, nodes: nodes)
        }

        var stack: [Frame] = [try frame("", base: [])!]
        while let top = stack.indices.last {
            guard stack[top].next < stack[top].nodes.count else {
                stack.removeLast()
                continue
            }
            let node = stack[top].nodes[stack[top].next]
            stack[top].next += 1
            let rel = stack[top].rel.isEmpty ? node.name : stack[top].rel + "/" + node.name
            if node.kind == .block {
                var st = stat()
                guard fstatat(rootFD, rel, &st, AT_SYMLINK_NOFOLLOW) == 0 else {
                    let e = errno
                    if e == ENOENT || e == ENOTDIR { continue } // deleted meanwhile
                    throw Posix.error(e, "fs: list: stat \(Posix.show(node.key))")
                }
                guard st.st_mode & S_IFMT == S_IFREG else { continue }
                if visit(node.key, UInt64(st.st_size)) { return }
            } else if let sub = try frame(rel, base: node.key) {
                stack.append(sub)
            }
        }
    }

    /// Temporary files older than this are stale even if their writer's pid
    /// is alive (it may have been reused).
    static let staleTempSeconds = 3600

    /// Best-effort removal of temporary files left by crashed writers:
    /// `.tmp-<pid>-...` files whose process is gone, or that are older than
    /// an hour. In-flight writes of live processes (another instance in this
    /// process, say) are left alone. Walks only directories with valid
    /// encoded names. Returns how many files it removed.
    func removeStaleTemporaries() -> Int {
        let prefix = Array(Self.tempPrefix.utf8)
        let now = time(nil)
        var removed = 0
        var dirs = [""]
        while let rel = dirs.popLast() {
            guard let entries = try? readDirectory(rel) else { continue }
            for e in entries {
                let name = String(decoding: e.name, as: UTF8.self)
                let path = rel.isEmpty ? name : rel + "/" + name
                if e.name.starts(with: prefix) {
                    var st = stat()
                    guard fstatat(rootFD, path, &st, AT_SYMLINK_NOFOLLOW) == 0, st.st_mode & S_IFMT == S_IFREG else { continue }
                    #if os(Linux)
                    let mtime = st.st_mtim.tv_sec
                    #else
                    let mtime = st.st_mtimespec.tv_sec
                    #endif
                    let pidText = e.name.dropFirst(prefix.count).prefix { $0 != UInt8(ascii: "-") }
                    let pid = Int32(String(decoding: pidText, as: UTF8.self))
                    let alive = pid.map { $0 > 0 && (kill($0, 0) == 0 || errno == EPERM) } ?? false
                    if !alive || now - mtime > Self.staleTempSeconds {
                        if unlinkat(rootFD, path, 0) == 0 { removed += 1 }
                    }
                    continue
                }
                guard let (_, kind) = KeyPath.decode(e.name), kind != .block else { continue }
                if e.type == UInt8(DT_DIR) {
                    dirs.append(path)
                } else if e.type == UInt8(DT_UNKNOWN) {
                    var st = stat()
                    if fstatat(rootFD, path, &st, AT_SYMLINK_NOFOLLOW) == 0 && st.st_mode & S_IFMT == S_IFDIR {
                        dirs.append(path)
                    }
                }
            }
        }
        return removed
    }
}
