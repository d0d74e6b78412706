import Foundation
import HostCore
import HostPlugins
import HostServices
import PluginABI
import Testing

/// Every function pointer of the table, called as an adapter would, on both
/// execution paths.
@Suite struct FlowTests {
    @Test(arguments: StorePath.allCases)
    func createWriteReadReaddirRenameRemove(_ path: StorePath) throws {
        let f = try ServiceFixture(path)
        defer { f.finish() }
        let c = f.client

        // create + write + read
        let created = c.create(f.root, "a.txt")
        #expect(created.ok, "\(created.detail ?? "")")
        #expect(created.result?.struct_size == UInt32(MemoryLayout<dfs_entry_result>.size))
        #expect(created.result?.attr.type == UInt32(DFS_TYPE_REG))
        #expect(created.result?.attr.mode == 0o644)
        #expect(created.result?.attr.uid == 1000)
        #expect(created.result?.dir.has_pre == 1 && created.result?.dir.has_post == 1)
        let fh = try #require(created.handle)

        let data = pattern(10_000)
        let w = c.write(fh, 0, data)
        #expect(w.ok)
        #expect(w.result?.count == 10_000)
        #expect(w.result?.committed == UInt32(DFS_FILE_SYNC))
        #expect(w.result?.verifier == f.fs.writeVerifier)
        #expect(w.result?.wcc.post.size == 10_000)

        let r = c.read(fh, 0, 20_000)
        #expect(r.ok)
        #expect(r.result?.data == data)
        #expect(r.result?.eof == true)
        let part = c.read(fh, 4000, 100)
        #expect(part.result?.data == Array(data[4000..<4100]))
        #expect(part.result?.eof == false)

        // unstable write + commit
        let w2 = c.write(fh, 10_000, b("tail"), stability: UInt32(DFS_UNSTABLE))
        #expect(w2.result?.committed == UInt32(DFS_UNSTABLE))
        let cm = c.commit(fh)
        #expect(cm.ok)
        #expect(cm.result?.count == 0)
        #expect(cm.result?.verifier == f.fs.writeVerifier)

        // getattr, lookup
        let attr = c.getattr(fh)
        #expect(attr.result?.size == 10_004)
        #expect(attr.result?.fsid == 7)
        let look = c.lookup(f.root, "a.txt")
        #expect(look.handle == fh)
        #expect(look.result?.dir.has_post == 1)

        // mkdir + readdir (+plus, paging)
        let d = try #require(c.mkdir(f.root, "dir").handle)
        for i in 0..<40 { #expect(c.create(d, "f\(i)").ok) }
        #expect(Set(try #require(c.names(d, maxBytes: 300))) == Set((0..<40).map { "f\($0)" }))
        let plus = c.readdir(d, plus: true)
        #expect(plus.ok)
        let page = try #require(plus.result)
        #expect(page.eof)
        #expect(page.entries.count == 42)
        #expect(page.entries.prefix(2).map(\.name) == [".", ".."])
        #expect(page.entries.allSatisfy { $0.hasAttr && $0.fh != nil })
        let f7 = try #require(page.entries.first { $0.name == "f7" })
        #expect(f7.fh == c.lookup(d, "f7").handle)
        #expect(f7.type == UInt32(DFS_TYPE_REG))
        #expect(page.dirAttr.type == UInt32(DFS_TYPE_DIR))
        // resuming after a cookie continues after that entry; an old verifier is accepted
        let first = try #require(c.readdir(d, maxBytes: 200).result)
        #expect(!first.eof)
        let rest = try #require(c.readdir(d, cookie: first.entries.last!.cookie, verifier: 12345).result)
        #expect(Set(first.entries.map(\.name)).isDisjoint(with: rest.entries.map(\.name)))

        // rename across directories, then within one
        let mv = c.rename(f.root, "a.txt", d, "b.txt")
        #expect(mv.ok)
        #expect(mv.result?.from_dir.has_post == 1 && mv.result?.to_dir.has_post == 1)
        #expect(c.lookup(f.root, "a.txt").dfsStatus == .noent)
        #expect(c.lookup(d, "b.txt").handle == fh)
        #expect(c.rename(d, "b.txt", d, "c.txt").ok)
        #expect(c.read(fh).result?.data.count == 10_004)

        // link, symlink, readlink, mknod, access, setattr, statfs
        let ln = c.link(fh, f.root, "hard")
        #expect(ln.ok)
        #expect(ln.result?.attr.nlink == 2)
        let sl = c.symlink(f.root, "sym", "dir/c.txt")
        #expect(sl.result?.attr.type == UInt32(DFS_TYPE_LNK))
        #expect(c.readlink(try #require(sl.handle)).result == b("dir/c.txt"))
        let fifo = c.mknod(f.root, "fifo", type: UInt32(DFS_TYPE_FIFO))
        #expect(fifo.result?.attr.type == UInt32(DFS_TYPE_FIFO))
        let acc = c.access(fh, DFS_ACCESS_READ | DFS_ACCESS_MODIFY | DFS_ACCESS_EXECUTE)
        #expect(acc.result?.granted == DFS_ACCESS_READ | DFS_ACCESS_MODIFY)
        let sa = c.setattr(fh, mode: 0o600, size: 5)
        #expect(sa.ok)
        #expect(sa.result?.wcc.pre_size == 10_004)
        #expect(sa.result?.wcc.post.size == 5)
        #expect(sa.result?.wcc.post.mode == 0o600)
        let st = c.statfs(f.root)
        #expect(st.ok)
        #expect((st.result?.bytes_total ?? 0) > 0)
        #expect(st.result?.attr.type == UInt32(DFS_TYPE_DIR))

        // remove the file's two names, then the directory
        #expect(c.remove(f.root, "hard").ok)
        let rm = c.remove(d, "c.txt")
        #expect(rm.ok)
        #expect(rm.result?.wcc.has_pre == 1)
        #expect(c.getattr(fh).dfsStatus == .stale)
        for i in 0..<40 { #expect(c.remove(d, "f\(i)").ok) }
        #expect(c.rmdir(f.root, "dir").ok)
        #expect(Set(try #require(c.names(f.root))) == ["sym", "fifo"])
    }

    @Test(arguments: StorePath.allCases)
    func createModes(_ path: StorePath) throws {
        let f = try ServiceFixture(path)
        defer { f.finish() }
        let c = f.client
        let fh = try #require(c.create(f.root, "x", how: UInt32(DFS_CREATE_GUARDED)).handle)
        #expect(c.write(fh, 0, pattern(100)).ok)
        // GUARDED on an existing name
        #expect(c.create(f.root, "x", how: UInt32(DFS_CREATE_GUARDED)).dfsStatus == .exist)
        // UNCHECKED on an existing file: same file, size applied
        let again = c.create(f.root, "x", how: UInt32(DFS_CREATE_UNCHECKED), mode: nil, size: 10)
        #expect(again.handle == fh)
        #expect(again.result?.attr.size == 10)
        // EXCLUSIVE: a retransmission with the same verifier succeeds, another fails
        let e1 = c.create(f.root, "ex", how: UInt32(DFS_CREATE_EXCLUSIVE), mode: nil, verifier: 0xABCD)
        #expect(e1.ok)
        let e2 = c.create(f.root, "ex", how: UInt32(DFS_CREATE_EXCLUSIVE), mode: nil, verifier: 0xABCD)
        #expect(e2.handle == e1.handle)
        #expect(c.create(f.root, "ex", how: UInt32(DFS_CREATE_EXCLUSIVE), mode: nil, verifier: 0x1234).dfsStatus == .exist)
        // an unknown mode
        #expect(c.create(f.root, "y", how: 9).dfsStatus == .inval)
    }

    @Test(arguments: StorePath.allCases)
    func setattrGuard(_ path: StorePath) throws {
        let f = try ServiceFixture(path)
        defer { f.finish() }
        let c = f.client
        let r = c.create(f.root, "g")
        let fh = try #require(r.handle)
        let ctime = try #require(r.result?.attr.ctime)
        #expect(c.setattr(fh, mode: 0o640, guardCtime: ctime).ok)
        // ctime moved: the old guard no longer matches
        let stale = c.setattr(fh, mode: 0o600, guardCtime: ctime)
        #expect(stale.dfsStatus == .busy)
        #expect(stale.result == nil && stale.resultWasNull)
        #expect(stale.detail?.contains("ctime") == true)
    }

    @Test func inlinePathCompletesBeforeReturningOnTheCallersThread() throws {
        let f = try ServiceFixture(.inline)
        defer { f.finish() }
        #expect(f.table.runsInline(share: f.share.id))
        let probe = Probe(Extract.attr)
        f.tally.add(probe)
        let a = Arena()
        f.table.services.pointee.getattr(f.table.services.pointee.host, a.cred(.user), a.fh(f.root), ProbeBase.done, probe.ctx)
        #expect(probe.calls == 1)
        #expect(probe.doneThread.map { pthread_equal($0, pthread_self()) != 0 } == true)
        #expect(probe.outcome().result?.type == UInt32(DFS_TYPE_DIR))
    }

    @Test func poolPathCompletesOnAWorker() throws {
        let f = try ServiceFixture(.pool)
        defer { f.finish() }
        #expect(!f.table.runsInline(share: f.share.id))
        let probe = Probe(Extract.attr)
        f.tally.add(probe)
        let a = Arena()
        f.table.services.pointee.getattr(f.table.services.pointee.host, a.cred(.user), a.fh(f.root), ProbeBase.done, probe.ctx)
        #expect(probe.wait())
        #expect(probe.doneThread.map { pthread_equal($0, pthread_self()) == 0 } == true)
        #expect(probe.outcome().ok)
    }

    @Test func tableShape() throws {
        let f = try ServiceFixture(.inline)
        defer { f.finish() }
        let s = f.table.services.pointee
        #expect(s.struct_size == UInt32(MemoryLayout<dfs_host_services>.size))
        #expect(s.host != nil)
        #expect(s.log != nil && s.share_resolve != nil && s.share_list != nil)
        #expect(s.getattr != nil && s.setattr != nil && s.lookup != nil && s.access != nil && s.readlink != nil)
        #expect(s.read != nil && s.write != nil && s.create != nil && s.mkdir != nil && s.symlink != nil)
        #expect(s.mknod != nil && s.remove != nil && s.rmdir != nil && s.rename != nil && s.link != nil)
        #expect(s.readdir != nil && s.statfs != nil && s.commit != nil)
        // log never fails, whatever it is given
        "hello from a test adapter".withCString { s.log(s.host, Int32(DFS_LOG_INFO), $0) }
        s.log(s.host, 99, nil)
        s.log(nil, 0, nil)
    }

    @Test func readOnlyShare() throws {
        let f = try ServiceFixture(.inline, readOnly: true)
        defer { f.finish() }
        let c = f.client
        #expect(c.create(f.root, "x").dfsStatus == .readOnly)
        #expect(c.getattr(f.root).ok)
        let r = c.resolve("/export")
        #expect(r.status == 0)
        #expect(r.info.read_only == 1)
        #expect(r.info.access == UInt32(DFS_SHARE_READ))
    }
}
