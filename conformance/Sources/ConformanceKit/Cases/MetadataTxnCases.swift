import HostPlugins
import PluginABI

private let reg = FileType.regular.rawValue

/// A committed base state with a record of every kind.
func writeBase(_ s: MetadataStore) throws {
    try s.txn { t in
        try t.createInode(fullInode(10))
        try t.createInode(fullInode(11, type: .symlink), target: utf8("link-target"))
        try t.insert(1, utf8("a"), ino: 10, type: reg)
        try t.insert(1, utf8("b"), ino: 11, type: FileType.symlink.rawValue)
        try t.setRoot("s", ino: 10)
        try t.put(utf8("k"), utf8("v"))
        try t.put(utf8("k2"), utf8("v2"))
    }
}

/// Everything a case may have touched, as text (inodes 10...13 with targets,
/// directories 1 and 2, roots, the whole kv space).
func dump(_ t: MetadataTxn) throws -> String {
    var out: [String] = []
    for ino: UInt64 in 10...13 {
        if let i = try t.inodeIfPresent(ino) {
            let target = try t.inodeWithTarget(ino).1
            out.append("inode \(ino): \(i) target \(show(target))")
        }
    }
    for d: UInt64 in 1...2 {
        out.append("dir \(d): " + (try t.list(d)).map { "\(show($0.name))->\($0.ino)/\($0.type)@\($0.cookie)" }.joined(separator: ", "))
    }
    out.append("roots: " + (try t.roots()).map { "\(show($0.share))=\($0.ino)" }.joined(separator: ", "))
    out.append("kv: " + (try t.scanAll()).map { "\(show($0.0))=\(show($0.1))" }.joined(separator: ", "))
    return out.joined(separator: "\n")
}

/// One write of each kind, with how to see it inside its transaction.
private let writes: [(String, @Sendable (MetadataTxn) throws -> Void, @Sendable (MetadataTxn) throws -> Bool)] = [
    ("inode-create", { try $0.createInode(fullInode(12)) }, { try $0.inodeIfPresent(12) != nil }),
    ("symlink-create", { try $0.createInode(fullInode(13, type: .symlink), target: utf8("t")) }, { try $0.inodeWithTarget(13).1 == utf8("t") }),
    ("inode-update", { var i = fullInode(10); i.size = 999; try $0.updateInode(i) }, { try $0.inode(10).size == 999 }),
    ("inode-delete", { try $0.deleteInode(10) }, { try $0.inodeIfPresent(10) == nil }),
    ("dirent-insert", { try $0.insert(1, utf8("c"), ino: 12, type: reg) }, { try $0.lookup(1, utf8("c")) != nil }),
    ("dirent-remove", { try $0.remove(1, utf8("a")) }, { try $0.lookup(1, utf8("a")) == nil }),
    ("dirent-rename", { try $0.remove(1, utf8("a")); try $0.insert(2, utf8("a2"), ino: 10, type: reg) },
     { try $0.lookup(1, utf8("a")) == nil && $0.lookup(2, utf8("a2")) != nil }),
    ("root-set", { try $0.setRoot("t", ino: 11) }, { try $0.root("t") == 11 }),
    ("root-replace", { try $0.setRoot("s", ino: 99) }, { try $0.root("s") == 99 }),
    ("root-remove", { try $0.removeRoot("s") }, { try $0.root("s") == nil }),
    ("kv-put", { try $0.put(utf8("k3"), utf8("v3")) }, { try $0.get(utf8("k3")) == utf8("v3") }),
    ("kv-replace", { try $0.put(utf8("k"), utf8("changed")) }, { try $0.get(utf8("k")) == utf8("changed") }),
    ("kv-delete", { try $0.delete(utf8("k")) }, { try $0.get(utf8("k")) == nil }),
]

/// Writes that can all go in one transaction.
private func everything(_ t: MetadataTxn) throws {
    for (name, w, _) in writes where !["inode-delete", "dirent-remove", "root-remove", "kv-delete"].contains(name) { try w(t) }
}

private let readOnlyWrites: [(String, @Sendable (MetadataTxn) throws -> Void)] = [
    ("inode-create", { try $0.createInode(fullInode(12)) }),
    ("inode-update", { try $0.updateInode(fullInode(10)) }),
    ("inode-delete", { try $0.deleteInode(10) }),
    ("dirent-insert", { try $0.insert(1, utf8("c"), ino: 12, type: reg) }),
    ("dirent-remove", { try $0.remove(1, utf8("a")) }),
    ("root-set", { try $0.setRoot("t", ino: 1) }),
    ("root-remove", { try $0.removeRoot("s") }),
    ("kv-put", { try $0.put(utf8("k3"), []) }),
    ("kv-delete", { try $0.delete(utf8("k")) }),
]

func metadataTxnCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    let g = "txn"

    // Atomicity on abort, one record kind at a time, then all at once.
    for (name, write, visible) in writes {
        cases.append(metaCase(g, "abort-discards-\(name)") { s, _ in
            try writeBase(s)
            let before = try s.txn(readOnly: true) { try dump($0) }
            let t = try s.begin()
            try write(t)
            try expect(try visible(t), "\(name) must be visible in its own transaction before abort")
            t.abort()
            try s.inBoth { t in try expectEqual(try dump(t), before, "state after aborting \(name)") }
        })
    }
    cases.append(metaCase(g, "abort-discards-everything") { s, _ in
        try writeBase(s)
        let before = try s.txn(readOnly: true) { try dump($0) }
        let t = try s.begin()
        try everything(t)
        try t.deleteInode(11)
        try t.remove(1, utf8("b"))
        try t.delete(utf8("k2"))
        t.abort()
        try s.inBoth { t in try expectEqual(try dump(t), before, "state after aborting a transaction with every kind of write") }
    })
    cases.append(metaCase(g, "dropped-txn-is-aborted") { s, _ in
        try writeBase(s)
        let before = try s.txn(readOnly: true) { try dump($0) }
        do {
            let t = try s.begin()
            try everything(t)
        }
        try s.txn { t in try expectEqual(try dump(t), before, "state after dropping an unfinished transaction") }
    })

    // Read-your-writes.
    cases.append(metaCase(g, "ryw-inode") { s, _ in
        try writeBase(s)
        try s.txn { t in
            var i = fullInode(10)
            i.nlink = 5
            try t.updateInode(i)
            try expectEqual(try t.inode(10), i, "own update")
            try t.createInode(fullInode(12))
            try expectEqual(try t.inode(12), fullInode(12), "own create")
            i.nlink = 6
            try t.updateInode(i)
            try expectEqual(try t.inode(10).nlink, 6, "own second update")
            try t.deleteInode(12)
            try expectEqual(try t.inodeIfPresent(12), nil, "own delete of own create")
            try t.deleteInode(11)
            try expectEqual(try t.inodeIfPresent(11), nil, "own delete of a committed inode")
            try expectError(.noent, "update after own delete") { try t.updateInode(fullInode(11)) }
        }
    })
    cases.append(metaCase(g, "ryw-symlink-target") { s, _ in
        try s.txn { t in
            try t.createInode(fullInode(13, type: .symlink), target: utf8("dest"))
            try expectBytes(try t.inodeWithTarget(13).1, utf8("dest"), "own symlink's target")
            try t.updateInode(fullInode(13, type: .symlink))
            try expectBytes(try t.inodeWithTarget(13).1, utf8("dest"), "target after own update")
        }
    })
    cases.append(metaCase(g, "ryw-dirent") { s, _ in
        try writeBase(s)
        try s.txn { t in
            let c = try t.insert(1, utf8("c"), ino: 12, type: reg)
            try expectEqual(try t.lookup(1, utf8("c")), DirEntry(name: utf8("c"), ino: 12, type: reg, cookie: c), "own insert")
            try t.remove(1, utf8("a"))
            try expectEqual(try t.lookup(1, utf8("a")), nil, "own remove of a committed entry")
            try expectError(.noent, "remove after own remove") { try t.remove(1, utf8("a")) }
            try expectError(.exist, "insert over own insert") { try t.insert(1, utf8("c"), ino: 1, type: reg) }
            let c2 = try t.insert(1, utf8("a"), ino: 13, type: reg)
            try expect(c2 > c, "re-inserted entry's cookie \(c2) must exceed \(c)")
            try expectEqual(try t.lookup(1, utf8("a"))?.ino, 13, "own re-insert")
        }
    })
    cases.append(metaCase(g, "ryw-listing-merges-inserts-and-removes") { s, _ in
        let base = try s.txn { t in try ["a", "b", "c"].map { try t.insert(1, utf8($0), ino: 10, type: reg) } }
        try s.txn { t in
            try t.remove(1, utf8("b"))
            let d = try t.insert(1, utf8("d"), ino: 11, type: reg)
            try t.insert(1, utf8("e"), ino: 12, type: reg)
            try t.remove(1, utf8("e"))
            try expectEqual(names(try t.list(1)), ["a", "c", "d"].map(utf8), "listing with own insert and removes")
            try expectEqual(try t.list(1).map(\.cookie), [base[0], base[2], d], "cookies in the merged listing")
            try expectEqual(names(try t.list(1, after: base[0])), ["c", "d"].map(utf8), "merged listing after a")
            try expectEqual(names(try t.list(1, after: base[2])), ["d"].map(utf8), "merged listing after c")
            try expectEqual(names(try t.list(1, limit: 2)), ["a", "c"].map(utf8), "merged listing stopped early")
        }
        try s.txn { t in try expectEqual(names(try t.list(1)), ["a", "c", "d"].map(utf8), "after commit") }
    })
    cases.append(metaCase(g, "ryw-listing-uncommitted-only") { s, _ in
        try s.txn { t in
            try t.insert(5, utf8("x"), ino: 1, type: reg)
            try t.insert(5, utf8("y"), ino: 2, type: reg)
            try expectEqual(names(try t.list(5)), ["x", "y"].map(utf8), "listing of a directory with only own entries")
            try t.remove(5, utf8("x"))
            try t.remove(5, utf8("y"))
            try expectEqual(try t.list(5), [], "own entries all removed")
        }
    })
    cases.append(metaCase(g, "ryw-roots") { s, _ in
        try writeBase(s)
        try s.txn { t in
            try t.setRoot("t", ino: 20)
            try t.setRoot("a", ino: 21)
            try expectEqual(try t.root("t"), 20, "own root")
            try t.removeRoot("s")
            try expectEqual(try t.root("s"), nil, "own removal")
            try expectEqual(try t.roots().map { show($0.share) }, ["\"a\"", "\"t\""], "own roots listed in byte order")
        }
    })
    cases.append(metaCase(g, "ryw-kv") { s, _ in
        try writeBase(s)
        try s.txn { t in
            try t.put(utf8("n"), utf8("1"))
            try expectBytes(try t.get(utf8("n")), utf8("1"), "own put")
            try t.put(utf8("n"), pattern(1000))
            try expectBytes(try t.get(utf8("n")), pattern(1000), "own replace (growing buffer)")
            try t.delete(utf8("k"))
            try expectBytes(try t.get(utf8("k")), nil, "own delete")
            try t.put(utf8("k"), [])
            try expectBytes(try t.get(utf8("k")), [], "own re-put with an empty value")
        }
    })
    cases.append(metaCase(g, "ryw-scan-merges-puts-and-deletes") { s, _ in
        try s.txn { t in for k in ["k1", "k2", "k3", "k5"] { try t.put(utf8(k), utf8("old")) } }
        try s.txn { t in
            try t.delete(utf8("k2"))
            try t.put(utf8("k4"), utf8("new"))
            try t.put(utf8("k1"), utf8("new"))
            try t.put(utf8("k0"), utf8("new"))
            try t.put(utf8("k6"), utf8("gone"))
            try t.delete(utf8("k6"))
            let all = try t.scanAll()
            try expectEqual(all.map { String(decoding: $0.0, as: UTF8.self) + "=" + String(decoding: $0.1, as: UTF8.self) },
                            ["k0=new", "k1=new", "k3=old", "k4=new", "k5=old"], "merged scan")
            try expectEqual(try t.scanAll(from: utf8("k1"), to: utf8("k4")).map { show($0.0) }, ["\"k1\"", "\"k3\""], "merged range scan")
            try expectEqual(try t.scanAll(from: utf8("k2")).map { show($0.0) }, ["\"k3\"", "\"k4\"", "\"k5\""], "merged open-ended scan")
            var n = 0
            try t.scan { _, _ in n += 1; return n < 2 }
            try expectEqual(n, 2, "merged scan stopped early")
        }
    })

    // Commit.
    cases.append(metaCase(g, "commit-makes-everything-visible") { s, _ in
        try writeBase(s)
        let t = try s.begin()
        try everything(t)
        let inTxn = try dump(t)
        try t.commit()
        try s.inBoth { t in try expectEqual(try dump(t), inTxn, "state after commit vs inside the transaction") }
    })
    cases.append(metaCase(g, "commit-empty-txns") { s, _ in
        try s.txn { _ in }
        try s.txn(readOnly: true) { _ in }
        try s.txn { t in _ = try t.inodeIfPresent(1) }
    })
    cases.append(metaCase(g, "commit-after-ordinary-errors") { s, _ in
        try s.txn { t in
            try t.put(utf8("x"), utf8("1"))
            try expectError(.noent, "delete of an absent key") { try t.delete(utf8("absent")) }
            try expectError(.inval, "put with an empty key") { try t.put([], utf8("1")) }
            try t.put(utf8("y"), utf8("2"))
        }
        try s.txn { t in try expectEqual(try t.scanAll().count, 2, "both puts committed") }
    })
    cases.append(metaCase(g, "many-sequential-txns") { s, _ in
        for i in 0..<300 { try s.txn { t in try t.put(le64(UInt64(i)).reversed(), le64(UInt64(i))) } }
        try s.txn(readOnly: true) { t in
            let all = try t.scanAll()
            try expectEqual(all.count, 300, "keys after 300 transactions")
            try expectEqual(all.map { fromLE64($0.1)! }, (0..<300).map { UInt64($0) }, "values in key order")
        }
    })

    // Read-only transactions.
    for (name, write) in readOnlyWrites {
        cases.append(metaCase(g, "readonly-\(name)-inval") { s, _ in
            try writeBase(s)
            let before = try s.txn(readOnly: true) { try dump($0) }
            try s.txn(readOnly: true) { t in
                try expectError(.inval, "\(name) in a read-only transaction") { try write(t) }
                try expectEqual(try dump(t), before, "read-only transaction after the refused \(name)")
            }
            try s.txn { t in try expectEqual(try dump(t), before, "state after the refused \(name)") }
        })
    }
    cases.append(metaCase(g, "readonly-reads-everything") { s, _ in
        try writeBase(s)
        let rw = try s.txn { try dump($0) }
        let ro = try s.txn(readOnly: true) { try dump($0) }
        try expectEqual(ro, rw, "read-only view")
    })
    cases.append(metaCase(g, "readonly-snapshot-consistent") { s, _ in
        // A writer changes a and b together after a read-only transaction read
        // a: the reader must see the old b too (and the old a again). A
        // locking store may refuse the writer instead (RETRY); the reader's
        // view is the same either way.
        try s.txn { t in try t.put(utf8("a"), [1]); try t.put(utf8("b"), [1]); try t.insert(1, utf8("x"), ino: 1, type: reg) }
        let ro = try s.begin(readOnly: true)
        try expectBytes(try ro.get(utf8("a")), [1], "first read")
        let before = try dump(ro)
        let w = try s.begin()
        let wrote = try capture {
            try w.put(utf8("a"), [2]); try w.put(utf8("b"), [2]); try w.put(utf8("c"), [2])
            try w.insert(1, utf8("y"), ino: 2, type: reg); try w.remove(1, utf8("x")); try w.setRoot("r", ino: 1)
            try w.createInode(fullInode(12))
            try w.commit()
        }
        w.abort()
        if case .err(let e) = wrote, e != .retry { throw fail("writer beside a read-only transaction failed: \(e)") }
        try expectBytes(try ro.get(utf8("b")), [1], "b read after the writer committed a and b")
        try expectEqual(try dump(ro), before, "the read-only transaction's whole view after the writer committed")
        do { try ro.commit() } catch { throw fail("read-only commit must never fail (got \(error))") }
        if case .ok = wrote { try s.txn { t in try expectBytes(try t.get(utf8("b")), [2], "a new transaction sees the writer's commit") } }
    })
    cases.append(metaCase(g, "readonly-commit-never-retries") { s, _ in
        try writeBase(s)
        for _ in 0..<3 {
            let ro = try s.begin(readOnly: true)
            _ = try dump(ro)
            let w = try s.begin()
            _ = try capture { try w.put(utf8("k"), utf8("changed")); try w.remove(1, utf8("a")); try w.insert(1, utf8("a"), ino: 10, type: reg); try w.commit() }
            w.abort()
            do { try ro.commit() } catch { throw fail("read-only commit after a concurrent commit failed: \(error)") }
        }
    })
    cases.append(metaCase(g, "readonly-many-open-at-once") { s, _ in
        try writeBase(s)
        let txns = try (0..<50).map { _ in try s.begin(readOnly: true) }
        for t in txns { try expectBytes(try t.get(utf8("k")), utf8("v"), "read in one of 50 open read-only transactions") }
        for t in txns { try t.commit() }
    })

    // Finished transactions.
    cases.append(metaCase(g, "committed-txn-is-closed") { s, _ in
        let t = try s.begin()
        try t.put(utf8("a"), utf8("1"))
        try t.commit()
        try expectError(.closed, "put after commit") { try t.put(utf8("b"), utf8("1")) }
        try expectError(.closed, "get after commit") { _ = try t.get(utf8("a")) }
        try expectError(.closed, "second commit") { try t.commit() }
        t.abort()
        try s.txn { t in try expectBytes(try t.get(utf8("b")), nil, "write attempted after commit") }
    })
    cases.append(metaCase(g, "aborted-txn-is-closed") { s, _ in
        let t = try s.begin()
        try t.put(utf8("a"), utf8("1"))
        t.abort()
        t.abort()
        try expectError(.closed, "put after abort") { try t.put(utf8("b"), utf8("1")) }
        try expectError(.closed, "commit after abort") { try t.commit() }
        try s.txn { t in try expectEqual(try t.scanAll().count, 0, "nothing written") }
    })
    return cases
}
