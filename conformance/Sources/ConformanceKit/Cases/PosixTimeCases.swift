import HostCore
import HostPlugins

func posixTimeCases() -> [ConformanceCase] {
    [
        posixCase("times-create") { env in
            let fs = env.fs
            let d = try env.dir("d")
            let d0 = try env.attr(d)
            let c = try fs.create(.root, dir: d, name: px("x"))
            let a = c.attributes
            try expect(a.atime == a.mtime && a.mtime == a.ctime && a.ctime == a.btime, "a new file's four times are equal")
            let d1 = try env.attr(d)
            try expect(d1.mtime > d0.mtime && d1.ctime > d0.ctime, "create sets the directory's mtime and ctime")
            try expect(d1.change > d0.change, "the directory's change counter grows")
            try expectEqual(c.dir.before?.mtime, d0.mtime, "wcc before")
            try expectEqual(c.dir.after?.mtime, d1.mtime, "wcc after")
            let m = try fs.mkdir(.root, dir: d, name: px("sub")).attributes
            try expect(m.btime == m.ctime, "mkdir: btime")
        },

        posixCase("times-write-setattr") { env in
            let fs = env.fs
            let fh = try env.file("w")
            let a0 = try env.attr(fh)
            _ = try fs.write(.root, fh, offset: 0, data: [1])
            let a1 = try env.attr(fh)
            try expect(a1.mtime > a0.mtime && a1.ctime > a0.ctime, "write sets mtime and ctime")
            try expect(a1.change > a0.change, "write bumps change")
            try expectEqual(a1.btime, a0.btime, "btime never changes")
            _ = try fs.setattr(.root, fh, SetAttributes(mode: 0o600))
            let a2 = try env.attr(fh)
            try expect(a2.ctime > a1.ctime && a2.mtime == a1.mtime, "setattr sets ctime only")
            try expect(a2.change > a1.change, "setattr bumps change")
            let t = Timespec(sec: 1_234_567_890, nsec: 123_456_789)
            _ = try fs.setattr(.root, fh, SetAttributes(atime: .time(t), mtime: .time(Timespec(sec: -5, nsec: 1))))
            let a3 = try env.attr(fh)
            try expectEqual(a3.atime, t, "explicit atime with nanoseconds")
            try expectEqual(a3.mtime, Timespec(sec: -5, nsec: 1), "explicit mtime before the epoch")
            let now = Timespec.now()
            _ = try fs.setattr(.root, fh, SetAttributes(atime: .now, mtime: .now))
            try expect(try env.attr(fh).mtime >= now, "set to the server's time")
            try expectError(.perm, "explicit time by a non-owner") {
                _ = try fs.setattr(PosixUsers.bob, fh, SetAttributes(mtime: .time(t)))
            }
        },

        posixCase("times-link-unlink-rename") { env in
            let fs = env.fs
            let d = try env.dir("d")
            let fh = try env.file("x", in: d)
            let f0 = try env.attr(fh), d0 = try env.attr(d)
            _ = try fs.link(.root, fh, dir: d, name: px("y"))
            let f1 = try env.attr(fh), d1 = try env.attr(d)
            try expect(f1.ctime > f0.ctime && f1.mtime == f0.mtime, "link: object ctime, not mtime")
            try expect(d1.mtime > d0.mtime && d1.ctime > d0.ctime, "link: directory mtime and ctime")
            _ = try fs.remove(.root, dir: d, name: px("y"))
            let f2 = try env.attr(fh), d2 = try env.attr(d)
            try expect(f2.ctime > f1.ctime, "unlink: the remaining object's ctime")
            try expect(d2.mtime > d1.mtime, "unlink: directory mtime")
            let e = try env.dir("e")
            let e0 = try env.attr(e)
            _ = try fs.rename(.root, from: d, px("x"), to: e, px("z"))
            let f3 = try env.attr(fh), d3 = try env.attr(d), e1 = try env.attr(e)
            try expect(f3.ctime > f2.ctime && f3.mtime == f0.mtime, "rename: object ctime")
            try expect(d3.mtime > d2.mtime && e1.mtime > e0.mtime, "rename: both directories' mtime")
            try expect(d3.change > d2.change && e1.change > e0.change, "rename: both directories' change")
        },

        posixCase("times-atime-relatime") { env in
            let fs = env.fs
            let fh = try env.file("r", data: [1, 2, 3])
            let a0 = try env.attr(fh)
            let r1 = try fs.read(.root, fh, offset: 0, count: 3)
            try expect(r1.attributes.atime > a0.atime, "first read after a write updates atime")
            try expectEqual(r1.attributes.ctime, a0.ctime, "an atime update leaves ctime")
            try expectEqual(r1.attributes.change, a0.change, "an atime update leaves the change counter")
            let r2 = try fs.read(.root, fh, offset: 0, count: 3)
            try expectEqual(r2.attributes.atime, r1.attributes.atime, "a second read does not update atime")
            let old = Timespec(sec: Timespec.now().sec - 2 * 86_400)
            _ = try fs.setattr(.root, fh, SetAttributes(atime: .time(old)))
            _ = try fs.read(.root, fh, offset: 0, count: 1)
            try expect(try env.attr(fh).atime > old, "an atime older than a day is refreshed")
        },
    ]
}
