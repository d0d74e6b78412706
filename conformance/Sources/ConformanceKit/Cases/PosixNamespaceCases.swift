import HostCore
import HostPlugins

func posixNamespaceCases() -> [ConformanceCase] {
    [
        posixCase("create-lookup-getattr") { env in
            let fs = env.fs
            let r = try fs.create(PosixUsers.alice, dir: env.root, name: px("a.txt"), attributes: SetAttributes(mode: 0o640))
            try expectEqual(r.attributes.type, .regular, "type")
            try expectEqual(r.attributes.mode, 0o640, "mode")
            try expectEqual(r.attributes.uid, 1000, "uid")
            try expectEqual(r.attributes.gid, 1000, "gid")
            try expectEqual(r.attributes.nlink, 1, "nlink")
            try expectEqual(r.attributes.size, 0, "size")
            try expect(r.dir.before != nil && r.dir.after != nil, "create returns the directory's before/after")
            let l = try fs.lookup(PosixUsers.bob, dir: env.root, name: px("a.txt"))
            try expectEqual(l.handle, r.handle, "lookup finds the created handle")
            try expectEqual(l.attributes, r.attributes, "lookup attributes")
            try expectEqual(try fs.getattr(.root, r.handle), r.attributes, "getattr")
            try expectError(.noent, "lookup of a missing name") { _ = try fs.lookup(.root, dir: env.root, name: px("nope")) }
            try expectError(.notDir, "lookup in a file") { _ = try fs.lookup(.root, dir: r.handle, name: px("x")) }
        },

        posixCase("create-guarded-unchecked") { env in
            let fs = env.fs
            let fh = try env.file("f", data: pxData(9000))
            try expectError(.exist, "guarded create of an existing name") { _ = try fs.create(.root, dir: env.root, name: px("f"), mode: .guarded) }
            let u = try fs.create(.root, dir: env.root, name: px("f"), mode: .unchecked, attributes: SetAttributes(size: 0))
            try expectEqual(u.handle, fh, "unchecked create returns the existing file")
            try expectEqual(u.attributes.size, 0, "unchecked create truncates to the given size")
            try expect(try env.blockKeys(fh).isEmpty, "truncation to 0 deletes the blocks")
            try env.dir("d")
            try expectError(.exist, "unchecked create over a directory") { _ = try fs.create(.root, dir: env.root, name: px("d"), mode: .unchecked) }
        },

        posixCase("create-exclusive-verifier") { env in
            let fs = env.fs
            let v: UInt64 = 0xA1B2_C3D4_E5F6_0718
            let a = try fs.create(.root, dir: env.root, name: px("x"), mode: .exclusive(verifier: v))
            let b = try fs.create(.root, dir: env.root, name: px("x"), mode: .exclusive(verifier: v))
            try expectEqual(b.handle, a.handle, "a retransmitted exclusive create finds its file")
            try expectError(.exist, "another verifier") { _ = try fs.create(.root, dir: env.root, name: px("x"), mode: .exclusive(verifier: v + 1)) }
            _ = try fs.setattr(.root, a.handle, SetAttributes(mode: 0o600, atime: .now, mtime: .now))
            try expectError(.exist, "verifier gone after setattr") { _ = try fs.create(.root, dir: env.root, name: px("x"), mode: .exclusive(verifier: v)) }
        },

        posixCase("names-invalid") { env in
            let fs = env.fs
            try expectError(.inval, "empty name") { _ = try fs.create(.root, dir: env.root, name: []) }
            try expectError(.inval, "name with '/'") { _ = try fs.create(.root, dir: env.root, name: px("a/b")) }
            try expectError(.inval, "name with NUL") { _ = try fs.mkdir(.root, dir: env.root, name: [0x61, 0, 0x62]) }
            try expectError(.nameTooLong, "256-byte name") { _ = try fs.create(.root, dir: env.root, name: [UInt8](repeating: 0x61, count: 256)) }
            try expectError(.exist, "create \".\"") { _ = try fs.create(.root, dir: env.root, name: px(".")) }
            try expectError(.exist, "mkdir \"..\"") { _ = try fs.mkdir(.root, dir: env.root, name: px("..")) }
            try expectError(.exist, "symlink \".\"") { _ = try fs.symlink(.root, dir: env.root, name: px("."), target: px("x")) }
        },

        posixCase("names-raw-bytes") { env in
            let fs = env.fs
            let names: [[UInt8]] = [[0xFF, 0xFE], [0x80], px("Ä"), px("A\u{308}"), px("a"), px("A"),
                                    [UInt8](repeating: 0x7A, count: 255), px(" lead"), px("...")]
            var handles: [FileHandle] = []
            for n in names { handles.append(try fs.create(.root, dir: env.root, name: n).handle) }
            for (n, h) in zip(names, handles) {
                try expectEqual(try fs.lookup(.root, dir: env.root, name: n).handle, h, "lookup \(n)")
            }
            try expectEqual(Set(handles).count, names.count, "every name is its own file (no folding, no normalisation)")
            let listed = try fs.readdir(.root, dir: env.root).entries.map(\.name)
            try expect(names.allSatisfy { listed.contains($0) }, "readdir returns every name byte for byte")
        },

        posixCase("lookup-dot-dotdot") { env in
            let fs = env.fs
            let a = try env.dir("a")
            let b = try env.dir("b", in: a)
            try expectEqual(try fs.lookup(.root, dir: b, name: px(".")).handle, b, "\".\"")
            try expectEqual(try fs.lookup(.root, dir: b, name: px("..")).handle, a, "\"..\"")
            try expectEqual(try fs.lookup(.root, dir: a, name: px("..")).handle, env.root, "\"..\" of a top directory")
            try expectEqual(try fs.lookup(.root, dir: env.root, name: px("..")).handle, env.root, "\"..\" of the root")
        },

        posixCase("mkdir-nlink") { env in
            let a = try env.dir("a")
            try expectEqual(try env.attr(env.root).nlink, 3, "root nlink with one subdirectory")
            try expectEqual(try env.attr(a).nlink, 2, "new directory nlink")
            for i in 0..<3 { try env.dir("s\(i)", in: a) }
            try env.file("f", in: a)
            try expectEqual(try env.attr(a).nlink, 5, "2 + subdirectories (files do not count)")
            _ = try env.fs.rmdir(.root, dir: a, name: px("s1"))
            try expectEqual(try env.attr(a).nlink, 4, "after rmdir")
            try expectError(.exist, "mkdir of an existing name") { _ = try env.dir("s0", in: a) }
        },

        posixCase("rmdir-notempty") { env in
            let fs = env.fs
            let a = try env.dir("a")
            try env.file("f", in: a)
            try expectError(.notEmpty, "rmdir of a directory with a file") { _ = try fs.rmdir(.root, dir: env.root, name: px("a")) }
            let b = try env.dir("b")
            try env.dir("sub", in: b)
            try expectError(.notEmpty, "rmdir of a directory with a subdirectory") { _ = try fs.rmdir(.root, dir: env.root, name: px("b")) }
            _ = try fs.remove(.root, dir: a, name: px("f"))
            _ = try fs.rmdir(.root, dir: env.root, name: px("a"))
            try expectError(.stale, "removed directory's handle") { _ = try env.attr(a) }
            try expectError(.noent, "lookup after rmdir") { _ = try env.lookup("a") }
        },

        posixCase("remove-rmdir-type-errors") { env in
            let fs = env.fs
            let d = try env.dir("d")
            try env.file("f")
            try expectError(.notDir, "rmdir of a file") { _ = try fs.rmdir(.root, dir: env.root, name: px("f")) }
            try expectError(.isDir, "remove of a directory") { _ = try fs.remove(.root, dir: env.root, name: px("d")) }
            try expectError(.inval, "rmdir \".\"") { _ = try fs.rmdir(.root, dir: d, name: px(".")) }
            try expectError(.notEmpty, "rmdir \"..\"") { _ = try fs.rmdir(.root, dir: d, name: px("..")) }
            try expectError(.isDir, "remove \".\"") { _ = try fs.remove(.root, dir: d, name: px(".")) }
            try expectError(.noent, "remove of a missing name") { _ = try fs.remove(.root, dir: d, name: px("zz")) }
            try expectError(.notDir, "remove in a file") { _ = try fs.remove(.root, dir: try env.lookup("f"), name: px("x")) }
        },

        posixCase("hardlink-nlink") { env in
            let fs = env.fs
            let fh = try env.file("one", data: pxData(100))
            let d = try env.dir("d")
            let l = try fs.link(.root, fh, dir: d, name: px("two"))
            try expectEqual(l.attributes.nlink, 2, "nlink after link")
            try expectEqual(try env.lookup("two", in: d), fh, "both names lead to one file")
            _ = try fs.link(.root, fh, dir: env.root, name: px("three"))
            try expectEqual(try env.attr(fh).nlink, 3, "nlink after a second link")
            try expectError(.exist, "link over an existing name") { _ = try fs.link(.root, fh, dir: d, name: px("two")) }
            _ = try fs.remove(.root, dir: env.root, name: px("one"))
            try expectEqual(try env.attr(fh).nlink, 2, "nlink after unlinking one name")
            try expectEqual(try env.read(fh), pxData(100), "data intact while a link remains")
        },

        posixCase("hardlink-directory-refused") { env in
            let d = try env.dir("d")
            try expectError(.perm, "hard link to a directory") { _ = try env.fs.link(.root, d, dir: env.root, name: px("dl")) }
            try expectError(.perm, "hard link to the root") { _ = try env.fs.link(.root, env.root, dir: d, name: px("rl")) }
            try expectEqual(try env.attr(d).nlink, 2, "directory nlink unchanged")
        },

        posixCase("symlink-readlink") { env in
            let fs = env.fs
            let target = px("../a b/ç/\u{1F600}")
            let s = try fs.symlink(PosixUsers.alice, dir: env.root, name: px("ln"), target: target)
            try expectEqual(s.attributes.type, .symlink, "type")
            try expectEqual(s.attributes.size, UInt64(target.count), "size = target length")
            try expectEqual(try fs.readlink(PosixUsers.bob, s.handle).target, target, "readlink")
            let long = [UInt8](repeating: 0x78, count: 4096)
            let l = try fs.symlink(.root, dir: env.root, name: px("long"), target: long)
            try expectEqual(try fs.readlink(.root, l.handle).target, long, "4096-byte target")
            try expectError(.inval, "empty target") { _ = try fs.symlink(.root, dir: env.root, name: px("e"), target: []) }
            try expectError(.nameTooLong, "4097-byte target") { _ = try fs.symlink(.root, dir: env.root, name: px("t"), target: long + [0x78]) }
            try expectError(.inval, "readlink of a file") { _ = try fs.readlink(.root, try env.file("f")) }
            try expectEqual(try fs.lookup(.root, dir: env.root, name: px("ln")).attributes.type, .symlink, "lookup does not follow")
        },

        posixCase("mknod-types") { env in
            let fs = env.fs
            let fifo = try fs.mknod(PosixUsers.alice, dir: env.root, name: px("fifo"), type: .fifo)
            let sock = try fs.mknod(PosixUsers.alice, dir: env.root, name: px("sock"), type: .socket)
            let chr = try fs.mknod(.root, dir: env.root, name: px("chr"), type: .charDevice, rdev: 4 << 32 | 64)
            let blk = try fs.mknod(.root, dir: env.root, name: px("blk"), type: .blockDevice, rdev: 8 << 32 | 17)
            try expectEqual(try env.attr(fifo.handle).type, .fifo, "fifo")
            try expectEqual(try env.attr(sock.handle).type, .socket, "socket")
            try expectEqual(try env.attr(chr.handle).type, .charDevice, "char device")
            try expectEqual(try env.attr(chr.handle).rdev, 4 << 32 | 64, "char device rdev")
            try expectEqual(try env.attr(blk.handle).rdev, 8 << 32 | 17, "block device rdev")
            try expectError(.inval, "mknod of a regular file") { _ = try fs.mknod(.root, dir: env.root, name: px("r"), type: .regular) }
            try expectError(.noDevice, "read of a device") { _ = try fs.read(.root, chr.handle, offset: 0, count: 1) }
            let types = try fs.readdir(.root, dir: env.root).entries.reduce(into: [String: FileType]()) { $0[$1.nameString] = $1.type }
            try expectEqual(types["fifo"], .fifo, "dirent type fifo")
            try expectEqual(types["blk"], .blockDevice, "dirent type blk")
        },

        posixCase("mknod-device-root-only") { env in
            let fs = env.fs
            try expectError(.perm, "char device by a user") { _ = try fs.mknod(PosixUsers.alice, dir: env.root, name: px("c"), type: .charDevice, rdev: 1) }
            try expectError(.perm, "block device by a user") { _ = try fs.mknod(PosixUsers.alice, dir: env.root, name: px("b"), type: .blockDevice, rdev: 1) }
            try expectError(.noent, "nothing was created") { _ = try env.lookup("c") }
        },

        posixCase("unlink-deletes-data") { env in
            let fs = env.fs
            let fh = try env.file("big", data: pxData(50_000))
            let keep = try env.file("keep", data: pxData(5000, seed: 2))
            try expect(try env.blockKeys(fh).count == 13, "50,000 bytes in 4 KiB blocks")
            let w = try fs.remove(.root, dir: env.root, name: px("big"))
            try expect(w.after != nil, "remove returns the directory's attributes")
            try expect(try env.blockKeys(fh).isEmpty, "the last unlink deletes every block")
            try expectError(.stale, "handle of the removed file") { _ = try env.attr(fh) }
            try expectEqual(try env.read(keep), pxData(5000, seed: 2), "other files untouched")
        },

        posixCase("concurrent-namespace") { env in
            let fs = env.fs
            let d = try env.dir("d", mode: 0o777)
            try pxParallel(6) { t in
                for i in 0..<20 {
                    _ = try fs.create(.root, dir: d, name: px("f\(t)-\(i)"))
                    if i % 4 == 0 { _ = try fs.mkdir(.root, dir: d, name: px("d\(t)-\(i)")) }
                    if i % 3 == 0 { _ = try fs.remove(.root, dir: d, name: px("f\(t)-\(i)")) }
                }
            }
            var expected = Set<String>()
            for t in 0..<6 {
                for i in 0..<20 {
                    if i % 3 != 0 { expected.insert("f\(t)-\(i)") }
                    if i % 4 == 0 { expected.insert("d\(t)-\(i)") }
                }
            }
            let names = try env.names(d)
            try expectEqual(Set(names), expected, "entries after parallel creates/removes")
            try expectEqual(names.count, expected.count, "no duplicates")
            try expectEqual(try env.attr(d).nlink, 2 + 6 * 5, "directory nlink after parallel mkdirs")
        },
    ]
}
