import HostPlugins
import PluginABI

private let reg = FileType.regular.rawValue

/// Fail unless the ranges [first, first+count) are all > 0 and disjoint.
private func expectDisjoint(_ ranges: [(first: UInt64, count: UInt64)], _ what: String) throws {
    let sorted = ranges.sorted { $0.first < $1.first }
    for r in sorted {
        try expect(r.first > 0, "\(what): id 0 handed out")
        try expect(r.first <= UInt64.max - r.count + 1, "\(what): range at \(r.first) of \(r.count) overflows")
    }
    for (a, b) in zip(sorted, sorted.dropFirst()) where a.first + a.count > b.first {
        throw fail("\(what): ranges [\(a.first), +\(a.count)) and [\(b.first), +\(b.count)) overlap")
    }
}

func metadataConcurrencyCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []

    // MARK: alloc
    cases.append(metaCase("alloc", "ids-positive-and-unique") { s, _ in
        let ids = try (0..<1000).map { _ in try s.allocateIDs() }
        try expect(ids.allSatisfy { $0 > 0 }, "alloc_ids returned 0")
        try expectEqual(Set(ids).count, ids.count, "distinct ids among 1000 allocations")
    })
    cases.append(metaCase("alloc", "batches-contiguous-non-overlapping") { s, _ in
        var ranges: [(first: UInt64, count: UInt64)] = []
        for n in [1, 2, 10, 100, 1, 1000, 7, 65536] { ranges.append((try s.allocateIDs(UInt32(n)), UInt64(n))) }
        for _ in 0..<50 { ranges.append((try s.allocateIDs(), 1)) }
        try expectDisjoint(ranges, "batches of mixed sizes")
    })
    cases.append(metaCase("alloc", "large-batch") { s, _ in
        let first = try s.allocateIDs(1_000_000)
        let next = try s.allocateIDs(5)
        try expectDisjoint([(first, 1_000_000), (next, 5)], "a batch of a million and the next one")
    })
    cases.append(metaCase("alloc", "not-transactional") { s, _ in
        let t = try s.begin()
        let a = try s.allocateIDs(3)
        try t.createInode(fullInode(a))
        t.abort()
        let b = try s.allocateIDs(3)
        try expectDisjoint([(a, 3), (b, 3)], "ids allocated around an aborted transaction")
    })
    cases.append(metaCase("alloc", "unique-across-8-threads") { s, ctx in
        let per = 1000 * ctx.options.scale
        let all = Shared<[(first: UInt64, count: UInt64)]>([])
        try runThreads(8) { i in
            var mine: [(first: UInt64, count: UInt64)] = []
            for k in 0..<per {
                let n = (i % 2 == 0) ? 1 : UInt64(1 + (k % 5))
                mine.append((try s.allocateIDs(UInt32(n)), n))
            }
            all.with { $0 += mine }
        }
        let ranges = all.value
        try expectEqual(ranges.count, 8 * per, "allocations")
        try expectDisjoint(ranges, "ids allocated by 8 threads")
    })

    // MARK: the retry helper under contention
    cases.append(metaCase("txn", "transaction-helper-counter-8-threads") { s, ctx in
        let per = 200 * ctx.options.scale
        try s.txn { try $0.put(utf8("counter"), le64(0)) }
        try runThreads(8) { _ in
            for _ in 0..<per {
                try s.transaction { t in
                    let v = fromLE64(try t.get(utf8("counter"))) ?? 0
                    try t.put(utf8("counter"), le64(v + 1))
                }
            }
        }
        try s.txn { t in try expectEqual(fromLE64(try t.get(utf8("counter"))), UInt64(8 * per), "counter after 8 x \(per) increments") }
    })
    cases.append(metaCase("txn", "transaction-helper-retries-and-discards") { s, _ in
        // A body that fails RETRY twice runs three times; only the last run's writes land.
        var runs = 0
        try s.transaction { t in
            runs += 1
            try t.put(utf8("run-\(runs)"), [])
            if runs < 3 { throw DFSError(.retry, "simulated conflict") }
        }
        try expectEqual(runs, 3, "runs of the body")
        try s.txn { t in try expectEqual(try t.scanAll().map { show($0.0) }, ["\"run-3\""], "writes after retries") }
    })
    cases.append(metaCase("txn", "transaction-helper-rethrows-other-errors") { s, _ in
        var runs = 0
        try expectError(.noent, "body failing NOENT") {
            try s.transaction { t in
                runs += 1
                try t.put(utf8("x"), [])
                try t.deleteInode(4242)
            }
        }
        try expectEqual(runs, 1, "runs of a body failing with a non-retry error")
        try s.txn { t in try expectBytes(try t.get(utf8("x")), nil, "write of the failed body") }
    })
    cases.append(metaCase("txn", "snapshot-bank-transfers") { s, ctx in
        // Writers move money between 10 accounts; read-only readers must
        // always see the same total (a consistent snapshot).
        let accounts = 10
        try s.txn { t in for a in 0..<accounts { try t.put(utf8("acct/\(a)"), le64(1000)) } }
        let rounds = 150 * ctx.options.scale
        let done = Shared(0)
        try runThreads(6) { i in
            var rng = SeededRNG(seed: UInt64(i) &+ 77)
            if i < 4 {
                defer { done.with { $0 += 1 } }
                for _ in 0..<rounds {
                    let from = Int.random(in: 0..<accounts, using: &rng), to = (from + Int.random(in: 1..<accounts, using: &rng)) % accounts
                    try s.transaction(attempts: 1000) { t in
                        let a = fromLE64(try t.get(utf8("acct/\(from)")))!, b = fromLE64(try t.get(utf8("acct/\(to)")))!
                        let amount = min(a, 7)
                        try t.put(utf8("acct/\(from)"), le64(a - amount))
                        try t.put(utf8("acct/\(to)"), le64(b + amount))
                    }
                }
            } else {
                while done.value < 4 {
                    let total = try s.transaction(readOnly: true) { t in
                        try (0..<accounts).reduce(UInt64(0)) { $0 + fromLE64(try t.get(utf8("acct/\($1)")))! }
                    }
                    try expectEqual(total, UInt64(1000 * accounts), "total seen by a read-only transaction")
                    let scanned = try s.transaction(readOnly: true) { t in try t.scanAll().reduce(UInt64(0)) { $0 + fromLE64($1.1)! } }
                    try expectEqual(scanned, UInt64(1000 * accounts), "total seen by a read-only scan")
                }
            }
        }
        try s.txn { t in try expectEqual(try t.scanAll().reduce(UInt64(0)) { $0 + fromLE64($1.1)! }, UInt64(1000 * accounts), "final total") }
    })
    cases.append(metaCase("txn", "snapshot-listing-moves") { s, ctx in
        // Writers move entries between two directories; readers list both
        // in one read-only transaction and must always count every entry once.
        let n = 40
        try s.txn { t in for k in 0..<n { try t.insert(1, utf8("e\(k)"), ino: UInt64(k + 1), type: reg) } }
        let done = Shared(0)
        try runThreads(5) { i in
            if i < 3 {
                defer { done.with { $0 += 1 } }
                var rng = SeededRNG(seed: UInt64(i) &+ 5)
                for _ in 0..<(100 * ctx.options.scale) {
                    let k = Int.random(in: 0..<n, using: &rng)
                    try s.transaction(attempts: 1000) { t in
                        let name = utf8("e\(k)")
                        let (from, to): (UInt64, UInt64) = try t.lookup(1, name) != nil ? (1, 2) : (2, 1)
                        try t.remove(from, name)
                        try t.insert(to, name, ino: UInt64(k + 1), type: reg)
                    }
                }
            } else {
                while done.value < 3 {
                    let seen = try s.transaction(readOnly: true) { t in names(try t.list(1)) + names(try t.list(2)) }
                    try expectEqual(Set(seen).count, n, "distinct entries across both directories")
                    try expectEqual(seen.count, n, "entries across both directories")
                }
            }
        }
    })

    // MARK: stress with invariants
    cases.append(metaCase("stress", "dirents-8-threads-own-and-shared-dirs") { s, ctx in
        let threads = 8, ops = 150 * ctx.options.scale
        let shared = try s.allocateIDs()
        var sharedInode = fullInode(shared, type: .directory)
        sharedInode.size = 0
        try s.txn { try $0.createInode(sharedInode) }
        // What each thread believes it owns: name -> (dir, ino).
        let owned = Shared<[[String: (dir: UInt64, ino: UInt64)]]>(Array(repeating: [:], count: threads))
        let ownDirs = try (0..<threads).map { _ in try s.allocateIDs() }
        try runThreads(threads) { i in
            var rng = SeededRNG(seed: caseSeedFor(ctx, salt: UInt64(i)))
            var mine: [String: (dir: UInt64, ino: UInt64)] = [:]
            var serial = 0
            func bump(_ t: MetadataTxn, _ d: UInt64, _ delta: Int) throws {
                guard d == shared else { return }
                var dirInode = try t.inode(shared)
                dirInode.size = UInt64(Int(dirInode.size) + delta)
                try t.updateInode(dirInode)
            }
            for _ in 0..<ops {
                serial += 1
                let roll = Int.random(in: 0..<10, using: &rng)
                if mine.isEmpty || roll < 4 {
                    let name = "t\(i)-\(serial)", ino = try s.allocateIDs()
                    let d = Bool.random(using: &rng) ? shared : ownDirs[i]
                    try s.transaction(attempts: 1000) { t in
                        try t.createInode(fullInode(ino))
                        try t.insert(d, utf8(name), ino: ino, type: reg)
                        try bump(t, d, 1)
                    }
                    mine[name] = (d, ino)
                } else if roll < 7 {
                    let old = mine.keys.sorted()[Int.random(in: 0..<mine.count, using: &rng)]
                    let (from, ino) = mine[old]!
                    let to = Bool.random(using: &rng) ? shared : ownDirs[i]
                    let new = "t\(i)-\(serial)-r"
                    try s.transaction(attempts: 1000) { t in
                        try t.remove(from, utf8(old))
                        try t.insert(to, utf8(new), ino: ino, type: reg)
                        try bump(t, from, -1)
                        try bump(t, to, 1)
                        var n = try t.inode(ino)
                        n.change += 1
                        try t.updateInode(n)
                    }
                    mine[old] = nil
                    mine[new] = (to, ino)
                } else {
                    let old = mine.keys.sorted()[Int.random(in: 0..<mine.count, using: &rng)]
                    let (from, ino) = mine[old]!
                    try s.transaction(attempts: 1000) { t in
                        try t.remove(from, utf8(old))
                        try t.deleteInode(ino)
                        try bump(t, from, -1)
                    }
                    mine[old] = nil
                }
            }
            let result = mine
            owned.with { $0[i] = result }
        }
        let all = owned.value
        try s.txn(readOnly: true) { t in
            var expectShared: Set<String> = []
            for i in 0..<threads {
                let want = Set(all[i].filter { $0.value.dir == ownDirs[i] }.keys)
                let listed = try t.list(ownDirs[i])
                try expectCookiesValid(listed, "own directory of thread \(i)")
                try expectEqual(Set(listed.map(\.nameString)), want, "entries of thread \(i)'s directory")
                expectShared.formUnion(all[i].filter { $0.value.dir == shared }.keys)
                for e in listed { try expectEqual(e.ino, all[i][e.nameString]?.ino, "ino of \(e.nameString)") }
            }
            let listed = try t.list(shared)
            try expectCookiesValid(listed, "shared directory")
            try expectEqual(listed.count, expectShared.count, "entries of the shared directory")
            try expectEqual(Set(listed.map(\.nameString)), expectShared, "names in the shared directory")
            try expectEqual(try t.inode(shared).size, UInt64(listed.count), "entry counter kept in the shared directory's inode")
            for i in 0..<threads {
                for (name, v) in all[i] {
                    let n = try t.inodeIfPresent(v.ino)
                    try expect(n != nil, "entry \(name) points at inode \(v.ino), which does not exist")
                }
            }
        }
    })
    cases.append(metaCase("stress", "inode-counter-8-threads") { s, ctx in
        let per = 100 * ctx.options.scale
        try s.txn { t in var i = fullInode(5); i.size = 0; i.change = 0; try t.createInode(i) }
        try runThreads(8) { k in
            for _ in 0..<per {
                try s.transaction(attempts: 1000) { t in
                    var i = try t.inode(5)
                    i.size += 1
                    i.nlink = UInt32(k)
                    i.change += 2
                    try t.updateInode(i)
                }
            }
        }
        try s.txn { t in
            let i = try t.inode(5)
            try expectEqual(i.size, UInt64(8 * per), "size counter after \(8 * per) increments")
            try expectEqual(i.change, UInt64(16 * per), "change counter")
        }
    })
    cases.append(metaCase("stress", "kv-disjoint-writers") { s, ctx in
        let per = 300 * ctx.options.scale
        try runThreads(8) { k in
            for j in 0..<per {
                try s.transaction(attempts: 1000) { t in try t.put(utf8("w\(k)/") + le64(UInt64(j)).reversed(), le64(UInt64(j))) }
            }
        }
        try s.txn(readOnly: true) { t in
            for k in 0..<8 {
                let got = try t.scanAll(from: utf8("w\(k)/"), to: utf8("w\(k)0"))
                try expectEqual(got.map { fromLE64($0.1)! }, (0..<per).map { UInt64($0) }, "keys of writer \(k)")
            }
        }
    })

    // MARK: statfs
    cases.append(metaCase("statfs", "free-at-most-total") { s, _ in
        guard let fs = try s.statfs() else {
            try expect(!s.plugin.has(DFS_META_CAP_STATFS), "DFS_META_CAP_STATFS is set but statfs is NULL")
            return
        }
        try expect(fs.free <= fs.total, "inodes_free \(fs.free) > inodes_total \(fs.total)")
    })
    cases.append(metaCase("statfs", "free-does-not-grow-on-create") { s, _ in
        guard let before = try s.statfs() else { return }
        try s.txn { t in for i in 1...10 { try t.createInode(fullInode(UInt64(i))) } }
        guard let after = try s.statfs() else { throw fail("statfs disappeared") }
        try expect(after.free <= before.free, "inodes_free grew from \(before.free) to \(after.free) after creating 10 inodes")
        try expect(after.free <= after.total, "inodes_free \(after.free) > inodes_total \(after.total)")
    })
    return cases
}

/// A per-thread seed derived from the case seed.
func caseSeedFor(_ ctx: CaseContext, salt: UInt64) -> UInt64 {
    (ctx.options.seed == 0 ? 0x5EED : ctx.options.seed) &* 0x9E37_79B9_7F4A_7C15 &+ salt
}
