import HostPlugins
import PluginABI

private let reg = FileType.regular.rawValue

/// Close `s` and open the store again with the same configuration.
func reopen(_ ctx: CaseContext, _ s: MetadataStore) throws -> MetadataStore {
    s.close()
    return try ctx.openMetadata()
}

/// A persistent-store case: the body gets a fresh store.
private func persistCase(_ name: String, _ body: @escaping @Sendable (MetadataStore, CaseContext) throws -> Void) -> ConformanceCase {
    metaCase("persist", name, requires: DFS_CAP_PERSISTENT, body)
}

func metadataPersistenceCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []

    cases.append(persistCase("every-record-kind") { s, ctx in
        try writeBase(s)
        let big = pattern(Int(DFS_KV_VALUE_MAX), seed: 11)
        let longTarget = pattern(Int(DFS_SYMLINK_MAX), seed: 12)
        try s.txn { t in
            var i = fullInode(12)
            i.mode = .max; i.size = .max; i.atime = Timespec(sec: .min, nsec: 999_999_999)
            try t.createInode(i)
            try t.createInode(fullInode(13, type: .symlink), target: longTarget)
            try t.insert(2, [0, 0xFF, 0x2F], ino: .max, type: FileType.socket.rawValue)
            try t.insert(2, filled(255, 0x41), ino: 12, type: reg)
            try t.setRoot("другой", ino: 13)
            try t.put(utf8("empty"), [])
            try t.put(utf8("big"), big)
            try t.put([0xFF, 0x00], [0])
        }
        let before = try s.txn(readOnly: true) { try dump($0) }
        let s2 = try reopen(ctx, s)
        try s2.inBoth { t in
            try expectEqual(try dump(t), before, "every record after close + open")
            try expectBytes(try t.get(utf8("big")), big, "1 MiB value after reopen")
            try expectBytes(try t.inodeWithTarget(13).1, longTarget, "4096-byte symlink target after reopen")
        }
    })
    cases.append(persistCase("updates-and-deletes") { s, ctx in
        try writeBase(s)
        try s.txn { t in
            var i = fullInode(10); i.size = 77; i.mtime = Timespec(sec: -3, nsec: 3)
            try t.updateInode(i)
            try t.deleteInode(11)
            try t.remove(1, utf8("b"))
            try t.removeRoot("s")
            try t.setRoot("s2", ino: 10)
            try t.delete(utf8("k2"))
            try t.put(utf8("k"), utf8("replaced"))
        }
        let before = try s.txn(readOnly: true) { try dump($0) }
        let s2 = try reopen(ctx, s)
        try s2.txn { t in
            try expectEqual(try dump(t), before, "state after updates and deletes, close + open")
            try expectEqual(try t.inodeIfPresent(11), nil, "deleted inode stays deleted")
            try expectError(.noent, "removed root stays removed") { try t.removeRoot("s") }
        }
    })
    cases.append(persistCase("aborted-and-failed-txns-absent") { s, ctx in
        try writeBase(s)
        let before = try s.txn(readOnly: true) { try dump($0) }
        // Aborted.
        let a = try s.begin()
        try a.createInode(fullInode(12)); try a.insert(2, utf8("aborted"), ino: 12, type: reg)
        try a.setRoot("aborted", ino: 12); try a.put(utf8("aborted"), []); try a.deleteInode(10)
        a.abort()
        // Lost a conflict.
        let ok = try interleave(s, 2, [
            .op(0) { _ = try $0.get(utf8("k")) },
            .op(0) { t in try t.createInode(fullInode(13)); try t.put(utf8("loser"), []); try t.remove(1, utf8("a")) },
            .op(1) { try $0.put(utf8("k"), utf8("v")) }, .commit(1), .commit(0),
        ])
        try expect(!(ok[0] && ok[1]), "conflicting transactions both committed")
        let expected = try s.txn(readOnly: true) { try dump($0) }
        if !ok[0] { try expectEqual(expected, before, "state before close (the loser must have left no trace)") }
        // Unfinished at close time: the host aborts it first.
        let u = try s.begin()
        try u.put(utf8("unfinished"), [])
        u.abort()
        let s2 = try reopen(ctx, s)
        try s2.txn { t in try expectEqual(try dump(t), expected, "after close + open: no aborted or failed write") }
    })
    cases.append(persistCase("alloc-never-repeats") { s, ctx in
        var ranges: [(UInt64, UInt64)] = []
        var store = s
        for cycle in 0..<3 {
            for _ in 0..<50 { ranges.append((try store.allocateIDs(), 1)) }
            ranges.append((try store.allocateIDs(1000), 1000))
            if cycle < 2 { store = try reopen(ctx, store) }
        }
        let sorted = ranges.sorted { $0.0 < $1.0 }
        for (a, b) in zip(sorted, sorted.dropFirst()) where a.0 + a.1 > b.0 {
            throw fail("ids [\(a.0), +\(a.1)) and [\(b.0), +\(b.1)) overlap across close + open")
        }
        try expect(sorted.allSatisfy { $0.0 > 0 }, "id 0 handed out")
    })
    cases.append(persistCase("cookies-survive-and-never-repeat") { s, ctx in
        let cs = try s.txn { t in try ["a", "b", "c"].map { try t.insert(1, utf8($0), ino: 5, type: reg) } }
        try s.txn { t in try t.remove(1, utf8("c")) }
        let s2 = try reopen(ctx, s)
        try s2.txn { t in
            try expectEqual(try t.list(1).map(\.cookie), Array(cs.prefix(2)), "cookies after close + open")
        }
        let d = try s2.txn { t in try t.insert(1, utf8("d"), ino: 6, type: reg) }
        try expect(d > cs[2], "cookie \(d) after reopen must exceed every earlier cookie (\(cs[2]))")
        try s2.txn { t in try expectEqual(names(try t.list(1, after: cs[1])), [utf8("d")], "resumed listing across close + open") }
    })
    cases.append(persistCase("many-records") { s, ctx in
        let n = 3000
        try s.txn { t in
            for i in 0..<n {
                try t.insert(1, utf8("entry-\(i)"), ino: UInt64(i + 1), type: reg)
                try t.put(utf8("key-") + le64(UInt64(i)).reversed(), le64(UInt64(i)))
            }
        }
        let listed = try s.txn { try $0.list(1) }
        let s2 = try reopen(ctx, s)
        try s2.txn(readOnly: true) { t in
            try expect(try t.list(1) == listed, "3000-entry directory after close + open")
            try expectEqual(try t.scanAll().map { fromLE64($0.1)! }, (0..<n).map { UInt64($0) }, "3000 kv records in order after reopen")
        }
    })
    cases.append(persistCase("reopen-cycles") { s, ctx in
        var store = s
        for cycle in 0..<5 {
            try store.txn { t in
                try t.put(utf8("cycle-\(cycle)"), le64(UInt64(cycle)))
                try t.createInode(fullInode(UInt64(100 + cycle)))
                if cycle > 0 { try t.delete(utf8("cycle-\(cycle - 1)")) }
            }
            store = try reopen(ctx, store)
            try store.txn { t in
                try expectEqual(try t.scanAll().map { show($0.0) }, [show(utf8("cycle-\(cycle)"))], "kv after cycle \(cycle)")
                for c in 0...cycle { try expectEqual(try t.inode(UInt64(100 + c)), fullInode(UInt64(100 + c)), "inode of cycle \(c)") }
            }
        }
    })
    cases.append(persistCase("kv-order-after-reopen") { s, ctx in
        let keys: [[UInt8]] = [[0xFF], [0x00], [0x61, 0x00], [0x61], [0x80], [0x7F], [0x7F, 0xFF], [0x00, 0x00]]
        try s.txn { t in for k in keys { try t.put(k, k) } }
        let s2 = try reopen(ctx, s)
        try s2.txn { t in
            try expectEqual(try t.scanAll().map { show($0.0) }, keys.sorted(by: byteLess).map { show($0) }, "scan order after reopen")
            try expectEqual(try t.scanAll(from: [0x61], to: [0x80]).map { show($0.0) }, [[0x61], [0x61, 0x00], [0x7F], [0x7F, 0xFF]].map { show($0) }, "range scan after reopen")
        }
    })
    cases.append(persistCase("roots-order-after-reopen") { s, ctx in
        try s.txn { t in for (i, n) in ["zeta", "alpha", "Beta", "é"].enumerated() { try t.setRoot(n, ino: UInt64(i + 1)) } }
        let before = try s.txn { try $0.roots().map { "\(show($0.share))=\($0.ino)" } }
        let s2 = try reopen(ctx, s)
        try s2.txn { t in try expectEqual(try t.roots().map { "\(show($0.share))=\($0.ino)" }, before, "roots after reopen") }
    })
    return cases
}
