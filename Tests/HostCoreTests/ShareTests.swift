import HostCore
import HostPlugins
import Testing

@Suite struct ShareTests {
    @Test func rootDirectory() throws {
        let f = try Fixture(rootMode: 0o750)
        let a = try f.attr(f.root)
        #expect(a.type == .directory)
        #expect(a.mode == 0o750)
        #expect(a.nlink == 2)
        #expect(a.fsid == 7)
        #expect(a.uid == 0 && a.gid == 0)
        let dotdot = try f.fs.lookup(.root, dir: f.root, name: b(".."))
        #expect(dotdot.handle == f.root)
        #expect(try f.fs.lookup(.root, dir: f.root, name: b(".")).handle == f.root)
        #expect(try f.fs.root(share: 7) == f.root)
        #expect(f.fs.share(named: "test") === f.share)
    }

    @Test func reAddReusesRootAndSettings() throws {
        let f = try Fixture(blockSize: 8192)
        let file = try f.file("kept", data: pattern(10000))
        let fs2 = FileSystem()
        let again = try fs2.addShare(name: "test", id: 7, metadata: f.meta, payload: f.payload,
                                     options: ShareOptions(blockSize: 1 << 20, rootMode: 0o700))
        #expect(again.root == f.root)
        #expect(again.blockSize == 8192)
        #expect(try fs2.getattr(.root, f.root).mode == 0o777)
        #expect(try fs2.read(.root, file, offset: 0, count: 20000).data == pattern(10000))
        #expect(fs2.writeVerifier != f.fs.writeVerifier)
    }

    @Test func duplicatesAndBadOptions() throws {
        let f = try Fixture()
        expectStatus(.exist) { try f.fs.addShare(name: "test", id: 8, metadata: f.meta, payload: f.payload) }
        expectStatus(.exist) { try f.fs.addShare(name: "other", id: 7, metadata: f.meta, payload: f.payload) }
        expectStatus(.inval) { try f.fs.addShare(name: "", id: 9, metadata: f.meta, payload: f.payload) }
        expectStatus(.inval) {
            try f.fs.addShare(name: "tiny", id: 9, metadata: f.meta, payload: f.payload, options: ShareOptions(blockSize: 100))
        }
        let second = try f.fs.addShare(name: "second", id: 9, metadata: f.meta, payload: f.payload)
        #expect(second.root != f.root)
        #expect(f.fs.shares.map(\.name) == ["second", "test"])
        f.fs.removeShare(id: 9)
        expectStatus(.stale) { _ = try f.fs.getattr(.root, second.root) }
    }

    @Test func readOnlyShare() throws {
        let f = try Fixture(readOnly: true)
        expectStatus(.readOnly) { _ = try f.file("x") }
        expectStatus(.readOnly) { _ = try f.dir("d") }
        expectStatus(.readOnly) { _ = try f.fs.setattr(.root, f.root, SetAttributes(mode: 0o700)) }
        let acc = try f.fs.access(.root, f.root, mask: .all)
        #expect(acc.granted == [.read, .lookup])
        #expect(try f.fs.statfs(.root, f.root).bytesAvail == 0)
    }

    @Test func statfs() throws {
        let f = try Fixture()
        let s = try f.fs.statfs(user1, f.root)
        #expect(s.bytesTotal > 0 && s.bytesFree <= s.bytesTotal && s.bytesAvail == s.bytesFree)
        #expect(s.filesTotal > 0 && s.filesFree <= s.filesTotal)
        #expect(s.attributes.fileid == f.root.ino)
    }
}

@Suite struct HandleScenarioTests {
    @Test func staleAfterRemove() throws {
        let f = try Fixture()
        let fh = try f.file("gone")
        _ = try f.fs.remove(.root, dir: f.root, name: b("gone"))
        expectStatus(.stale) { _ = try f.fs.getattr(.root, fh) }
        expectStatus(.stale) { _ = try f.fs.read(.root, fh, offset: 0, count: 1) }
        expectStatus(.stale) { _ = try f.fs.write(.root, fh, offset: 0, data: [1]) }
        let d = try f.dir("d")
        _ = try f.fs.rmdir(.root, dir: f.root, name: b("d"))
        expectStatus(.stale) { _ = try f.fs.readdir(.root, dir: d) }
        expectStatus(.stale) { _ = try f.fs.create(.root, dir: d, name: b("x")) }
    }

    @Test func staleForOtherGenerationOrShare() throws {
        let f = try Fixture()
        let fh = try f.file("x")
        var wrongGen = fh
        wrongGen.generation &+= 1
        expectStatus(.stale) { _ = try f.fs.getattr(.root, wrongGen) }
        var wrongShare = fh
        wrongShare.shareID = 12345
        expectStatus(.stale) { _ = try f.fs.getattr(.root, wrongShare) }
        var missing = fh
        missing.ino = 1 << 60
        expectStatus(.stale) { _ = try f.fs.getattr(.root, missing) }
    }

    @Test func handleBytesRoundTripThroughTheCore() throws {
        let f = try Fixture()
        let fh = try f.file("x")
        let decoded = try FileHandle(bytes: fh.encode())
        #expect(try f.attr(decoded).fileid == fh.ino)
        #expect(try f.lookup("x").encode() == fh.encode())
    }
}

/// Several shares in one metadata store: a handle of one share cannot reach
/// another share's inodes (ShareTag).
@Suite struct ShareTagTests {
    @Test func forgedHandlesAreStale() throws {
        let f = try Fixture()
        let other = try f.fs.addShare(name: "other", id: 99, metadata: f.meta, payload: f.payload,
                                      options: ShareOptions(rootMode: 0o777))
        let secret = try f.file("secret", data: b("top secret"))
        let dir = try f.dir("d")
        // the same inode, named through the other share's id
        let forged = FileHandle(shareID: other.id, ino: secret.ino, generation: secret.generation)
        expectStatus(.stale) { _ = try f.fs.getattr(.root, forged) }
        expectStatus(.stale) { _ = try f.fs.read(.root, forged, offset: 0, count: 100) }
        expectStatus(.stale) { _ = try f.fs.write(.root, forged, offset: 0, data: b("x")) }
        let forgedDir = FileHandle(shareID: other.id, ino: dir.ino, generation: dir.generation)
        expectStatus(.stale) { _ = try f.fs.lookup(.root, dir: forgedDir, name: b("x")) }
        expectStatus(.stale) { _ = try f.fs.create(.root, dir: forgedDir, name: b("planted"), mode: .guarded, attributes: SetAttributes()) }
        let forgedRoot = FileHandle(shareID: other.id, ino: f.root.ino, generation: f.root.generation)
        expectStatus(.stale) { _ = try f.fs.getattr(.root, forgedRoot) }
        // the genuine handles work, in both shares
        #expect(try f.read(secret) == b("top secret"))
        let mine = try f.fs.create(.root, dir: other.root, name: b("mine"), mode: .guarded, attributes: SetAttributes()).handle
        #expect(try f.fs.getattr(.root, mine).size == 0)
        let back = FileHandle(shareID: f.share.id, ino: mine.ino, generation: mine.generation)
        expectStatus(.stale) { _ = try f.fs.getattr(.root, back) }
        // clients never see the tag bits
        #expect(try f.attr(secret).flags & ShareTag.mask == 0)
    }
}
