import HostPlugins
import PluginABI

private let reg = FileType.regular.rawValue

/// A step of an interleaving of several transactions on one thread.
enum Step {
    case op(Int, (MetadataTxn) throws -> Void)
    case commit(Int)
}

/// Begin `n` read-write transactions, run `steps` in order; a transaction
/// that gets DFS_ERR_RETRY (from an op or its commit) is aborted and skips
/// its remaining steps. Any other error fails the case. Returns which
/// transactions committed.
func interleave(_ s: MetadataStore, _ n: Int, _ steps: [Step]) throws -> [Bool] {
    var txns: [MetadataTxn?] = try (0..<n).map { _ in try s.begin() }
    var committed = [Bool](repeating: false, count: n)
    defer { for t in txns { t?.abort() } }
    for step in steps {
        let i: Int
        switch step { case .op(let k, _), .commit(let k): i = k }
        guard let t = txns[i] else { continue }
        do {
            switch step {
            case .op(_, let body): try body(t)
            case .commit:
                txns[i] = nil
                try t.commit()
                committed[i] = true
            }
        } catch where isRetry(error) {
            t.abort()
            txns[i] = nil
        } catch {
            throw fail("transaction \(i): \(error)")
        }
    }
    return committed
}

/// `read` in a second transaction must not see what `write` did in a first,
/// uncommitted one (DFS_ERR_RETRY from the reader is acceptable: a locking
/// store may time out). The first then commits and its writes are visible.
private func isolation(_ s: MetadataStore, readOnly: Bool = false,
                       write: (MetadataTxn) throws -> Void, read: (MetadataTxn) throws -> Void,
                       after: (MetadataTxn) throws -> Void) throws {
    let a = try s.begin()
    defer { a.abort() }
    try write(a)
    let b = try s.begin(readOnly: readOnly)
    do {
        try read(b)
        b.abort()
    } catch where isRetry(error) {
        b.abort()
    }
    try a.commit()
    try s.txn { try after($0) }
}

func metadataIsolationCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    let g = "txn"

    // A second transaction on the same thread never sees uncommitted writes.
    cases.append(metaCase(g, "isolation-inode-create") { s, _ in
        try isolation(s, write: { try $0.createInode(fullInode(12)) },
                      read: { try expectEqual(try $0.inodeIfPresent(12), nil, "another transaction's uncommitted inode") },
                      after: { try expectEqual(try $0.inode(12), fullInode(12), "after commit") })
    })
    cases.append(metaCase(g, "isolation-inode-update") { s, _ in
        try writeBase(s)
        var u = fullInode(10)
        u.size = 5
        try isolation(s, write: { try $0.updateInode(u) },
                      read: { try expectEqual(try $0.inode(10), fullInode(10), "inode under another transaction's update") },
                      after: { try expectEqual(try $0.inode(10), u, "after commit") })
    })
    cases.append(metaCase(g, "isolation-inode-delete") { s, _ in
        try writeBase(s)
        try isolation(s, write: { try $0.deleteInode(10) },
                      read: { try expectEqual(try $0.inode(10), fullInode(10), "inode under another transaction's delete") },
                      after: { try expectEqual(try $0.inodeIfPresent(10), nil, "after commit") })
    })
    cases.append(metaCase(g, "isolation-dirent-insert") { s, _ in
        try isolation(s, write: { try $0.insert(1, utf8("x"), ino: 5, type: reg) },
                      read: { try expectEqual(try $0.lookup(1, utf8("x")), nil, "another transaction's uncommitted entry") },
                      after: { try expectEqual(try $0.lookup(1, utf8("x"))?.ino, 5, "after commit") })
    })
    cases.append(metaCase(g, "isolation-dirent-remove") { s, _ in
        try writeBase(s)
        try isolation(s, write: { try $0.remove(1, utf8("a")) },
                      read: { try expectEqual(try $0.lookup(1, utf8("a"))?.ino, 10, "entry under another transaction's remove") },
                      after: { try expectEqual(try $0.lookup(1, utf8("a")), nil, "after commit") })
    })
    cases.append(metaCase(g, "isolation-listing") { s, _ in
        try writeBase(s)
        try isolation(s, write: { t in try t.remove(1, utf8("a")); try t.insert(1, utf8("c"), ino: 5, type: reg) },
                      read: { try expectEqual(names(try $0.list(1)), ["a", "b"].map(utf8), "listing under another transaction's changes") },
                      after: { try expectEqual(names(try $0.list(1)), ["b", "c"].map(utf8), "after commit") })
    })
    cases.append(metaCase(g, "isolation-roots") { s, _ in
        try writeBase(s)
        try isolation(s, write: { t in try t.setRoot("new", ino: 3); try t.setRoot("s", ino: 4) },
                      read: { t in
                          try expectEqual(try t.root("new"), nil, "uncommitted root")
                          try expectEqual(try t.root("s"), 10, "root under another transaction's replace")
                          try expectEqual(try t.roots().count, 1, "root list under another transaction's changes")
                      },
                      after: { try expectEqual(try $0.roots().map(\.ino), [3, 4], "after commit") })
    })
    cases.append(metaCase(g, "isolation-kv") { s, _ in
        try writeBase(s)
        try isolation(s, write: { t in try t.put(utf8("k"), utf8("new")); try t.delete(utf8("k2")); try t.put(utf8("k3"), []) },
                      read: { t in
                          try expectBytes(try t.get(utf8("k")), utf8("v"), "value under another transaction's put")
                          try expectBytes(try t.get(utf8("k2")), utf8("v2"), "value under another transaction's delete")
                          try expectBytes(try t.get(utf8("k3")), nil, "another transaction's uncommitted key")
                      },
                      after: { try expectEqual(try $0.scanAll().map { show($0.0) }, ["\"k\"", "\"k3\""], "after commit") })
    })
    cases.append(metaCase(g, "isolation-scan") { s, _ in
        try writeBase(s)
        try isolation(s, write: { t in try t.put(utf8("k1"), utf8("x")); try t.delete(utf8("k")) },
                      read: { try expectEqual(try $0.scanAll().map { show($0.0) }, ["\"k\"", "\"k2\""], "scan under another transaction's changes") },
                      after: { try expectEqual(try $0.scanAll().map { show($0.0) }, ["\"k1\"", "\"k2\""], "after commit") })
    })
    cases.append(metaCase(g, "isolation-readonly-reader") { s, _ in
        try writeBase(s)
        let before = try s.txn(readOnly: true) { try dump($0) }
        try isolation(s, readOnly: true, write: { t in
            var i = fullInode(10); i.size = 1; try t.updateInode(i)
            try t.insert(2, utf8("z"), ino: 1, type: reg); try t.setRoot("r", ino: 1); try t.put(utf8("z"), [])
        }, read: { try expectEqual(try dump($0), before, "read-only view under another transaction's writes") },
        after: { _ in })
    })
    cases.append(metaCase(g, "isolation-after-abort") { s, _ in
        try writeBase(s)
        let before = try s.txn(readOnly: true) { try dump($0) }
        let a = try s.begin()
        try a.put(utf8("k"), utf8("dirty"))
        try a.deleteInode(10)
        let b = try s.begin()
        let seen = try capture { try dump(b) }
        a.abort()
        if case .ok(let d) = seen { try expectEqual(d, before, "view of a transaction beside an uncommitted one") }
        b.abort()
        try s.txn { try expectEqual(try dump($0), before, "after the writer aborted") }
    })

    // Conflicts: at least one transaction fails (exactly one where only one can win).
    cases.append(metaCase(g, "lost-update-inode") { s, _ in
        try writeBase(s)
        for order in [[0, 1], [1, 0]] {
            var read = [UInt64](repeating: 0, count: 2)
            let add: [UInt64] = [1, 10]
            let before = try s.txn { try $0.inode(10).size }
            let ok = try interleave(s, 2, [
                .op(0) { read[0] = try $0.inode(10).size }, .op(1) { read[1] = try $0.inode(10).size },
                .op(0) { var i = fullInode(10); i.size = read[0] + add[0]; try $0.updateInode(i) },
                .op(1) { var i = fullInode(10); i.size = read[1] + add[1]; try $0.updateInode(i) },
                .commit(order[0]), .commit(order[1]),
            ])
            try expectEqual(ok.filter { $0 }.count, 1, "committed transactions of two read-modify-writes of one inode (commit order \(order))")
            let winner = ok[0] ? 0 : 1
            try s.txn { t in try expectEqual(try t.inode(10).size, before + add[winner], "size after the race (commit order \(order))") }
        }
    })
    cases.append(metaCase(g, "lost-update-kv") { s, _ in
        try s.txn { try $0.put(utf8("n"), le64(100)) }
        var read = [UInt64](repeating: 0, count: 2)
        let ok = try interleave(s, 2, [
            .op(0) { read[0] = fromLE64(try $0.get(utf8("n")))! }, .op(1) { read[1] = fromLE64(try $0.get(utf8("n")))! },
            .op(1) { try $0.put(utf8("n"), le64(read[1] + 2)) }, .op(0) { try $0.put(utf8("n"), le64(read[0] + 1)) },
            .commit(1), .commit(0),
        ])
        try expectEqual(ok.filter { $0 }.count, 1, "committed read-modify-writes of one key")
        try s.txn { t in try expectEqual(fromLE64(try t.get(utf8("n"))), ok[0] ? 101 : 102, "counter after the race") }
    })
    let blind: [(String, @Sendable (Int) -> @Sendable (MetadataTxn) throws -> Void, @Sendable (MetadataTxn) throws -> UInt64?)] = [
        ("kv-put", { i in { try $0.put(utf8("k"), [UInt8(i)]) } }, { try $0.get(utf8("k")).map { UInt64($0.first ?? 99) } }),
        ("inode-update", { i in { var n = fullInode(10); n.size = UInt64(i); try $0.updateInode(n) } }, { try $0.inode(10).size }),
        ("inode-create", { i in { var n = fullInode(50); n.size = UInt64(i); try $0.createInode(n) } }, { try $0.inodeIfPresent(50)?.size }),
        ("dirent-insert", { i in { try $0.insert(1, utf8("x"), ino: UInt64(i) + 1, type: reg) } }, { try $0.lookup(1, utf8("x")).map { $0.ino - 1 } }),
        ("root-set", { i in { try $0.setRoot("s", ino: UInt64(i) + 100) } }, { try $0.root("s").map { $0 - 100 } }),
    ]
    for (name, write, winner) in blind {
        cases.append(metaCase(g, "write-write-conflict-\(name)") { s, _ in
            try writeBase(s)
            let ok = try interleave(s, 2, [.op(0, write(0)), .op(1, write(1)), .commit(0), .commit(1)])
            try expectEqual(ok.filter { $0 }.count, 1, "committed transactions of two conflicting \(name) writes")
            try s.txn { t in try expectEqual(try winner(t), ok[0] ? 0 : 1, "the committed write") }
        })
    }
    cases.append(metaCase(g, "remove-remove-conflict") { s, _ in
        try writeBase(s)
        let ok = try interleave(s, 2, [.op(0) { try $0.remove(1, utf8("a")) }, .op(1) { try $0.remove(1, utf8("a")) }, .commit(0), .commit(1)])
        try expectEqual(ok.filter { $0 }.count, 1, "two removes of one entry")
    })
    cases.append(metaCase(g, "rename-rename-conflict") { s, _ in
        try writeBase(s)
        // Both move 1/a, one to 2/x, the other to 3/y: the entry must end up in exactly one place.
        let ok = try interleave(s, 2, [
            .op(0) { try $0.remove(1, utf8("a")); try $0.insert(2, utf8("x"), ino: 10, type: reg) },
            .op(1) { try $0.remove(1, utf8("a")); try $0.insert(3, utf8("y"), ino: 10, type: reg) },
            .commit(1), .commit(0),
        ])
        try expectEqual(ok.filter { $0 }.count, 1, "two renames of one entry")
        try s.txn { t in
            try expectEqual(try t.list(2).count + t.list(3).count, 1, "renamed entry exists once")
            try expectEqual(try t.lookup(1, utf8("a")), nil, "source removed")
        }
    })
    cases.append(metaCase(g, "write-skew-kv") { s, _ in
        try s.txn { t in try t.put(utf8("x"), [1]); try t.put(utf8("y"), [1]) }
        // Invariant x + y >= 1: each transaction checks it, then zeroes one.
        let ok = try interleave(s, 2, [
            .op(0) { t in _ = try t.get(utf8("x")); _ = try t.get(utf8("y")) },
            .op(1) { t in _ = try t.get(utf8("x")); _ = try t.get(utf8("y")) },
            .op(0) { try $0.put(utf8("x"), [0]) }, .op(1) { try $0.put(utf8("y"), [0]) },
            .commit(0), .commit(1),
        ])
        try expect(!(ok[0] && ok[1]), "write skew: both transactions committed; a serializable store must refuse one")
    })
    cases.append(metaCase(g, "write-skew-inode") { s, _ in
        try writeBase(s)
        let ok = try interleave(s, 2, [
            .op(0) { t in _ = try t.inode(10); _ = try t.inode(11) }, .op(1) { t in _ = try t.inode(10); _ = try t.inode(11) },
            .op(0) { var i = fullInode(10); i.nlink = 0; try $0.updateInode(i) },
            .op(1) { var i = fullInode(11, type: .symlink); i.nlink = 0; try $0.updateInode(i) },
            .commit(1), .commit(0),
        ])
        try expect(!(ok[0] && ok[1]), "write skew over two inodes: both committed")
    })
    cases.append(metaCase(g, "phantom-listing-same-dir") { s, _ in
        // Each lists the directory, then inserts: a serial order would show one to the other.
        let ok = try interleave(s, 2, [
            .op(0) { _ = try $0.list(1) }, .op(1) { _ = try $0.list(1) },
            .op(0) { try $0.insert(1, utf8("x"), ino: 1, type: reg) }, .op(1) { try $0.insert(1, utf8("y"), ino: 2, type: reg) },
            .commit(0), .commit(1),
        ])
        try expect(!(ok[0] && ok[1]), "phantom: two transactions each listed a directory and inserted into it; both committed")
    })
    cases.append(metaCase(g, "phantom-listing-cross-dirs") { s, _ in
        let ok = try interleave(s, 2, [
            .op(0) { _ = try $0.list(1) }, .op(1) { _ = try $0.list(2) },
            .op(0) { try $0.insert(2, utf8("x"), ino: 1, type: reg) }, .op(1) { try $0.insert(1, utf8("y"), ino: 2, type: reg) },
            .commit(1), .commit(0),
        ])
        try expect(!(ok[0] && ok[1]), "write skew through listings: A listed dir 1 and wrote dir 2, B the reverse; both committed")
    })
    cases.append(metaCase(g, "phantom-lookup-absent") { s, _ in
        let ok = try interleave(s, 2, [
            .op(0) { try expectEqual(try $0.lookup(1, utf8("x")), nil, "absent entry") }, .op(0) { try $0.put(utf8("saw-no-x"), []) },
            .op(1) { try $0.insert(1, utf8("x"), ino: 1, type: reg) }, .commit(1), .commit(0),
        ])
        try expect(!(ok[0] && ok[1]), "A saw no entry x and B inserted x and committed first; both committed")
    })
    cases.append(metaCase(g, "phantom-kv-get-absent") { s, _ in
        let ok = try interleave(s, 2, [
            .op(0) { try expectBytes(try $0.get(utf8("k")), nil, "absent key") }, .op(0) { try $0.put(utf8("saw-no-k"), []) },
            .op(1) { try $0.put(utf8("k"), []) }, .commit(1), .commit(0),
        ])
        try expect(!(ok[0] && ok[1]), "A saw no key k and B put k and committed first; both committed")
    })
    cases.append(metaCase(g, "phantom-kv-scan") { s, _ in
        try s.txn { try $0.put(utf8("p/1"), []) }
        let ok = try interleave(s, 2, [
            .op(0) { _ = try $0.scanAll(from: utf8("p/"), to: utf8("p0")) }, .op(1) { _ = try $0.scanAll(from: utf8("q/"), to: utf8("q0")) },
            .op(0) { try $0.put(utf8("q/a"), []) }, .op(1) { try $0.put(utf8("p/b"), []) },
            .commit(0), .commit(1),
        ])
        try expect(!(ok[0] && ok[1]), "write skew through kv scans: both committed")
    })
    cases.append(metaCase(g, "phantom-roots-list") { s, _ in
        let ok = try interleave(s, 2, [
            .op(0) { _ = try $0.roots() }, .op(1) { _ = try $0.roots() },
            .op(0) { try $0.setRoot("a", ino: 1) }, .op(1) { try $0.setRoot("b", ino: 2) },
            .commit(0), .commit(1),
        ])
        try expect(!(ok[0] && ok[1]), "each listed the roots and added one; both committed")
    })
    cases.append(metaCase(g, "failed-commit-applies-nothing") { s, _ in
        try writeBase(s)
        let before = try s.txn(readOnly: true) { try dump($0) }
        var inTxn = ""
        let ok = try interleave(s, 2, [
            .op(0) { _ = try $0.get(utf8("k")) },
            .op(0) { t in try t.createInode(fullInode(12)); try t.insert(2, utf8("n"), ino: 12, type: reg); try t.setRoot("n", ino: 12); try t.put(utf8("k3"), []); inTxn = try dump(t) },
            .op(1) { try $0.put(utf8("k"), utf8("other")) }, .commit(1), .commit(0),
        ])
        try expect(!(ok[0] && ok[1]), "A read k, B changed k and committed first; both committed")
        let after = try s.txn(readOnly: true) { try dump($0) }
        if ok[0] { try expectEqual(after, inTxn, "A committed: all of its writes") } else if !ok[1] {
            try expectEqual(after, before, "both failed: nothing changed")
        } else {
            try expect(!after.contains("\"k3\"") && !after.contains("inode 12"), "A failed: none of its writes may be visible:\n\(after)")
        }
    })
    cases.append(metaCase(g, "cookie-order-matches-commit-order") { s, _ in
        // Commit order reversed from insert order: a listing resumed after the
        // first committed entry must still find the second one.
        for order in [[1, 0], [0, 1]] {
            let d = UInt64(20 + order[0])
            var seenAfterFirst: [DirEntry] = []
            let ok = try interleave(s, 2, [
                .op(0) { try $0.insert(d, utf8("a"), ino: 1, type: reg) }, .op(1) { try $0.insert(d, utf8("b"), ino: 2, type: reg) },
                .commit(order[0]),
                .op(order[1]) { _ in seenAfterFirst = try s.txn(readOnly: true) { try $0.list(d) } },
                .commit(order[1]),
            ])
            let all = try s.txn { try $0.list(d) }
            try expectCookiesValid(all, "listing")
            if let last = seenAfterFirst.last, ok[order[1]] {
                let rest = try s.txn { try $0.list(d, after: last.cookie) }
                try expectEqual(rest.count, 1, "resuming after \(show(last.name)) must show the entry committed later (commit order \(order)); listing \(all.map { "\(show($0.name))@\($0.cookie)" })")
            }
        }
    })
    return cases
}
