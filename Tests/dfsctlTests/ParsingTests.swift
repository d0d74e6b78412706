import ArgumentParser
import ControlModels
@testable import DFSCtlKit
import Testing

/// Every command parses its valid forms and refuses invalid ones.
@Suite struct ParsingTests {
    func parse<T>(_ args: [String], as: T.Type = T.self) throws -> T {
        let cmd = try DFSCtl.parseAsRoot(args)
        return try #require(cmd as? T, "parsed as \(type(of: cmd))")
    }

    func refused(_ args: [String]) -> Bool {
        do { _ = try DFSCtl.parseAsRoot(args); return false } catch {
            return DFSCtl.exitCode(for: error) != .success
        }
    }

    @Test func login() throws {
        let l = try parse(["login", "--server", "http://h:1", "--username", "u", "--password-stdin", "--context", "lab"], as: Login.self)
        #expect(l.server == "http://h:1" && l.username == "u" && l.passwordStdin && l.context == "lab")
        let bare = try parse(["login"], as: Login.self)
        #expect(bare.server == nil && !bare.passwordStdin)
        #expect(refused(["login", "extra"]))
        #expect(refused(["login", "--server"]))
        #expect(refused(["login", "--password", "x"]))
    }

    @Test func logoutAndContexts() throws {
        #expect(try parse(["logout", "--context", "x"], as: Logout.self).global.context == "x")
        #expect(try parse(["context", "list", "-o", "json"], as: ContextCommand.List.self).out.output == .json)
        #expect(try parse(["context", "use", "lab"], as: ContextCommand.Use.self).name == "lab")
        _ = try parse(["context", "current"], as: ContextCommand.Current.self)
        #expect(try parse(["context", "delete", "lab"], as: ContextCommand.Delete.self).name == "lab")
        #expect(refused(["context", "use"]))
        #expect(refused(["context", "frobnicate"]))
        #expect(refused(["context", "list", "-o", "xml"]))
    }

    @Test func users() throws {
        let c = try parse(["user", "create", "alice", "--uid", "1001", "--gid", "100", "--group", "a", "--group", "b",
                           "--email", "a@x", "--role", "admin", "--password-stdin", "-o", "yaml"], as: UserCommand.Create.self)
        #expect(c.name == "alice" && c.uid == 1001 && c.gid == 100 && c.groups == ["a", "b"] && c.role == .admin && c.passwordStdin)
        #expect(c.out.output == .yaml)
        #expect(try parse(["user", "list"], as: UserCommand.List.self).out.output == .table)
        #expect(try parse(["user", "get"], as: UserCommand.Get.self).name == nil)
        #expect(try parse(["user", "get", "bob", "--context", "c"], as: UserCommand.Get.self).global.context == "c")
        let u = try parse(["user", "update", "alice", "--password-stdin"], as: UserCommand.Update.self)
        #expect(u.passwordStdin && u.uid == nil)
        #expect(try parse(["user", "update", "alice", "--no-groups"], as: UserCommand.Update.self).noGroups)
        #expect(try parse(["user", "delete", "alice"], as: UserCommand.Delete.self).name == "alice")
        #expect(try parse(["user", "passwd", "--password-stdin"], as: UserCommand.Passwd.self).passwordStdin)
        #expect(refused(["user", "create"]))
        #expect(refused(["user", "create", "a", "--uid", "-1"]))
        #expect(refused(["user", "create", "a", "--uid", "x"]))
        #expect(refused(["user", "create", "a", "--role", "root"]))
        #expect(refused(["user", "update", "alice"]))  // nothing to change
        #expect(refused(["user", "update", "alice", "--group", "a", "--no-groups"]))
        #expect(refused(["user", "update", "alice", "--password", "--password-stdin"]))
        #expect(refused(["user", "delete"]))
        #expect(refused(["user", "passwd", "bob"]))
    }

    @Test func groups() throws {
        #expect(try parse(["group", "create", "staff", "--gid", "100"], as: GroupCommand.Create.self).gid == 100)
        _ = try parse(["group", "list", "-o", "json"], as: GroupCommand.List.self)
        _ = try parse(["group", "get", "staff"], as: GroupCommand.Get.self)
        #expect(try parse(["group", "update", "staff", "--gid", "7"], as: GroupCommand.Update.self).gid == 7)
        _ = try parse(["group", "delete", "staff"], as: GroupCommand.Delete.self)
        let a = try parse(["group", "add-member", "staff", "alice"], as: GroupCommand.AddMember.self)
        #expect(a.group == "staff" && a.user == "alice")
        _ = try parse(["group", "remove-member", "staff", "alice"], as: GroupCommand.RemoveMember.self)
        #expect(refused(["group", "update", "staff"]))
        #expect(refused(["group", "add-member", "staff"]))
        #expect(refused(["group", "create", "g", "--gid", "4294967296"]))
    }

    @Test func shares() throws {
        let c = try parse(["share", "create", "/export", "--metadata-store", "m", "--payload-store", "p", "--read-only",
                           "--squash", "all", "--anon-uid", "1", "--anon-gid", "2", "--allow-client", "10.0.0.0/8",
                           "--allow-client", "127.0.0.1", "--require-privileged-port", "--default-permission", "read"],
                          as: ShareCommand.Create.self)
        #expect(c.name == "/export" && c.metadataStore == "m" && c.payloadStore == "p")
        #expect(c.policy.readOnly == true && c.policy.squash == .all && c.policy.anonUid == 1 && c.policy.anonGid == 2)
        #expect(c.policy.allowClients == ["10.0.0.0/8", "127.0.0.1"] && c.policy.requirePrivilegedPort == true)
        #expect(c.policy.defaultPermission == .read)
        let plain = try parse(["share", "create", "/e", "--metadata-store", "m", "--payload-store", "p"], as: ShareCommand.Create.self)
        #expect(plain.policy.readOnly == nil && plain.policy.squash == nil && plain.cacheSize == nil && !plain.remoteDurable)
        let cached = try parse(["share", "create", "/e", "--metadata-store", "m", "--payload-store", "p", "--cache-size", "20g",
                                "--remote-durable"], as: ShareCommand.Create.self)
        #expect(cached.cacheSize == "20g" && cached.remoteDurable)
        #expect(try parse(["share", "create", "/e", "--metadata-store", "m", "--payload-store", "p", "--cache-size", "64M",
                           "--cache-remote-durable"], as: ShareCommand.Create.self).remoteDurable)
        #expect(refused(["share", "create", "/e", "--metadata-store", "m", "--payload-store", "p", "--cache-size", "lots"]))
        #expect(refused(["share", "create", "/e", "--metadata-store", "m", "--payload-store", "p", "--cache-size", "0"]))
        #expect(refused(["share", "create", "/e", "--metadata-store", "m", "--payload-store", "p", "--remote-durable"]))
        let resize = try parse(["share", "update", "/e", "--cache-size", "1G", "--no-remote-durable"], as: ShareCommand.Update.self)
        #expect(resize.cacheSize == "1G" && resize.remoteDurable == false)
        #expect(try parse(["share", "update", "/e", "--remote-durable"], as: ShareCommand.Update.self).remoteDurable == true)
        #expect(refused(["share", "update", "/e", "--cache-size", "lots"]))
        #expect(refused(["share", "update", "/e"]))  // nothing to change
        let owned = try parse(["share", "create", "/e", "--metadata-store", "m", "--payload-store", "p", "--root-owner", "1000:50",
                               "--root-mode", "2775"], as: ShareCommand.Create.self)
        #expect(owned.rootOwner == "1000:50" && owned.rootMode == "2775")
        #expect(ShareCommand.Create.owner("1000:50")! == (1000, 50) && ShareCommand.Create.owner("7")! == (7, 7))
        #expect(ShareCommand.Create.mode("2775") == 0o2775 && ShareCommand.Create.mode("0") == 0 && ShareCommand.Create.mode("07777") == 0o7777)
        for bad in ["x", "1000:", ":5", "1:2:3", "-1", "4294967296"] {
            #expect(refused(["share", "create", "/e", "--metadata-store", "m", "--payload-store", "p", "--root-owner", bad]), "\(bad)")
        }
        for bad in ["8", "10000", "rwx", "", "-7"] {
            #expect(refused(["share", "create", "/e", "--metadata-store", "m", "--payload-store", "p", "--root-mode", bad]), "\(bad)")
        }
        let u = try parse(["share", "update", "/e", "--no-read-only", "--no-require-privileged-port"], as: ShareCommand.Update.self)
        #expect(u.policy.readOnly == false && u.policy.requirePrivilegedPort == false)
        #expect(try parse(["share", "update", "/e", "--any-client"], as: ShareCommand.Update.self).anyClient)
        _ = try parse(["share", "list"], as: ShareCommand.List.self)
        _ = try parse(["share", "get", "/e", "-o", "yaml"], as: ShareCommand.Get.self)
        _ = try parse(["share", "delete", "/e"], as: ShareCommand.Delete.self)
        #expect(refused(["share", "create", "/e", "--metadata-store", "m"]))
        #expect(refused(["share", "create", "/e", "--metadata-store", "m", "--payload-store", "p", "--squash", "some"]))
        #expect(refused(["share", "create", "/e", "--metadata-store", "m", "--payload-store", "p", "--default-permission", "rw"]))
        #expect(refused(["share", "update", "/e"]))
        #expect(refused(["share", "update", "/e", "--any-client", "--allow-client", "1.2.3.4"]))
        #expect(refused(["share", "update", "/e", "--metadata-store", "x"]))
    }

    @Test func permissions() throws {
        let g = try parse(["share", "permission", "grant", "/export", "--user", "alice", "--level", "read-write"],
                          as: PermissionCommand.Grant.self)
        #expect(g.share == "/export" && g.principal.kind == .user && g.principal.name == "alice" && g.level == .readWrite)
        let r = try parse(["share", "permission", "revoke", "/export", "--group", "staff"], as: PermissionCommand.Revoke.self)
        #expect(r.principal.kind == .group && r.principal.name == "staff")
        _ = try parse(["share", "permission", "list", "/export"], as: PermissionCommand.List.self)
        #expect(refused(["share", "permission", "grant", "/export", "--level", "read"]))
        #expect(refused(["share", "permission", "grant", "/export", "--user", "a", "--group", "b", "--level", "read"]))
        #expect(refused(["share", "permission", "grant", "/export", "--user", "a"]))
        #expect(refused(["share", "permission", "grant", "/export", "--user", "a", "--level", "write"]))
        #expect(refused(["share", "permission", "revoke", "/export"]))
    }

    @Test func stores() throws {
        let m = try parse(["store", "metadata", "add", "meta", "--type", "badgerlike", "--config", "{\"path\":\"/x\"}"],
                          as: StoreAdd<MetadataTag>.self)
        #expect(m.name == "meta" && m.type == "badgerlike" && m.config == "{\"path\":\"/x\"}")
        let p = try parse(["store", "payload", "add", "b", "--type", "fs", "--config-file", "f.json"], as: StoreAdd<PayloadTag>.self)
        #expect(p.configFile == "f.json")
        _ = try parse(["store", "metadata", "list", "-o", "json"], as: StoreList<MetadataTag>.self)
        _ = try parse(["store", "payload", "get", "b"], as: StoreGet<PayloadTag>.self)
        _ = try parse(["store", "payload", "remove", "b"], as: StoreRemove<PayloadTag>.self)
        #expect(refused(["store", "metadata", "add", "meta"]))
        #expect(refused(["store", "metadata", "add", "m", "--type", "t", "--config", "{}", "--config-file", "f"]))
        #expect(refused(["store", "cache", "list"]))
        #expect(refused(["store", "payload", "remove"]))
    }

    @Test func adapters() throws {
        let e = try parse(["adapter", "enable", "nfs", "--port", "12049", "--bind", "127.0.0.1", "--setting", "workers=4",
                           "--setting", "name=x"], as: AdapterCommand.Enable.self)
        #expect(e.type == "nfs" && e.options.port == 12049 && e.options.bind == "127.0.0.1" && e.options.settings == ["workers=4", "name=x"])
        _ = try parse(["adapter", "enable", "nfs"], as: AdapterCommand.Enable.self)
        _ = try parse(["adapter", "disable", "nfs"], as: AdapterCommand.Disable.self)
        _ = try parse(["adapter", "update", "nfs", "--port", "2049"], as: AdapterCommand.Update.self)
        _ = try parse(["adapter", "list", "-o", "yaml"], as: AdapterCommand.List.self)
        _ = try parse(["adapter", "get", "nfs"], as: AdapterCommand.Get.self)
        #expect(refused(["adapter", "update", "nfs"]))
        #expect(refused(["adapter", "enable", "nfs", "--port", "70000"]))
        #expect(refused(["adapter", "enable"]))
    }

    @Test func pluginsSettingsStatusCompletion() throws {
        _ = try parse(["plugin", "list"], as: PluginCommand.List.self)
        _ = try parse(["plugin", "rescan", "-o", "json"], as: PluginCommand.Rescan.self)
        _ = try parse(["settings", "list"], as: SettingsCommand.List.self)
        #expect(try parse(["settings", "get", "k"], as: SettingsCommand.Get.self).key == "k")
        let s = try parse(["settings", "set", "k", "v"], as: SettingsCommand.Set.self)
        #expect(s.key == "k" && s.value == "v")
        #expect(try parse(["status", "--output", "json"], as: StatusCommand.self).out.output == .json)
        #expect(try parse(["completion", "zsh"], as: CompletionCommand.self).shell == .zsh)
        #expect(refused(["settings", "set", "k"]))
        #expect(refused(["status", "extra"]))
        #expect(refused(["completion", "powershell"]))
        #expect(refused(["plugin", "load"]))
        #expect(refused(["nonsense"]))
    }
}
