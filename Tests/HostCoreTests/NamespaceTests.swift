import HostCore
import HostPlugins
import PluginABI
import Testing

@Suite struct CreateTests {
    @Test func createLookupGetattr() throws {
        let f = try Fixture()
        let before = try f.attr(f.root)
        let r = try f.fs.create(user1, dir: f.root, name: b("a.txt"), attributes: SetAttributes(mode: 0o640))
        #expect(r.attributes.type == .regular)
        #expect(r.attributes.mode == 0o640)
        #expect(r.attributes.uid == 1000 && r.attributes.gid == 1000)
        #expect(r.attributes.nlink == 1 && r.attributes.size == 0)
        #expect(r.attributes.atime == r.attributes.mtime && r.attributes.ctime == r.attributes.btime)
        #expect(r.dir.before == PreAttributes(size: before.size, mtime: before.mtime, ctime: before.ctime))
        let dirAfter = try #require(r.dir.after)
        #expect(dirAfter.mtime >= before.mtime && dirAfter.change > before.change)
        #expect(dirAfter.mtime == r.attributes.ctime)
        let l = try f.fs.lookup(user2, dir: f.root, name: b("a.txt"))
        #expect(l.handle == r.handle)
        #expect(l.attributes == r.attributes)
        #expect(l.dir.before == nil && l.dir.after == dirAfter)
        expectStatus(.noent) { _ = try f.fs.lookup(.root, dir: f.root, name: b("missing")) }
        expectStatus(.notDir) { _ = try f.fs.lookup(.root, dir: r.handle, name: b("x")) }
    }

    @Test func createModes() throws {
        let f = try Fixture()
        let fh = try f.file("f", data: pattern(5000))
        expectStatus(.exist) { _ = try f.fs.create(.root, dir: f.root, name: b("f"), mode: .guarded) }
        // UNCHECKED: same file, size applied.
        let u = try f.fs.create(.root, dir: f.root, name: b("f"), mode: .unchecked, attributes: SetAttributes(size: 0))
        #expect(u.handle == fh && u.attributes.size == 0)
        #expect(try f.blockKeys(fh).isEmpty)
        // UNCHECKED over a directory fails.
        try f.dir("d")
        expectStatus(.exist) { _ = try f.fs.create(.root, dir: f.root, name: b("d"), mode: .unchecked) }
        // EXCLUSIVE: a retransmission finds its file, another verifier does not.
        let e1 = try f.fs.create(.root, dir: f.root, name: b("x"), mode: .exclusive(verifier: 0x1122_3344_5566_7788))
        let e2 = try f.fs.create(.root, dir: f.root, name: b("x"), mode: .exclusive(verifier: 0x1122_3344_5566_7788))
        #expect(e1.handle == e2.handle)
        expectStatus(.exist) { _ = try f.fs.create(.root, dir: f.root, name: b("x"), mode: .exclusive(verifier: 1)) }
        // After the client sets its times the verifier no longer matches.
        _ = try f.fs.setattr(.root, e1.handle, SetAttributes(atime: .now, mtime: .now))
        expectStatus(.exist) { _ = try f.fs.create(.root, dir: f.root, name: b("x"), mode: .exclusive(verifier: 0x1122_3344_5566_7788)) }
    }

    @Test func badNames() throws {
        let f = try Fixture()
        expectStatus(.exist) { _ = try f.fs.create(.root, dir: f.root, name: b(".")) }
        expectStatus(.exist) { _ = try f.fs.mkdir(.root, dir: f.root, name: b("..")) }
        expectStatus(.inval) { _ = try f.fs.create(.root, dir: f.root, name: b("a/b")) }
        expectStatus(.inval) { _ = try f.fs.create(.root, dir: f.root, name: []) }
        expectStatus(.nameTooLong) { _ = try f.fs.create(.root, dir: f.root, name: [UInt8](repeating: 0x61, count: 256)) }
        let long = [UInt8](repeating: 0x62, count: 255)
        let fh = try f.fs.create(.root, dir: f.root, name: long).handle
        #expect(try f.fs.lookup(.root, dir: f.root, name: long).handle == fh)
        let binary: [UInt8] = [0xFF, 0x01, 0x80, 0x7F]
        _ = try f.fs.create(.root, dir: f.root, name: binary)
        #expect(try f.fs.readdir(.root, dir: f.root).entries.contains { $0.name == binary })
    }

    @Test func setgidDirectoryPassesGroupOn() throws {
        let f = try Fixture()
        let d = try f.dir("shared", mode: 0o2777)
        _ = try f.fs.setattr(.root, d, SetAttributes(gid: 50))
        let file = try f.fs.create(user2, dir: d, name: b("f")).attributes
        #expect(file.gid == 50 && file.uid == 2000)
        let sub = try f.fs.mkdir(user2, dir: d, name: b("sub")).attributes
        #expect(sub.gid == 50 && sub.mode & Permissions.setGID != 0)
    }

    @Test func ownershipInCreateAttributes() throws {
        let f = try Fixture()
        expectStatus(.perm) { _ = try f.fs.create(user1, dir: f.root, name: b("x"), attributes: SetAttributes(uid: 5)) }
        expectStatus(.perm) { _ = try f.fs.create(user1, dir: f.root, name: b("y"), attributes: SetAttributes(gid: 5)) }
        let ok = try f.fs.create(user1, dir: f.root, name: b("z"), attributes: SetAttributes(gid: 50)).attributes
        #expect(ok.gid == 50)
        let byRoot = try f.fs.create(.root, dir: f.root, name: b("w"), attributes: SetAttributes(uid: 5, gid: 6)).attributes
        #expect(byRoot.uid == 5 && byRoot.gid == 6)
    }
}

@Suite struct DirectoryTests {
    @Test func mkdirRmdirLinkCounts() throws {
        let f = try Fixture()
        let a = try f.dir("a")
        #expect(try f.attr(f.root).nlink == 3)
        #expect(try f.attr(a).nlink == 2)
        let b1 = try f.dir("b", in: a)
        try f.dir("c", in: a)
        #expect(try f.attr(a).nlink == 4)
        #expect(try f.fs.lookup(.root, dir: b1, name: b("..")).handle == a)
        try f.file("file", in: b1)
        expectStatus(.notEmpty) { _ = try f.fs.rmdir(.root, dir: a, name: b("b")) }
        expectStatus(.notDir) { _ = try f.fs.rmdir(.root, dir: b1, name: b("file")) }
        expectStatus(.isDir) { _ = try f.fs.remove(.root, dir: a, name: b("b")) }
        expectStatus(.inval) { _ = try f.fs.rmdir(.root, dir: a, name: b(".")) }
        expectStatus(.notEmpty) { _ = try f.fs.rmdir(.root, dir: a, name: b("..")) }
        expectStatus(.isDir) { _ = try f.fs.remove(.root, dir: a, name: b(".")) }
        expectStatus(.noent) { _ = try f.fs.rmdir(.root, dir: a, name: b("nope")) }
        expectStatus(.exist) { _ = try f.fs.mkdir(.root, dir: a, name: b("c")) }
        _ = try f.fs.remove(.root, dir: b1, name: b("file"))
        let w = try f.fs.rmdir(.root, dir: a, name: b("b"))
        #expect(w.after?.nlink == 3)
        #expect(try f.attr(a).nlink == 3)
        expectStatus(.stale) { _ = try f.attr(b1) }
    }

    @Test func hardLinks() throws {
        let f = try Fixture()
        let fh = try f.file("one", data: pattern(9000))
        let d = try f.dir("d")
        let l = try f.fs.link(.root, fh, dir: d, name: b("two"))
        #expect(l.attributes.nlink == 2)
        #expect(try f.lookup("two", in: d) == fh)
        expectStatus(.exist) { _ = try f.fs.link(.root, fh, dir: d, name: b("two")) }
        expectStatus(.perm) { _ = try f.fs.link(.root, d, dir: f.root, name: b("dirlink")) }
        expectStatus(.exist) { _ = try f.fs.link(.root, fh, dir: d, name: b(".")) }
        _ = try f.fs.remove(.root, dir: f.root, name: b("one"))
        #expect(try f.attr(fh).nlink == 1)
        #expect(try f.read(fh) == pattern(9000))
        #expect(try !f.blockKeys(fh).isEmpty)
        _ = try f.fs.remove(.root, dir: d, name: b("two"))
        expectStatus(.stale) { _ = try f.attr(fh) }
        #expect(try f.blockKeys(fh).isEmpty)
    }

    @Test func symlinks() throws {
        let f = try Fixture()
        let target = b("../some/where else")
        let r = try f.fs.symlink(user1, dir: f.root, name: b("ln"), target: target)
        #expect(r.attributes.type == .symlink)
        #expect(r.attributes.size == UInt64(target.count))
        #expect(r.attributes.mode == 0o777)
        #expect(try f.fs.readlink(user2, r.handle).target == target)
        let file = try f.file("plain")
        expectStatus(.inval) { _ = try f.fs.readlink(.root, file) }
        expectStatus(.inval) { _ = try f.fs.symlink(.root, dir: f.root, name: b("e"), target: []) }
        expectStatus(.nameTooLong) { _ = try f.fs.symlink(.root, dir: f.root, name: b("l"), target: [UInt8](repeating: 0x61, count: 4097)) }
        let long = [UInt8](repeating: 0x61, count: 4096)
        let lr = try f.fs.symlink(.root, dir: f.root, name: b("long"), target: long)
        #expect(try f.fs.readlink(.root, lr.handle).target == long)
        expectStatus(.inval) { _ = try f.fs.read(.root, r.handle, offset: 0, count: 10) }
        _ = try f.fs.remove(.root, dir: f.root, name: b("ln"))
        expectStatus(.stale) { _ = try f.fs.readlink(.root, r.handle) }
    }

    @Test func mknod() throws {
        let f = try Fixture()
        let fifo = try f.fs.mknod(user1, dir: f.root, name: b("fifo"), type: .fifo)
        #expect(fifo.attributes.type == .fifo && fifo.attributes.rdev == 0)
        let sock = try f.fs.mknod(user1, dir: f.root, name: b("sock"), type: .socket, attributes: SetAttributes(mode: 0o600))
        #expect(sock.attributes.type == .socket && sock.attributes.mode == 0o600)
        expectStatus(.perm) { _ = try f.fs.mknod(user1, dir: f.root, name: b("chr"), type: .charDevice, rdev: 1 << 32 | 3) }
        let chr = try f.fs.mknod(.root, dir: f.root, name: b("chr"), type: .charDevice, rdev: 1 << 32 | 3)
        #expect(chr.attributes.type == .charDevice && chr.attributes.rdev == 1 << 32 | 3)
        let blk = try f.fs.mknod(.root, dir: f.root, name: b("blk"), type: .blockDevice, rdev: 8 << 32 | 1)
        #expect(blk.attributes.type == .blockDevice && blk.attributes.rdev == 8 << 32 | 1)
        expectStatus(.inval) { _ = try f.fs.mknod(.root, dir: f.root, name: b("reg"), type: .regular) }
        expectStatus(.inval) { _ = try f.fs.mknod(.root, dir: f.root, name: b("dir"), type: .directory) }
        expectStatus(.noDevice) { _ = try f.fs.read(.root, chr.handle, offset: 0, count: 1) }
        expectStatus(.noDevice) { _ = try f.fs.write(.root, fifo.handle, offset: 0, data: [1]) }
        let types = try f.fs.readdir(.root, dir: f.root).entries.reduce(into: [String: FileType]()) { $0[$1.nameString] = $1.type }
        #expect(types["fifo"] == .fifo && types["sock"] == .socket && types["chr"] == .charDevice && types["blk"] == .blockDevice)
    }
}
