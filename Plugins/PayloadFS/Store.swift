import PluginABI
import PluginKit
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `fs` payload store: one file per block below a root directory (see
/// `KeyPath` for the key encoding).
///
/// Config: `{ "path": "/var/lib/dittofs/blocks", "fsync": true, "create": true }`
/// - `path` (required): the directory holding the blocks; created (mode 0700,
///   with missing parents) when absent unless `create` is false.
/// - `fsync` (default true): false skips every fsync, even for
///   DFS_PUT_DURABLE puts and `sync` — for benchmarks only.
/// - `create` (default true): false makes a missing directory an error.
///
/// Every path is resolved relative to a descriptor of the root opened once,
/// so paths stay short and renaming the root's parents cannot redirect I/O.
/// Thread-safe without locks: atomicity comes from rename(2), uniqueness of
/// temporary names from pid + per-instance random nonce + atomic counter.
final class FSPayloadStore: Sendable {
    /// The configured root path (for messages only).
    let root: String
    /// Descriptor of the root directory, open for the life of the instance.
    let rootFD: Int32
    /// False when config `fsync` is false: never fsync.
    let fsyncEnabled: Bool
    /// Random per instance: temp names of two instances never collide.
    let nonce: UInt64
    /// Counter for temp names.
    let counter = Atomic<UInt64>(0)
    /// Retries of the mkdir / create-temp dance when a concurrent delete
    /// keeps removing the (empty) directories a put is creating.
    static let maxAttempts = 1000

    private init(root: String, rootFD: Int32, fsyncEnabled: Bool) {
        self.root = root
        self.rootFD = rootFD
        self.fsyncEnabled = fsyncEnabled
        self.nonce = UInt64.random(in: 0...UInt64.max)
    }

    deinit { _ = close(rootFD) }

    /// Prefix of every temporary file name; never a valid encoded name.
    static let tempPrefix = ".tmp-"

    /// A fresh temporary file name: `.tmp-<pid>-<nonce>-<counter>`.
    func tempName() -> String {
        let n = counter.wrappingAdd(1, ordering: .relaxed).newValue
        return "\(Self.tempPrefix)\(getpid())-\(String(nonce, radix: 16))-\(n)"
    }

    // MARK: Open

    /// Parses the config, creates / checks the root, removes stale temp files.
    /// Returns the store and the number of stale temp files removed.
    static func open(json: UnsafePointer<CChar>?) throws -> (FSPayloadStore, Int) {
        var cfg = try PluginConfig(json, plugin: "fs")
        let path = try cfg.string("path")
        let fsyncEnabled = try cfg.bool("fsync", default: true)
        let create = try cfg.bool("create", default: true)
        try cfg.finish()
        if path.isEmpty { throw PluginError.inval("fs: key \"path\" must not be empty") }
        if path.utf8.contains(0) { throw PluginError.inval("fs: key \"path\" must not contain NUL") }

        var st = stat()
        if stat(path, &st) == 0 {
            if st.st_mode & S_IFMT != S_IFDIR {
                throw PluginError.inval("fs: \"path\" \"\(path)\" exists but is not a directory")
            }
        } else {
            let e = errno
            if e != ENOENT { throw Posix.error(e, "fs: \"path\" \"\(path)\": stat") }
            if !create {
                throw PluginError.inval("fs: \"path\" \"\(path)\" does not exist and \"create\" is false")
            }
            try makeDirectories(path)
        }

        let fd = Posix.retrying { systemOpen(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC) }
        if fd < 0 {
            let e = errno
            if e == ENOTDIR { throw PluginError.inval("fs: \"path\" \"\(path)\" is not a directory") }
            throw Posix.error(e, "fs: open directory \"\(path)\"")
        }
        let store = FSPayloadStore(root: path, rootFD: fd, fsyncEnabled: fsyncEnabled)
        try store.probeWritable()
        let removed = store.removeStaleTemporaries()
        return (store, removed)
    }

    /// `mkdir -p path` with mode 0700 for the directories it creates.
    private static func makeDirectories(_ path: String) throws {
        var prefix = path.hasPrefix("/") ? "/" : ""
        for comp in path.split(separator: "/") {
            if !prefix.isEmpty && !prefix.hasSuffix("/") { prefix += "/" }
            prefix += comp
            if mkdir(prefix, 0o700) != 0 {
                let e = errno
                if e == EEXIST { continue }
                throw Posix.error(e, "fs: create directory \"\(prefix)\" (for \"path\" \"\(path)\")")
            }
        }
    }

    /// Fails unless a file can be created in the root. A full disk is not an
    /// error here: the store can still be read and trimmed.
    private func probeWritable() throws {
        let name = tempName()
        let fd = Posix.retrying { openat(rootFD, name, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600) }
        if fd < 0 {
            let e = errno
            if e == ENOSPC || e == EDQUOT { return }
            throw PluginError.io("fs: directory \"\(root)\" is not writable: \(Posix.describe(errno: e))")
        }
        _ = close(fd)
        _ = unlinkat(rootFD, name, 0)
    }

    // MARK: Operations

    /// Creates the directories of `enc` (outermost first). Restarts from the
    /// top when a parent vanished under a concurrent delete's cleanup.
    private func makeDirs(_ enc: KeyPath.Encoded, key: [UInt8]) throws {
        var attempts = 0
        var depth = 1
        while depth <= enc.dirs.count {
            if mkdirat(rootFD, enc.dirPath(depth: depth), 0o700) == 0 || errno == EEXIST {
                depth += 1
                continue
            }
            let e = errno
            attempts += 1
            if e == ENOENT && attempts < Self.maxAttempts {
                depth = 1
                continue
            }
            throw Posix.error(e, "fs: put \(Posix.show(key)): create directory")
        }
    }

    /// Writes the block to a temporary file next to its final name and
    /// renames it into place (so readers see the old or the new block, never
    /// a mix). With `durable` (and config fsync) the file is fsynced before
    /// the rename and every directory from the block's up to the root after
    /// it, so that the data and all the names leading to it are stable.
    func put(key: [UInt8], data: UnsafeRawBufferPointer, durable: Bool) throws {
        let enc = KeyPath.encode(key)
        let sync = durable && fsyncEnabled
        let what = { (op: String) in "fs: put \(Posix.show(key)): \(op)" }

        // 1. Create the temporary file, making directories when missing.
        var tmp = ""
        var fd: Int32 = -1
        var attempts = 0
        while fd < 0 {
            tmp = enc.sibling(tempName())
            fd = Posix.retrying { openat(rootFD, tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600) }
            if fd >= 0 { break }
            let e = errno
            attempts += 1
            if attempts >= Self.maxAttempts { throw Posix.error(e, what("create temporary file")) }
            switch e {
            case EEXIST:
                continue // a leftover with the same name: take the next number
            case ENOENT where !enc.dirs.isEmpty:
                try makeDirs(enc, key: key) // then retry: the dirs may vanish again
            default:
                throw Posix.error(e, what("create temporary file"))
            }
        }

        // 2. Write, fsync, close; remove the temporary file on any failure.
        do {
            var done = 0
            while done < data.count {
                let n = Posix.retrying { write(fd, data.baseAddress! + done, min(data.count - done, 1 << 30)) }
                if n < 0 { throw Posix.error(errno, what("write")) }
                done += n
            }
            if sync { try Posix.fsync(fd, what("fsync")) }
        } catch {
            _ = close(fd)
            discard(tmp, enc)
            throw error
        }
        if close(fd) != 0 && errno != EINTR {
            let e = errno
            discard(tmp, enc)
            throw Posix.error(e, what("close"))
        }

        // 3. Rename into place. The directory cannot vanish meanwhile: the
        //    temporary file keeps it non-empty.
        if renameat(rootFD, tmp, rootFD, enc.filePath) != 0 {
            let e = errno
            discard(tmp, enc)
            throw Posix.error(e, what("rename"))
        }

        // 4. Make the names durable: the block's directory, then each parent
        //    (a directory created earlier by a non-durable put may not be).
        if sync {
            for depth in stride(from: enc.dirs.count, through: 0, by: -1) {
                try Posix.fsyncDir(root: rootFD, enc.dirPath(depth: depth), what("fsync directory"))
            }
        }
    }

    /// Removes a failed put's temporary file and the directories it leaves empty.
    private func discard(_ tmp: String, _ enc: KeyPath.Encoded) {
        _ = unlinkat(rootFD, tmp, 0)
        removeEmptyDirs(enc)
    }

    /// Reads up to `buf.count` bytes at `offset`; returns the count read
    /// (0 at or past the end).
    func get(key: [UInt8], offset: UInt64, into buf: UnsafeMutableRawBufferPointer) throws -> Int {
        let enc = KeyPath.encode(key)
        let fd = Posix.retrying { openat(rootFD, enc.filePath, O_RDONLY | O_CLOEXEC | O_NOFOLLOW) }
        if fd < 0 {
            let e = errno
            if e == ENOENT || e == ENOTDIR { throw PluginError.noent("fs: get \(Posix.show(key)): no such block") }
            throw Posix.error(e, "fs: get \(Posix.show(key)): open")
        }
        defer { _ = close(fd) }
        // Far past any block (and past what off_t can add up to): nothing.
        guard buf.count > 0, offset < UInt64(Int64.max) - UInt64(UInt32.max) else { return 0 }
        var done = 0
        while done < buf.count {
            let n = Posix.retrying {
                pread(fd, buf.baseAddress! + done, buf.count - done, off_t(offset) + off_t(done))
            }
            if n < 0 { throw Posix.error(errno, "fs: get \(Posix.show(key)): read") }
            if n == 0 { break }
            done += n
        }
        return done
    }

    /// Removes the block (absent is fine), then its directories while they
    /// are empty. A concurrent put that loses its directory here recreates it.
    func delete(key: [UInt8]) throws {
        let enc = KeyPath.encode(key)
        if unlinkat(rootFD, enc.filePath, 0) != 0 {
            let e = errno
            if e == ENOENT || e == ENOTDIR { return }
            throw Posix.error(e, "fs: delete \(Posix.show(key))")
        }
        removeEmptyDirs(enc)
    }

    /// Best effort: removes the block's directories, innermost first, while
    /// they are empty; stops at the first that is not (or is gone).
    private func removeEmptyDirs(_ enc: KeyPath.Encoded) {
        for depth in stride(from: enc.dirs.count, to: 0, by: -1) {
            if unlinkat(rootFD, enc.dirPath(depth: depth), AT_REMOVEDIR) != 0 { break }
        }
    }

    /// The block's size in bytes.
    func size(key: [UInt8]) throws -> UInt64 {
        let enc = KeyPath.encode(key)
        var st = stat()
        if fstatat(rootFD, enc.filePath, &st, AT_SYMLINK_NOFOLLOW) != 0 {
            let e = errno
            if e == ENOENT || e == ENOTDIR { throw PluginError.noent("fs: stat \(Posix.show(key)): no such block") }
            throw Posix.error(e, "fs: stat \(Posix.show(key))")
        }
        if st.st_mode & S_IFMT != S_IFREG {
            throw PluginError.io("fs: stat \(Posix.show(key)): not a regular file")
        }
        return UInt64(st.st_size)
    }

    /// Makes every put that returned so far durable, including those without
    /// DFS_PUT_DURABLE: their data was never fsynced, so fsyncing the root
    /// directory alone would not do. syncfs(2) flushes the root's file
    /// system; elsewhere (or if syncfs is missing) sync(2) flushes all.
    /// A no-op when config `fsync` is false.
    func sync() throws {
        guard fsyncEnabled else { return }
        #if os(Linux)
        if let syncfs = Self.syncfs {
            if syncfs(rootFD) != 0 { throw Posix.error(errno, "fs: syncfs \"\(root)\"") }
            return
        }
        #endif
        systemSync()
    }

    #if os(Linux)
    /// glibc's syncfs(2), which the Glibc module does not import (it is a
    /// _GNU_SOURCE declaration); looked up once.
    private static let syncfs: (@convention(c) (Int32) -> Int32)? = {
        guard let sym = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "syncfs") else { return nil }
        return unsafeBitCast(sym, to: (@convention(c) (Int32) -> Int32).self)
    }()
    #endif

    /// Total and available bytes of the root's file system.
    func capacity() throws -> (total: UInt64, free: UInt64) {
        var sv = statvfs()
        if fstatvfs(rootFD, &sv) != 0 { throw Posix.error(errno, "fs: statvfs \"\(root)\"") }
        let unit = UInt64(sv.f_frsize)
        return (UInt64(sv.f_blocks) &* unit, UInt64(sv.f_bavail) &* unit)
    }
}
