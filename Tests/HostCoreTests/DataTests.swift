import HostCore
import HostPlugins
import Testing

@Suite struct DataTests {
    @Test func writeAcrossBlockBoundaries() throws {
        let f = try Fixture(blockSize: 4096)
        let fh = try f.file("f")
        let data = pattern(3 * 4096 + 100)
        let w = try f.fs.write(.root, fh, offset: 4000, data: data, stability: .unstable)
        #expect(w.count == UInt32(data.count))
        #expect(w.committed == .unstable)
        #expect(w.verifier == f.fs.writeVerifier)
        #expect(w.wcc.before?.size == 0)
        #expect(w.wcc.after?.size == UInt64(4000 + data.count))
        let all = try f.read(fh)
        #expect(all.count == 4000 + data.count)
        #expect(all[..<4000].allSatisfy { $0 == 0 })
        #expect(Array(all[4000...]) == data)
        #expect(try f.blockKeys(fh).count == 5) // bytes 4000..<16388
        // Overwrite the middle, spanning two blocks.
        let patch = [UInt8](repeating: 0xAB, count: 200)
        _ = try f.fs.write(.root, fh, offset: 8100, data: patch)
        var expected = all
        expected.replaceSubrange(8100..<8300, with: patch)
        #expect(try f.read(fh) == expected)
        // Reads of every alignment agree with the model.
        for (off, n) in [(0, 1), (4095, 2), (4096, 4096), (5000, 10000), (8190, 300)] {
            let r = try f.fs.read(.root, fh, offset: UInt64(off), count: UInt32(n))
            let end = min(off + n, expected.count)
            #expect(r.data == Array(expected[off..<end]), "read \(off)+\(n)")
            #expect(r.eof == (end == expected.count))
        }
        let c = try f.fs.commit(.root, fh)
        #expect(c.verifier == w.verifier && c.count == 0)
    }

    @Test func sparseFilesAndEOF() throws {
        let f = try Fixture(blockSize: 4096)
        let fh = try f.file("sparse")
        _ = try f.fs.write(.root, fh, offset: 100_000, data: [1, 2, 3])
        #expect(try f.attr(fh).size == 100_003)
        #expect(try f.blockKeys(fh).count == 1)
        let hole = try f.fs.read(.root, fh, offset: 50_000, count: 10_000)
        #expect(hole.data == [UInt8](repeating: 0, count: 10_000) && !hole.eof)
        let tail = try f.fs.read(.root, fh, offset: 99_999, count: 100)
        #expect(tail.data == [0, 1, 2, 3] && tail.eof)
        let past = try f.fs.read(.root, fh, offset: 200_000, count: 100)
        #expect(past.data.isEmpty && past.eof)
        let exact = try f.fs.read(.root, fh, offset: 100_000, count: 3)
        #expect(exact.data == [1, 2, 3] && exact.eof)
        let empty = try f.file("empty")
        let e = try f.fs.read(.root, empty, offset: 0, count: 10)
        #expect(e.data.isEmpty && e.eof)
    }

    @Test func truncateDownAndUp() throws {
        let f = try Fixture(blockSize: 4096)
        let data = pattern(5 * 4096)
        let fh = try f.file("t", data: data)
        #expect(try f.blockKeys(fh).count == 5)
        // Down into the middle of block 1: blocks 2... go, block 1 is cut.
        let w = try f.fs.setattr(.root, fh, SetAttributes(size: 5000))
        #expect(w.before?.size == UInt64(data.count) && w.after?.size == 5000)
        #expect(try f.blockKeys(fh).count == 2)
        #expect(try f.payload.size(BlockKey.key(dataID: f.share.dataID, ino: fh.ino, index: 1)) == 5000 - 4096)
        #expect(try f.read(fh) == Array(data[..<5000]))
        // Up: a hole, the old bytes do not come back.
        _ = try f.fs.setattr(.root, fh, SetAttributes(size: 20_000))
        let grown = try f.read(fh)
        #expect(grown.count == 20_000)
        #expect(Array(grown[..<5000]) == Array(data[..<5000]))
        #expect(grown[5000...].allSatisfy { $0 == 0 })
        // To zero: no blocks.
        _ = try f.fs.setattr(.root, fh, SetAttributes(size: 0))
        #expect(try f.blockKeys(fh).isEmpty)
        #expect(try f.read(fh).isEmpty)
        // Block-aligned cut.
        _ = try f.fs.write(.root, fh, offset: 0, data: data)
        _ = try f.fs.setattr(.root, fh, SetAttributes(size: 8192))
        #expect(try f.blockKeys(fh).count == 2)
        #expect(try f.read(fh) == Array(data[..<8192]))
    }

    @Test func writePastEOFAfterShrinkReadsZeros() throws {
        let f = try Fixture(blockSize: 4096)
        let fh = try f.file("z", data: [UInt8](repeating: 0xFF, count: 3000))
        _ = try f.fs.setattr(.root, fh, SetAttributes(size: 1000))
        _ = try f.fs.write(.root, fh, offset: 2000, data: [7])
        let r = try f.read(fh)
        #expect(r.count == 2001)
        #expect(r[..<1000].allSatisfy { $0 == 0xFF })
        #expect(r[1000..<2000].allSatisfy { $0 == 0 })
        #expect(r[2000] == 7)
    }

    @Test func removeDeletesBlocks() throws {
        let f = try Fixture(blockSize: 4096)
        let fh = try f.file("big", data: pattern(40_000))
        let other = try f.file("other", data: pattern(5000))
        #expect(try f.blockKeys(fh).count == 10)
        _ = try f.fs.remove(.root, dir: f.root, name: b("big"))
        #expect(try f.blockKeys(fh).isEmpty)
        #expect(try f.blockKeys(other).count == 2)
    }

    @Test func typeAndPermissionErrors() throws {
        let f = try Fixture()
        let d = try f.dir("d")
        expectStatus(.isDir) { _ = try f.fs.read(.root, d, offset: 0, count: 1) }
        expectStatus(.isDir) { _ = try f.fs.write(.root, d, offset: 0, data: [1]) }
        let ro = try f.file("ro", as: user1, mode: 0o444)
        expectStatus(.access) { _ = try f.fs.write(user1, ro, offset: 0, data: [1]) }
        expectStatus(.access) { _ = try f.fs.setattr(user1, ro, SetAttributes(size: 0)) }
        _ = try f.fs.write(.root, ro, offset: 0, data: [1])
        let secret = try f.file("secret", as: user1, mode: 0o600)
        expectStatus(.access) { _ = try f.fs.read(user2, secret, offset: 0, count: 1) }
        let exe = try f.file("exe", as: user1, mode: 0o711, data: [9])
        #expect(try f.fs.read(user2, exe, offset: 0, count: 1).data == [9])
        expectStatus(.fileTooBig) { _ = try f.fs.write(.root, exe, offset: FileSystem.maxFileSize, data: [1]) }
        expectStatus(.fileTooBig) { _ = try f.fs.setattr(.root, exe, SetAttributes(size: UInt64.max)) }
    }

    @Test func writeClearsSetuidForNonRoot() throws {
        let f = try Fixture()
        let fh = try f.file("suid", as: user1, mode: 0o6777)
        _ = try f.fs.write(.root, fh, offset: 0, data: [1])
        #expect(try f.attr(fh).mode == 0o6777)
        _ = try f.fs.write(user2, fh, offset: 0, data: [2])
        #expect(try f.attr(fh).mode == 0o0777)
    }

    @Test func zeroLengthWriteChangesNothing() throws {
        let f = try Fixture()
        let fh = try f.file("z")
        let before = try f.attr(fh)
        let w = try f.fs.write(.root, fh, offset: 100, data: [])
        #expect(w.count == 0)
        #expect(try f.attr(fh) == before)
    }

    @Test func largeBlockDefault() throws {
        let f = try Fixture(blockSize: FileSystem.defaultBlockSize)
        let data = pattern(3 << 20)
        let fh = try f.file("big", data: data)
        #expect(try f.blockKeys(fh).count == 3)
        #expect(try f.read(fh, 1 << 20, 1 << 20) == Array(data[(1 << 20)..<(2 << 20)]))
    }
}
