import HostPlugins
import PluginABI

/// Keys in memcmp order (shorter prefix first, unsigned bytes).
private let sortedKeys: [[UInt8]] = [
    [0x00], [0x00, 0x00], [0x2F], [0x2F, 0x2F], utf8("a"), utf8("a/"), utf8("a/b"), utf8("a/b/c"), utf8("a0"),
    utf8("ab"), utf8("b"), [0x7F], [0x7F, 0x00], [0x80], [0xC3, 0xA9], [0xFF], [0xFF, 0xFF],
]

private func putSorted(_ s: PayloadStore) throws {
    for (i, k) in sortedKeys.enumerated().reversed() { try s.put(k, filled(i, 0x41)) }
}

private func listed(_ s: PayloadStore, prefix: [UInt8] = [], after: [UInt8] = []) throws -> [String] {
    try s.keys(prefix: prefix, startAfter: after).map { show($0.0) }
}

func payloadListCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    let g = "list"

    cases.append(payCase(g, "memcmp-order") { s, _ in
        try putSorted(s)
        try expectEqual(try listed(s), sortedKeys.map { show($0) }, "every key in byte order (shorter first, 0xFF after 0x7F)")
    })
    cases.append(payCase(g, "sizes") { s, _ in
        try putSorted(s)
        let all = try s.keys()
        for (k, size) in all {
            let i = sortedKeys.firstIndex(of: k)!
            try expectEqual(size, UInt64(i), "listed size of \(show(k))")
        }
    })
    cases.append(payCase(g, "prefix") { s, _ in
        try putSorted(s)
        try expectEqual(try listed(s, prefix: utf8("a")), ["a", "a/", "a/b", "a/b/c", "a0", "ab"].map { show(utf8($0)) }, "prefix a")
        try expectEqual(try listed(s, prefix: utf8("a/")), ["a/", "a/b", "a/b/c"].map { show(utf8($0)) }, "prefix a/")
        try expectEqual(try listed(s, prefix: utf8("a/b/c")), [show(utf8("a/b/c"))], "prefix equal to a whole key")
        try expectEqual(try listed(s, prefix: [0x00]), [show([0x00]), show([0x00, 0x00])], "prefix NUL")
        try expectEqual(try listed(s, prefix: [0xFF]), [show([0xFF]), show([0xFF, 0xFF])], "prefix 0xFF")
        try expectEqual(try listed(s, prefix: [0x2F]), [show([0x2F]), show([0x2F, 0x2F])], "prefix /")
    })
    cases.append(payCase(g, "prefix-no-match") { s, _ in
        try putSorted(s)
        try expectEqual(try listed(s, prefix: utf8("zzz")), [], "prefix matching nothing")
        try expectEqual(try listed(s, prefix: utf8("a/b/c/d")), [], "prefix longer than every key")
        try expectEqual(try listed(s, prefix: utf8("A")), [], "prefix differing in case")
    })
    cases.append(payCase(g, "empty-store") { s, _ in
        try expectEqual(try listed(s), [], "fresh store")
        try s.put(utf8("x"), [])
        try s.delete(utf8("x"))
        try expectEqual(try listed(s), [], "store after its only key was deleted")
    })
    cases.append(payCase(g, "start-after") { s, _ in
        try putSorted(s)
        for i in 0..<sortedKeys.count {
            try expectEqual(try listed(s, after: sortedKeys[i]), sortedKeys[(i + 1)...].map { show($0) }, "after \(show(sortedKeys[i]))")
        }
    })
    cases.append(payCase(g, "start-after-absent-key") { s, _ in
        try putSorted(s)
        try expectEqual(try listed(s, after: utf8("a/a")), ["a/b", "a/b/c", "a0", "ab", "b"].map { show(utf8($0)) } + [[0x7F], [0x7F, 0x00], [0x80], [0xC3, 0xA9], [0xFF], [0xFF, 0xFF]].map { show($0) }, "after a/a")
        try expectEqual(try listed(s, after: [0xFF, 0xFF, 0xFF]), [], "after every key")
        try expectEqual(try listed(s, after: [0x00, 0x00, 0x00]), sortedKeys.dropFirst(2).map { show($0) }, "after NUL NUL NUL")
    })
    cases.append(payCase(g, "prefix-and-start-after") { s, _ in
        try putSorted(s)
        try expectEqual(try listed(s, prefix: utf8("a"), after: utf8("a/b")), ["a/b/c", "a0", "ab"].map { show(utf8($0)) }, "prefix a after a/b")
        try expectEqual(try listed(s, prefix: utf8("a/"), after: utf8("b")), [], "start_after beyond the prefix")
        try expectEqual(try listed(s, prefix: utf8("a/"), after: utf8("0")), ["a/", "a/b", "a/b/c"].map { show(utf8($0)) }, "start_after before the prefix")
    })
    cases.append(payCase(g, "pagination") { s, _ in
        let keys = (0..<500).map { utf8("blk/\($0 % 7)/\($0)") }
        for k in keys { try s.put(k, [1]) }
        for page in [1, 7, 100, 499, 1000] {
            var got: [[UInt8]] = []
            var after: [UInt8] = []
            while true {
                var batch: [[UInt8]] = []
                try s.list(prefix: utf8("blk/"), startAfter: after) { k, _ in batch.append(k); return batch.count < page }
                if batch.isEmpty { break }
                got += batch
                after = batch.last!
                if got.count > 1000 { throw fail("pagination does not end") }
            }
            try expect(got == keys.sorted(by: byteLess), "pages of \(page): got \(got.count) keys, expected the 500 in byte order")
        }
    })
    cases.append(payCase(g, "early-stop") { s, _ in
        try putSorted(s)
        for k in [1, 3, sortedKeys.count] {
            var got: [[UInt8]] = []
            try s.list { key, _ in got.append(key); return got.count < k }
            try expectEqual(got.map { show($0) }, sortedKeys.prefix(k).map { show($0) }, "callback stopping after \(k)")
        }
    })
    cases.append(payCase(g, "after-delete-and-overwrite") { s, _ in
        try putSorted(s)
        try s.delete(utf8("a/b"))
        try s.delete([0xFF])
        try s.put(utf8("a"), pattern(99))
        let all = try s.keys()
        try expectEqual(all.map { show($0.0) }, sortedKeys.filter { $0 != utf8("a/b") && $0 != [0xFF] }.map { show($0) }, "keys")
        try expectEqual(all.first { $0.0 == utf8("a") }?.1, 99, "size of the overwritten key")
    })
    cases.append(payCase(g, "many-keys") { s, _ in
        let keys = (0..<2000).map { le64(UInt64($0) &* 0x9E37_79B9).reversed() + utf8("/k") }
        for k in keys { try s.put(k, []) }
        let all = try s.keys().map(\.0)
        try expectEqual(all.count, keys.count, "number of keys listed")
        try expect(all == keys.sorted(by: byteLess), "2000 keys not listed in byte order")
    })
    return cases
}
