import HostCore
import HostPlugins
import PluginABI

func posixHandleCases() -> [ConformanceCase] {
    [
        posixCase("handle-stale-after-remove") { env in
            let fs = env.fs
            let f = try env.file("f")
            let d = try env.dir("d")
            let s = try fs.symlink(.root, dir: env.root, name: px("s"), target: px("f")).handle
            _ = try fs.remove(.root, dir: env.root, name: px("f"))
            _ = try fs.rmdir(.root, dir: env.root, name: px("d"))
            _ = try fs.remove(.root, dir: env.root, name: px("s"))
            try expectError(.stale, "getattr of a removed file") { _ = try fs.getattr(.root, f) }
            try expectError(.stale, "write to a removed file") { _ = try fs.write(.root, f, offset: 0, data: [1]) }
            try expectError(.stale, "readdir of a removed directory") { _ = try fs.readdir(.root, dir: d) }
            try expectError(.stale, "create in a removed directory") { _ = try fs.create(.root, dir: d, name: px("x")) }
            try expectError(.stale, "readlink of a removed symlink") { _ = try fs.readlink(.root, s) }
            var otherGeneration = try env.file("g")
            otherGeneration.generation &+= 1
            try expectError(.stale, "a handle of another generation") { _ = try fs.getattr(.root, otherGeneration) }
            var otherShare = env.root
            otherShare.shareID &+= 1
            try expectError(.stale, "a handle of an unknown share") { _ = try fs.getattr(.root, otherShare) }
        },

        posixCase("handle-badhandle-garbage") { env in
            let good = try env.file("f").encode()
            try expect(good.count <= Int(DFS_FH_MAX), "handles fit DFS_FH_MAX")
            try expectEqual(try FileHandle(bytes: good), try env.lookup("f"), "decode(encode(h)) == h")
            var flipped = good
            flipped[good.count / 2] ^= 0x10
            let garbage: [(String, [UInt8])] = [
                ("empty", []), ("one byte", [1]), ("truncated", Array(good.dropLast())), ("extended", good + [0]),
                ("bit flip", flipped), ("all zeros", [UInt8](repeating: 0, count: good.count)),
                ("64 bytes of 0xFF", [UInt8](repeating: 0xFF, count: 64)),
            ]
            for (what, bytes) in garbage {
                try expectError(.badHandle, what) { _ = try FileHandle(bytes: bytes) }
            }
        },

        posixCase("handle-survives-reopen", requires: DFS_CAP_PERSISTENT) { env in
            let d = try env.dir("dir")
            let f = try env.file("file", in: d, data: pxData(10_000))
            let s = try env.fs.symlink(.root, dir: d, name: px("link"), target: px("file")).handle
            let encoded = (root: env.root.encode(), d: d.encode(), f: f.encode(), s: s.encode())
            let before = try env.attr(f)
            try env.restart()
            try expectEqual(env.root.encode(), encoded.root, "the root handle is the same after a restart")
            let f2 = try FileHandle(bytes: encoded.f)
            try expectEqual(try env.attr(f2), before, "the file's attributes after a restart")
            try expectEqual(try env.read(f2), pxData(10_000), "the file's data after a restart")
            try expectEqual(try env.fs.readlink(.root, FileHandle(bytes: encoded.s)).target, px("file"), "the symlink after a restart")
            try expectEqual(try env.lookup("file", in: FileHandle(bytes: encoded.d)).encode(), encoded.f, "lookup yields the same bytes")
            _ = try env.fs.remove(.root, dir: d, name: px("file"))
            try env.restart()
            try expectError(.stale, "a file removed before the restart") { _ = try env.attr(FileHandle(bytes: encoded.f)) }
        },

        posixCase("share-settings-persist", requires: DFS_CAP_PERSISTENT) { env in
            let f = try env.file("f", data: pxData(9000))
            let root = env.root
            try env.restart(options: ShareOptions(blockSize: 1 << 20, rootMode: 0o700, rootUID: 5))
            try expectEqual(env.share.blockSize, env.blockSize, "the block size of existing data is kept")
            try expectEqual(env.root, root, "the root is reused")
            try expectEqual(try env.attr(env.root).mode, 0o777, "the existing root's mode is kept")
            try expectEqual(try env.read(f), pxData(9000), "data readable with the kept block size")
        },

        posixCase("share-root") { env in
            let a = try env.attr(env.root)
            try expectEqual(a.type, .directory, "root type")
            try expectEqual(a.nlink, 2, "root nlink")
            try expectEqual(a.mode, 0o777, "root mode from the options")
            try expectEqual(a.fsid, PosixEnv.shareID, "fsid is the share id")
            try expectEqual(try env.fs.root(share: PosixEnv.shareID), env.root, "root(share:)")
            let s = try env.fs.statfs(.root, env.root)
            try expect(s.bytesTotal > 0 && s.bytesFree <= s.bytesTotal, "statfs bytes")
            try expect(s.filesTotal > 0 && s.filesFree <= s.filesTotal, "statfs files")
            try expectError(.exist, "a second share with the same name") {
                _ = try env.fs.addShare(name: PosixEnv.shareName, id: 1, metadata: env.meta, payload: env.payload)
            }
            let other = try env.fs.addShare(name: "other", id: 99, metadata: env.meta, payload: env.payload)
            try expect(other.root != env.root, "another share has its own root")
            try env.file("x")
            try expectError(.crossDevice, "rename across shares") {
                _ = try env.fs.rename(.root, from: env.root, px("x"), to: other.root, px("x"))
            }
            try expectEqual(try env.names(other.root), [], "the other share is empty")
        },
    ]
}
