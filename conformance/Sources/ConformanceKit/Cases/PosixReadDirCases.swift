import HostCore
import HostPlugins

func posixReadDirCases() -> [ConformanceCase] {
    [
        posixCase("readdir-dots-and-plus") { env in
            let fs = env.fs
            let d = try env.dir("d")
            let f = try env.file("x", in: d, data: [1, 2, 3])
            let r = try fs.readdir(.root, dir: d, plus: true)
            try expect(r.eof, "small directory in one page")
            try expectEqual(r.entries.map(\.nameString), [".", "..", "x"], "names")
            try expectEqual(r.entries[0].fileid, d.ino, "\".\" fileid")
            try expectEqual(r.entries[1].fileid, env.root.ino, "\"..\" fileid")
            try expectEqual(r.entries[2].handle, f, "plus: handle")
            try expectEqual(r.entries[2].attributes?.size, 3, "plus: attributes")
            try expectEqual(r.entries[2].type, .regular, "type")
            try expect(r.entries[2].cookie > 2, "store cookies come after those of \".\" and \"..\"")
            try expectEqual(try fs.readdir(.root, dir: d, cookie: 2).entries.map(\.nameString), ["x"], "resume after \"..\"")
            let end = try fs.readdir(.root, dir: d, cookie: r.entries[2].cookie)
            try expect(end.entries.isEmpty && end.eof, "resume after the last entry: empty, eof")
            try expectError(.range, "a budget too small for one entry") { _ = try fs.readdir(.root, dir: d, maxBytes: 8) }
            try expectError(.notDir, "readdir of a file") { _ = try fs.readdir(.root, dir: f) }
        },

        posixCase("readdir-pagination-with-changes") { env in
            let fs = env.fs
            let d = try env.dir("d", mode: 0o777)
            for i in 0..<150 { try env.file("e\(1000 + i)", in: d) }
            var seen: [String] = []
            var cookie: UInt64 = 0
            var verifier: UInt64 = 0
            var page = 0
            var removedUnseen: Set<String> = []
            while true {
                let r = try fs.readdir(.root, dir: d, cookie: cookie, verifier: verifier, maxBytes: 600)
                seen += r.entries.map(\.nameString).filter { $0 != "." && $0 != ".." }
                verifier = r.cookieVerifier
                page += 1
                if page == 2 {
                    let unseen = (0..<150).map { "e\(1000 + $0)" }.filter { !seen.contains($0) }
                    for n in unseen.suffix(5) {
                        _ = try fs.remove(.root, dir: d, name: px(n))
                        removedUnseen.insert(n)
                    }
                    _ = try fs.remove(.root, dir: d, name: px(seen[0]))
                    for i in 0..<5 { try env.file("late\(i)", in: d) }
                    _ = try fs.rename(.root, from: d, px(seen[1]), to: d, px("renamed"))
                }
                if r.eof { break }
                guard let last = r.entries.last else { throw fail("empty page without eof") }
                cookie = last.cookie
            }
            try expect(page > 5, "several pages (got \(page))")
            try expectEqual(Set(seen).count, seen.count, "no entry twice")
            try expect(removedUnseen.isDisjoint(with: seen), "entries removed before being reached are not returned")
            let all = (0..<150).map { "e\(1000 + $0)" }
            try expect(Set(all).subtracting(removedUnseen).isSubset(of: Set(seen)), "every entry present throughout is returned")
            try expect((0..<5).allSatisfy { seen.contains("late\($0)") }, "entries inserted during the listing appear at the end")
            try expect(seen.contains("renamed"), "a renamed entry is listed under its new name")
        },

        posixCase("readdir-concurrent-inserts-removes") { env in
            let fs = env.fs
            let d = try env.dir("d", mode: 0o777)
            let stable = (0..<100).map { "stable\($0)" }
            for n in stable { try env.file(n, in: d) }
            for i in 0..<50 { try env.file("churn\(i)", in: d) }
            try pxParallel(3) { t in
                if t == 0 {
                    for round in 0..<4 {
                        var seen: [String] = []
                        var cookies: [UInt64] = []
                        var cookie: UInt64 = 0
                        while true {
                            let r = try fs.readdir(.root, dir: d, cookie: cookie, maxBytes: 400, plus: round % 2 == 1)
                            seen += r.entries.map(\.nameString)
                            cookies += r.entries.map(\.cookie)
                            if r.eof { break }
                            cookie = r.entries.last!.cookie
                        }
                        // A name removed and created again is a new entry with a
                        // new cookie and may be listed twice; nothing else may.
                        let once = seen.filter { !$0.hasPrefix("churn") }
                        try expectEqual(Set(once).count, once.count, "round \(round): no entry twice")
                        try expect(zip(cookies, cookies.dropFirst()).allSatisfy { $0 < $1 }, "round \(round): cookies increase")
                        try expect(Set(stable).isSubset(of: Set(seen)), "round \(round): every stable entry is listed")
                    }
                } else {
                    for i in 0..<40 {
                        _ = try fs.create(.root, dir: d, name: px("new\(t)-\(i)"))
                        let churn = px("churn\((t - 1) * 25 + i % 25)")
                        _ = try fs.remove(.root, dir: d, name: churn)
                        _ = try fs.create(.root, dir: d, name: churn)
                    }
                }
            }
        },
    ]
}
