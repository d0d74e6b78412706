import HostCore
import HostPlugins
import HostServices
import PluginABI
import Testing

/// A buggy adapter passing NULL gets DFS_ERR_INVAL through `done` (exactly
/// once), never a crash.
@Suite struct NullArgumentTests {
    @Test(arguments: StorePath.allCases)
    func nullPointersAreInval(_ path: StorePath) throws {
        let f = try ServiceFixture(path)
        defer { f.finish() }
        let c = f.client
        let s = c.s, h = c.host
        let fh = try #require(c.create(f.root, "file").handle)
        typealias Call = (Arena, UnsafePointer<dfs_cred>, dfs_done_fn, UnsafeMutableRawPointer) -> Void

        let calls: [(String, Call)] = [
            ("getattr cred", { a, _, d, x in s.getattr(h, nil, a.fh(fh), d, x) }),
            ("getattr fh", { _, cr, d, x in s.getattr(h, cr, nil, d, x) }),
            ("getattr host", { a, cr, d, x in s.getattr(nil, cr, a.fh(fh), d, x) }),
            ("setattr sattr", { a, cr, d, x in s.setattr(h, cr, a.fh(fh), nil, nil, d, x) }),
            ("setattr fh", { a, cr, d, x in s.setattr(h, cr, nil, a.sattr(mode: 0o600), nil, d, x) }),
            ("lookup name", { a, cr, d, x in s.lookup(h, cr, a.fh(f.root), nil, 3, d, x) }),
            ("lookup empty name", { a, cr, d, x in s.lookup(h, cr, a.fh(f.root), nil, 0, d, x) }),
            ("lookup dir", { a, cr, d, x in s.lookup(h, cr, nil, a.bytes(b("file")), 4, d, x) }),
            ("access fh", { _, cr, d, x in s.access(h, cr, nil, 1, d, x) }),
            ("readlink fh", { _, cr, d, x in s.readlink(h, cr, nil, d, x) }),
            ("read fh", { _, cr, d, x in s.read(h, cr, nil, 0, 10, d, x) }),
            ("read cred", { a, _, d, x in s.read(h, nil, a.fh(fh), 0, 10, d, x) }),
            ("write data", { a, cr, d, x in s.write(h, cr, a.fh(fh), 0, nil, 10, 2, d, x) }),
            ("write fh", { a, cr, d, x in s.write(h, cr, nil, 0, a.bytes([1]), 1, 2, d, x) }),
            ("create name", { a, cr, d, x in s.create(h, cr, a.fh(f.root), nil, 4, 1, nil, 0, d, x) }),
            ("create dir", { a, cr, d, x in s.create(h, cr, nil, a.bytes(b("n")), 1, 1, nil, 0, d, x) }),
            ("mkdir name", { a, cr, d, x in s.mkdir(h, cr, a.fh(f.root), nil, 2, nil, d, x) }),
            ("symlink target", { a, cr, d, x in s.symlink(h, cr, a.fh(f.root), a.bytes(b("l")), 1, nil, 5, nil, d, x) }),
            ("symlink empty target", { a, cr, d, x in s.symlink(h, cr, a.fh(f.root), a.bytes(b("l")), 1, nil, 0, nil, d, x) }),
            ("mknod name", { a, cr, d, x in s.mknod(h, cr, a.fh(f.root), nil, 1, UInt32(DFS_TYPE_FIFO), 0, nil, d, x) }),
            ("remove name", { a, cr, d, x in s.remove(h, cr, a.fh(f.root), nil, 4, d, x) }),
            ("rmdir dir", { a, cr, d, x in s.rmdir(h, cr, nil, a.bytes(b("d")), 1, d, x) }),
            ("rename from", { a, cr, d, x in s.rename(h, cr, a.fh(f.root), nil, 4, a.fh(f.root), a.bytes(b("t")), 1, d, x) }),
            ("rename to dir", { a, cr, d, x in s.rename(h, cr, a.fh(f.root), a.bytes(b("file")), 4, nil, a.bytes(b("t")), 1, d, x) }),
            ("link fh", { a, cr, d, x in s.link(h, cr, nil, a.fh(f.root), a.bytes(b("l")), 1, d, x) }),
            ("link dir", { a, cr, d, x in s.link(h, cr, a.fh(fh), nil, a.bytes(b("l")), 1, d, x) }),
            ("readdir dir", { _, cr, d, x in s.readdir(h, cr, nil, 0, 0, 0, 0, d, x) }),
            ("statfs fh", { _, cr, d, x in s.statfs(h, cr, nil, d, x) }),
            ("commit fh", { _, cr, d, x in s.commit(h, cr, nil, 0, 0, d, x) }),
            ("commit cred", { a, _, d, x in s.commit(h, nil, a.fh(fh), 0, 0, d, x) }),
        ]
        for (what, call) in calls {
            let o = c.run({ _ in 0 }, call)
            #expect(o.calls == 1, "\(what)")
            #expect(o.dfsStatus == .inval, "\(what): \(o.dfsStatus) \(o.detail ?? "")")
            #expect(o.resultWasNull, "\(what)")
            #expect(o.detail?.isEmpty == false, "\(what)")
        }
        // nothing was created or changed by any of them
        #expect(c.names(f.root) == ["file"])
        #expect(c.getattr(fh).result?.mode == 0o644)
    }

    @Test func nullSattrOnCreateMeansNoAttributes() throws {
        let f = try ServiceFixture(.inline)
        defer { f.finish() }
        let c = f.client
        let o = c.run(Extract.entry) { a, cr, d, x in
            c.s.create(c.host, cr, a.fh(f.root), a.bytes(b("plain")), 5, UInt32(DFS_CREATE_GUARDED), nil, 0, d, x)
        }
        #expect(o.ok)
        #expect(o.result?.attr.mode == 0o644)
        let m = c.run(Extract.entry) { a, cr, d, x in c.s.mkdir(c.host, cr, a.fh(f.root), a.bytes(b("dd")), 2, nil, d, x) }
        #expect(m.result?.attr.mode == 0o755)
    }

    @Test func nullDoneIsIgnoredWithoutACrash() throws {
        let f = try ServiceFixture(.pool)
        defer { f.finish() }
        let s = f.table.services.pointee
        let a = Arena()
        s.getattr(s.host, a.cred(.user), a.fh(f.root), nil, nil)
        s.read(nil, nil, nil, 0, 0, nil, nil)
    }

    @Test func shareCallsWithNulls() throws {
        let f = try ServiceFixture(.inline)
        defer { f.finish() }
        let s = f.table.services.pointee
        let a = Arena()
        var info = dfs_share_info()
        info.struct_size = UInt32(MemoryLayout<dfs_share_info>.size)
        var buf = [CChar](repeating: 0, count: 128)
        buf.withUnsafeMutableBufferPointer { m in
            var err = dfs_error(struct_size: UInt32(MemoryLayout<dfs_error>.size), code: 0, message: m.baseAddress, message_cap: 128)
            #expect(s.share_resolve(s.host, nil, a.cred(.user), &info, &err) == Int32(DFS_ERR_INVAL))
            #expect(err.code == Int32(DFS_ERR_INVAL))
            #expect(String(cString: m.baseAddress!).contains("NULL"))
            #expect(s.share_resolve(s.host, a.cString("/export"), nil, &info, &err) == Int32(DFS_ERR_INVAL))
            #expect(s.share_resolve(s.host, a.cString("/export"), a.cred(.user), nil, &err) == Int32(DFS_ERR_INVAL))
            #expect(s.share_resolve(nil, a.cString("/export"), a.cred(.user), &info, nil) == Int32(DFS_ERR_INVAL))
            #expect(s.share_list(s.host, a.cred(.user), nil, nil, &err) == Int32(DFS_ERR_INVAL))
            #expect(s.share_list(s.host, nil, { _, _ in 0 }, nil, &err) == Int32(DFS_ERR_INVAL))
            // an out-struct without struct_size is refused, not overrun
            var zero = dfs_share_info()
            #expect(s.share_resolve(s.host, a.cString("/export"), a.cred(.user), &zero, &err) == Int32(DFS_ERR_INVAL))
            #expect(zero.share_id == 0)
        }
        // a short message buffer is truncated and NUL-terminated
        var tiny = [CChar](repeating: 0x7F, count: 4)
        tiny.withUnsafeMutableBufferPointer { m in
            var err = dfs_error(struct_size: UInt32(MemoryLayout<dfs_error>.size), code: 0, message: m.baseAddress, message_cap: 4)
            #expect(s.share_resolve(s.host, a.cString("/nope"), a.cred(.user), &info, &err) == Int32(DFS_ERR_NOENT))
        }
        #expect(tiny[3] == 0)
        #expect(tiny.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }.count == 3)
    }

    @Test func shortOutStructGetsOnlyItsMembers() throws {
        let f = try ServiceFixture(.inline)
        defer { f.finish() }
        let s = f.table.services.pointee
        let a = Arena()
        // an (imaginary) older adapter whose dfs_share_info ends after `root`
        var info = dfs_share_info()
        let short = MemoryLayout<dfs_share_info>.offset(of: \dfs_share_info.share_id)!
        info.struct_size = UInt32(short)
        info.share_id = 0xDEAD
        #expect(s.share_resolve(s.host, a.cString("/export"), a.cred(.user), &info, nil) == 0)
        #expect(info.share_id == 0xDEAD)
        #expect(info.struct_size == UInt32(short))
        #expect(try DFSFileHandle(c: info.root) == f.root)
    }
}
