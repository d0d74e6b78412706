import HostCore
import HostPlugins
import PluginABI

// The core's results as the C result structs `done` receives (the type is
// named beside each op in dfs_adapter.h). Each struct, and every array or
// byte string it points at, lives on the stack or in a Swift array that is
// kept alive for exactly the duration of the callback.

@inline(__always)
private func lend<S, T>(_ value: S, _ body: (UnsafeRawPointer) -> T) -> T {
    withUnsafePointer(to: value) { body(UnsafeRawPointer($0)) }
}

private func size<S>(_: S.Type) -> UInt32 { UInt32(MemoryLayout<S>.size) }

/// getattr: `dfs_attr`.
extension Attributes: CResult {
    func withCResult<T>(_ body: (UnsafeRawPointer) -> T) -> T { lend(cValue, body) }
}

/// setattr, remove, rmdir: `dfs_wcc_result`.
extension WccData: CResult {
    func withCResult<T>(_ body: (UnsafeRawPointer) -> T) -> T {
        lend(dfs_wcc_result(struct_size: size(dfs_wcc_result.self), reserved: 0, wcc: cValue), body)
    }
}

/// lookup, create, mkdir, symlink, mknod, link: `dfs_entry_result`.
extension EntryResult: CResult {
    func withCResult<T>(_ body: (UnsafeRawPointer) -> T) -> T {
        lend(dfs_entry_result(struct_size: size(dfs_entry_result.self), reserved: 0, fh: handle.cValue,
                              attr: attributes.cValue, dir: dir.cValue), body)
    }
}

/// access: `dfs_access_result`.
extension AccessResult: CResult {
    func withCResult<T>(_ body: (UnsafeRawPointer) -> T) -> T {
        lend(dfs_access_result(struct_size: size(dfs_access_result.self), granted: granted.rawValue,
                               attr: attributes.cValue), body)
    }
}

/// readlink: `dfs_readlink_result`, `target` borrowed.
extension ReadLinkResult: CResult {
    func withCResult<T>(_ body: (UnsafeRawPointer) -> T) -> T {
        target.withUnsafeBufferPointer { t in
            lend(dfs_readlink_result(struct_size: size(dfs_readlink_result.self), len: UInt32(t.count),
                                     target: t.baseAddress, attr: attributes.cValue), body)
        }
    }
}

/// read: `dfs_read_result`, `data` borrowed.
extension ReadResult: CResult {
    func withCResult<T>(_ body: (UnsafeRawPointer) -> T) -> T {
        data.withUnsafeBufferPointer { d in
            lend(dfs_read_result(struct_size: size(dfs_read_result.self), eof: eof ? 1 : 0, data: d.baseAddress,
                                 len: UInt32(d.count), reserved: 0, attr: attributes.cValue), body)
        }
    }
}

/// read_into: `dfs_read_result` pointing at the adapter's own buffer.
struct ReadIntoCResult: CResult, @unchecked Sendable {
    let data: UnsafeRawPointer?
    let result: ReadIntoResult

    func withCResult<T>(_ body: (UnsafeRawPointer) -> T) -> T {
        lend(dfs_read_result(struct_size: size(dfs_read_result.self), eof: result.eof ? 1 : 0,
                             data: data?.assumingMemoryBound(to: UInt8.self), len: UInt32(result.count),
                             reserved: 0, attr: result.attributes.cValue), body)
    }
}

/// write, commit: `dfs_write_result`.
extension WriteResult: CResult {
    func withCResult<T>(_ body: (UnsafeRawPointer) -> T) -> T {
        lend(dfs_write_result(struct_size: size(dfs_write_result.self), count: count, committed: committed.rawValue,
                              reserved: 0, verifier: verifier, wcc: wcc.cValue), body)
    }
}

/// rename: `dfs_rename_result`.
extension RenameResult: CResult {
    func withCResult<T>(_ body: (UnsafeRawPointer) -> T) -> T {
        lend(dfs_rename_result(struct_size: size(dfs_rename_result.self), reserved: 0,
                               from_dir: fromDir.cValue, to_dir: toDir.cValue), body)
    }
}

/// statfs: `dfs_statfs_result`.
extension StatFSResult: CResult {
    func withCResult<T>(_ body: (UnsafeRawPointer) -> T) -> T {
        lend(dfs_statfs_result(struct_size: size(dfs_statfs_result.self), reserved: 0,
                               bytes_total: bytesTotal, bytes_free: bytesFree, bytes_avail: bytesAvail,
                               files_total: filesTotal, files_free: filesFree, files_avail: filesAvail,
                               attr: attributes.cValue), body)
    }
}

/// readdir: `dfs_readdir_result` with an entries array; all names are
/// packed into one buffer that outlives the callback's view of them.
extension ReadDirResult: CResult {
    func withCResult<T>(_ body: (UnsafeRawPointer) -> T) -> T {
        var packed: [UInt8] = []
        packed.reserveCapacity(entries.reduce(0) { $0 + $1.name.count })
        var offsets: [Int] = []
        offsets.reserveCapacity(entries.count)
        for e in entries {
            offsets.append(packed.count)
            packed += e.name
        }
        return packed.withUnsafeBufferPointer { names in
            var c: [dfs_readdir_entry] = []
            c.reserveCapacity(entries.count)
            for (i, e) in entries.enumerated() {
                var ce = dfs_readdir_entry()
                ce.struct_size = size(dfs_readdir_entry.self)
                ce.fileid = e.fileid
                ce.cookie = e.cookie
                ce.name = names.baseAddress.map { $0 + offsets[i] }
                ce.name_len = UInt32(e.name.count)
                ce.type = e.type.rawValue
                if let h = e.handle, let a = e.attributes {
                    ce.has_attr = 1
                    ce.fh = h.cValue
                    ce.attr = a.cValue
                }
                c.append(ce)
            }
            return c.withUnsafeBufferPointer { list in
                lend(dfs_readdir_result(struct_size: size(dfs_readdir_result.self), eof: eof ? 1 : 0,
                                        cookie_verifier: cookieVerifier, entries: list.baseAddress,
                                        count: UInt32(list.count), reserved: 0, dir_attr: dirAttributes.cValue), body)
            }
        }
    }
}
