import HostCore
import HostPlugins
import HostServices
import PluginABI
import Testing

/// Core errors reach `done` as their status, with the message as detail and
/// a NULL result.
@Suite struct ErrorTests {
    @Test(arguments: StorePath.allCases)
    func statusesMap(_ path: StorePath) throws {
        let f = try ServiceFixture(path)
        defer { f.finish() }
        let c = f.client

        let noent = c.lookup(f.root, "missing")
        #expect(noent.dfsStatus == .noent)
        #expect(noent.resultWasNull && noent.result == nil)
        #expect(noent.detail?.contains("missing") == true)
        #expect(c.remove(f.root, "missing").dfsStatus == .noent)

        let fh = try #require(c.create(f.root, "f").handle)
        #expect(c.create(f.root, "f").dfsStatus == .exist)
        #expect(c.mkdir(f.root, "f").dfsStatus == .exist)

        let d = try #require(c.mkdir(f.root, "d").handle)
        #expect(c.create(d, "inside").ok)
        #expect(c.rmdir(f.root, "d").dfsStatus == .notEmpty)
        #expect(c.rmdir(f.root, "f").dfsStatus == .notDir)
        #expect(c.remove(f.root, "d").dfsStatus == .isDir)
        #expect(c.lookup(fh, "x").dfsStatus == .notDir)
        #expect(c.read(d).dfsStatus == .isDir)
        #expect(c.readlink(fh).dfsStatus == .inval)
        #expect(c.lookup(f.root, "a/b").dfsStatus == .inval)
        #expect(c.lookup(f.root, String(repeating: "n", count: 256)).dfsStatus == .nameTooLong)
        #expect(c.mknod(f.root, "dev", type: 99).dfsStatus == .inval)
        #expect(c.write(fh, 0, b("x"), stability: 7).dfsStatus == .inval)

        // STALE after remove, for every op that takes the handle
        #expect(c.remove(f.root, "f").ok)
        #expect(c.getattr(fh).dfsStatus == .stale)
        #expect(c.read(fh).dfsStatus == .stale)
        #expect(c.write(fh, 0, b("x")).dfsStatus == .stale)
        #expect(c.setattr(fh, mode: 0o600).dfsStatus == .stale)
        #expect(c.access(fh, DFS_ACCESS_READ).dfsStatus == .stale)
        #expect(c.commit(fh).dfsStatus == .stale)
        // a directory that is gone
        #expect(c.remove(d, "inside").ok)
        #expect(c.rmdir(f.root, "d").ok)
        #expect(c.readdir(d).dfsStatus == .stale)
        #expect(c.create(d, "again").dfsStatus == .stale)
        // a handle of a share that is not registered
        let foreign = DFSFileHandle(shareID: 999, ino: 5, generation: 1)
        #expect(c.getattr(foreign).dfsStatus == .stale)
    }

    @Test(arguments: StorePath.allCases)
    func garbageHandlesAreBadHandle(_ path: StorePath) throws {
        let f = try ServiceFixture(path)
        defer { f.finish() }
        let c = f.client
        var garbage = dfs_fh()
        garbage.len = 29
        withUnsafeMutableBytes(of: &garbage.data) { for i in $0.indices { $0[i] = UInt8(truncatingIfNeeded: i &* 7) } }
        var tooLong = dfs_fh()
        tooLong.len = 65
        var empty = dfs_fh()
        empty.len = 0
        var flipped = f.root.cValue
        flipped.data.10 ^= 0xFF   // checksum no longer matches
        for bad in [garbage, tooLong, empty, flipped] {
            let g = c.run(Extract.attr) { a, cr, done, ctx in c.s.getattr(c.host, cr, a.raw(bad), done, ctx) }
            #expect(g.dfsStatus == .badHandle)
            #expect(g.calls == 1)
            let l = c.run(Extract.entry) { a, cr, done, ctx in
                c.s.lookup(c.host, cr, a.raw(bad), a.bytes(b("x")), 1, done, ctx)
            }
            #expect(l.dfsStatus == .badHandle)
            let rn = c.run(Extract.rename) { a, cr, done, ctx in
                c.s.rename(c.host, cr, a.fh(f.root), a.bytes(b("x")), 1, a.raw(bad), a.bytes(b("y")), 1, done, ctx)
            }
            #expect(rn.dfsStatus == .badHandle)
        }
    }

    @Test func crossShareRenameIsXdev() throws {
        let f = try ServiceFixture(.inline)
        defer { f.finish() }
        let meta2 = try MetadataStore(plugin: TestPlugins.load("libMetadataMemory.so"))
        let pay2 = try PayloadStore(plugin: TestPlugins.load("libPayloadMemory.so"))
        defer { meta2.close(); pay2.close() }
        let other = try f.fs.addShare(name: "/other", id: 8, metadata: meta2, payload: pay2, options: ShareOptions(rootMode: 0o777))
        let c = f.client
        #expect(c.create(f.root, "a").ok)
        #expect(c.rename(f.root, "a", other.root, "a").dfsStatus == .crossDevice)
        let fh = try #require(c.lookup(f.root, "a").handle)
        #expect(c.link(fh, other.root, "a").dfsStatus == .crossDevice)
    }
}
