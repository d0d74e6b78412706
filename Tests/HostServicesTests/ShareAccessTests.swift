import HostCore
import HostPlugins
import HostServices
import PluginABI
import Testing

/// Rule 4 of `SharePolicy`: per-uid access levels (the control plane's
/// share permissions) applied on share_resolve, share_list and every
/// operation, after identity mapping.
@Suite struct ShareAccessTests {
    static let alice: UInt32 = 1001, bob: UInt32 = 1002, carol: UInt32 = 1003

    static let policy = SharePolicy(squash: .root, anonUID: 65534, anonGID: 65534, defaultAccess: .none,
                                    userAccess: [alice: .readWrite, bob: .read])

    @Test(arguments: StorePath.allCases)
    func levelsGateEveryOperation(_ path: StorePath) throws {
        let f = try ServiceFixture(path, policy: Self.policy)
        defer { f.finish() }
        let alice = f.client.with(Who(uid: Self.alice, gid: 100))
        let bob = f.client.with(Who(uid: Self.bob, gid: 100))
        let carol = f.client.with(Who(uid: Self.carol, gid: 100))

        // MOUNT-time view
        let ra = alice.resolve("/export")
        #expect(ra.status == 0 && ra.info.access == UInt32(DFS_SHARE_READ_WRITE) && ra.info.read_only == 0)
        let rb = bob.resolve("/export")
        #expect(rb.status == 0 && rb.info.access == UInt32(DFS_SHARE_READ))
        #expect(rb.info.read_only == 0, "read_only describes the share for everyone, not bob's grant")
        let rc = carol.resolve("/export")
        #expect(rc.status == Int32(DFS_ERR_ACCES))
        #expect(rc.message.contains("no access"))
        #expect(alice.list().names == ["/export"])
        #expect(carol.list().names.isEmpty)

        // alice writes, bob reads, carol does nothing
        let dir = try #require(alice.mkdir(f.root, "d", mode: 0o777).handle)
        let fh = try #require(alice.create(dir, "f", mode: 0o666).handle)
        #expect(alice.write(fh, 0, b("hello")).ok)
        #expect(bob.read(fh).ok)
        #expect(bob.lookup(dir, "f").ok)
        #expect(bob.readdir(dir).ok)
        #expect(bob.getattr(fh).ok)
        for outcome in [bob.write(fh, 0, b("x")).dfsStatus, bob.create(dir, "g").dfsStatus,
                        bob.mkdir(dir, "e").dfsStatus, bob.remove(dir, "f").dfsStatus,
                        bob.rename(dir, "f", dir, "f2").dfsStatus, bob.link(fh, dir, "l").dfsStatus,
                        bob.setattr(fh, mode: 0o600).dfsStatus] {
            #expect(outcome == .access)
        }
        for outcome in [carol.getattr(fh).dfsStatus, carol.read(fh).dfsStatus, carol.lookup(dir, "f").dfsStatus] {
            #expect(outcome == .access)
        }
        // ACCESS: the mode bits (0666) would let bob modify; his grant does not.
        let all = DFS_ACCESS_READ | DFS_ACCESS_MODIFY | DFS_ACCESS_EXTEND | DFS_ACCESS_DELETE
        let granted = try #require(bob.access(fh, all).result).granted
        #expect(granted & DFS_ACCESS_READ != 0)
        #expect(granted & (DFS_ACCESS_MODIFY | DFS_ACCESS_EXTEND | DFS_ACCESS_DELETE) == 0)
        let aliceGranted = try #require(alice.access(fh, all).result).granted
        #expect(aliceGranted & DFS_ACCESS_MODIFY != 0)
    }

    @Test func resolutionFollowsIdentityMapping() throws {
        // root has a read-write grant, but root squash maps it to the
        // anonymous uid, whose level is the share default (read).
        var policy = SharePolicy(squash: .root, defaultAccess: .read, userAccess: [0: .readWrite])
        let f = try ServiceFixture(.inline, policy: policy)
        defer { f.finish() }
        let root = f.client.with(.root)
        #expect(root.resolve("/export").info.access == UInt32(DFS_SHARE_READ))
        #expect(root.create(f.root, "x").dfsStatus == .access)
        policy.squash = .none
        try f.table.setPolicy(policy, forShare: f.share.id)
        #expect(root.create(f.root, "x").ok)
        // AUTH_NONE is anonymous: the default applies.
        #expect(f.client.with(.anonymous).create(f.root, "y").dfsStatus == .access)
        // A live change applies to the next operation.
        policy.defaultAccess = .readWrite
        try f.table.setPolicy(policy, forShare: f.share.id)
        #expect(f.client.with(.anonymous).create(f.root, "y").ok)
    }

    @Test func policyLevelResolutionIsPure() {
        let p = Self.policy
        #expect(p.access(forUID: Self.alice) == .readWrite)
        #expect(p.access(forUID: Self.bob) == .read)
        #expect(p.access(forUID: Self.carol) == .none)
        #expect(SharePolicy().access(forUID: 12345) == .readWrite, "the default policy lets everyone read and write")
        #expect(ShareAccess.none < .read && ShareAccess.read < .readWrite)
    }
}
