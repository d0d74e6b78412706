import HostPlugins
import PluginABI

private let reg = FileType.regular.rawValue

/// Insert `names` (in this order) into `dir` in one transaction; returns the entries.
@discardableResult
private func populate(_ s: MetadataStore, _ dir: UInt64, _ names: [String]) throws -> [DirEntry] {
    try s.txn { t in
        try names.enumerated().map { i, n in
            let c = try t.insert(dir, utf8(n), ino: UInt64(1000 + i), type: reg)
            return DirEntry(name: utf8(n), ino: UInt64(1000 + i), type: reg, cookie: c)
        }
    }
}

/// Every entry of `dir` read page by page, each page in its own transaction.
private func pages(_ s: MetadataStore, _ dir: UInt64, size: Int, after: UInt64 = 0) throws -> [[DirEntry]] {
    var out: [[DirEntry]] = []
    var cookie = after
    while true {
        let page = try s.txn(readOnly: true) { t in try t.list(dir, after: cookie, limit: size) }
        if page.isEmpty { return out }
        try expect(page.count <= size, "page of \(page.count) entries for a limit of \(size)")
        out.append(page)
        cookie = page.last!.cookie
        if out.count > 1_000_000 { throw fail("listing does not end") }
    }
}

func metadataListingCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    let g = "listing"
    let unsorted = ["m", "b", "z", "a", "y", "c", "0", "é", "B"]

    cases.append(metaCase(g, "order-by-cookie-not-name") { s, _ in
        let ins = try populate(s, 1, unsorted)
        try s.inBoth { t in
            let l = try t.list(1)
            try expectEqual(l, ins, "listing must be in insertion (cookie) order, not name order")
            try expectCookiesValid(l, "listing")
        }
    })
    cases.append(metaCase(g, "entries-carry-every-field") { s, _ in
        let c = try s.txn { t in try t.insert(1, [0, 0xFF, 0x61], ino: .max, type: FileType.symlink.rawValue) }
        try s.txn { t in
            try expectEqual(try t.list(1), [DirEntry(name: [0, 0xFF, 0x61], ino: .max, type: FileType.symlink.rawValue, cookie: c)],
                            "the one listed entry")
        }
    })
    cases.append(metaCase(g, "after-cookie-middle") { s, _ in
        let ins = try populate(s, 1, unsorted)
        try s.txn { t in
            for k in 0..<ins.count {
                try expectEqual(try t.list(1, after: ins[k].cookie), Array(ins[(k + 1)...]), "listing after entry #\(k)")
            }
        }
    })
    cases.append(metaCase(g, "after-zero-is-start") { s, _ in
        let ins = try populate(s, 1, unsorted)
        try s.txn { t in try expectEqual(try t.list(1, after: 0), ins, "after cookie 0") }
    })
    cases.append(metaCase(g, "after-last-cookie-empty") { s, _ in
        let ins = try populate(s, 1, unsorted)
        try s.txn { t in try expectEqual(try t.list(1, after: ins.last!.cookie), [], "after the last cookie") }
    })
    cases.append(metaCase(g, "after-huge-cookie-empty") { s, _ in
        try populate(s, 1, unsorted)
        try s.txn { t in
            try expectEqual(try t.list(1, after: (1 << 62) - 1), [], "after cookie 2^62-1")
            try expectEqual(try t.list(1, after: .max), [], "after cookie UINT64_MAX")
        }
    })
    cases.append(metaCase(g, "after-removed-entry-cookie") { s, _ in
        // Resuming from the cookie of an entry removed meanwhile continues right after it.
        let ins = try populate(s, 1, ["a", "b", "c", "d", "e"])
        try s.txn { t in try t.remove(1, utf8("c")) }
        try s.txn { t in try expectEqual(try t.list(1, after: ins[2].cookie), Array(ins[3...]), "after removed c") }
    })
    cases.append(metaCase(g, "after-cookie-between-entries") { s, _ in
        let ins = try populate(s, 1, ["a", "b", "c", "d"])
        try s.txn { t in try t.remove(1, utf8("b")); try t.remove(1, utf8("c")) }
        // Any cookie strictly between a's and d's lists d only.
        try s.txn { t in
            for k in (ins[0].cookie + 1)..<ins[3].cookie {
                try expectEqual(names(try t.list(1, after: k)), [utf8("d")], "after cookie \(k)")
            }
        }
    })
    cases.append(metaCase(g, "pages-complete") { s, _ in
        let ins = try populate(s, 1, (0..<95).map { "file-\($0)" })
        for size in [1, 7, 10, 94, 95, 200] {
            let ps = try pages(s, 1, size: size)
            try expectEqual(ps.flatMap { $0 }, ins, "pages of \(size)")
            try expectEqual(ps.count, (95 + size - 1) / size, "page count for size \(size)")
        }
    })
    cases.append(metaCase(g, "pages-across-inserts") { s, _ in
        let ins = try populate(s, 1, (0..<30).map { "old-\($0)" })
        let first = try s.txn { t in try t.list(1, limit: 10) }
        let added = try populate(s, 1, ["new-a", "new-0", "aaa"])
        let rest = try pages(s, 1, size: 7, after: first.last!.cookie).flatMap { $0 }
        try expectEqual(first + rest, ins + added, "old entries then new ones, each once")
    })
    cases.append(metaCase(g, "pages-across-removes") { s, _ in
        let ins = try populate(s, 1, (0..<30).map { "e\($0)" })
        let first = try s.txn { t in try t.list(1, limit: 10) }
        // Remove seen entries (incl. the last seen), unseen ones, and the very last.
        let gone: Set<String> = ["e0", "e9", "e10", "e15", "e29"]
        try s.txn { t in for n in gone { try t.remove(1, utf8(n)) } }
        let rest = try pages(s, 1, size: 4, after: first.last!.cookie).flatMap { $0 }
        try expectEqual(rest, ins[10...].filter { !gone.contains($0.nameString) }, "continuation after removes")
    })
    cases.append(metaCase(g, "pages-across-inserts-and-removes") { s, _ in
        let ins = try populate(s, 1, (0..<50).map { "e\($0)" })
        let first = try s.txn { t in try t.list(1, limit: 10) }
        // Between pages: remove seen and unseen entries, rename one unseen
        // entry (remove + insert: it becomes new), add new entries.
        let (renamed, added) = try s.txn { t in
            for n in ["e5", "e20", "e21"] { try t.remove(1, utf8(n)) }
            try t.remove(1, utf8("e30"))
            let r = try t.insert(1, utf8("e30-renamed"), ino: 1030, type: reg)
            let a = try (0..<5).map { i in try t.insert(1, utf8("n\(i)"), ino: UInt64(2000 + i), type: reg) }
            return (r, a)
        }
        var seen = first
        var after = first.last!.cookie
        while true {
            let page = try s.txn(readOnly: true) { t in try t.list(1, after: after, limit: 10) }
            if page.isEmpty { break }
            seen += page
            after = page.last!.cookie
            // More changes while paging: more new entries, remove an unseen old one.
            if seen.count == 20 { try s.txn { t in try t.remove(1, utf8("e45")); try t.insert(1, utf8("late"), ino: 3000, type: reg) } }
        }
        let seenNames = seen.map(\.nameString)
        try expectEqual(Set(seenNames).count, seenNames.count, "no entry listed twice")
        let gone: Set<String> = ["e20", "e21", "e30", "e45"]
        let oldExpected = ins[10...].filter { !gone.contains($0.nameString) }.map(\.nameString)
        let continuation = Array(seenNames.dropFirst(10))
        try expectEqual(Array(continuation.prefix(oldExpected.count)), oldExpected, "every surviving old entry, in order, before any new one")
        try expectEqual(Array(continuation.dropFirst(oldExpected.count)), ["e30-renamed", "n0", "n1", "n2", "n3", "n4", "late"],
                        "new entries after all old ones, in insertion order")
        try expect(renamed < added[0], "cookie order of the renamed and the new entries")
        try expectCookiesValid(seen, "the whole paged listing")
    })
    cases.append(metaCase(g, "empty-dir-lists-nothing") { s, _ in
        try populate(s, 1, ["x"])
        try s.txn { t in try t.remove(1, utf8("x")) }
        try s.inBoth { t in
            try expectEqual(try t.list(1), [], "emptied directory")
            try expectEqual(try t.list(1, after: 12345), [], "emptied directory after some cookie")
        }
    })
    cases.append(metaCase(g, "unknown-dir-lists-nothing") { s, _ in
        try populate(s, 1, ["x"])
        try s.inBoth { t in
            try expectEqual(try t.list(2), [], "unknown directory 2")
            try expectEqual(try t.list(0), [], "directory 0")
            try expectEqual(try t.list(.max), [], "directory UINT64_MAX")
        }
    })
    cases.append(metaCase(g, "dirs-do-not-leak-into-each-other") { s, _ in
        let a = try populate(s, 10, ["a1", "a2"])
        let b = try populate(s, 11, ["b1", "b2", "b3"])
        let c = try populate(s, 9, ["c1"])
        try s.txn { t in
            try expectEqual(try t.list(10), a, "dir 10")
            try expectEqual(try t.list(11), b, "dir 11")
            try expectEqual(try t.list(9), c, "dir 9")
        }
    })
    cases.append(metaCase(g, "early-stop") { s, _ in
        let ins = try populate(s, 1, (0..<20).map { "f\($0)" })
        try s.txn { t in
            for k in [1, 3, 19] {
                var got: [DirEntry] = []
                try t.forEachEntry(1) { e in got.append(e); return got.count < k }
                try expectEqual(got, Array(ins.prefix(k)), "callback stopping after \(k) entries")
            }
            var calls = 0
            try t.forEachEntry(1, after: ins[4].cookie) { _ in calls += 1; return false }
            try expectEqual(calls, 1, "callback stopping at once (from the middle)")
        }
    })
    cases.append(metaCase(g, "binary-names-listed-exactly") { s, _ in
        let ns: [[UInt8]] = [[0], [0xFF], [0, 0], [0x2F], [0xC3, 0x28], filled(255, 0x80)]
        let cookies = try s.txn { t in try ns.map { try t.insert(1, $0, ino: 9, type: reg) } }
        try s.txn { t in
            let l = try t.list(1)
            try expectEqual(l.map(\.name), ns, "names as listed")
            try expectEqual(l.map(\.cookie), cookies, "cookies as listed")
        }
    })
    cases.append(metaCase(g, "ten-thousand-entries-pages-of-100") { s, _ in
        let n = 10_000
        var ins: [DirEntry] = []
        for batch in 0..<(n / 1000) {
            try s.txn { t in
                for i in (batch * 1000)..<((batch + 1) * 1000) {
                    let name = utf8("entry-\(i)-" + String(repeating: "x", count: i % 40))
                    let c = try t.insert(7, name, ino: UInt64(i + 1), type: reg)
                    ins.append(DirEntry(name: name, ino: UInt64(i + 1), type: reg, cookie: c))
                }
            }
        }
        let ps = try pages(s, 7, size: 100)
        try expectEqual(ps.count, n / 100, "number of pages of 100")
        for (i, p) in ps.enumerated() where p.count != 100 { throw fail("page \(i) has \(p.count) entries, expected 100") }
        let all = ps.flatMap { $0 }
        try expectCookiesValid(all, "10,000-entry listing")
        try expect(all == ins, "the paged listing differs from the inserted entries (got \(all.count), expected \(ins.count))")
        // One unpaged listing in one transaction agrees.
        try s.txn(readOnly: true) { t in try expect(try t.list(7) == ins, "unpaged listing of 10,000 entries") }
    })
    return cases
}
