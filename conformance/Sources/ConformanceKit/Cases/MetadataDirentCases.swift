import HostPlugins
import PluginABI

private let reg = FileType.regular.rawValue
private let dirType = FileType.directory.rawValue

/// Insert `name` in `dir`, then check lookup (same txn, after commit, read
/// only), the listing, and remove.
private func direntRoundTrip(_ s: MetadataStore, dir: UInt64, _ name: [UInt8], ino: UInt64 = 77,
                             type: UInt32 = reg, _ what: String) throws {
    let cookie = try s.txn { t in
        let c = try t.insert(dir, name, ino: ino, type: type)
        let e = try t.lookup(dir, name)
        try expectEqual(e, DirEntry(name: name, ino: ino, type: type, cookie: c), "\(what): lookup in the inserting transaction")
        return c
    }
    try expect(cookie > 0 && cookie < 1 << 62, "\(what): cookie \(cookie) must be > 0 and < 2^62")
    try s.inBoth { t in
        try expectEqual(try t.lookup(dir, name), DirEntry(name: name, ino: ino, type: type, cookie: cookie),
                        "\(what): lookup after commit\(t.readOnly ? " (read-only)" : "")")
        let listed = try t.list(dir)
        try expect(listed.contains(DirEntry(name: name, ino: ino, type: type, cookie: cookie)),
                   "\(what): listing \(listed.map { show($0.name) }) must contain \(show(name)) with cookie \(cookie)")
    }
    try s.txn { t in try t.remove(dir, name) }
    try s.txn { t in
        try expectEqual(try t.lookup(dir, name), nil, "\(what): lookup after remove")
        try expect(!names(try t.list(dir)).contains(name), "\(what): listing after remove")
    }
}

func metadataDirentCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    let g = "dirent"

    let goodNames: [(String, [UInt8])] = [
        ("ascii", utf8("hello.txt")),
        ("1-byte", utf8("a")),
        ("255-bytes", filled(Int(DFS_NAME_MAX), 0x6E)),
        ("255-bytes-utf8", Array(String(repeating: "日", count: 85).utf8)),
        ("non-ascii-utf8", utf8("naïve-Ünïcödé-日本語-😀")),
        ("invalid-utf8", [0xFF, 0xFE, 0xC3, 0x28, 0x80, 0xED, 0xA0, 0x80]),
        ("byte-ff", [0xFF]),
        ("nul-inside", [0x61, 0x00, 0x62]),
        ("only-nul", [0x00]),
        ("slash", utf8("a/b")),
        ("dot", utf8(".")),
        ("dotdot", utf8("..")),
        ("spaces", utf8("  two  spaces ")),
        ("control-chars", [0x01, 0x0A, 0x0D, 0x1B, 0x7F]),
        ("percent-escapes", utf8("%2F%00%")),
    ]
    for (name, bytes) in goodNames {
        cases.append(metaCase(g, "name-\(name)") { s, _ in
            try direntRoundTrip(s, dir: 1, bytes, "name \(name) (\(show(bytes)))")
        })
    }
    cases.append(metaCase(g, "name-256-bytes-nametoolong") { s, _ in
        try s.txn { t in
            try expectError(.nameTooLong, "dirent_insert of a 256-byte name") {
                try t.insert(1, filled(Int(DFS_NAME_MAX) + 1, 0x6E), ino: 5, type: reg)
            }
            try expect(try t.list(1).isEmpty, "the refused entry must not be listed")
        }
    })
    cases.append(metaCase(g, "lookup-256-bytes-nametoolong") { s, _ in
        try s.txn { t in
            try expectError(.nameTooLong, "dirent_lookup of a 256-byte name") { _ = try t.lookup(1, filled(256, 0x6E)) }
        }
    })
    cases.append(metaCase(g, "remove-256-bytes-nametoolong") { s, _ in
        try s.txn { t in
            try expectError(.nameTooLong, "dirent_remove of a 256-byte name") { try t.remove(1, filled(256, 0x6E)) }
        }
    })
    cases.append(metaCase(g, "name-empty-inval") { s, _ in
        try s.txn { t in
            try expectError(.inval, "dirent_insert of an empty name") { try t.insert(1, [], ino: 5, type: reg) }
            try expect(try t.list(1).isEmpty, "the refused entry must not be listed")
        }
    })
    cases.append(metaCase(g, "lookup-empty-inval") { s, _ in
        try s.txn { t in try expectError(.inval, "dirent_lookup of an empty name") { _ = try t.lookup(1, []) } }
    })
    cases.append(metaCase(g, "remove-empty-inval") { s, _ in
        try s.txn { t in try expectError(.inval, "dirent_remove of an empty name") { try t.remove(1, []) } }
    })
    cases.append(metaCase(g, "names-differing-in-case-distinct") { s, _ in
        let ns = ["readme", "README", "ReadMe", "rEADME"].map(utf8)
        try s.txn { t in for (i, n) in ns.enumerated() { try t.insert(1, n, ino: UInt64(10 + i), type: reg) } }
        try s.txn { t in
            for (i, n) in ns.enumerated() { try expectEqual(try t.lookup(1, n)?.ino, UInt64(10 + i), "lookup \(show(n))") }
            try expectEqual(try t.list(1).count, ns.count, "entries differing only in case")
        }
    })
    cases.append(metaCase(g, "names-differing-in-normalisation-distinct") { s, _ in
        let nfc: [UInt8] = [0x63, 0x61, 0x66, 0xC3, 0xA9]             // "café", precomposed
        let nfd: [UInt8] = [0x63, 0x61, 0x66, 0x65, 0xCC, 0x81]       // "café", e + combining acute
        try s.txn { t in
            try t.insert(1, nfc, ino: 11, type: reg)
            try t.insert(1, nfd, ino: 12, type: reg)
        }
        try s.txn { t in
            try expectEqual(try t.lookup(1, nfc)?.ino, 11, "NFC name")
            try expectEqual(try t.lookup(1, nfd)?.ino, 12, "NFD name")
            try t.remove(1, nfc)
            try expectEqual(try t.lookup(1, nfd)?.ino, 12, "NFD name after removing NFC")
        }
    })
    cases.append(metaCase(g, "names-prefix-of-each-other-distinct") { s, _ in
        let ns: [[UInt8]] = [utf8("a"), [0x61, 0x00], utf8("ab"), utf8("a "), utf8("aa")]
        try s.txn { t in for (i, n) in ns.enumerated() { try t.insert(1, n, ino: UInt64(20 + i), type: reg) } }
        try s.txn { t in
            for (i, n) in ns.enumerated() { try expectEqual(try t.lookup(1, n)?.ino, UInt64(20 + i), "lookup \(show(n))") }
            try expectEqual(try t.lookup(1, utf8("b")), nil, "lookup of an absent name")
        }
    })
    cases.append(metaCase(g, "insert-existing-exist") { s, _ in
        let c = try s.txn { t in try t.insert(1, utf8("x"), ino: 5, type: reg) }
        try s.txn { t in
            try expectError(.exist, "dirent_insert of a committed name") { try t.insert(1, utf8("x"), ino: 6, type: dirType) }
            try expectEqual(try t.lookup(1, utf8("x")), DirEntry(name: utf8("x"), ino: 5, type: reg, cookie: c), "original entry, same txn")
        }
        try s.txn { t in
            try expectEqual(try t.lookup(1, utf8("x")), DirEntry(name: utf8("x"), ino: 5, type: reg, cookie: c), "original entry kept")
        }
    })
    cases.append(metaCase(g, "insert-existing-same-txn-exist") { s, _ in
        try s.txn { t in
            try t.insert(1, utf8("x"), ino: 5, type: reg)
            try expectError(.exist, "second dirent_insert of one name in one transaction") { try t.insert(1, utf8("x"), ino: 6, type: reg) }
        }
        try s.txn { t in try expectEqual(try t.lookup(1, utf8("x"))?.ino, 5, "first insert wins") }
    })
    cases.append(metaCase(g, "lookup-missing-noent") { s, _ in
        try s.txn { t in try t.insert(1, utf8("present"), ino: 5, type: reg) }
        try s.inBoth { t in
            try expectEqual(try t.lookup(1, utf8("absent")), nil, "lookup of an absent name")
            try expectEqual(try t.lookup(2, utf8("present")), nil, "lookup in another directory")
        }
    })
    cases.append(metaCase(g, "remove-missing-noent") { s, _ in
        try s.txn { t in try expectError(.noent, "dirent_remove of an absent name") { try t.remove(1, utf8("nope")) } }
    })
    cases.append(metaCase(g, "remove-twice-noent") { s, _ in
        try s.txn { t in try t.insert(1, utf8("x"), ino: 5, type: reg) }
        try s.txn { t in
            try t.remove(1, utf8("x"))
            try expectError(.noent, "second dirent_remove in one transaction") { try t.remove(1, utf8("x")) }
        }
        try s.txn { t in try expectError(.noent, "dirent_remove after a committed remove") { try t.remove(1, utf8("x")) } }
    })
    cases.append(metaCase(g, "type-roundtrip-every-type") { s, _ in
        try s.txn { t in for ft in FileType.allCases { try t.insert(1, utf8("\(ft)"), ino: UInt64(ft.rawValue) + 100, type: ft.rawValue) } }
        try s.inBoth { t in
            for ft in FileType.allCases {
                let e = try t.lookup(1, utf8("\(ft)"))
                try expectEqual(e?.type, ft.rawValue, "type of the \(ft) entry")
                try expectEqual(e?.ino, UInt64(ft.rawValue) + 100, "ino of the \(ft) entry")
            }
            let listed = try t.list(1)
            for e in listed { try expectEqual(e.ino, UInt64(e.type) + 100, "listed type/ino of \(show(e.name))") }
        }
    })
    cases.append(metaCase(g, "ino-roundtrip-extremes") { s, _ in
        let inos: [UInt64] = [1, 2, 1 << 32, 1 << 63, .max - 1, .max]
        try s.txn { t in for (i, ino) in inos.enumerated() { try t.insert(1, utf8("e\(i)"), ino: ino, type: reg) } }
        try s.txn { t in
            for (i, ino) in inos.enumerated() { try expectEqual(try t.lookup(1, utf8("e\(i)"))?.ino, ino, "child ino") }
        }
    })
    cases.append(metaCase(g, "child-inode-need-not-exist") { s, _ in
        // "A store never checks that a directory entry points at an existing inode."
        try direntRoundTrip(s, dir: 424_242, utf8("dangling"), ino: 999_999, "entry to an absent inode in an absent directory")
    })
    cases.append(metaCase(g, "directory-ino-extremes") { s, _ in
        try direntRoundTrip(s, dir: .max, utf8("x"), "entry in directory UINT64_MAX")
        try direntRoundTrip(s, dir: 1 << 63, utf8("x"), "entry in directory 2^63")
    })
    cases.append(metaCase(g, "cookie-positive-below-2^62") { s, _ in
        let cookies = try s.txn { t in try (0..<50).map { try t.insert(1, utf8("f\($0)"), ino: 5, type: reg) } }
        for c in cookies { try expect(c > 0 && c < 1 << 62, "cookie \(c) must be > 0 and < 2^62") }
    })
    cases.append(metaCase(g, "cookies-increase-within-txn") { s, _ in
        let cookies = try s.txn { t in try (0..<50).map { try t.insert(1, utf8("f\($0)"), ino: 5, type: reg) } }
        for (a, b) in zip(cookies, cookies.dropFirst()) { try expect(b > a, "cookie \(b) after \(a) must be greater") }
    })
    cases.append(metaCase(g, "cookies-increase-across-txns") { s, _ in
        var last: UInt64 = 0
        for i in 0..<20 {
            let c = try s.txn { t in try t.insert(1, utf8("f\(i)"), ino: 5, type: reg) }
            try expect(c > last, "cookie \(c) of insert #\(i) must exceed \(last)")
            last = c
        }
    })
    cases.append(metaCase(g, "cookie-stable-after-commit") { s, _ in
        let c = try s.txn { t in try t.insert(1, utf8("x"), ino: 5, type: reg) }
        try s.txn { t in try t.insert(1, utf8("y"), ino: 6, type: reg); try t.insert(2, utf8("x"), ino: 6, type: reg) }
        try s.inBoth { t in
            try expectEqual(try t.lookup(1, utf8("x"))?.cookie, c, "cookie returned by insert vs lookup")
            try expectEqual(try t.list(1).first?.cookie, c, "cookie returned by insert vs listing")
        }
    })
    cases.append(metaCase(g, "cookie-not-reused-after-remove-reinsert") { s, _ in
        let (a, b) = try s.txn { t in
            (try t.insert(1, utf8("a"), ino: 5, type: reg), try t.insert(1, utf8("b"), ino: 6, type: reg))
        }
        try s.txn { t in try t.remove(1, utf8("b")) }
        let b2 = try s.txn { t in try t.insert(1, utf8("b"), ino: 6, type: reg) }
        try expect(b2 > b && b2 > a, "re-inserted b got cookie \(b2); it must exceed every earlier cookie (\(a), \(b))")
        let b3 = try s.txn { t in
            try t.remove(1, utf8("b"))
            return try t.insert(1, utf8("b"), ino: 6, type: reg)
        }
        try expect(b3 > b2, "remove + insert in one txn gave cookie \(b3), must exceed \(b2)")
    })
    cases.append(metaCase(g, "cookie-not-reused-after-emptying-dir") { s, _ in
        let cs = try s.txn { t in try (0..<10).map { try t.insert(1, utf8("f\($0)"), ino: 5, type: reg) } }
        try s.txn { t in for i in 0..<10 { try t.remove(1, utf8("f\(i)")) } }
        try s.txn { t in try expect(try t.list(1).isEmpty, "emptied directory lists nothing") }
        let c = try s.txn { t in try t.insert(1, utf8("new"), ino: 5, type: reg) }
        try expect(c > cs.max()!, "cookie \(c) in the emptied directory must exceed every earlier one (max \(cs.max()!))")
    })
    cases.append(metaCase(g, "cookies-unique-in-dir") { s, _ in
        var all: [UInt64] = []
        for round in 0..<5 {
            all += try s.txn { t in
                if round > 0 { try t.remove(1, utf8("r\(round - 1)-0")) }
                return try (0..<20).map { try t.insert(1, utf8("r\(round)-\($0)"), ino: 5, type: reg) }
            }
        }
        try expectEqual(Set(all).count, all.count, "distinct cookies among \(all.count) inserts")
        let listed = try s.txn { t in try t.list(1) }
        try expectCookiesValid(listed, "listing")
    })
    cases.append(metaCase(g, "same-name-different-dirs-independent") { s, _ in
        let (c1, c2) = try s.txn { t in
            (try t.insert(1, utf8("same"), ino: 10, type: reg), try t.insert(2, utf8("same"), ino: 20, type: dirType))
        }
        try s.txn { t in
            try expectEqual(try t.lookup(1, utf8("same")), DirEntry(name: utf8("same"), ino: 10, type: reg, cookie: c1), "in dir 1")
            try expectEqual(try t.lookup(2, utf8("same")), DirEntry(name: utf8("same"), ino: 20, type: dirType, cookie: c2), "in dir 2")
            try t.remove(1, utf8("same"))
        }
        try s.txn { t in
            try expectEqual(try t.lookup(1, utf8("same")), nil, "removed from dir 1")
            try expectEqual(try t.lookup(2, utf8("same"))?.ino, 20, "dir 2 keeps its entry")
            try expectEqual(try t.list(2).count, 1, "dir 2 listing")
        }
    })
    cases.append(metaCase(g, "rename-gets-new-cookie") { s, _ in
        let old = try s.txn { t in
            try t.insert(1, utf8("z"), ino: 4, type: reg)
            return try t.insert(1, utf8("old"), ino: 5, type: reg)
        }
        let new = try s.txn { t in
            try t.remove(1, utf8("old"))
            return try t.insert(1, utf8("new"), ino: 5, type: reg)
        }
        try expect(new > old, "renamed entry cookie \(new) must exceed \(old)")
        try s.txn { t in
            try expectEqual(names(try t.list(1)), [utf8("z"), utf8("new")], "listing after rename")
        }
    })
    cases.append(metaCase(g, "many-dirs-many-entries") { s, _ in
        try s.txn { t in
            for d in 1...20 { for n in 0..<20 { try t.insert(UInt64(d), utf8("n\(n)"), ino: UInt64(d * 100 + n), type: reg) } }
        }
        try s.txn(readOnly: true) { t in
            for d in 1...20 {
                let l = try t.list(UInt64(d))
                try expectEqual(l.count, 20, "entries of dir \(d)")
                for e in l { try expectEqual(e.ino / 100, UInt64(d), "entry \(show(e.name)) listed in dir \(d)") }
            }
        }
    })
    return cases
}
