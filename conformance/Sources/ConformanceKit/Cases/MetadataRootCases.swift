import HostPlugins
import PluginABI

/// Roots as (share name string, ino) for comparisons.
private func rootList(_ t: MetadataTxn) throws -> [String] {
    try t.roots().map { "\(show($0.share))=\($0.ino)" }
}

func metadataRootCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    let g = "roots"

    cases.append(metaCase(g, "set-get") { s, _ in
        try s.txn { t in
            try t.setRoot("export", ino: 42)
            try expectEqual(try t.root("export"), 42, "root in the setting transaction")
        }
        try s.inBoth { t in try expectEqual(try t.root("export"), 42, "root after commit") }
    })
    cases.append(metaCase(g, "get-unset-noent") { s, _ in
        try s.txn { t in try t.setRoot("a", ino: 1) }
        try s.inBoth { t in
            try expectEqual(try t.root("b"), nil, "root of an unset share")
            try expectEqual(try t.root("A"), nil, "share names are case-sensitive")
        }
    })
    cases.append(metaCase(g, "replace") { s, _ in
        try s.txn { t in try t.setRoot("share", ino: 1) }
        try s.txn { t in
            try t.setRoot("share", ino: 2)
            try expectEqual(try t.root("share"), 2, "replaced root, same transaction")
        }
        try s.txn { t in
            try expectEqual(try t.root("share"), 2, "replaced root after commit")
            try expectEqual(try t.roots().count, 1, "replacing does not add a second root")
        }
    })
    cases.append(metaCase(g, "set-same-value-twice") { s, _ in
        try s.txn { t in try t.setRoot("s", ino: 5); try t.setRoot("s", ino: 5) }
        try s.txn { t in try t.setRoot("s", ino: 5) }
        try s.txn { t in try expectEqual(try rootList(t), ["\"s\"=5"], "roots") }
    })
    cases.append(metaCase(g, "remove") { s, _ in
        try s.txn { t in try t.setRoot("a", ino: 1); try t.setRoot("b", ino: 2) }
        try s.txn { t in
            try t.removeRoot("a")
            try expectEqual(try t.root("a"), nil, "removed root, same transaction")
        }
        try s.inBoth { t in
            try expectEqual(try t.root("a"), nil, "removed root after commit")
            try expectEqual(try t.root("b"), 2, "other root kept")
            try expectEqual(try rootList(t), ["\"b\"=2"], "roots after remove")
        }
    })
    cases.append(metaCase(g, "remove-unset-noent") { s, _ in
        try s.txn { t in try expectError(.noent, "root_remove of an unset share") { try t.removeRoot("nope") } }
    })
    cases.append(metaCase(g, "remove-twice-noent") { s, _ in
        try s.txn { t in try t.setRoot("a", ino: 1) }
        try s.txn { t in
            try t.removeRoot("a")
            try expectError(.noent, "second root_remove in one transaction") { try t.removeRoot("a") }
        }
    })
    cases.append(metaCase(g, "remove-then-set-again") { s, _ in
        try s.txn { t in try t.setRoot("a", ino: 1) }
        try s.txn { t in try t.removeRoot("a"); try t.setRoot("a", ino: 3) }
        try s.txn { t in try expectEqual(try t.root("a"), 3, "root set again after remove") }
    })
    cases.append(metaCase(g, "list-byte-order") { s, _ in
        let shares = ["b", "a", "ab", "B", "é", "a b", "zz", "a-", "_"]
        try s.txn { t in for (i, n) in shares.enumerated() { try t.setRoot(n, ino: UInt64(i + 1)) } }
        try s.inBoth { t in
            let l = try t.roots()
            let want = shares.enumerated().map { (utf8($0.element), UInt64($0.offset + 1)) }.sorted { byteLess($0.0, $1.0) }
            try expectEqual(l.map { show($0.share) }, want.map { show($0.0) }, "roots in byte order of the share name")
            try expectEqual(l.map(\.ino), want.map(\.1), "root inos")
        }
    })
    cases.append(metaCase(g, "list-empty") { s, _ in
        try s.inBoth { t in try expectEqual(try t.roots().count, 0, "roots of a fresh store") }
        try s.txn { t in try t.setRoot("x", ino: 1) }
        try s.txn { t in try t.removeRoot("x") }
        try s.txn { t in try expectEqual(try t.roots().count, 0, "roots after removing the only one") }
    })
    cases.append(metaCase(g, "share-name-255-bytes") { s, _ in
        let name = String(repeating: "s", count: Int(DFS_NAME_MAX))
        try s.txn { t in try t.setRoot(name, ino: 7) }
        try s.txn { t in
            try expectEqual(try t.root(name), 7, "root of a 255-byte share name")
            try expectEqual(try t.roots().first?.share.count, 255, "listed share name length")
        }
    })
    cases.append(metaCase(g, "share-name-256-bytes-nametoolong") { s, _ in
        let name = String(repeating: "s", count: Int(DFS_NAME_MAX) + 1)
        try s.txn { t in
            try expectError(.nameTooLong, "root_set with a 256-byte share name") { try t.setRoot(name, ino: 7) }
            try expectEqual(try t.roots().count, 0, "refused root must not be listed")
        }
    })
    cases.append(metaCase(g, "share-name-empty-inval") { s, _ in
        try s.txn { t in
            try expectError(.inval, "root_set with an empty share name") { try t.setRoot("", ino: 7) }
            try expectError(.inval, "root_get with an empty share name") { _ = try t.root("") }
        }
    })
    cases.append(metaCase(g, "share-name-utf8") { s, _ in
        try s.txn { t in try t.setRoot("données-日本-😀", ino: 9); try t.setRoot("donnees", ino: 10) }
        try s.txn { t in
            try expectEqual(try t.root("données-日本-😀"), 9, "non-ASCII share name")
            try expectEqual(try t.root("donnees"), 10, "ASCII look-alike")
            try expectEqual(try t.roots().first { $0.ino == 9 }?.share, utf8("données-日本-😀"), "listed bytes")
        }
    })
    cases.append(metaCase(g, "root-ino-extremes") { s, _ in
        try s.txn { t in try t.setRoot("max", ino: .max); try t.setRoot("one", ino: 1) }
        try s.txn { t in
            try expectEqual(try t.root("max"), .max, "root ino UINT64_MAX")
            try expectEqual(try t.root("one"), 1, "root ino 1")
        }
    })
    cases.append(metaCase(g, "roots-independent-of-inodes") { s, _ in
        // A root may name an inode that does not exist; the store does not check.
        try s.txn { t in try t.setRoot("s", ino: 4242) }
        try s.txn { t in
            try expectEqual(try t.root("s"), 4242, "root naming an absent inode")
            try expectEqual(try t.inodeIfPresent(4242), nil, "no inode was created")
        }
    })
    cases.append(metaCase(g, "many-roots") { s, _ in
        try s.txn { t in for i in 0..<300 { try t.setRoot("share-\(i)", ino: UInt64(i + 1)) } }
        try s.txn(readOnly: true) { t in
            let l = try t.roots()
            try expectEqual(l.count, 300, "number of roots")
            for (a, b) in zip(l, l.dropFirst()) { try expect(byteLess(a.share, b.share), "order \(show(a.share)) < \(show(b.share))") }
            for i in stride(from: 0, to: 300, by: 37) { try expectEqual(try t.root("share-\(i)"), UInt64(i + 1), "share-\(i)") }
        }
    })
    return cases
}
