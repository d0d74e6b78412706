import HostPlugins
import PluginABI

/// A payload case that gets a freshly opened store.
func payCase(_ group: String, _ name: String, requires: UInt64 = 0,
             _ body: @escaping @Sendable (PayloadStore, CaseContext) throws -> Void) -> ConformanceCase {
    ConformanceCase(.payload, group, name, requires: requires) { ctx in
        let store = try ctx.openPayload()
        try body(store, ctx)
    }
}

extension PayloadStore {
    /// The block (nil when absent), read from offset 0 with a buffer of
    /// `capacity` bytes; give one more than expected so a too-long block shows.
    func whole(_ key: [UInt8], capacity: Int) throws -> [UInt8]? { try get(key, offset: 0, length: capacity) }
}

/// Put, then check get of the whole block, size, and that it is listed.
func payloadRoundTrip(_ s: PayloadStore, _ key: [UInt8], _ data: [UInt8], _ what: String) throws {
    try s.put(key, data)
    try expectBytes(try s.whole(key, capacity: data.count + 1), data, "\(what): get")
    try expectEqual(try s.size(key), UInt64(data.count), "\(what): size")
    let listed = try s.keys(prefix: key)
    try expect(listed.contains { $0.0 == key && $0.1 == UInt64(data.count) },
               "\(what): list with the key as prefix must show it with size \(data.count); got \(listed.map { "\(show($0.0))/\($0.1)" })")
}

/// Every payload-store case, group by group.
func payloadCases() -> [ConformanceCase] {
    var all: [ConformanceCase] = []
    all += payloadBlockCases()
    all += payloadKeyCases()
    all += payloadListCases()
    all += payloadConcurrencyCases()
    all += configCases(.payload)
    return all
}

func payloadBlockCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    let g = "block"
    let data = pattern(10_000, seed: 42)

    cases.append(payCase(g, "put-get-whole") { s, _ in try payloadRoundTrip(s, utf8("blk"), data, "10,000-byte block") })
    cases.append(payCase(g, "get-exact-capacity") { s, _ in
        try s.put(utf8("b"), data)
        try expectBytes(try s.whole(utf8("b"), capacity: data.count), data, "get with a buffer of exactly the block size")
    })
    for (name, offset, length) in [("start", 0, 100), ("middle", 4321, 1000), ("end", 9_900, 100), ("across-end", 9_950, 100),
                                   ("one-byte", 5000, 1), ("last-byte", 9_999, 1)] {
        cases.append(payCase(g, "range-\(name)") { s, _ in
            try s.put(utf8("b"), data)
            let want = Array(data[offset..<min(offset + length, data.count)])
            try expectBytes(try s.get(utf8("b"), offset: UInt64(offset), length: length), want, "get \(length) bytes at \(offset)")
        })
    }
    cases.append(payCase(g, "range-at-end-is-empty") { s, _ in
        try s.put(utf8("b"), data)
        try expectBytes(try s.get(utf8("b"), offset: UInt64(data.count), length: 10), [], "get at offset == size")
    })
    cases.append(payCase(g, "range-past-end-is-empty") { s, _ in
        try s.put(utf8("b"), data)
        try expectBytes(try s.get(utf8("b"), offset: UInt64(data.count) + 1000, length: 10), [], "get past the end")
        try expectBytes(try s.get(utf8("b"), offset: .max, length: 10), [], "get at offset UINT64_MAX")
        try expectBytes(try s.get(utf8("b"), offset: 1 << 32, length: 10), [], "get at offset 2^32")
    })
    cases.append(payCase(g, "range-zero-length") { s, _ in
        try s.put(utf8("b"), data)
        try expectBytes(try s.get(utf8("b"), offset: 10, length: 0), [], "zero-length get")
        try expectBytes(try s.get(utf8("b"), offset: 0, length: 0), [], "zero-length get at 0")
    })
    cases.append(payCase(g, "ranges-tile-the-block") { s, _ in
        try s.put(utf8("b"), data)
        var got: [UInt8] = []
        var off = 0
        while off < data.count + 500 {
            got += try s.get(utf8("b"), offset: UInt64(off), length: 777) ?? []
            off += 777
        }
        try expectBytes(got, data, "block reassembled from 777-byte ranges")
    })
    cases.append(payCase(g, "overwrite-shorter") { s, _ in
        try s.put(utf8("b"), data)
        try payloadRoundTrip(s, utf8("b"), utf8("short"), "block overwritten with 5 bytes")
        try expectBytes(try s.get(utf8("b"), offset: 5, length: 100), [], "nothing of the old block past the new end")
    })
    cases.append(payCase(g, "overwrite-longer") { s, _ in
        try s.put(utf8("b"), utf8("short"))
        try payloadRoundTrip(s, utf8("b"), data, "block overwritten with 10,000 bytes")
    })
    cases.append(payCase(g, "overwrite-same-size") { s, _ in
        try s.put(utf8("b"), data)
        let other = pattern(data.count, seed: 43)
        try payloadRoundTrip(s, utf8("b"), other, "block overwritten with as many bytes")
    })
    cases.append(payCase(g, "overwrite-with-empty") { s, _ in
        try s.put(utf8("b"), data)
        try payloadRoundTrip(s, utf8("b"), [], "block overwritten with an empty one")
    })
    cases.append(payCase(g, "overwrite-many-times") { s, _ in
        for i in 0..<50 { try s.put(utf8("b"), pattern(i * 37, seed: UInt64(i))) }
        try payloadRoundTrip(s, utf8("b"), pattern(49 * 37, seed: 49), "after 50 overwrites")
    })
    cases.append(payCase(g, "delete") { s, _ in
        try s.put(utf8("b"), data)
        try s.put(utf8("c"), data)
        try s.delete(utf8("b"))
        try expectBytes(try s.get(utf8("b"), length: 10), nil, "get after delete must be NOENT")
        try expectEqual(try s.size(utf8("b")), nil, "size after delete must be NOENT")
        try expect(!(try s.keys()).contains { $0.0 == utf8("b") }, "deleted key must not be listed")
        try expectEqual(try s.size(utf8("c")), UInt64(data.count), "other block kept")
    })
    cases.append(payCase(g, "get-absent-noent") { s, _ in
        try s.put(utf8("a"), data)
        var buf = [UInt8](repeating: 0, count: 16)
        try expectError(.noent, "get of an absent key") { _ = try buf.withUnsafeMutableBytes { try s.get(utf8("b"), offset: 0, into: $0) } }
        try expectBytes(try s.get(utf8("a/"), length: 10), nil, "absent key that extends an existing one")
    })
    cases.append(payCase(g, "size-absent-noent") { s, _ in
        try expectEqual(try s.size(utf8("nothing")), nil, "size of an absent key")
    })
    cases.append(payCase(g, "delete-absent-ok") { s, _ in
        try s.delete(utf8("never-existed"))
        try s.put(utf8("x"), data)
        try s.delete(utf8("x"))
        try s.delete(utf8("x"))
    })
    cases.append(payCase(g, "put-after-delete") { s, _ in
        try s.put(utf8("b"), data)
        try s.delete(utf8("b"))
        try payloadRoundTrip(s, utf8("b"), utf8("again"), "block put again after delete")
    })
    cases.append(payCase(g, "empty-block") { s, _ in
        try payloadRoundTrip(s, utf8("empty"), [], "empty block")
        try expectBytes(try s.get(utf8("empty"), offset: 0, length: 0), [], "zero-length get of the empty block")
        try expectBytes(try s.get(utf8("empty"), offset: 5, length: 5), [], "get past the end of the empty block")
    })
    cases.append(payCase(g, "one-byte-block") { s, _ in try payloadRoundTrip(s, utf8("one"), [0x5A], "1-byte block") })
    cases.append(payCase(g, "binary-content") { s, _ in
        try payloadRoundTrip(s, utf8("bin"), (0...255).map { UInt8($0) } + [0, 0, 0xFF, 0x0A, 0x0D], "every byte value")
    })
    cases.append(payCase(g, "one-mib-block") { s, _ in try payloadRoundTrip(s, utf8("mib"), pattern(1 << 20, seed: 7), "1 MiB block") })
    cases.append(payCase(g, "odd-sizes") { s, _ in
        for n in [4095, 4096, 4097, 65535, 65537, 131_071] { try payloadRoundTrip(s, utf8("n\(n)"), pattern(n, seed: UInt64(n)), "\(n)-byte block") }
    })
    cases.append(payCase(g, "max-block-64-mib") { s, _ in
        let big = pattern(Int(DFS_BLOCK_MAX), seed: 64)
        try s.put(utf8("max"), big)
        try expectEqual(try s.size(utf8("max")), UInt64(DFS_BLOCK_MAX), "size of a DFS_BLOCK_MAX block")
        try expect(try s.whole(utf8("max"), capacity: Int(DFS_BLOCK_MAX) + 1) == big, "the 64 MiB block read back differs")
        try expectBytes(try s.get(utf8("max"), offset: UInt64(DFS_BLOCK_MAX) - 3, length: 10), Array(big.suffix(3)), "last 3 bytes")
    })
    cases.append(payCase(g, "over-max-block-refused") { s, _ in
        let over = [UInt8](repeating: 0x42, count: Int(DFS_BLOCK_MAX) + 1)
        try expectAnyError([.inval, .fileTooBig], "put of DFS_BLOCK_MAX+1 bytes") { try s.put(utf8("over"), over) }
        try expectEqual(try s.size(utf8("over")), nil, "the refused block must not exist")
        try s.put(utf8("over2"), [1])
        try expectAnyError([.inval, .fileTooBig], "put of DFS_BLOCK_MAX+1 bytes over an existing block") { try s.put(utf8("over2"), over) }
        try expectBytes(try s.whole(utf8("over2"), capacity: 10), [1], "the old block survives a refused put")
    })
    cases.append(payCase(g, "durable-put") { s, _ in
        try s.put(utf8("d"), data, durable: true)
        try expectBytes(try s.whole(utf8("d"), capacity: data.count + 1), data, "block put with DFS_PUT_DURABLE")
        try s.put(utf8("d"), [], durable: true)
        try expectEqual(try s.size(utf8("d")), 0, "empty durable overwrite")
    })
    cases.append(payCase(g, "sync") { s, _ in
        for i in 0..<10 { try s.put(utf8("s\(i)"), pattern(100, seed: UInt64(i))) }
        try s.sync()
        try s.sync()
        for i in 0..<10 { try expectBytes(try s.whole(utf8("s\(i)"), capacity: 200), pattern(100, seed: UInt64(i)), "block s\(i) after sync") }
    })
    cases.append(payCase(g, "statfs-sanity") { s, _ in
        guard let fs = try s.statfs() else {
            try expect(!s.plugin.has(DFS_PAYLOAD_CAP_STATFS), "DFS_PAYLOAD_CAP_STATFS is set but statfs is NULL")
            return
        }
        try expect(fs.free <= fs.total, "bytes_free \(fs.free) > bytes_total \(fs.total)")
        if s.plugin.has(DFS_PAYLOAD_CAP_STATFS) { try expect(fs.total > 0, "statfs reports a total of 0 bytes") }
    })
    return cases
}
