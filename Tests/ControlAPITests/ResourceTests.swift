import ControlAPI
import ControlModels
import Foundation
import HostCache
import HostCore
import HostServices
import Testing

/// The API document (HostCore has a `Share` too).
private typealias Share = ControlModels.Share

@Suite(.serialized) struct ResourceTests {
    @Test func firstStartCreatesTheDefaults() async throws {
        try await withServer { h in
            let shares = try await h.admin("GET", "/api/v1/shares").decode([Share].self)
            #expect(shares.map(\.name) == ["/export"])
            #expect(shares.first?.metadataStore == "default" && shares.first?.defaultPermission == .readWrite)
            let stores = try await h.admin("GET", "/api/v1/stores/metadata").decode([Store].self)
            #expect(stores.map(\.name) == ["default"] && stores.first?.status == "open" && stores.first?.usedBy == ["/export"])
            let nfs = try await h.admin("GET", "/api/v1/adapters/nfs").decode(Adapter.self)
            #expect(nfs.enabled && nfs.status == "running" && nfs.port > 0)
            let users = try await h.admin("GET", "/api/v1/users").decode([User].self)
            #expect(users.map(\.name) == ["admin"] && users.first?.role == .admin)
            let status = try await h.admin("GET", "/api/v1/status").decode(ServerStatus.self)
            #expect(status.shares == 1 && status.database.contains("sqlite"))
            let ready = try await h.request("GET", "/health/ready").decode(Health.self)
            #expect(ready.status == "ok")
        }
    }

    @Test func usersAndGroups() async throws {
        try await withServer { h in
            let created = try await h.admin("POST", "/api/v1/users", json: UserCreate(name: "bob", password: "bob-pass-11", email: "b@x.io"))
            #expect(created.status == 201)
            let bob = try created.decode(User.self)
            #expect(bob.uid >= 1000 && bob.gid == bob.uid && bob.role == .user)
            #expect(!created.text.contains("pass") && !created.text.lowercased().contains("hash"), "no secret in the reply")
            #expect(try await h.admin("POST", "/api/v1/users", json: UserCreate(name: "bob", password: "bob-pass-11")).status == 409)
            #expect(try await h.admin("POST", "/api/v1/users", json: UserCreate(name: "Bad Name!", password: "bob-pass-11")).status == 400)
            #expect(try await h.admin("POST", "/api/v1/users", json: UserCreate(name: "shorty", password: "x")).status == 400)
            #expect(try await h.admin("GET", "/api/v1/users/nobody").status == 404)
            #expect(try await h.admin("POST", "/api/v1/users", json: UserCreate(name: "me", password: "me-pass-111")).status == 400)
            let upd = try await h.admin("PATCH", "/api/v1/users/bob", json: UserUpdate(uid: 4242))
            #expect(try upd.decode(User.self).uid == 4242)
            // groups and members
            #expect(try await h.admin("POST", "/api/v1/groups", json: GroupCreate(name: "eng", gid: 5000)).status == 201)
            let g = try await h.admin("PUT", "/api/v1/groups/eng/members/bob").decode(Group.self)
            #expect(g.members == ["bob"])
            #expect(try await h.admin("GET", "/api/v1/users/bob").decode(User.self).groups == ["eng"])
            #expect(try await h.admin("PUT", "/api/v1/groups/eng/members/ghost").status == 404)
            #expect(try await h.admin("DELETE", "/api/v1/groups/eng/members/bob").decode(Group.self).members.isEmpty)
            #expect(try await h.admin("DELETE", "/api/v1/groups/eng").status == 204)
            #expect(try await h.admin("GET", "/api/v1/groups/eng").status == 404)
            // the last admin cannot be deleted or demoted; nobody deletes themselves
            #expect(try await h.admin("DELETE", "/api/v1/users/admin").status == 409)
            #expect(try await h.admin("PATCH", "/api/v1/users/admin", json: UserUpdate(role: .user)).status == 409)
            // malformed bodies are 400 problems naming the field
            let raw = try await h.request("POST", "/api/v1/users", token: h.adminToken, raw: #"{"name":"x"}"#)
            #expect(raw.status == 400 && raw.problem?.detail?.contains("password") == true)
            let junk = try await h.request("POST", "/api/v1/users", token: h.adminToken, raw: "not json")
            #expect(junk.status == 400 && junk.contentType.hasPrefix("application/problem+json"))
        }
    }

    @Test func sharesPermissionsAndTheLivePolicy() async throws {
        try await withServer { h in
            _ = try await h.admin("POST", "/api/v1/users", json: UserCreate(name: "carol", password: "carol-pass-1", uid: 3001))
            _ = try await h.admin("POST", "/api/v1/users", json: UserCreate(name: "dave", password: "dave-pass-11", uid: 3002))
            _ = try await h.admin("POST", "/api/v1/groups", json: GroupCreate(name: "readers"))
            _ = try await h.admin("PUT", "/api/v1/groups/readers/members/dave")
            let made = try await h.admin("POST", "/api/v1/shares", json: ShareCreate(
                name: "/team", metadataStore: "default", payloadStore: "default", allowedClients: ["10.0.0.0/8"],
                defaultPermission: AccessLevel.none))
            #expect(made.status == 201)
            #expect(try await h.admin("POST", "/api/v1/shares", json: ShareCreate(name: "/team", metadataStore: "default", payloadStore: "default")).status == 409)
            #expect(try await h.admin("POST", "/api/v1/shares", json: ShareCreate(name: "/x", metadataStore: "nope", payloadStore: "default")).status == 404)
            #expect(try await h.admin("POST", "/api/v1/shares", json: ShareCreate(name: "/y", metadataStore: "default", payloadStore: "default", allowedClients: ["10.0.0.0/99"])).status == 400)
            let team = "/api/v1/shares/\(seg("/team"))"
            #expect(try await h.admin("GET", team).decode(Share.self).allowedClients == ["10.0.0.0/8"])
            // grants
            #expect(try await h.admin("PUT", team + "/permissions", json: Permission(kind: .user, principal: "carol", level: .readWrite)).status == 200)
            let perms = try await h.admin("PUT", team + "/permissions", json: Permission(kind: .group, principal: "readers", level: .read)).decode([Permission].self)
            #expect(perms.count == 2)
            #expect(try await h.admin("PUT", team + "/permissions", json: Permission(kind: .user, principal: "ghost", level: .read)).status == 404)
            // the running server got them: uid → level, default none
            let plane = h.server.plane
            let id = try #require(plane.runtime.servedShares.first { $0.name == "/team" }?.id)
            let policy = plane.runtime.services.policy(forShare: id)
            #expect(policy.defaultAccess == .none && policy.access(forUID: 3001) == .readWrite && policy.access(forUID: 3002) == .read)
            #expect(policy.allowedClients == ["10.0.0.0/8"])
            // revoke → live
            #expect(try await h.admin("DELETE", team + "/permissions/user/carol").status == 204)
            #expect(plane.runtime.services.policy(forShare: id).access(forUID: 3001) == .none)
            #expect(try await h.admin("DELETE", team + "/permissions/user/carol").status == 404)
            #expect(try await h.admin("DELETE", team + "/permissions/robot/carol").status == 400)
            // update applies live
            let upd = try await h.admin("PATCH", team, json: ShareUpdate(readOnly: true, defaultPermission: .read))
            #expect(try upd.decode(Share.self).readOnly)
            #expect(plane.runtime.fileSystem.share(named: "/team")?.readOnly == true)
            #expect(plane.runtime.services.policy(forShare: id).defaultAccess == .read)
            // delete: no longer served
            #expect(try await h.admin("DELETE", team).status == 204)
            #expect(plane.runtime.fileSystem.share(named: "/team") == nil)
            #expect(try await h.admin("GET", team).status == 404)
        }
    }

    /// A share with a cache: created through the API, served with its cache
    /// under <data dir>/cache/<id>, written through, kept by PATCH, resized
    /// by PATCH (live), drained and removed with the share; bad sizes are
    /// 400 problems, resizing a share without a cache 409.
    @Test func shareWithACache() async throws {
        try await withServer { h in
            let made = try await h.admin("POST", "/api/v1/shares", json: ShareCreate(
                name: "/cached", metadataStore: "default", payloadStore: "default", cache: ShareCache(sizeBytes: 64 << 20),
                rootUid: 1000, rootGid: 100, rootMode: 0o2775))
            #expect(made.status == 201)
            #expect(try made.decode(Share.self).rootMode == 0o2775)
            #expect(try made.decode(Share.self).cache == ShareCache(sizeBytes: 64 << 20, remoteDurable: false))
            let path = "/api/v1/shares/\(seg("/cached"))"
            let plane = h.server.plane
            let spec = try #require(plane.runtime.servedShares.first { $0.name == "/cached" })
            let dir = plane.cacheDirectory(shareID: spec.id)
            #expect(dir == h.dir + "/cache/\(spec.id)")
            let served = try #require(plane.runtime.fileSystem.share(named: "/cached"))
            // The root directory was created with the requested owner and mode.
            let rootAttrs = try plane.runtime.fileSystem.getattr(.root, served.root)
            #expect(rootAttrs.uid == 1000 && rootAttrs.gid == 100 && rootAttrs.mode & 0o7777 == 0o2775)
            #expect(served.cache?.options == CacheOptions(directory: dir, sizeBytes: 64 << 20, remoteDurable: false))
            let fs = plane.runtime.fileSystem
            let fh = try fs.create(.root, dir: served.root, name: Array("f".utf8), mode: .guarded, attributes: SetAttributes()).handle
            _ = try fs.write(.root, fh, offset: 0, data: [UInt8](repeating: 7, count: 300_000), stability: .unstable)
            _ = try fs.commit(.root, fh)
            #expect(FileManager.default.fileExists(atPath: dir + "/journal"))
            // PATCH keeps the cache (and the same cache directory).
            let upd = try await h.admin("PATCH", path, json: ShareUpdate(defaultPermission: .read))
            #expect(try upd.decode(Share.self).cache == ShareCache(sizeBytes: 64 << 20, remoteDurable: false))
            #expect(try await h.admin("GET", path).decode(Share.self).cache?.sizeBytes == 64 << 20)
            // PATCH resizes it and switches durability, live and stored; same directory.
            let resized = try await h.admin("PATCH", path, json: ShareUpdate(cache: ShareCacheUpdate(sizeBytes: 128 << 20, remoteDurable: true)))
            #expect(resized.status == 200, "\(resized.text)")
            #expect(try resized.decode(Share.self).cache == ShareCache(sizeBytes: 128 << 20, remoteDurable: true))
            #expect(served.cache?.sizeBytes == 128 << 20 && served.cache?.remoteDurable == true)
            #expect(served.cache?.options.directory == dir)
            #expect(try await h.admin("PATCH", path, json: ShareUpdate(cache: ShareCacheUpdate(remoteDurable: false)))
                .decode(Share.self).cache == ShareCache(sizeBytes: 128 << 20, remoteDurable: false))
            #expect(served.cache?.remoteDurable == false && served.cache?.sizeBytes == 128 << 20)
            // Too small: 400, nothing changed. A share without a cache: 409.
            let tiny = try await h.admin("PATCH", path, json: ShareUpdate(cache: ShareCacheUpdate(sizeBytes: 1 << 20)))
            #expect(tiny.status == 400 && tiny.problem?.detail?.contains("cache size") == true, "\(tiny.text)")
            #expect(served.cache?.sizeBytes == 128 << 20)
            #expect(try await h.admin("GET", path).decode(Share.self).cache?.sizeBytes == 128 << 20)
            let none = try await h.admin("PATCH", "/api/v1/shares/\(seg("/export"))", json: ShareUpdate(cache: ShareCacheUpdate(sizeBytes: 64 << 20)))
            #expect(none.status == 409 && none.problem?.detail?.contains("has no cache") == true, "\(none.text)")
            // Too small, and a size that is not a number: 400 naming the problem.
            let small = try await h.admin("POST", "/api/v1/shares", json: ShareCreate(
                name: "/small", metadataStore: "default", payloadStore: "default", cache: ShareCache(sizeBytes: 1 << 20)))
            #expect(small.status == 400 && small.problem?.detail?.contains("cache size") == true, "\(small.text)")
            let junk = try await h.request("POST", "/api/v1/shares", token: h.adminToken,
                                           raw: #"{"name":"/j","metadataStore":"default","payloadStore":"default","cache":{"sizeBytes":-1,"remoteDurable":false}}"#)
            #expect(junk.status == 400, "\(junk.text)")
            #expect(try await h.admin("GET", "/api/v1/shares/\(seg("/small"))").status == 404)
            // Delete: the cache is drained into the payload store, then its directory goes.
            #expect(try await h.admin("DELETE", path).status == 204)
            #expect(!FileManager.default.fileExists(atPath: dir))
            #expect(plane.runtime.fileSystem.share(named: "/cached") == nil)
        }
    }

    @Test func storesAreValidatedByOpeningThem() async throws {
        try await withServer { h in
            let ok = try await h.admin("POST", "/api/v1/stores/payload", json: StoreCreate(name: "scratch", type: "memory"))
            #expect(try ok.status == 201 && ok.decode(Store.self).status == "open")
            let rejected = try await h.admin("POST", "/api/v1/stores/payload", json: StoreCreate(name: "bad", type: "memory", config: .object(["bogus_key": .int(1)])))
            #expect(rejected.status == 422)
            #expect(rejected.problem?.detail?.contains("bogus_key") == true, "the plugin's own message: \(rejected.text)")
            #expect(try await h.admin("GET", "/api/v1/stores/payload/bad").status == 404, "a refused store leaves no trace")
            #expect(try await h.admin("POST", "/api/v1/stores/payload", json: StoreCreate(name: "x", type: "nosuch")).status == 404)
            #expect(try await h.admin("POST", "/api/v1/stores/payload", json: StoreCreate(name: "x", type: "memory", config: .array([]))).status == 400)
            #expect(try await h.admin("POST", "/api/v1/stores/payload", json: StoreCreate(name: "../x", type: "memory")).status == 400)
            #expect(try await h.admin("POST", "/api/v1/stores/payload", json: StoreCreate(name: "scratch", type: "memory")).status == 409)
            #expect(try await h.admin("GET", "/api/v1/stores/nonsense").status == 404)
            let inUse = try await h.admin("DELETE", "/api/v1/stores/payload/default")
            #expect(inUse.status == 409 && inUse.problem?.detail?.contains("/export") == true)
            #expect(try await h.admin("DELETE", "/api/v1/stores/payload/scratch").status == 204)
            #expect(try await h.admin("DELETE", "/api/v1/stores/payload/scratch").status == 404)
            // plugins
            let plugins = try await h.admin("GET", "/api/v1/plugins").decode([Plugin].self)
            #expect(Set(plugins.map(\.name)) == ["memory", "nfs"])
            #expect(try await h.admin("POST", "/api/v1/plugins/rescan").status == 200)
        }
    }

    @Test func adaptersEnableDisableLive() async throws {
        try await withServer { h in
            let running = try await h.admin("GET", "/api/v1/adapters/nfs").decode(Adapter.self)
            #expect(running.status == "running")
            let off = try await h.admin("POST", "/api/v1/adapters/nfs/disable").decode(Adapter.self)
            #expect(!off.enabled && off.status == "stopped")
            let on = try await h.admin("POST", "/api/v1/adapters/nfs/enable", json: AdapterConfig(port: 0, bind: "127.0.0.1"))
            #expect(try on.status == 200 && on.decode(Adapter.self).status == "running")
            #expect(try await h.admin("POST", "/api/v1/adapters/smb/enable").status == 404)
            #expect(try await h.admin("PATCH", "/api/v1/adapters/nfs", json: AdapterConfig(port: 70000)).status == 400)
            #expect(try await h.admin("PATCH", "/api/v1/adapters/nfs", json: AdapterConfig(settings: .object(["port": .int(1)]))).status == 400)
            let bogus = try await h.admin("PATCH", "/api/v1/adapters/nfs", json: AdapterConfig(settings: .object(["no_such_setting": .int(1)])))
            #expect(bogus.status == 422, "\(bogus.text)")
            // the adapter is still listed with its state
            let list = try await h.admin("GET", "/api/v1/adapters").decode([Adapter].self)
            #expect(list.map(\.type) == ["nfs"])
        }
    }

    @Test func settingsApplyAndValidate() async throws {
        try await withServer { h in
            let all = try await h.admin("GET", "/api/v1/settings").decode([Setting].self)
            #expect(all.contains { $0.key == "log.level" && $0.value == "info" })
            #expect(try await h.admin("PUT", "/api/v1/settings/log.level", json: SettingValue(value: "debug")).status == 200)
            #expect(try await h.admin("GET", "/api/v1/settings/log.level").decode(Setting.self).value == "debug")
            #expect(try await h.admin("PUT", "/api/v1/settings/log.level", json: SettingValue(value: "loud")).status == 400)
            #expect(try await h.admin("GET", "/api/v1/settings/no.such").status == 404)
            #expect(try await h.admin("PUT", "/api/v1/settings/auth.access_token_ttl", json: SettingValue(value: "5")).status == 400)
        }
    }

    @Test func restartFindsEverythingBack() async throws {
        let h = try await Harness().start()
        do {
            _ = try await h.admin("POST", "/api/v1/users", json: UserCreate(name: "erin", password: "erin-pass-1"))
            _ = try await h.admin("POST", "/api/v1/stores/metadata", json: StoreCreate(name: "m2", type: "memory"))
            _ = try await h.admin("POST", "/api/v1/shares", json: ShareCreate(name: "/two", metadataStore: "m2", payloadStore: "default"))
            _ = try await h.admin("PUT", "/api/v1/shares/\(seg("/two"))/permissions", json: Permission(kind: .user, principal: "erin", level: .read))
            _ = try await h.admin("PUT", "/api/v1/settings/log.level", json: SettingValue(value: "notice"))
            let before = try await h.admin("GET", "/api/v1/shares").decode([Share].self)
            let idBefore = h.server.plane.runtime.servedShares.first { $0.name == "/two" }?.id
            _ = try await h.admin("POST", "/api/v1/adapters/nfs/disable")
            await h.stop()

            try await h.start()   // same directory and database
            #expect(try await h.admin("GET", "/api/v1/shares").decode([Share].self) == before)
            #expect(h.server.plane.runtime.servedShares.first { $0.name == "/two" }?.id == idBefore, "share ids are stable")
            #expect(try await h.login("erin", "erin-pass-1").isEmpty == false)
            #expect(try await h.admin("GET", "/api/v1/settings/log.level").decode(Setting.self).value == "notice")
            #expect(try await h.admin("GET", "/api/v1/adapters/nfs").decode(Adapter.self).status == "stopped", "a disabled adapter stays disabled")
            #expect(h.server.report.firstRun == false)
        } catch {
            await h.finish()
            throw error
        }
        await h.finish()
    }

    @Test func prometheusMetrics() async throws {
        try await withServer { h in
            #expect(h.metricsPort > 0 && h.metricsPort != h.port)
            let r = try await h.request("GET", "http://127.0.0.1:\(h.metricsPort)/metrics")
            #expect(r.status == 200 && r.contentType.hasPrefix("text/plain"))
            #expect(r.text.contains("# TYPE dfs_adapter_up gauge"))
            #expect(r.text.contains("dfs_adapter_up{adapter=\"nfs\"} 1"))
            #expect(r.text.contains("dfs_adapter_connections{adapter=\"nfs\"} 0"))
            _ = try await h.admin("POST", "/api/v1/adapters/nfs/disable")
            let after = try await h.request("GET", "http://127.0.0.1:\(h.metricsPort)/metrics")
            #expect(after.text.contains("dfs_adapter_up{adapter=\"nfs\"} 0"))
        }
    }

    @Test func openAPIDocumentIsServed() async throws {
        try await withServer { h in
            let r = try await h.request("GET", "/api/v1/openapi.json")
            #expect(r.status == 200)
            let doc = try #require(try JSONSerialization.jsonObject(with: r.body) as? [String: Any])
            #expect((doc["openapi"] as? String)?.hasPrefix("3.") == true)
            #expect(try await h.request("GET", "/api/v1/nope").status == 404)
        }
    }
}
