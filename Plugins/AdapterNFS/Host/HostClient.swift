import NIOCore
import PluginABI

/// Swift face of the host's `dfs_host_services`: one method per op, taking
/// Swift values and a completion closure.
///
/// Each asynchronous op copies its small inputs into an `Arena` (WRITE data
/// is pinned, not copied), boxes the completion as the op's `ctx`, and
/// converts the host's borrowed result into Swift values inside `done`. The
/// completion runs on whatever thread the host calls `done` from — possibly
/// inline, before the method returns; callers hop to their event loop.
/// Nothing here ever waits.
struct HostClient: @unchecked Sendable {
    /// Owned by the host; valid until the adapter is destroyed.
    let services: UnsafePointer<dfs_host_services>

    init(services: UnsafePointer<dfs_host_services>) {
        self.services = services
    }

    private var host: UnsafeMutableRawPointer? { services.pointee.host }

    /// The member at `kp` if the host's struct_size covers it and it is set.
    private func member<F>(_ kp: KeyPath<dfs_host_services, F?>) -> F? {
        guard let offset = MemoryLayout<dfs_host_services>.offset(of: kp),
              Int(services.pointee.struct_size) >= offset + MemoryLayout<F?>.size else { return nil }
        return services.pointee[keyPath: kp]
    }

    /// Starts one op: boxes `done` (with the inputs) as ctx and calls `call`
    /// with it, or fails at once with NOTSUP when the host lacks the op.
    private func launch<T: Sendable, F>(
        _ kp: KeyPath<dfs_host_services, F?>, _ cred: HostCred, _ arena: Arena,
        convert: @escaping (UnsafeRawPointer) -> T,
        done: @escaping @Sendable (HostResult<T>) -> Void,
        call: (F, UnsafeMutableRawPointer) -> Void
    ) {
        guard let fn = member(kp) else {
            done(.failure(HostError(DFS_ERR_NOTSUP, "host does not provide this operation")))
            return
        }
        let box = Completion(arena: arena, cred: cred) { status, result, detail in
            if status == DFS_OK, let result {
                done(.success(convert(result)))
            } else {
                let text = detail.map { String(cString: $0) } ?? ""
                done(.failure(HostError(status == DFS_OK ? dfs_status(DFS_ERR_INTERNAL) : status,
                                        status == DFS_OK ? "host returned no result" : text)))
            }
        }
        call(fn, box.retainedContext())
    }

    // MARK: - synchronous

    /// Logs through the host (DFS_LOG_*).
    func log(_ level: Int32, _ message: String) {
        guard let fn = member(\.log) else { return }
        fn(host, level, message)
    }

    /// Resolves an export path for `cred` (NOENT: no such share; ACCES: not
    /// allowed).
    func shareResolve(_ cred: HostCred, _ share: String) -> HostResult<dfs_share_info> {
        guard let fn = member(\.share_resolve) else { return .failure(HostError(DFS_ERR_NOTSUP, "no share_resolve")) }
        var info = zeroed(dfs_share_info.self)
        info.struct_size = structSizeOf(dfs_share_info.self)
        return withErrorBuffer { err in
            let st = fn(host, share, cred.pointer, &info, err)
            return st == DFS_OK ? .success(info) : .failure(HostError(st, errorText(err)))
        }
    }

    /// The shares visible to `cred`.
    func shareList(_ cred: HostCred) -> HostResult<[String]> {
        guard let fn = member(\.share_list) else { return .failure(HostError(DFS_ERR_NOTSUP, "no share_list")) }
        final class Names { var list: [String] = [] }
        let names = Names()
        return withErrorBuffer { err in
            let st = fn(host, cred.pointer, { ctx, name in
                guard let ctx, let name else { return 0 }
                Unmanaged<Names>.fromOpaque(ctx).takeUnretainedValue().list.append(String(cString: name))
                return 0
            }, Unmanaged.passUnretained(names).toOpaque(), err)
            return st == DFS_OK ? .success(names.list) : .failure(HostError(st, errorText(err)))
        }
    }

    // MARK: - asynchronous

    func getattr(_ c: HostCred, _ fh: dfs_fh, _ done: @escaping @Sendable (HostResult<dfs_attr>) -> Void) {
        let a = Arena()
        launch(\.getattr, c, a, convert: { loadSized($0, as: dfs_attr.self) }, done: done) { fn, ctx in
            fn(host, c.pointer, a.copy(fh), hostDone, ctx)
        }
    }

    func setattr(_ c: HostCred, _ fh: dfs_fh, _ sa: dfs_sattr, guardCtime: dfs_timespec?,
                 _ done: @escaping @Sendable (HostResult<dfs_wcc>) -> Void) {
        let a = Arena()
        launch(\.setattr, c, a, convert: { loadSized($0, as: dfs_wcc_result.self).wcc }, done: done) { fn, ctx in
            fn(host, c.pointer, a.copy(fh), a.copy(sa), guardCtime.map { a.copy($0) }, hostDone, ctx)
        }
    }

    func lookup(_ c: HostCred, _ dir: dfs_fh, _ name: [UInt8],
                _ done: @escaping @Sendable (HostResult<dfs_entry_result>) -> Void) {
        let a = Arena()
        launch(\.lookup, c, a, convert: { loadSized($0, as: dfs_entry_result.self) }, done: done) { fn, ctx in
            fn(host, c.pointer, a.copy(dir), a.copy(bytes: name), UInt32(name.count), hostDone, ctx)
        }
    }

    func access(_ c: HostCred, _ fh: dfs_fh, _ mask: UInt32,
                _ done: @escaping @Sendable (HostResult<dfs_access_result>) -> Void) {
        let a = Arena()
        launch(\.access, c, a, convert: { loadSized($0, as: dfs_access_result.self) }, done: done) { fn, ctx in
            fn(host, c.pointer, a.copy(fh), mask, hostDone, ctx)
        }
    }

    func readlink(_ c: HostCred, _ fh: dfs_fh, _ done: @escaping @Sendable (HostResult<ReadlinkResult>) -> Void) {
        let a = Arena()
        launch(\.readlink, c, a, convert: { raw in
            let r = loadSized(raw, as: dfs_readlink_result.self)
            let target = r.target.map { Array(UnsafeBufferPointer(start: $0, count: Int(r.len))) } ?? []
            return ReadlinkResult(target: target, attr: r.attr)
        }, done: done) { fn, ctx in
            fn(host, c.pointer, a.copy(fh), hostDone, ctx)
        }
    }

    /// Reads into a ByteBuffer with `headroom` free bytes before the data and
    /// room for `tailroom` after it. With a host that has `read_into` the
    /// store reads straight into that buffer (no copy); an older host's data
    /// is copied into it inside `done`. `shape` then runs inside `done` while
    /// the buffer is uniquely owned, so it can write headers into the
    /// headroom and padding into the tailroom without copy-on-write; the
    /// buffer it leaves is the result's `data`.
    func read(_ c: HostCred, _ fh: dfs_fh, offset: UInt64, count: UInt32, headroom: Int = 0, tailroom: Int = 0,
              shape: @escaping @Sendable (inout ByteBuffer, _ eof: Bool, _ attr: dfs_attr) -> Void = { _, _, _ in },
              _ done: @escaping @Sendable (HostResult<ReadResult>) -> Void) {
        let a = Arena()
        if let readInto = member(\.read_into) {
            let target = ReadTarget(headroom: headroom, count: Int(count), tailroom: tailroom)
            launch(\.read_into, c, a, convert: { raw in
                let r = loadSized(raw, as: dfs_read_result.self)
                var buf = target.take()
                buf.moveWriterIndex(forwardBy: r.data == nil ? 0 : Int(min(r.len, count)))
                shape(&buf, r.eof != 0, r.attr)
                return ReadResult(data: buf, eof: r.eof != 0, attr: r.attr)
            }, done: done) { _, ctx in
                readInto(host, c.pointer, a.copy(fh), offset, count, target.base, hostDone, ctx)
            }
            return
        }
        launch(\.read, c, a, convert: { raw in
            let r = loadSized(raw, as: dfs_read_result.self)
            let n = r.data == nil ? 0 : Int(min(r.len, count))
            var buf = ByteBufferAllocator().buffer(capacity: headroom + n + tailroom)
            buf.moveWriterIndex(forwardBy: headroom)
            buf.moveReaderIndex(forwardBy: headroom)
            if n > 0 { buf.writeBytes(UnsafeRawBufferPointer(start: r.data, count: n)) }
            shape(&buf, r.eof != 0, r.attr)
            return ReadResult(data: buf, eof: r.eof != 0, attr: r.attr)
        }, done: done) { fn, ctx in
            fn(host, c.pointer, a.copy(fh), offset, count, hostDone, ctx)
        }
    }

    /// `data` is not copied: its storage is pinned until `done`.
    func write(_ c: HostCred, _ fh: dfs_fh, offset: UInt64, data: ByteBuffer, stability: UInt32,
               _ done: @escaping @Sendable (HostResult<dfs_write_result>) -> Void) {
        let a = Arena()
        let (ptr, len) = a.pin(data)
        launch(\.write, c, a, convert: { loadSized($0, as: dfs_write_result.self) }, done: done) { fn, ctx in
            fn(host, c.pointer, a.copy(fh), offset, ptr ?? a.copy(bytes: []), len, stability, hostDone, ctx)
        }
    }

    func create(_ c: HostCred, _ dir: dfs_fh, _ name: [UInt8], how: UInt32, _ sa: dfs_sattr, verifier: UInt64,
                _ done: @escaping @Sendable (HostResult<dfs_entry_result>) -> Void) {
        let a = Arena()
        launch(\.create, c, a, convert: { loadSized($0, as: dfs_entry_result.self) }, done: done) { fn, ctx in
            fn(host, c.pointer, a.copy(dir), a.copy(bytes: name), UInt32(name.count), how, a.copy(sa),
               verifier, hostDone, ctx)
        }
    }

    func mkdir(_ c: HostCred, _ dir: dfs_fh, _ name: [UInt8], _ sa: dfs_sattr,
               _ done: @escaping @Sendable (HostResult<dfs_entry_result>) -> Void) {
        let a = Arena()
        launch(\.mkdir, c, a, convert: { loadSized($0, as: dfs_entry_result.self) }, done: done) { fn, ctx in
            fn(host, c.pointer, a.copy(dir), a.copy(bytes: name), UInt32(name.count), a.copy(sa), hostDone, ctx)
        }
    }

    func symlink(_ c: HostCred, _ dir: dfs_fh, _ name: [UInt8], target: [UInt8], _ sa: dfs_sattr,
                 _ done: @escaping @Sendable (HostResult<dfs_entry_result>) -> Void) {
        let a = Arena()
        launch(\.symlink, c, a, convert: { loadSized($0, as: dfs_entry_result.self) }, done: done) { fn, ctx in
            fn(host, c.pointer, a.copy(dir), a.copy(bytes: name), UInt32(name.count),
               a.copy(bytes: target), UInt32(target.count), a.copy(sa), hostDone, ctx)
        }
    }

    func mknod(_ c: HostCred, _ dir: dfs_fh, _ name: [UInt8], type: UInt32, rdev: UInt64, _ sa: dfs_sattr,
               _ done: @escaping @Sendable (HostResult<dfs_entry_result>) -> Void) {
        let a = Arena()
        launch(\.mknod, c, a, convert: { loadSized($0, as: dfs_entry_result.self) }, done: done) { fn, ctx in
            fn(host, c.pointer, a.copy(dir), a.copy(bytes: name), UInt32(name.count), type, rdev,
               a.copy(sa), hostDone, ctx)
        }
    }

    /// Completes with the directory's WCC data.
    func remove(_ c: HostCred, _ dir: dfs_fh, _ name: [UInt8], _ done: @escaping @Sendable (HostResult<dfs_wcc>) -> Void) {
        let a = Arena()
        launch(\.remove, c, a, convert: { loadSized($0, as: dfs_wcc_result.self).wcc }, done: done) { fn, ctx in
            fn(host, c.pointer, a.copy(dir), a.copy(bytes: name), UInt32(name.count), hostDone, ctx)
        }
    }

    /// Completes with the directory's WCC data.
    func rmdir(_ c: HostCred, _ dir: dfs_fh, _ name: [UInt8], _ done: @escaping @Sendable (HostResult<dfs_wcc>) -> Void) {
        let a = Arena()
        launch(\.rmdir, c, a, convert: { loadSized($0, as: dfs_wcc_result.self).wcc }, done: done) { fn, ctx in
            fn(host, c.pointer, a.copy(dir), a.copy(bytes: name), UInt32(name.count), hostDone, ctx)
        }
    }

    func rename(_ c: HostCred, from fromDir: dfs_fh, _ fromName: [UInt8], to toDir: dfs_fh, _ toName: [UInt8],
                _ done: @escaping @Sendable (HostResult<dfs_rename_result>) -> Void) {
        let a = Arena()
        launch(\.rename, c, a, convert: { loadSized($0, as: dfs_rename_result.self) }, done: done) { fn, ctx in
            fn(host, c.pointer, a.copy(fromDir), a.copy(bytes: fromName), UInt32(fromName.count),
               a.copy(toDir), a.copy(bytes: toName), UInt32(toName.count), hostDone, ctx)
        }
    }

    func link(_ c: HostCred, _ fh: dfs_fh, dir: dfs_fh, _ name: [UInt8],
              _ done: @escaping @Sendable (HostResult<dfs_entry_result>) -> Void) {
        let a = Arena()
        launch(\.link, c, a, convert: { loadSized($0, as: dfs_entry_result.self) }, done: done) { fn, ctx in
            fn(host, c.pointer, a.copy(fh), a.copy(dir), a.copy(bytes: name), UInt32(name.count), hostDone, ctx)
        }
    }

    /// Entries and names are copied inside `done`.
    func readdir(_ c: HostCred, _ dir: dfs_fh, cookie: UInt64, verifier: UInt64, maxBytes: UInt32, plus: Bool,
                 _ done: @escaping @Sendable (HostResult<ReaddirResult>) -> Void) {
        let a = Arena()
        launch(\.readdir, c, a, convert: { raw in
            let r = loadSized(raw, as: dfs_readdir_result.self)
            var entries: [ReaddirEntry] = []
            if let base = r.entries, r.count > 0 {
                // An array of the host's dfs_readdir_entry: step by its size.
                let declared = Int(UnsafeRawPointer(base).load(as: UInt32.self))
                let stride = declared > 0 ? (declared + 7) & ~7 : MemoryLayout<dfs_readdir_entry>.stride
                entries.reserveCapacity(Int(r.count))
                for i in 0..<Int(r.count) {
                    let e = loadSized(UnsafeRawPointer(base) + i * stride, as: dfs_readdir_entry.self)
                    let name = e.name.map { Array(UnsafeBufferPointer(start: $0, count: Int(e.name_len))) } ?? []
                    entries.append(ReaddirEntry(
                        fileid: e.fileid, cookie: e.cookie, name: name, type: e.type,
                        plus: e.has_attr != 0 ? (e.fh, e.attr) : nil))
                }
            }
            return ReaddirResult(eof: r.eof != 0, cookieVerifier: r.cookie_verifier, entries: entries, dirAttr: r.dir_attr)
        }, done: done) { fn, ctx in
            fn(host, c.pointer, a.copy(dir), cookie, verifier, maxBytes, plus ? 1 : 0, hostDone, ctx)
        }
    }

    func statfs(_ c: HostCred, _ fh: dfs_fh, _ done: @escaping @Sendable (HostResult<dfs_statfs_result>) -> Void) {
        let a = Arena()
        launch(\.statfs, c, a, convert: { loadSized($0, as: dfs_statfs_result.self) }, done: done) { fn, ctx in
            fn(host, c.pointer, a.copy(fh), hostDone, ctx)
        }
    }

    func commit(_ c: HostCred, _ fh: dfs_fh, offset: UInt64, count: UInt64,
                _ done: @escaping @Sendable (HostResult<dfs_write_result>) -> Void) {
        let a = Arena()
        launch(\.commit, c, a, convert: { loadSized($0, as: dfs_write_result.self) }, done: done) { fn, ctx in
            fn(host, c.pointer, a.copy(fh), offset, count, hostDone, ctx)
        }
    }
}

/// `MemoryLayout<T>.size` as a struct_size.
@inline(__always)
func structSizeOf<T>(_: T.Type) -> UInt32 { UInt32(MemoryLayout<T>.size) }

/// Runs `body` with a `dfs_error` whose message buffer lives on the stack.
private func withErrorBuffer<R>(_ body: (UnsafeMutablePointer<dfs_error>) -> R) -> R {
    withUnsafeTemporaryAllocation(of: CChar.self, capacity: 256) { msg in
        msg[0] = 0
        var err = dfs_error(struct_size: structSizeOf(dfs_error.self), code: 0, message: msg.baseAddress, message_cap: 256)
        return withUnsafeMutablePointer(to: &err) { body($0) }
    }
}

/// The detail text a failed synchronous call left in `err`.
private func errorText(_ err: UnsafeMutablePointer<dfs_error>) -> String {
    guard let m = err.pointee.message else { return "" }
    return String(cString: m)
}

/// The buffer a `read_into` fills: allocated with room before and after the
/// data, its storage untouched (and so at a fixed address) until `take()`,
/// which the completion calls once, leaving the buffer uniquely owned.
final class ReadTarget: @unchecked Sendable {
    private var buffer: ByteBuffer?
    /// Where the data goes (`count` writable bytes after the headroom).
    let base: UnsafeMutablePointer<UInt8>?

    init(headroom: Int, count: Int, tailroom: Int) {
        var b = ReadBufferPool.allocator.buffer(capacity: headroom + count + tailroom)
        b.moveWriterIndex(forwardBy: headroom)
        b.moveReaderIndex(forwardBy: headroom)
        base = b.withUnsafeMutableWritableBytes { $0.baseAddress?.assumingMemoryBound(to: UInt8.self) }
        buffer = b
    }

    /// The buffer, readable bytes empty (the caller moves the writer index
    /// over what the host stored). Call once.
    func take() -> ByteBuffer {
        let b = buffer!
        buffer = nil
        return b
    }
}
