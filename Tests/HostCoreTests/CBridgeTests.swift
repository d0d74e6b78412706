import HostCore
import HostPlugins
import PluginABI
import Testing

@Suite struct CBridgeTests {
    @Test func handleThroughDfsFh() throws {
        let fh = FileHandle(shareID: 1, ino: 2, generation: 3)
        let c = fh.cValue
        #expect(c.len == UInt32(FileHandle.encodedLength))
        #expect(try FileHandle(c: c) == fh)
        var bad = c
        bad.len = 0
        #expect(throws: DFSError(.badHandle)) { try FileHandle(c: bad) }
        bad.len = 65
        #expect(throws: DFSError(.badHandle)) { try FileHandle(c: bad) }
        bad.len = 10
        #expect(throws: DFSError(.badHandle)) { try FileHandle(c: bad) }
    }

    @Test func setAttributesFromSattr() {
        var s = dfs_sattr()
        s.valid = DFS_SET_MODE | DFS_SET_GID | DFS_SET_SIZE | DFS_SET_ATIME_NOW | DFS_SET_MTIME
        s.mode = 0o100755
        s.uid = 9
        s.gid = 50
        s.size = 123
        s.mtime = dfs_timespec(sec: 7, nsec: 8, reserved: 0)
        let a = SetAttributes(c: s)
        #expect(a == SetAttributes(mode: 0o755, gid: 50, size: 123, atime: .now, mtime: .time(Timespec(sec: 7, nsec: 8))))
        #expect(SetAttributes(c: dfs_sattr()).isEmpty)
    }

    @Test func credentialsFromCred() {
        let groups: [UInt32] = [4, 5, 6]
        groups.withUnsafeBufferPointer { g in
            var c = dfs_cred()
            c.uid = 1
            c.gid = 2
            c.ngroups = 3
            c.groups = g.baseAddress
            let cred = withUnsafePointer(to: &c) { Credentials(c: $0) }
            #expect(cred == Credentials(uid: 1, gid: 2, groups: [4, 5, 6]))
        }
    }

    @Test func attributesAndWcc() {
        var i = Inode(ino: 9, mode: FileType.directory.modeBits | 0o1755)
        i.size = 4096
        i.mtime = Timespec(sec: 5, nsec: 6)
        let a = Attributes(i, shareID: 3)
        let c = a.cValue
        #expect(c.type == FileType.directory.rawValue && c.mode == 0o1755 && c.fileid == 9 && c.fsid == 3)
        #expect(c.mtime.sec == 5 && c.mtime.nsec == 6)
        let w = WccData(before: PreAttributes(i), after: a).cValue
        #expect(w.has_pre == 1 && w.has_post == 1 && w.pre_size == 4096 && w.post.fileid == 9)
        let none = WccData().cValue
        #expect(none.has_pre == 0 && none.has_post == 0)
    }

    @Test func createModeAndStability() {
        #expect(CreateMode(how: UInt32(DFS_CREATE_GUARDED), verifier: 0) == .guarded)
        #expect(CreateMode(how: UInt32(DFS_CREATE_EXCLUSIVE), verifier: 7) == .exclusive(verifier: 7))
        #expect(CreateMode(how: 9, verifier: 0) == nil)
        #expect(Stability(rawValue: UInt32(DFS_FILE_SYNC)) == .fileSync)
        #expect(AccessMask(rawValue: DFS_ACCESS_LOOKUP | DFS_ACCESS_DELETE) == [.lookup, .delete])
    }
}
