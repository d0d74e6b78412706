import HostCore
import HostPlugins

func posixRenameCases() -> [ConformanceCase] {
    [
        posixCase("rename-file-same-dir") { env in
            let fs = env.fs
            let fh = try env.file("a", data: pxData(10))
            let r = try fs.rename(.root, from: env.root, px("a"), to: env.root, px("b"))
            try expectEqual(r.fromDir, r.toDir, "one directory: same before/after on both sides")
            try expectEqual(try env.lookup("b"), fh, "new name")
            try expectError(.noent, "old name is gone") { _ = try env.lookup("a") }
            try expectEqual(try env.names(), ["b"], "listing")
            try expectError(.noent, "rename of a missing name") { _ = try fs.rename(.root, from: env.root, px("a"), to: env.root, px("c")) }
        },

        posixCase("rename-file-across-dirs") { env in
            let fs = env.fs
            let fh = try env.file("a", data: pxData(5000))
            let d = try env.dir("d")
            let r = try fs.rename(.root, from: env.root, px("a"), to: d, px("moved"))
            try expectEqual(r.fromDir.after?.fileid, env.root.ino, "from-directory attributes")
            try expectEqual(r.toDir.after?.fileid, d.ino, "to-directory attributes")
            try expectEqual(try env.lookup("moved", in: d), fh, "found in the new directory")
            try expectEqual(try env.read(fh), pxData(5000), "data follows")
            try expectEqual(try env.attr(fh).nlink, 1, "nlink unchanged")
            try expectEqual(try env.names(), ["d"], "old directory")
        },

        posixCase("rename-replace-file") { env in
            let fs = env.fs
            let src = try env.file("src", data: pxData(10, seed: 1))
            let old = try env.file("dst", data: pxData(20_000, seed: 2))
            _ = try fs.rename(.root, from: env.root, px("src"), to: env.root, px("dst"))
            try expectEqual(try env.lookup("dst"), src, "target name now names the source")
            try expectError(.stale, "replaced file is gone") { _ = try env.attr(old) }
            try expect(try env.blockKeys(old).isEmpty, "replaced file's blocks are deleted")
            try expectEqual(try env.names(), ["dst"], "one entry left")
            let linked = try env.file("linked")
            _ = try fs.link(.root, linked, dir: env.root, name: px("alias"))
            _ = try fs.rename(.root, from: env.root, px("dst"), to: env.root, px("linked"))
            try expectEqual(try env.attr(linked).nlink, 1, "a replaced file with another link loses one link")
        },

        posixCase("rename-dir-over-empty-dir") { env in
            let fs = env.fs
            let a = try env.dir("a")
            try env.file("inside", in: a)
            let empty = try env.dir("empty")
            let links = try env.attr(env.root).nlink
            _ = try fs.rename(.root, from: env.root, px("a"), to: env.root, px("empty"))
            try expectEqual(try env.lookup("empty"), a, "directory replaced")
            try expectError(.stale, "the replaced empty directory is gone") { _ = try env.attr(empty) }
            try expectEqual(try env.attr(env.root).nlink, links - 1, "parent nlink drops by the replaced directory")
            try expectEqual(try env.names(a), ["inside"], "contents follow")
        },

        posixCase("rename-dir-over-nonempty-dir") { env in
            let fs = env.fs
            try env.dir("a")
            let full = try env.dir("full")
            try env.file("x", in: full)
            try expectError(.notEmpty, "directory over a non-empty directory") {
                _ = try fs.rename(.root, from: env.root, px("a"), to: env.root, px("full"))
            }
            try expectEqual(Set(try env.names()), ["a", "full"], "nothing changed")
            try expectEqual(try env.names(full), ["x"], "target contents intact")
        },

        posixCase("rename-type-mismatch") { env in
            let fs = env.fs
            try env.dir("d")
            try env.file("f")
            try expectError(.isDir, "file over directory") { _ = try fs.rename(.root, from: env.root, px("f"), to: env.root, px("d")) }
            try expectError(.notDir, "directory over file") { _ = try fs.rename(.root, from: env.root, px("d"), to: env.root, px("f")) }
            try expectError(.inval, "rename of \".\"") { _ = try fs.rename(.root, from: env.root, px("."), to: env.root, px("x")) }
            try expectError(.inval, "rename onto \"..\"") { _ = try fs.rename(.root, from: env.root, px("f"), to: env.root, px("..")) }
            try expectEqual(Set(try env.names()), ["d", "f"], "nothing changed")
        },

        posixCase("rename-loop-detection") { env in
            let fs = env.fs
            let a = try env.dir("a")
            let b = try env.dir("b", in: a)
            let c = try env.dir("c", in: b)
            try expectError(.inval, "into its own child") { _ = try fs.rename(.root, from: env.root, px("a"), to: b, px("x")) }
            try expectError(.inval, "into a grandchild") { _ = try fs.rename(.root, from: env.root, px("a"), to: c, px("x")) }
            try expectError(.inval, "into itself") { _ = try fs.rename(.root, from: env.root, px("a"), to: a, px("x")) }
            try expectError(.notEmpty, "over its own ancestor") { _ = try fs.rename(.root, from: b, px("c"), to: env.root, px("a")) }
            _ = try fs.rename(.root, from: b, px("c"), to: env.root, px("c"))
            _ = try fs.rename(.root, from: env.root, px("a"), to: c, px("a"))
            try expectEqual(try fs.lookup(.root, dir: a, name: px("..")).handle, c, "moved subtree's \"..\"")
        },

        posixCase("rename-to-itself") { env in
            let fs = env.fs
            let fh = try env.file("same")
            _ = try fs.link(.root, fh, dir: env.root, name: px("alias"))
            let before = try env.attr(fh)
            _ = try fs.rename(.root, from: env.root, px("same"), to: env.root, px("same"))
            _ = try fs.rename(.root, from: env.root, px("same"), to: env.root, px("alias"))
            try expectEqual(Set(try env.names()), ["same", "alias"], "both hard links stay")
            try expectEqual(try env.attr(fh), before, "nothing changed")
        },

        posixCase("rename-dir-updates-parents") { env in
            let fs = env.fs
            let p1 = try env.dir("p1")
            let p2 = try env.dir("p2")
            let child = try env.dir("child", in: p1)
            try env.dir("grandchild", in: child)
            _ = try fs.rename(.root, from: p1, px("child"), to: p2, px("child"))
            try expectEqual(try env.attr(p1).nlink, 2, "old parent loses a link")
            try expectEqual(try env.attr(p2).nlink, 3, "new parent gains a link")
            try expectEqual(try env.attr(child).nlink, 3, "moved directory keeps its links")
            try expectEqual(try fs.lookup(.root, dir: child, name: px("..")).handle, p2, "\"..\" follows")
            let list = try fs.readdir(.root, dir: child)
            try expectEqual(list.entries[1].fileid, p2.ino, "readdir \"..\" follows")
            _ = try fs.rmdir(.root, dir: env.root, name: px("p1"))
        },
    ]
}
