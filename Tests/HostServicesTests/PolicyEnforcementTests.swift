import HostCore
import HostPlugins
import HostServices
import PluginABI
import Testing

/// Squash, allowed clients and the privileged-port rule, applied through
/// the C table on share_resolve, share_list and every operation.
@Suite struct PolicyEnforcementTests {
    @Test(arguments: StorePath.allCases)
    func rootSquash(_ path: StorePath) throws {
        let f = try ServiceFixture(path, policy: SharePolicy(squash: .root, anonUID: 60001, anonGID: 60002))
        defer { f.finish() }
        let root = f.client.with(Who(uid: 0, gid: 0, groups: [0, 5]))
        let made = root.create(f.root, "by-root")
        #expect(made.result?.attr.uid == 60001)
        #expect(made.result?.attr.gid == 60002)
        // a squashed root cannot chown (it is not root any more)
        #expect(root.setattr(try #require(made.handle), uid: 0).dfsStatus == .perm)
        let user = f.client.with(Who(uid: 1000, gid: 1000))
        #expect(user.create(f.root, "by-user").result?.attr.uid == 1000)
        // gid 0 alone is squashed too
        #expect(f.client.with(Who(uid: 1000, gid: 0)).create(f.root, "g0").result?.attr.gid == 60002)
    }

    @Test func rootSquashProtectsRootOwnedFiles() throws {
        let f = try ServiceFixture(.inline, policy: SharePolicy(squash: .none))
        defer { f.finish() }
        let realRoot = f.client.with(.root)
        let fh = try #require(realRoot.create(f.root, "secret", mode: 0o600).handle)
        #expect(realRoot.read(fh).ok)
        try f.table.setPolicy(SharePolicy(squash: .root), forShare: f.share.id)
        let squashed = f.client.with(.root)
        #expect(squashed.read(fh).dfsStatus == .access)
        #expect(f.table.policy(forShare: f.share.id).squash == .root)
    }

    @Test func allSquashAndAuthNone() throws {
        let f = try ServiceFixture(.inline, policy: SharePolicy(squash: .all, anonUID: 777, anonGID: 778))
        defer { f.finish() }
        let r = f.client.with(Who(uid: 1000, gid: 1000, groups: [1000])).create(f.root, "a")
        #expect(r.result?.attr.uid == 777 && r.result?.attr.gid == 778)
        try f.table.setPolicy(SharePolicy(squash: .none, anonUID: 555, anonGID: 556), forShare: f.share.id)
        let n = f.client.with(.anonymous).create(f.root, "b")
        #expect(n.result?.attr.uid == 555 && n.result?.attr.gid == 556)
        // AUTH_USER passes unchanged even under all squash
        try f.table.setPolicy(SharePolicy(squash: .all), forShare: f.share.id)
        let u = f.client.with(Who(flavor: UInt32(DFS_AUTH_USER), uid: 4242, gid: 4243)).create(f.root, "c")
        #expect(u.result?.attr.uid == 4242)
    }

    @Test(arguments: StorePath.allCases)
    func allowedClients(_ path: StorePath) throws {
        let f = try ServiceFixture(path, policy: SharePolicy(squash: .none, allowedClients: ["10.0.0.0/8", "::1"]))
        defer { f.finish() }
        let inside = f.client.with(Who(addr: "10.20.30.40"))
        let v6 = f.client.with(Who(addr: "[::1]"))
        let outside = f.client.with(Who(addr: "192.168.1.1"))
        let none = f.client.with(Who(addr: nil))

        #expect(inside.resolve("/export").status == 0)
        #expect(v6.resolve("/export").status == 0)
        let refused = outside.resolve("/export")
        #expect(refused.status == Int32(DFS_ERR_ACCES))
        #expect(refused.message.contains("192.168.1.1"))
        #expect(none.resolve("/export").status == Int32(DFS_ERR_ACCES))

        #expect(inside.list().names == ["/export"])
        #expect(outside.list().names.isEmpty)
        #expect(outside.list().status == 0)

        let fh = try #require(inside.create(f.root, "x").handle)
        #expect(v6.getattr(fh).ok)
        // every op is gated, not only the mount
        #expect(outside.getattr(fh).dfsStatus == .access)
        #expect(outside.read(fh).dfsStatus == .access)
        #expect(outside.write(fh, 0, b("no")).dfsStatus == .access)
        #expect(outside.lookup(f.root, "x").dfsStatus == .access)
        #expect(outside.readdir(f.root).dfsStatus == .access)
        #expect(outside.remove(f.root, "x").dfsStatus == .access)
        #expect(outside.rename(f.root, "x", f.root, "y").dfsStatus == .access)
        #expect(none.getattr(fh).dfsStatus == .access)
        #expect(inside.getattr(fh).ok)
    }

    @Test func privilegedPort() throws {
        let f = try ServiceFixture(.inline, policy: SharePolicy(squash: .none, requirePrivilegedPort: true))
        defer { f.finish() }
        let low = f.client.with(Who(port: 1023))
        let high = f.client.with(Who(port: 1024))
        #expect(low.resolve("/export").status == 0)
        #expect(high.resolve("/export").status == Int32(DFS_ERR_ACCES))
        #expect(low.getattr(f.root).ok)
        #expect(high.getattr(f.root).dfsStatus == .access)
        #expect(high.getattr(f.root).detail?.contains("privileged") == true)
        // AUTH_USER (SMB, Kerberos) is not subject to the port rule
        #expect(f.client.with(Who(flavor: UInt32(DFS_AUTH_USER), port: 50000)).getattr(f.root).ok)
    }

    @Test func resolveAndList() throws {
        let f = try ServiceFixture(.inline)
        defer { f.finish() }
        let c = f.client
        let r = c.resolve("/export")
        #expect(r.status == 0)
        #expect(r.info.share_id == 7)
        #expect(r.info.read_only == 0)
        #expect(r.info.access == UInt32(DFS_SHARE_READ_WRITE))
        #expect(try DFSFileHandle(c: r.info.root) == f.root)
        let missing = c.resolve("/nope")
        #expect(missing.status == Int32(DFS_ERR_NOENT))
        #expect(missing.message.contains("/nope"))
        #expect(c.list().names == ["/export"])
    }

    @Test func badPolicyIsRefused() throws {
        let f = try ServiceFixture(.inline)
        defer { f.finish() }
        #expect(throws: DFSError(.inval)) {
            try f.table.setPolicy(SharePolicy(allowedClients: ["10.0.0.0/99"]), forShare: 7)
        }
        // the old policy still applies
        #expect(f.table.policy(forShare: 7).squash == .none)
        f.table.removePolicy(forShare: 7)
        #expect(f.table.policy(forShare: 7) == SharePolicy())
    }
}

/// share_resolve of a path below a share (MOUNT of a subdirectory).
@Suite struct SubdirectoryResolveTests {
    @Test(arguments: StorePath.allCases)
    func resolvesDirectoriesBelowAShare(_ path: StorePath) throws {
        let f = try ServiceFixture(path, policy: SharePolicy(squash: .none))
        defer { f.finish() }
        let c = f.client
        let a = try #require(c.mkdir(f.root, "a").handle)
        let bdir = try #require(c.mkdir(a, "b").handle)
        #expect(c.create(a, "file").ok)
        let r = c.resolve("/export/a/b")
        #expect(r.status == 0, "\(r.message)")
        #expect(try DFSFileHandle(c: r.info.root) == bdir)
        #expect(r.info.share_id == 7)
        #expect(try DFSFileHandle(c: c.resolve("/export/a/").info.root) == a)
        #expect(try DFSFileHandle(c: c.resolve("/export/").info.root) == f.root)
        #expect(c.resolve("/export/missing").status == Int32(DFS_ERR_NOENT))
        #expect(c.resolve("/export/a/file").status == Int32(DFS_ERR_NOTDIR))
        #expect(c.resolve("/exporta").status == Int32(DFS_ERR_NOENT))
        // ".." cannot leave the share
        #expect(try DFSFileHandle(c: c.resolve("/export/../..").info.root) == f.root)
        // the walk is done as the mapped caller: no search permission, no mount
        #expect(c.with(.root).setattr(a, mode: 0o700).ok)
        #expect(c.with(Who(uid: 2000, gid: 2000)).resolve("/export/a/b").status == Int32(DFS_ERR_ACCES))
    }
}
