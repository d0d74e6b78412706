import HostCore
import HostPlugins
import Testing

@Suite struct PermissionScenarioTests {
    @Test func directoryPermissions() throws {
        let f = try Fixture()
        let home = try f.dir("home", as: user1, mode: 0o755)
        try f.file("pub", in: home, as: user1)
        expectStatus(.access) { _ = try f.fs.create(user2, dir: home, name: b("intruder")) }
        expectStatus(.access) { _ = try f.fs.mkdir(user2, dir: home, name: b("intruder")) }
        expectStatus(.access) { _ = try f.fs.remove(user2, dir: home, name: b("pub")) }
        _ = try f.fs.lookup(user2, dir: home, name: b("pub"))
        let priv = try f.dir("priv", in: home, as: user1, mode: 0o700)
        try f.file("s", in: priv, as: user1)
        expectStatus(.access) { _ = try f.fs.lookup(user2, dir: priv, name: b("s")) }
        expectStatus(.access) { _ = try f.fs.lookup(user2, dir: priv, name: b("..")) }
        _ = try f.fs.lookup(.root, dir: priv, name: b("s"))
        // Group access through a supplementary group (user1 is in 50).
        let team = try f.dir("team", mode: 0o770)
        _ = try f.fs.setattr(.root, team, SetAttributes(gid: 50))
        _ = try f.fs.create(user1, dir: team, name: b("ok"))
        _ = try f.fs.create(user3, dir: team, name: b("ok3"))
        expectStatus(.access) { _ = try f.fs.create(user2, dir: team, name: b("no")) }
    }

    @Test func chmodChownRules() throws {
        let f = try Fixture()
        let fh = try f.file("f", as: user1, mode: 0o644)
        expectStatus(.perm) { _ = try f.fs.setattr(user2, fh, SetAttributes(mode: 0o777)) }
        expectStatus(.perm) { _ = try f.fs.setattr(user1, fh, SetAttributes(uid: 2000)) }
        expectStatus(.perm) { _ = try f.fs.setattr(user1, fh, SetAttributes(gid: 2000)) }
        _ = try f.fs.setattr(user1, fh, SetAttributes(gid: 50))
        #expect(try f.attr(fh).gid == 50)
        _ = try f.fs.setattr(user1, fh, SetAttributes(mode: 0o2755))
        #expect(try f.attr(fh).mode == 0o2755)
        _ = try f.fs.setattr(.root, fh, SetAttributes(uid: 2000, gid: 2000))
        let a = try f.attr(fh)
        #expect(a.uid == 2000 && a.gid == 2000 && a.mode == 0o0755)
        let w = try f.fs.setattr(user2, fh, SetAttributes(mode: 0o2700))
        #expect(w.after?.mode == 0o2700) // user2 is in group 2000
        let other = try f.file("g", as: user1)
        _ = try f.fs.setattr(Credentials(uid: 1000, gid: 1000), other, SetAttributes(mode: 0o2644))
        #expect(try f.attr(other).mode == 0o2644) // member of the file's group 1000
        _ = try f.fs.setattr(.root, other, SetAttributes(gid: 77))
        _ = try f.fs.setattr(user1, other, SetAttributes(mode: 0o2644))
        #expect(try f.attr(other).mode == 0o0644) // not a member of 77: setgid dropped
    }

    @Test func ctimeGuard() throws {
        let f = try Fixture()
        let fh = try f.file("g")
        let ctime = try f.attr(fh).ctime
        expectStatus(.busy) { _ = try f.fs.setattr(.root, fh, SetAttributes(mode: 0o600), guardCtime: Timespec(sec: 1)) }
        expectStatus(.busy) { _ = try f.fs.setattr(.root, fh, SetAttributes(size: 5), guardCtime: Timespec(sec: 1)) }
        let w = try f.fs.setattr(.root, fh, SetAttributes(mode: 0o600), guardCtime: ctime)
        #expect(w.before?.ctime == ctime && w.after?.mode == 0o600)
    }

    @Test func accessOperation() throws {
        let f = try Fixture()
        let fh = try f.file("f", as: user1, mode: 0o640)
        _ = try f.fs.setattr(.root, fh, SetAttributes(gid: 50))
        #expect(try f.fs.access(user1, fh, mask: .all).granted == [.read, .modify, .extend])
        #expect(try f.fs.access(user3, fh, mask: .all).granted == [.read])
        #expect(try f.fs.access(user2, fh, mask: .all).granted == [])
        #expect(try f.fs.access(user1, fh, mask: [.read]).granted == [.read])
        #expect(try f.fs.access(user2, f.root, mask: .all).granted == [.read, .lookup, .modify, .extend, .delete])
    }
}

@Suite struct TimesTests {
    @Test func createAndEntryOperationsSetTimes() throws {
        let f = try Fixture()
        let d = try f.dir("d")
        let d0 = try f.attr(d)
        let c = try f.fs.create(.root, dir: d, name: b("x"))
        let d1 = try f.attr(d)
        #expect(d1.mtime > d0.mtime && d1.ctime > d0.ctime && d1.change > d0.change)
        #expect(c.attributes.btime == c.attributes.ctime && c.attributes.mtime == c.attributes.ctime)
        #expect(d1.mtime == c.attributes.mtime)
        let f0 = try f.attr(c.handle)
        _ = try f.fs.link(.root, c.handle, dir: d, name: b("y"))
        let f1 = try f.attr(c.handle)
        let d2 = try f.attr(d)
        #expect(f1.ctime > f0.ctime && f1.mtime == f0.mtime && f1.change > f0.change)
        #expect(d2.mtime > d1.mtime)
        _ = try f.fs.remove(.root, dir: d, name: b("y"))
        let f2 = try f.attr(c.handle)
        #expect(f2.ctime > f1.ctime && f2.nlink == 1)
        _ = try f.fs.rename(.root, from: d, b("x"), to: d, b("z"))
        let f3 = try f.attr(c.handle)
        #expect(f3.ctime > f2.ctime && f3.mtime == f0.mtime)
        #expect(f3.btime == f0.btime)
    }

    @Test func writeAndSetattrTimes() throws {
        let f = try Fixture()
        let fh = try f.file("w")
        let a0 = try f.attr(fh)
        _ = try f.fs.write(.root, fh, offset: 0, data: [1])
        let a1 = try f.attr(fh)
        #expect(a1.mtime > a0.mtime && a1.ctime == a1.mtime && a1.change > a0.change)
        _ = try f.fs.setattr(.root, fh, SetAttributes(mode: 0o600))
        let a2 = try f.attr(fh)
        #expect(a2.ctime > a1.ctime && a2.mtime == a1.mtime)
        _ = try f.fs.setattr(.root, fh, SetAttributes(atime: .time(Timespec(sec: 100, nsec: 1)), mtime: .time(Timespec(sec: 200, nsec: 2))))
        let a3 = try f.attr(fh)
        #expect(a3.atime == Timespec(sec: 100, nsec: 1) && a3.mtime == Timespec(sec: 200, nsec: 2))
        #expect(a3.ctime > a2.ctime)
        let before = Timespec.now()
        _ = try f.fs.setattr(.root, fh, SetAttributes(mtime: .now))
        #expect(try f.attr(fh).mtime >= before)
    }

    @Test func relatime() throws {
        #expect(FileSystem.needsAtimeUpdate(atime: Timespec(sec: 10), mtime: Timespec(sec: 10), ctime: Timespec(sec: 5), now: Timespec(sec: 11)))
        #expect(FileSystem.needsAtimeUpdate(atime: Timespec(sec: 10), mtime: Timespec(sec: 5), ctime: Timespec(sec: 12), now: Timespec(sec: 13)))
        #expect(!FileSystem.needsAtimeUpdate(atime: Timespec(sec: 10), mtime: Timespec(sec: 5), ctime: Timespec(sec: 5), now: Timespec(sec: 11)))
        #expect(FileSystem.needsAtimeUpdate(atime: Timespec(sec: 10), mtime: Timespec(sec: 5), ctime: Timespec(sec: 5), now: Timespec(sec: 10 + 86_400)))

        let f = try Fixture()
        let fh = try f.file("r", data: [1, 2, 3])
        let a0 = try f.attr(fh)
        // Just written: atime <= mtime, so the first read updates it.
        let r1 = try f.fs.read(.root, fh, offset: 0, count: 3)
        #expect(r1.attributes.atime > a0.atime)
        #expect(r1.attributes.change == a0.change && r1.attributes.ctime == a0.ctime)
        // A second read right away does not.
        let r2 = try f.fs.read(.root, fh, offset: 0, count: 3)
        #expect(r2.attributes.atime == r1.attributes.atime)
        // Old atime: refreshed.
        _ = try f.fs.setattr(.root, fh, SetAttributes(atime: .time(Timespec(sec: Timespec.now().sec - 90_000))))
        let old = try f.attr(fh).atime
        _ = try f.fs.read(.root, fh, offset: 0, count: 1)
        #expect(try f.attr(fh).atime > old)
    }

    @Test func readOnlyShareKeepsAtime() throws {
        let f = try Fixture()
        let fh = try f.file("r", data: [1])
        let ro = FileSystem()
        try ro.addShare(name: "test", id: 7, metadata: f.meta, payload: f.payload, options: ShareOptions(readOnly: true))
        let a0 = try f.attr(fh)
        _ = try ro.read(.root, fh, offset: 0, count: 1)
        #expect(try f.attr(fh).atime == a0.atime)
    }
}
