import HostCore
import HostPlugins
import Testing

@Suite struct ReadDirTests {
    @Test func dotEntriesAndPlus() throws {
        let f = try Fixture()
        let d = try f.dir("d")
        let fh = try f.file("x", in: d, data: [1, 2, 3])
        let r = try f.fs.readdir(.root, dir: d, plus: true)
        #expect(r.eof)
        #expect(r.entries.map(\.nameString) == [".", "..", "x"])
        #expect(r.entries.map(\.cookie) == [1, 2, r.entries[2].cookie])
        #expect(r.entries[2].cookie > 2)
        #expect(r.entries[0].fileid == d.ino && r.entries[1].fileid == f.root.ino)
        #expect(r.entries[1].handle == f.root)
        #expect(r.entries[2].handle == fh && r.entries[2].attributes?.size == 3)
        #expect(r.dirAttributes.fileid == d.ino)
        let plain = try f.fs.readdir(.root, dir: d)
        #expect(plain.entries.allSatisfy { $0.attributes == nil && $0.handle == nil })
        // Resume after "." and after "..".
        #expect(try f.fs.readdir(.root, dir: d, cookie: 1).entries.map(\.nameString) == ["..", "x"])
        #expect(try f.fs.readdir(.root, dir: d, cookie: 2).entries.map(\.nameString) == ["x"])
        let done = try f.fs.readdir(.root, dir: d, cookie: r.entries[2].cookie)
        #expect(done.entries.isEmpty && done.eof)
        // Root's ".." is the root.
        #expect(try f.fs.readdir(.root, dir: f.root).entries[1].fileid == f.root.ino)
    }

    @Test func paginationSurvivesConcurrentChanges() throws {
        let f = try Fixture()
        let d = try f.dir("d")
        for i in 0..<100 { try f.file(String(format: "file-%03d", i), in: d) }
        var seen: [String] = []
        var cookie: UInt64 = 0
        var page = 0
        while true {
            let r = try f.fs.readdir(.root, dir: d, cookie: cookie, verifier: 12345, maxBytes: 400)
            #expect(r.entries.count < 20)
            seen += r.entries.map(\.nameString)
            if page == 1 {
                // Remove an entry not yet seen and one already seen; add one.
                _ = try f.fs.remove(.root, dir: d, name: b("file-090"))
                _ = try f.fs.remove(.root, dir: d, name: b("file-000"))
                try f.file("late", in: d)
            }
            page += 1
            if r.eof { break }
            cookie = r.entries.last!.cookie
        }
        #expect(page > 5)
        let names = seen.filter { $0 != "." && $0 != ".." }
        #expect(Set(names).count == names.count, "no duplicates")
        #expect(!names.contains("file-090"))
        #expect(names.contains("file-000"))
        #expect(names.contains("late"))
        #expect(names.count == 100)
    }

    @Test func budgetAndPermissions() throws {
        let f = try Fixture()
        let d = try f.dir("d", as: user1, mode: 0o700)
        try f.file("x", in: d)
        expectStatus(.range) { _ = try f.fs.readdir(.root, dir: d, maxBytes: 10) }
        expectStatus(.access) { _ = try f.fs.readdir(user2, dir: d) }
        expectStatus(.notDir) { _ = try f.fs.readdir(.root, dir: try f.file("plain")) }
        // Read without search: names but no attributes.
        let noSearch = try f.dir("nosearch", as: user1, mode: 0o744)
        try f.file("y", in: noSearch)
        let r = try f.fs.readdir(user2, dir: noSearch, plus: true)
        #expect(r.entries.map(\.nameString) == [".", "..", "y"])
        #expect(r.entries.allSatisfy { $0.attributes == nil })
    }

    @Test func costModel() {
        #expect(FileSystem.readDirEntryCost(nameLength: 1, plus: false) == 28)
        #expect(FileSystem.readDirEntryCost(nameLength: 4, plus: false) == 28)
        #expect(FileSystem.readDirEntryCost(nameLength: 5, plus: false) == 32)
        #expect(FileSystem.readDirEntryCost(nameLength: 4, plus: true) == 28 + 88 + 8 + 32)
    }
}
