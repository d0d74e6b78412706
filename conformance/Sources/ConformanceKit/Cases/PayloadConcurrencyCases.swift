import HostPlugins
import PluginABI

/// The value writer `w` puts: its own byte, its own length (so a truncated
/// or mixed block is recognisable).
private func writerValue(_ w: Int, base: Int = 64 * 1024) -> [UInt8] { filled(base + w * 4099, UInt8(0x30 + w)) }

/// Nil when `got` is exactly one of the writers' values; else what is wrong.
private func tornDescription(_ got: [UInt8], writers: Int, base: Int = 64 * 1024) -> String? {
    guard let first = got.first else { return "empty block" }
    let w = Int(first) - 0x30
    guard w >= 0 && w < writers else { return "first byte 0x\(String(first, radix: 16)) is no writer's" }
    if got.count != writerValue(w, base: base).count { return "length \(got.count), writer \(w) wrote \(writerValue(w, base: base).count)" }
    if let i = got.firstIndex(where: { $0 != first }) { return "mixed block: byte \(i) is 0x\(String(got[i], radix: 16)), byte 0 is 0x\(String(first, radix: 16))" }
    return nil
}

/// A persistent-store case: the body gets a fresh store.
private func persistCase(_ name: String, _ body: @escaping @Sendable (PayloadStore, CaseContext) throws -> Void) -> ConformanceCase {
    payCase("persist", name, requires: DFS_CAP_PERSISTENT, body)
}

private func reopen(_ ctx: CaseContext, _ s: PayloadStore) throws -> PayloadStore {
    s.close()
    return try ctx.openPayload()
}

func payloadConcurrencyCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    let g = "concurrency"

    cases.append(payCase(g, "writers-same-key-one-value-wins") { s, ctx in
        let rounds = 25 * ctx.options.scale
        try runThreads(8) { w in
            for _ in 0..<rounds { try s.put(utf8("shared"), writerValue(w)) }
        }
        let got = try s.whole(utf8("shared"), capacity: 200_000) ?? []
        if let why = tornDescription(got, writers: 8) { throw fail("final block is none of the written values: \(why)") }
        try expectEqual(try s.size(utf8("shared")), UInt64(got.count), "size of the final block")
    })
    cases.append(payCase(g, "writers-distinct-keys") { s, ctx in
        let per = 100 * ctx.options.scale
        try runThreads(8) { w in
            for i in 0..<per { try s.put(utf8("w\(w)/\(i)"), pattern(100 + i, seed: UInt64(w * 100_000 + i))) }
        }
        for w in 0..<8 {
            for i in 0..<per {
                try expectBytes(try s.whole(utf8("w\(w)/\(i)"), capacity: 100 + per + 1), pattern(100 + i, seed: UInt64(w * 100_000 + i)), "w\(w)/\(i)")
            }
        }
        try expectEqual(try s.keys().count, 8 * per, "keys listed")
    })
    cases.append(payCase(g, "readers-never-see-torn-blocks") { s, ctx in
        // Writers overwrite one key with blocks of different sizes and bytes;
        // readers read the whole block and must always get exactly one of them.
        try s.put(utf8("hot"), writerValue(0, base: 256 * 1024))
        let done = Shared(0)
        let reads = Shared(0)
        try runThreads(6) { i in
            if i < 2 {
                defer { done.with { $0 += 1 } }
                // At least 60×scale overwrites, and on until the readers have
                // overlapped with them a few times (a loaded machine may not
                // schedule a reader at first); bounded so a reader that never
                // runs fails the check below instead of hanging.
                var r = 0
                while r < 60 * ctx.options.scale || (reads.value < 20 && r < 20_000) {
                    try s.put(utf8("hot"), writerValue((r * 2 + i) % 4, base: 256 * 1024))
                    r += 1
                }
            } else {
                while done.value < 2 {
                    guard let got = try s.whole(utf8("hot"), capacity: 300 * 1024) else { throw fail("block vanished during overwrites") }
                    if let why = tornDescription(got, writers: 4, base: 256 * 1024) { throw fail("a read during overwrites saw a torn block: \(why)") }
                    reads.with { $0 += 1 }
                }
            }
        }
        try expect(reads.value > 0, "no read completed")
    })
    cases.append(payCase(g, "readers-during-put-and-delete") { s, ctx in
        // A key being put and deleted: readers see NOENT or a whole block.
        let done = Shared(false)
        try runThreads(4) { i in
            if i == 0 {
                defer { done.with { $0 = true } }
                for r in 0..<(100 * ctx.options.scale) {
                    try s.put(utf8("flicker"), writerValue(r % 3, base: 32 * 1024))
                    if r % 2 == 0 { try s.delete(utf8("flicker")) }
                }
            } else {
                while !done.value {
                    if let got = try s.whole(utf8("flicker"), capacity: 64 * 1024), let why = tornDescription(got, writers: 3, base: 32 * 1024) {
                        throw fail("read during put/delete saw a torn block: \(why)")
                    }
                    if let n = try s.size(utf8("flicker")), ![0, 1, 2].contains(where: { UInt64(writerValue($0, base: 32 * 1024).count) == n }) {
                        throw fail("size \(n) during put/delete is no written block's size")
                    }
                }
            }
        }
    })
    cases.append(payCase(g, "listing-during-writes") { s, ctx in
        // Keys that exist for the whole listing must be listed, in order.
        for i in 0..<200 { try s.put(utf8("stable/\(1000 + i)"), []) }
        let done = Shared(false)
        try runThreads(3) { i in
            if i == 0 {
                defer { done.with { $0 = true } }
                for r in 0..<(300 * ctx.options.scale) {
                    try s.put(utf8("stable/\(1000 + r % 200)x"), [1])
                    try s.delete(utf8("stable/\(1000 + (r + 100) % 200)x"))
                }
            } else {
                while !done.value {
                    let keys = try s.keys(prefix: utf8("stable/")).map(\.0)
                    try expect(zip(keys, keys.dropFirst()).allSatisfy { byteLess($0, $1) }, "listing during writes is not strictly ascending")
                    let stable = keys.filter { $0.count == 11 }
                    try expectEqual(stable.count, 200, "keys that existed during the whole listing")
                }
            }
        }
    })

    // Persistence.
    cases.append(persistCase("blocks-survive-reopen") { s, ctx in
        let blocks: [([UInt8], [UInt8])] = [(utf8("a"), pattern(1000)), (utf8("a/b"), [1]), (utf8("empty"), []), (utf8("big"), pattern(3 << 20, seed: 3))]
        for (k, v) in blocks { try s.put(k, v) }
        let s2 = try reopen(ctx, s)
        for (k, v) in blocks { try expectBytes(try s2.whole(k, capacity: v.count + 1), v, "block \(show(k)) after close + open") }
        try expectEqual(try s2.keys().map { show($0.0) }, blocks.map(\.0).sorted(by: byteLess).map { show($0) }, "keys after reopen")
    })
    cases.append(persistCase("durable-puts-survive-reopen") { s, ctx in
        for i in 0..<20 { try s.put(utf8("d\(i)"), pattern(i * 100, seed: UInt64(i)), durable: true) }
        let s2 = try reopen(ctx, s)
        for i in 0..<20 { try expectBytes(try s2.whole(utf8("d\(i)"), capacity: i * 100 + 1), pattern(i * 100, seed: UInt64(i)), "durable block d\(i)") }
    })
    cases.append(persistCase("synced-puts-survive-reopen") { s, ctx in
        for i in 0..<20 { try s.put(utf8("s\(i)"), pattern(50, seed: UInt64(i))) }
        try s.sync()
        let s2 = try reopen(ctx, s)
        for i in 0..<20 { try expectBytes(try s2.whole(utf8("s\(i)"), capacity: 51), pattern(50, seed: UInt64(i)), "synced block s\(i)") }
    })
    cases.append(persistCase("overwrites-and-deletes-survive-reopen") { s, ctx in
        try s.put(utf8("o"), pattern(5000))
        try s.put(utf8("o"), utf8("final"))
        try s.put(utf8("gone"), [1])
        try s.delete(utf8("gone"))
        let s2 = try reopen(ctx, s)
        try expectBytes(try s2.whole(utf8("o"), capacity: 6000), utf8("final"), "overwritten block after reopen")
        try expectEqual(try s2.size(utf8("gone")), nil, "deleted block after reopen")
        try expectEqual(try s2.keys().map { show($0.0) }, [show(utf8("o"))], "keys after reopen")
    })
    cases.append(persistCase("odd-keys-survive-reopen") { s, ctx in
        for (i, (_, k)) in oddKeys.enumerated() { try s.put(k, le64(UInt64(i))) }
        let s2 = try reopen(ctx, s)
        for (i, (name, k)) in oddKeys.enumerated() { try expectBytes(try s2.whole(k, capacity: 16), le64(UInt64(i)), "key \(name) after reopen") }
        try expectEqual(try s2.keys().map { show($0.0) }, oddKeys.map(\.1).sorted(by: byteLess).map { show($0) }, "odd keys listed after reopen")
    })
    cases.append(persistCase("reopen-cycles") { s, ctx in
        var store = s
        for cycle in 0..<4 {
            try store.put(utf8("c\(cycle)"), le64(UInt64(cycle)))
            if cycle > 0 { try store.delete(utf8("c\(cycle - 1)")) }
            store = try reopen(ctx, store)
            try expectEqual(try store.keys().map { show($0.0) }, [show(utf8("c\(cycle)"))], "keys after cycle \(cycle)")
        }
    })
    return cases
}
