import HostCore
import HostPlugins
import Testing

@Suite struct RenameTests {
    @Test func renameWithinAndAcrossDirectories() throws {
        let f = try Fixture()
        let fh = try f.file("a", data: pattern(100))
        let d = try f.dir("d")
        let r = try f.fs.rename(.root, from: f.root, b("a"), to: f.root, b("b"))
        #expect(r.fromDir == r.toDir)
        #expect(try f.lookup("b") == fh)
        expectStatus(.noent) { _ = try f.lookup("a") }
        let before = try f.attr(fh).ctime
        let r2 = try f.fs.rename(.root, from: f.root, b("b"), to: d, b("c"))
        #expect(r2.fromDir.after?.fileid == f.root.ino && r2.toDir.after?.fileid == d.ino)
        #expect(try f.lookup("c", in: d) == fh)
        #expect(try f.attr(fh).ctime >= before)
        #expect(try f.read(fh) == pattern(100))
        expectStatus(.noent) { _ = try f.fs.rename(.root, from: f.root, b("zz"), to: f.root, b("yy")) }
    }

    @Test func replaceFileDropsOldTarget() throws {
        let f = try Fixture()
        let src = try f.file("src", data: pattern(10, seed: 1))
        let old = try f.file("dst", data: pattern(10000, seed: 2))
        #expect(try !f.blockKeys(old).isEmpty)
        _ = try f.fs.rename(.root, from: f.root, b("src"), to: f.root, b("dst"))
        #expect(try f.lookup("dst") == src)
        expectStatus(.stale) { _ = try f.attr(old) }
        #expect(try f.blockKeys(old).isEmpty)
        #expect(try f.names() == ["dst"])
        // A target with another link keeps living, one link fewer.
        let keep = try f.file("keep")
        _ = try f.fs.link(.root, keep, dir: f.root, name: b("keep2"))
        _ = try f.fs.rename(.root, from: f.root, b("dst"), to: f.root, b("keep"))
        #expect(try f.attr(keep).nlink == 1)
        #expect(try f.lookup("keep") == src)
    }

    @Test func directoryRules() throws {
        let f = try Fixture()
        let a = try f.dir("a")
        let sub = try f.dir("sub", in: a)
        try f.dir("empty")
        let full = try f.dir("full")
        try f.file("x", in: full)
        try f.file("file")
        expectStatus(.notEmpty) { _ = try f.fs.rename(.root, from: f.root, b("a"), to: f.root, b("full")) }
        expectStatus(.isDir) { _ = try f.fs.rename(.root, from: f.root, b("file"), to: f.root, b("empty")) }
        expectStatus(.notDir) { _ = try f.fs.rename(.root, from: f.root, b("a"), to: f.root, b("file")) }
        expectStatus(.inval) { _ = try f.fs.rename(.root, from: f.root, b("a"), to: sub, b("loop")) }
        expectStatus(.inval) { _ = try f.fs.rename(.root, from: f.root, b("a"), to: a, b("self")) }
        expectStatus(.inval) { _ = try f.fs.rename(.root, from: f.root, b("."), to: f.root, b("x")) }
        expectStatus(.inval) { _ = try f.fs.rename(.root, from: f.root, b("a"), to: f.root, b("..")) }
        // Directory over an empty directory.
        let rootLinks = try f.attr(f.root).nlink
        _ = try f.fs.rename(.root, from: f.root, b("a"), to: f.root, b("empty"))
        #expect(try f.lookup("empty") == a)
        #expect(try f.attr(f.root).nlink == rootLinks - 1)
        // Move to another parent: "..", parent link counts.
        let before = (root: try f.attr(f.root).nlink, full: try f.attr(full).nlink)
        _ = try f.fs.rename(.root, from: f.root, b("empty"), to: full, b("moved"))
        #expect(try f.fs.lookup(.root, dir: a, name: b("..")).handle == full)
        #expect(try f.attr(f.root).nlink == before.root - 1)
        #expect(try f.attr(full).nlink == before.full + 1)
        #expect(try f.fs.lookup(.root, dir: sub, name: b("..")).handle == a)
    }

    @Test func renameOntoItselfIsANoOp() throws {
        let f = try Fixture()
        let fh = try f.file("same")
        _ = try f.fs.link(.root, fh, dir: f.root, name: b("alias"))
        let change = try f.attr(fh).change
        _ = try f.fs.rename(.root, from: f.root, b("same"), to: f.root, b("same"))
        _ = try f.fs.rename(.root, from: f.root, b("same"), to: f.root, b("alias"))
        #expect(Set(try f.names()) == ["same", "alias"])
        #expect(try f.attr(fh).nlink == 2)
        #expect(try f.attr(fh).change == change)
    }

    @Test func crossShare() throws {
        let f = try Fixture()
        let other = try f.fs.addShare(name: "other", id: 99, metadata: f.meta, payload: f.payload)
        let fh = try f.file("x")
        expectStatus(.crossDevice) { _ = try f.fs.rename(.root, from: f.root, b("x"), to: other.root, b("x")) }
        expectStatus(.crossDevice) { _ = try f.fs.link(.root, fh, dir: other.root, name: b("x")) }
    }

    @Test func stickyDirectory() throws {
        let f = try Fixture()
        let tmp = try f.dir("tmp", mode: 0o1777)
        try f.file("mine", in: tmp, as: user1)
        try f.file("theirs", in: tmp, as: user2)
        expectStatus(.perm) { _ = try f.fs.rename(user1, from: tmp, b("theirs"), to: tmp, b("stolen")) }
        expectStatus(.perm) { _ = try f.fs.rename(user1, from: tmp, b("mine"), to: tmp, b("theirs")) }
        _ = try f.fs.rename(user1, from: tmp, b("mine"), to: tmp, b("mine2"))
        expectStatus(.perm) { _ = try f.fs.remove(user1, dir: tmp, name: b("theirs")) }
        _ = try f.fs.remove(user2, dir: tmp, name: b("theirs"))
        _ = try f.fs.remove(.root, dir: tmp, name: b("mine2"))
    }

    @Test func movingADirectoryNeedsWriteOnIt() throws {
        let f = try Fixture()
        let a = try f.dir("a", as: user1, mode: 0o777)
        let b2 = try f.dir("b", as: user1, mode: 0o777)
        try f.dir("locked", in: a, as: user2, mode: 0o555)
        expectStatus(.access) { _ = try f.fs.rename(user1, from: a, b("locked"), to: b2, b("locked")) }
        _ = try f.fs.rename(user1, from: a, b("locked"), to: a, b("renamed"))
        expectStatus(.access) { _ = try f.fs.rename(user2, from: a, b("renamed"), to: b2, b("x")) }
        _ = try f.fs.rename(.root, from: a, b("renamed"), to: b2, b("x"))
    }
}
