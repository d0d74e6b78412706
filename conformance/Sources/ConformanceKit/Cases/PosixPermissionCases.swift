import HostCore
import HostPlugins

func posixPermissionCases() -> [ConformanceCase] {
    let alice = PosixUsers.alice, bob = PosixUsers.bob, carol = PosixUsers.carol
    return [
        posixCase("perm-mode-matrix") { env in
            let fs = env.fs
            // (mode, who, may read, may write); file owned by alice, group 50.
            let rows: [(UInt32, Credentials, Bool, Bool)] = [
                (0o600, alice, true, true), (0o600, carol, false, false), (0o600, bob, false, false),
                (0o060, alice, false, false), (0o060, carol, true, true), (0o006, carol, false, false),
                (0o604, bob, true, false), (0o640, carol, true, false), (0o000, .root, true, true),
                (0o040, Credentials(uid: 4000, gid: 4000, groups: [50]), true, false),
            ]
            for (i, row) in rows.enumerated() {
                let (mode, who, mayRead, mayWrite) = row
                let fh = try env.file("f\(i)", as: alice, mode: 0o600, data: [1, 2, 3])
                _ = try fs.setattr(alice, fh, SetAttributes(mode: mode, gid: 50))
                let what = "mode \(String(mode, radix: 8)) as \(who)"
                if mayRead {
                    try expectEqual(try fs.read(who, fh, offset: 0, count: 3).data, [1, 2, 3], "\(what): read")
                } else {
                    try expectError(.access, "\(what): read") { _ = try fs.read(who, fh, offset: 0, count: 3) }
                }
                if mayWrite {
                    _ = try fs.write(who, fh, offset: 0, data: [9])
                } else {
                    try expectError(.access, "\(what): write") { _ = try fs.write(who, fh, offset: 0, data: [9]) }
                }
                let granted = try fs.access(who, fh, mask: [.read, .modify]).granted
                try expectEqual(granted.contains(.read), mayRead, "\(what): ACCESS read")
                try expectEqual(granted.contains(.modify), mayWrite, "\(what): ACCESS modify")
            }
        },

        posixCase("perm-directory-search-write") { env in
            let fs = env.fs
            let home = try env.dir("home", as: alice, mode: 0o755)
            try env.file("pub", in: home, as: alice)
            try expectError(.access, "create without write on the directory") { _ = try fs.create(bob, dir: home, name: px("x")) }
            try expectError(.access, "mkdir without write") { _ = try fs.mkdir(bob, dir: home, name: px("x")) }
            try expectError(.access, "remove without write") { _ = try fs.remove(bob, dir: home, name: px("pub")) }
            try expectError(.access, "rename out without write") { _ = try fs.rename(bob, from: home, px("pub"), to: env.root, px("p")) }
            _ = try fs.lookup(bob, dir: home, name: px("pub"))
            let priv = try env.dir("priv", in: home, as: alice, mode: 0o700)
            try env.file("s", in: priv, as: alice)
            try expectError(.access, "lookup without search permission") { _ = try fs.lookup(bob, dir: priv, name: px("s")) }
            try expectError(.access, "readdir without read permission") { _ = try fs.readdir(bob, dir: priv) }
            let team = try env.dir("team", mode: 0o770)
            _ = try fs.setattr(.root, team, SetAttributes(gid: 50))
            _ = try fs.create(alice, dir: team, name: px("a"))   // supplementary group 50
            _ = try fs.create(carol, dir: team, name: px("c"))   // primary group 50
            try expectError(.access, "create as other in 0770") { _ = try fs.create(bob, dir: team, name: px("b")) }
            let wOnly = try env.dir("wonly", mode: 0o773)
            _ = try fs.create(bob, dir: wOnly, name: px("blind"))
            try expectError(.access, "readdir of a write+search-only directory") { _ = try fs.readdir(bob, dir: wOnly) }
        },

        posixCase("perm-sticky") { env in
            let fs = env.fs
            let tmp = try env.dir("tmp", mode: 0o1777)
            try env.file("alices", in: tmp, as: alice)
            try env.file("bobs", in: tmp, as: bob)
            try expectError(.perm, "remove another user's file in a sticky directory") { _ = try fs.remove(alice, dir: tmp, name: px("bobs")) }
            try expectError(.perm, "rename another user's file in a sticky directory") { _ = try fs.rename(alice, from: tmp, px("bobs"), to: tmp, px("x")) }
            try expectError(.perm, "replace another user's file in a sticky directory") { _ = try fs.rename(alice, from: tmp, px("alices"), to: tmp, px("bobs")) }
            _ = try fs.rename(alice, from: tmp, px("alices"), to: tmp, px("mine"))
            _ = try fs.remove(bob, dir: tmp, name: px("bobs"))
            _ = try fs.remove(.root, dir: tmp, name: px("mine"))
            // The directory's owner may remove anything in it.
            let owned = try env.dir("owned", as: carol, mode: 0o1777)
            try env.file("x", in: owned, as: alice)
            _ = try fs.remove(carol, dir: owned, name: px("x"))
            // Without the sticky bit anyone with write permission may.
            let open = try env.dir("open", mode: 0o777)
            try env.file("y", in: open, as: bob)
            _ = try fs.remove(alice, dir: open, name: px("y"))
        },

        posixCase("perm-chmod-rules") { env in
            let fs = env.fs
            let fh = try env.file("f", as: alice, mode: 0o644)
            try expectError(.perm, "chmod by a non-owner") { _ = try fs.setattr(bob, fh, SetAttributes(mode: 0o777)) }
            _ = try fs.setattr(alice, fh, SetAttributes(mode: 0o4750))
            try expectEqual(try env.attr(fh).mode, 0o4750, "owner chmod incl. setuid")
            _ = try fs.setattr(.root, fh, SetAttributes(mode: 0o600))
            try expectEqual(try env.attr(fh).mode, 0o600, "root chmod")
            _ = try fs.setattr(.root, fh, SetAttributes(gid: 77))
            _ = try fs.setattr(alice, fh, SetAttributes(mode: 0o2755))
            try expectEqual(try env.attr(fh).mode, 0o0755, "setgid dropped for a non-member of the file's group")
            _ = try fs.setattr(alice, fh, SetAttributes(gid: 50))
            _ = try fs.setattr(alice, fh, SetAttributes(mode: 0o2755))
            try expectEqual(try env.attr(fh).mode, 0o2755, "setgid kept for a member")
            let d = try env.dir("d", as: alice)
            _ = try fs.setattr(alice, d, SetAttributes(mode: 0o1777))
            try expectEqual(try env.attr(d).mode, 0o1777, "sticky bit on a directory")
            try expectEqual(try env.attr(d).type, .directory, "type unchanged by chmod")
        },

        posixCase("perm-chown-rules") { env in
            let fs = env.fs
            let fh = try env.file("f", as: alice, mode: 0o6755)
            try expectError(.perm, "chown by the owner") { _ = try fs.setattr(alice, fh, SetAttributes(uid: 2000)) }
            try expectError(.perm, "chgrp to a group the owner is not in") { _ = try fs.setattr(alice, fh, SetAttributes(gid: 2000)) }
            try expectError(.perm, "chgrp by a non-owner") { _ = try fs.setattr(carol, fh, SetAttributes(gid: 50)) }
            _ = try fs.setattr(alice, fh, SetAttributes(uid: 1000))
            _ = try fs.setattr(alice, fh, SetAttributes(gid: 50))
            let a = try env.attr(fh)
            try expectEqual(a.gid, 50, "owner chgrp to a supplementary group")
            try expectEqual(a.mode, 0o0755, "chgrp of a file clears setuid, and setgid when group-executable")
            _ = try fs.setattr(.root, fh, SetAttributes(uid: 3000, gid: 3000))
            let b = try env.attr(fh)
            try expectEqual(b.uid, 3000, "root chown")
            try expectEqual(b.gid, 3000, "root chgrp")
            try expectError(.perm, "the old owner lost ownership") { _ = try fs.setattr(alice, fh, SetAttributes(mode: 0o777)) }
        },

        posixCase("perm-truncate-needs-write") { env in
            let fs = env.fs
            let fh = try env.file("f", as: alice, mode: 0o644, data: pxData(100))
            try expectError(.access, "truncate without write") { _ = try fs.setattr(bob, fh, SetAttributes(size: 0)) }
            _ = try fs.setattr(alice, fh, SetAttributes(mode: 0o444))
            try expectError(.access, "truncate by the owner of a read-only file") { _ = try fs.setattr(alice, fh, SetAttributes(size: 0)) }
            try expectEqual(try env.attr(fh).size, 100, "size unchanged")
            _ = try fs.setattr(.root, fh, SetAttributes(size: 10))
            try expectEqual(try env.read(fh), Array(pxData(100)[..<10]), "root may truncate")
            let d = try env.dir("d")
            try expectError(.isDir, "truncate a directory") { _ = try fs.setattr(.root, d, SetAttributes(size: 0)) }
        },

        posixCase("perm-write-clears-setuid") { env in
            let fs = env.fs
            let fh = try env.file("f", as: alice, mode: 0o6777)
            _ = try fs.write(.root, fh, offset: 0, data: [1])
            try expectEqual(try env.attr(fh).mode, 0o6777, "root's write keeps setuid/setgid")
            _ = try fs.write(bob, fh, offset: 0, data: [2])
            try expectEqual(try env.attr(fh).mode, 0o0777, "a user's write clears setuid/setgid")
        },

        posixCase("perm-ctime-guard") { env in
            let fs = env.fs
            let fh = try env.file("g")
            let ctime = try env.attr(fh).ctime
            try expectError(.busy, "guard mismatch") { _ = try fs.setattr(.root, fh, SetAttributes(mode: 0o600), guardCtime: Timespec(sec: 1)) }
            try expectEqual(try env.attr(fh).mode, 0o644, "nothing applied")
            let w = try fs.setattr(.root, fh, SetAttributes(mode: 0o600), guardCtime: ctime)
            try expectEqual(w.before?.ctime, ctime, "wcc before")
            try expectEqual(w.after?.mode, 0o600, "wcc after")
        },
    ]
}
