import ControlModels
import Foundation
import Testing
@testable import ControlStore

@Suite(.timeLimit(.minutes(3))) struct GroupTests {
    @Test(arguments: Backend.enabled)
    func groupsAndMembers(_ backend: Backend) throws {
        let f = try Fixture(backend)
        defer { f.cleanup() }
        let db = try f.open()
        #expect(try db.createGroup(GroupCreate(name: "staff")).gid == 1000)
        #expect(try db.createGroup(GroupCreate(name: "ops", gid: 1001)).gid == 1001)
        #expect(try db.createGroup(GroupCreate(name: "dev")).gid == 1002)
        expectError(.alreadyExists) { try db.createGroup(GroupCreate(name: "staff")) }
        let m = expectError(.alreadyExists) { try db.createGroup(GroupCreate(name: "qa", gid: 1001)) }
        #expect(m.contains("ops"))
        expectError(.invalid) { try db.createGroup(GroupCreate(name: "Bad Name")) }

        _ = try db.createUser(UserCreate(name: "ann", password: "password1"))
        _ = try db.createUser(UserCreate(name: "bob", password: "password1"))
        #expect(try db.addMember(group: "staff", user: "bob").members == ["bob"])
        #expect(try db.addMember(group: "staff", user: "ann").members == ["ann", "bob"])
        #expect(try db.addMember(group: "staff", user: "ann").members == ["ann", "bob"]) // idempotent
        _ = try db.addMember(group: "ops", user: "ann")
        expectError(.notFound) { try db.addMember(group: "staff", user: "zed") }
        expectError(.notFound) { try db.addMember(group: "nogroup", user: "ann") }
        #expect(try db.members(group: "staff") == ["ann", "bob"])
        #expect(try db.groups(ofUser: "ann") == ["ops", "staff"])
        #expect(try db.listGroups().map(\.name) == ["dev", "ops", "staff"])
        #expect(try db.listGroups().first { $0.name == "ops" }?.members == ["ann"])

        #expect(try db.removeMember(group: "staff", user: "bob").members == ["ann"])
        expectError(.notFound) { try db.removeMember(group: "staff", user: "bob") }
        expectError(.notFound) { try db.members(group: "nogroup") }

        #expect(try db.updateGroup(named: "dev", GroupUpdate(gid: 3000)).gid == 3000)
        #expect(try db.updateGroup(named: "dev", GroupUpdate(gid: 3000)).gid == 3000)
        expectError(.alreadyExists) { try db.updateGroup(named: "dev", GroupUpdate(gid: 1000)) }
        expectError(.notFound) { try db.updateGroup(named: "nogroup", GroupUpdate(gid: 5)) }

        // Deleting a group removes its memberships and grants.
        _ = try db.addStore(kind: .metadata, name: "m", type: "memory", config: "{}")
        _ = try db.addStore(kind: .payload, name: "p", type: "memory", config: "{}")
        _ = try db.createShare(ShareCreate(name: "/export", metadataStore: "m", payloadStore: "p", defaultPermission: AccessLevel.none))
        try db.grant(share: "/export", Permission(kind: .group, principal: "staff", level: .readWrite))
        #expect(try db.effectiveLevel(share: "/export", user: "ann") == .readWrite)
        try db.deleteGroup(named: "staff")
        expectError(.notFound) { try db.group(named: "staff") }
        expectError(.notFound) { try db.deleteGroup(named: "staff") }
        #expect(try db.groups(ofUser: "ann") == ["ops"])
        #expect(try db.permissions(share: "/export") == [])
        #expect(try db.effectiveLevel(share: "/export", user: "ann") == AccessLevel.none)
    }
}

@Suite(.timeLimit(.minutes(3))) struct ShareTests {
    static func withStores(_ db: SQLControlDatabase) throws {
        _ = try db.addStore(kind: .metadata, name: "meta", type: "badgerlike", config: #"{"path":"/var/lib/dfs/meta"}"#)
        _ = try db.addStore(kind: .payload, name: "data", type: "fs", config: #"{"path":"/var/lib/dfs/data"}"#)
    }

    @Test(arguments: Backend.enabled)
    func sharesCRUD(_ backend: Backend) throws {
        let f = try Fixture(backend)
        defer { f.cleanup() }
        let db = try f.open()
        try Self.withStores(db)
        let a = try db.createShare(ShareCreate(name: "/export", metadataStore: "meta", payloadStore: "data"))
        #expect(a.share == Share(name: "/export", metadataStore: "meta", payloadStore: "data"))
        let full = ShareCreate(name: "/projects/x", metadataStore: "meta", payloadStore: "data", readOnly: true, squash: .all,
                               anonUid: 99, anonGid: 98, allowedClients: ["10.0.0.0/8", "192.168.1.5"],
                               requirePrivilegedPort: true, defaultPermission: .read)
        let b = try db.createShare(full)
        #expect(b.share == Share(name: "/projects/x", metadataStore: "meta", payloadStore: "data", readOnly: true, squash: .all,
                                 anonUid: 99, anonGid: 98, allowedClients: ["10.0.0.0/8", "192.168.1.5"],
                                 requirePrivilegedPort: true, defaultPermission: .read))
        #expect(b.id > a.id)
        #expect(try db.share(named: "/projects/x") == b)
        #expect(try db.listShares().map(\.share.name) == ["/export", "/projects/x"])

        var m = expectError(.alreadyExists) { try db.createShare(ShareCreate(name: "/export", metadataStore: "meta", payloadStore: "data")) }
        #expect(m.contains("/export"))
        m = expectError(.notFound) { try db.createShare(ShareCreate(name: "/y", metadataStore: "nometa", payloadStore: "data")) }
        #expect(m.contains("metadata store") && m.contains("nometa"))
        m = expectError(.notFound) { try db.createShare(ShareCreate(name: "/y", metadataStore: "meta", payloadStore: "meta")) }
        #expect(m.contains("payload store"))
        for bad in ["export", "", "//x", "/x/", "/a\nb", "/" + String(repeating: "x", count: 300)] {
            expectError(.invalid) { try db.createShare(ShareCreate(name: bad, metadataStore: "meta", payloadStore: "data")) }
        }
        expectError(.invalid) { try db.createShare(ShareCreate(name: "/z", metadataStore: "meta", payloadStore: "data", allowedClients: ["a b"])) }

        // A cache: kept as given (size up to 2^62), read back on every path; too small or too big is refused.
        let cache = ShareCache(sizeBytes: ShareCache.minimumSize, remoteDurable: true)
        let c = try db.createShare(ShareCreate(name: "/cached", metadataStore: "meta", payloadStore: "data", cache: cache))
        #expect(c.share.cache == cache && a.share.cache == nil)
        #expect(try db.share(named: "/cached").share.cache == cache)
        #expect(try db.updateShare(named: "/cached", ShareUpdate(readOnly: true)).share.cache == cache)
        // Resized and switched (each field alone), stored; a bad size changes nothing; no cache: conflict.
        #expect(try db.updateShare(named: "/cached", ShareUpdate(cache: ShareCacheUpdate(sizeBytes: 1 << 40))).share.cache
                == ShareCache(sizeBytes: 1 << 40, remoteDurable: true))
        #expect(try db.updateShare(named: "/cached", ShareUpdate(cache: ShareCacheUpdate(remoteDurable: false))).share.cache
                == ShareCache(sizeBytes: 1 << 40, remoteDurable: false))
        m = expectError(.invalid) { try db.updateShare(named: "/cached", ShareUpdate(readOnly: false, cache: ShareCacheUpdate(sizeBytes: 5))) }
        #expect(m.contains("cache size"))
        #expect(try db.share(named: "/cached").share.cache == ShareCache(sizeBytes: 1 << 40, remoteDurable: false))
        #expect(try db.share(named: "/cached").share.readOnly)
        m = expectError(.conflict) { try db.updateShare(named: a.share.name, ShareUpdate(cache: ShareCacheUpdate(remoteDurable: true))) }
        #expect(m.contains("has no cache"))
        #expect(try db.updateShare(named: "/cached", ShareUpdate(cache: ShareCacheUpdate(sizeBytes: cache.sizeBytes, remoteDurable: true))).share.cache == cache)
        let huge = try db.createShare(ShareCreate(name: "/huge", metadataStore: "meta", payloadStore: "data", cache: ShareCache(sizeBytes: 1 << 62)))
        #expect(huge.share.cache == ShareCache(sizeBytes: 1 << 62, remoteDurable: false))
        for bad: UInt64 in [0, ShareCache.minimumSize - 1, (1 << 62) + 1, .max] {
            m = expectError(.invalid) { try db.createShare(ShareCreate(name: "/bad", metadataStore: "meta", payloadStore: "data", cache: ShareCache(sizeBytes: bad))) }
            #expect(m.contains("cache size") && m.contains("16 MiB"))
        }
        expectError(.notFound) { try db.share(named: "/bad") }
        // The root's owner and mode: defaults 0:0 0755, kept as given, mode bits at most 07777.
        #expect(c.share.rootUid == 0 && c.share.rootGid == 0 && c.share.rootMode == 0o755)
        let owned = try db.createShare(ShareCreate(name: "/owned", metadataStore: "meta", payloadStore: "data",
                                                   rootUid: 1000, rootGid: 4_000_000_000, rootMode: 0o7777))
        #expect(owned.share.rootUid == 1000 && owned.share.rootGid == 4_000_000_000 && owned.share.rootMode == 0o7777)
        #expect(try db.share(named: "/owned").share == owned.share)
        m = expectError(.invalid) { try db.createShare(ShareCreate(name: "/bad", metadataStore: "meta", payloadStore: "data", rootMode: 0o10000)) }
        #expect(m.contains("root mode") && m.contains("10000"))
        try db.deleteShare(named: "/owned")
        try db.deleteShare(named: "/cached")
        try db.deleteShare(named: "/huge")

        let u = try db.updateShare(named: "/export", ShareUpdate(readOnly: true, squash: SquashMode.none, anonUid: 1, allowedClients: ["127.0.0.1"], defaultPermission: AccessLevel.none))
        #expect(u.id == a.id)
        #expect(u.share.readOnly && u.share.squash == .none && u.share.anonUid == 1 && u.share.anonGid == 65534
                && u.share.allowedClients == ["127.0.0.1"] && u.share.defaultPermission == AccessLevel.none && !u.share.requirePrivilegedPort)
        #expect(try db.updateShare(named: "/export", ShareUpdate(requirePrivilegedPort: true)).share.allowedClients == ["127.0.0.1"])
        expectError(.notFound) { try db.updateShare(named: "/nope", ShareUpdate(readOnly: true)) }
        expectError(.invalid) { try db.updateShare(named: "/export", ShareUpdate(allowedClients: [""])) }

        // Ids are never reused, even for a share created again under the same name.
        try db.deleteShare(named: "/export")
        expectError(.notFound) { try db.share(named: "/export") }
        expectError(.notFound) { try db.deleteShare(named: "/export") }
        let again = try db.createShare(ShareCreate(name: "/export", metadataStore: "meta", payloadStore: "data"))
        #expect(again.id > b.id)
    }

    @Test(arguments: Backend.enabled)
    func permissions(_ backend: Backend) throws {
        let f = try Fixture(backend)
        defer { f.cleanup() }
        let db = try f.open()
        try Self.withStores(db)
        _ = try db.createShare(ShareCreate(name: "/s", metadataStore: "meta", payloadStore: "data", defaultPermission: .read))
        _ = try db.createUser(UserCreate(name: "ann", password: "password1", uid: 1000))
        _ = try db.createUser(UserCreate(name: "bob", password: "password1", uid: 1001))
        _ = try db.createUser(UserCreate(name: "cat", password: "password1", uid: 1002))
        _ = try db.createGroup(GroupCreate(name: "staff"))
        _ = try db.addMember(group: "staff", user: "bob")

        try db.grant(share: "/s", Permission(kind: .user, principal: "ann", level: .admin))
        try db.grant(share: "/s", Permission(kind: .group, principal: "staff", level: .readWrite))
        try db.grant(share: "/s", Permission(kind: .user, principal: "cat", level: .none))
        try db.grant(share: "/s", Permission(kind: .user, principal: "ann", level: .read)) // upsert
        #expect(try db.permissions(share: "/s") == [
            Permission(kind: .user, principal: "ann", level: .read),
            Permission(kind: .user, principal: "cat", level: .none),
            Permission(kind: .group, principal: "staff", level: .readWrite),
        ])
        #expect(try db.effectiveLevel(share: "/s", user: "ann") == .read)
        #expect(try db.effectiveLevel(share: "/s", user: "bob") == .readWrite)
        #expect(try db.effectiveLevel(share: "/s", user: "cat") == AccessLevel.none)
        #expect(try db.effectiveLevel(share: "/s", user: nil) == .read)
        #expect(try db.effectiveLevel(share: "/s", user: "stranger") == .read)
        #expect(try db.levelsByUID(share: "/s") == [1000: .read, 1001: .readWrite, 1002: AccessLevel.none])

        expectError(.notFound) { try db.grant(share: "/s", Permission(kind: .user, principal: "zed", level: .read)) }
        expectError(.notFound) { try db.grant(share: "/s", Permission(kind: .group, principal: "ann", level: .read)) }
        expectError(.notFound) { try db.grant(share: "/nope", Permission(kind: .user, principal: "ann", level: .read)) }
        expectError(.notFound) { try db.permissions(share: "/nope") }
        expectError(.notFound) { try db.effectiveLevel(share: "/nope", user: "ann") }
        expectError(.notFound) { try db.levelsByUID(share: "/nope") }

        try db.revoke(share: "/s", kind: .user, principal: "cat")
        let m = expectError(.notFound) { try db.revoke(share: "/s", kind: .user, principal: "cat") }
        #expect(m.contains("cat"))
        expectError(.notFound) { try db.revoke(share: "/s", kind: .group, principal: "ann") }
        #expect(try db.effectiveLevel(share: "/s", user: "cat") == .read)

        // Deleting a user removes their grants; deleting the share removes all.
        try db.deleteUser(named: "ann")
        #expect(try db.permissions(share: "/s").map(\.principal) == ["staff"])
        _ = try db.createUser(UserCreate(name: "ann", password: "password1"))
        #expect(try db.effectiveLevel(share: "/s", user: "ann") == .read) // no grant came back
        try db.deleteShare(named: "/s")
        #expect(try db.raw("SELECT COUNT(*) FROM grants")[0].int(0) == 0)
    }
}
