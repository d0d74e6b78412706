import HostCore
import HostPlugins

func posixDataCases() -> [ConformanceCase] {
    [
        posixCase("data-cross-block-write") { env in
            let fs = env.fs
            let fh = try env.file("f")
            var model = [UInt8]()
            func apply(_ offset: Int, _ data: [UInt8]) throws {
                _ = try fs.write(.root, fh, offset: UInt64(offset), data: data, stability: .unstable)
                if model.count < offset + data.count { model += [UInt8](repeating: 0, count: offset + data.count - model.count) }
                model.replaceSubrange(offset..<(offset + data.count), with: data)
            }
            try apply(4000, pxData(3 * 4096 + 100, seed: 1))      // spans five blocks
            try apply(8190, pxData(10, seed: 2))                   // straddles a boundary
            try apply(0, pxData(4096, seed: 3))                    // one whole block
            try apply(20_000, pxData(1, seed: 4))                  // extends inside the last block
            try expectEqual(try env.attr(fh).size, UInt64(model.count), "size")
            try expectEqual(try env.read(fh), model, "whole file")
            for (off, n) in [(0, 1), (4095, 2), (4096, 4096), (5000, 9000), (8185, 20), (20_000, 100)] {
                let r = try fs.read(.root, fh, offset: UInt64(off), count: UInt32(n))
                let end = min(off + n, model.count)
                try expectEqual(r.data, Array(model[off..<end]), "read \(off)+\(n)")
            }
            let c = try fs.commit(.root, fh)
            try expectEqual(c.verifier, fs.writeVerifier, "commit verifier")
        },

        posixCase("data-sparse-read") { env in
            let fs = env.fs
            let fh = try env.file("sparse")
            _ = try fs.write(.root, fh, offset: 1_000_000, data: [1, 2, 3])
            try expectEqual(try env.attr(fh).size, 1_000_003, "size past the hole")
            try expectEqual(try env.blockKeys(fh).count, 1, "only the written block exists")
            let hole = try fs.read(.root, fh, offset: 4096 * 10, count: 8192)
            try expect(hole.data.count == 8192 && hole.data.allSatisfy { $0 == 0 }, "a hole reads as zeros")
            try expect(!hole.eof, "no eof inside the file")
            let grown = try env.file("grown", data: [0xAA])
            _ = try fs.setattr(.root, grown, SetAttributes(size: 10_000))
            let g = try env.read(grown)
            try expect(g.count == 10_000 && g[0] == 0xAA && g.dropFirst().allSatisfy { $0 == 0 }, "extension by setattr reads as zeros")
        },

        posixCase("data-truncate-down-up") { env in
            let fs = env.fs
            let data = pxData(5 * 4096)
            let fh = try env.file("t", data: data)
            _ = try fs.setattr(.root, fh, SetAttributes(size: 5000))
            try expectEqual(try env.blockKeys(fh).count, 2, "blocks past the new end are deleted")
            try expectEqual(try env.read(fh), Array(data[..<5000]), "data kept up to the new end")
            _ = try fs.setattr(.root, fh, SetAttributes(size: 12_000))
            let up = try env.read(fh)
            try expectEqual(up.count, 12_000, "size after growing")
            try expectEqual(Array(up[..<5000]), Array(data[..<5000]), "kept data")
            try expect(up[5000...].allSatisfy { $0 == 0 }, "old bytes do not come back after shrink + grow")
            _ = try fs.write(.root, fh, offset: 6000, data: [7])
            let w = try env.read(fh)
            try expect(w[5000..<6000].allSatisfy { $0 == 0 } && w[6000] == 7, "a write past a cut reads zeros in between")
            _ = try fs.setattr(.root, fh, SetAttributes(size: 0))
            try expect(try env.blockKeys(fh).isEmpty, "truncate to 0 deletes every block")
            try expectEqual(try env.read(fh), [], "empty")
        },

        posixCase("data-eof") { env in
            let fs = env.fs
            let fh = try env.file("e", data: pxData(10_000))
            let mid = try fs.read(.root, fh, offset: 0, count: 5000)
            try expect(mid.data.count == 5000 && !mid.eof, "read inside the file: no eof")
            let tail = try fs.read(.root, fh, offset: 9000, count: 5000)
            try expect(tail.data.count == 1000 && tail.eof, "read across the end: short, eof")
            let exact = try fs.read(.root, fh, offset: 5000, count: 5000)
            try expect(exact.data.count == 5000 && exact.eof, "read ending exactly at the end: eof")
            let past = try fs.read(.root, fh, offset: 20_000, count: 10)
            try expect(past.data.isEmpty && past.eof, "read past the end: empty, eof")
            let zero = try fs.read(.root, fh, offset: 0, count: 0)
            try expect(zero.data.isEmpty, "zero-byte read")
            let d = try env.dir("d")
            try expectError(.isDir, "read a directory") { _ = try fs.read(.root, d, offset: 0, count: 1) }
            try expectError(.isDir, "write a directory") { _ = try fs.write(.root, d, offset: 0, data: [1]) }
        },

        posixCase("data-write-results") { env in
            let fs = env.fs
            let fh = try env.file("w")
            let u = try fs.write(.root, fh, offset: 0, data: pxData(100), stability: .unstable)
            try expectEqual(u.count, 100, "count")
            try expectEqual(u.committed, .unstable, "unstable")
            try expectEqual(u.wcc.before?.size, 0, "wcc before")
            try expectEqual(u.wcc.after?.size, 100, "wcc after")
            let s = try fs.write(.root, fh, offset: 100, data: pxData(100), stability: .fileSync)
            try expectEqual(s.committed, .fileSync, "file sync")
            try expectEqual(s.verifier, u.verifier, "one verifier per instance")
            try env.restart()
            let fresh = try env.file("w2")
            let again = try env.fs.write(.root, fresh, offset: 0, data: [1], stability: .unstable)
            try expect(again.verifier != u.verifier, "the verifier changes with a restart")
        },

        posixCase("data-parallel-writes-one-block", blockSize: 65536) { env in
            let fs = env.fs
            let fh = try env.file("shared")
            try pxParallel(32) { i in
                _ = try fs.write(.root, fh, offset: UInt64(i * 1000), data: [UInt8](repeating: UInt8(i + 1), count: 1000), stability: .unstable)
            }
            let all = try env.read(fh)
            try expectEqual(all.count, 32_000, "size")
            for i in 0..<32 {
                try expect(all[(i * 1000)..<((i + 1) * 1000)].allSatisfy { $0 == UInt8(i + 1) }, "chunk \(i) survived the parallel read-modify-writes")
            }
        },
    ]
}
