@testable import DFSCtlKit
import Foundation
import Testing

@Suite struct ContextStoreTests {
    func mode(_ path: String) -> Int {
        var st = stat()
        return stat(path, &st) == 0 ? Int(st.st_mode & 0o777) : -1
    }

    @Test func missingFileIsEmpty() throws {
        let d = TempDir()
        #expect(try ContextStore(path: d.path + "/none/config.json").load() == ContextsConfig())
    }

    @Test func savesWithMode0600InA0700Directory() throws {
        let d = TempDir()
        let path = d.path + "/a/b/config.json"
        let store = ContextStore(path: path)
        let cfg = ContextsConfig(current: "x", contexts: ["x": Context(server: "http://h:1", username: "u", role: .admin, accessToken: "t", refreshToken: "r")])
        try store.save(cfg)
        #expect(mode(path) == 0o600)
        #expect(mode(d.path + "/a/b") == 0o700)
        #expect(mode(d.path + "/a") == 0o700)
        #expect(try store.load() == cfg)
    }

    @Test func rewriteIsAtomicAndTightensMode() throws {
        let d = TempDir()
        let path = d.path + "/config.json"
        // A pre-existing, too-open file.
        try Data("{\"contexts\":{}}".utf8).write(to: URL(fileURLWithPath: path))
        chmod(path, 0o644)
        var st = stat(); stat(path, &st)
        let oldInode = st.st_ino
        let store = ContextStore(path: path)
        try store.save(ContextsConfig(current: "a", contexts: ["a": Context(server: "http://a:1")]))
        stat(path, &st)
        // Replaced by rename: a new inode, mode 0600, and no temporary file left.
        #expect(st.st_ino != oldInode)
        #expect(mode(path) == 0o600)
        #expect(try FileManager.default.contentsOfDirectory(atPath: d.path) == ["config.json"])
    }

    @Test func severalContexts() throws {
        let d = TempDir()
        let store = ContextStore(path: d.path + "/c.json")
        var cfg = ContextsConfig(current: "prod", contexts: [
            "prod": Context(server: "http://prod:8080", username: "admin", role: .admin, accessToken: "a", refreshToken: "b"),
            "lab": Context(server: "https://lab:443", username: "me", role: .user),
        ])
        try store.save(cfg)
        cfg.current = "lab"
        try store.save(cfg)
        let back = try store.load()
        #expect(back.current == "lab")
        #expect(back.contexts.count == 2)
        #expect(back.contexts["lab"]?.credentials == nil)
        #expect(back.contexts["prod"]?.credentials == Credentials(accessToken: "a", refreshToken: "b"))
    }

    @Test(arguments: ["{not json", "[]", "{\"contexts\":{\"a\":{\"username\":\"x\"}}}", ""])
    func corruptFileIsAClearError(_ text: String) throws {
        let d = TempDir()
        let path = d.path + "/config.json"
        try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        do {
            _ = try ContextStore(path: path).load()
            Issue.record("expected an error")
        } catch let e as CtlError {
            #expect(e.kind == .config)
            #expect(e.exitCode == 6)
            #expect(e.message.hasPrefix("the contexts file \(path) is not valid"))
            #expect(e.message.hasSuffix("fix it, or remove it and log in again"))
        }
    }

    @Test func unwritableDirectoryIsAClearError() throws {
        let d = TempDir()
        try Data().write(to: URL(fileURLWithPath: d.path + "/file"))
        #expect(throws: CtlError(.config, "cannot write the contexts file: \(d.path)/file is not a directory")) {
            try ContextStore(path: d.path + "/file/config.json").save(ContextsConfig())
        }
    }

    @Test func defaultPath() {
        #expect(ContextStore.defaultPath(environment: ["HOME": "/home/u"]) == "/home/u/.config/dfsctl/config.json")
        #expect(ContextStore.defaultPath(environment: ["HOME": "/home/u", "DFSCTL_CONFIG": "/etc/x.json"]) == "/etc/x.json")
    }
}
