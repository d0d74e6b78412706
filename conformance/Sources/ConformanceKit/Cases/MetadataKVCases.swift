import HostPlugins
import PluginABI

/// Keys of a scan, for comparisons.
private func scanKeys(_ t: MetadataTxn, from: [UInt8] = [], to: [UInt8]? = nil) throws -> [[UInt8]] {
    try t.scanAll(from: from, to: to).map(\.0)
}

/// Keys in memcmp order (shorter prefix first; unsigned bytes).
private let orderedKeys: [[UInt8]] = [
    [0x00], [0x00, 0x00], [0x01], [0x61], [0x61, 0x00], [0x61, 0x01], [0x61, 0x61], [0x61, 0x62, 0x63],
    [0x62], [0x7F], [0x7F, 0xFF], [0x80], [0xC3, 0xA9], [0xFE], [0xFF], [0xFF, 0x00], [0xFF, 0xFF],
]

private func putAll(_ s: MetadataStore, _ keys: [[UInt8]]) throws {
    // Insert in a scrambled order so that insertion order does not hide bugs.
    try s.txn { t in for k in keys.reversed() { try t.put(k, k + [0xEE]) } }
}

func metadataKVCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    let g = "kv"

    cases.append(metaCase(g, "put-get") { s, _ in
        try s.txn { t in
            try t.put(utf8("k"), utf8("value"))
            try expectBytes(try t.get(utf8("k")), utf8("value"), "value in the writing transaction")
        }
        try s.inBoth { t in try expectBytes(try t.get(utf8("k")), utf8("value"), "value after commit") }
    })
    cases.append(metaCase(g, "get-missing-noent") { s, _ in
        try s.txn { t in try t.put(utf8("a"), utf8("1")) }
        try s.inBoth { t in
            try expectBytes(try t.get(utf8("b")), nil, "absent key")
            try expectBytes(try t.get([0x61, 0x00]), nil, "key with an extra NUL")
        }
    })
    cases.append(metaCase(g, "replace-longer-and-shorter") { s, _ in
        for v in [utf8("short"), pattern(5000), utf8("x"), [], pattern(300, seed: 9)] {
            try s.txn { t in try t.put(utf8("k"), v) }
            try s.txn { t in try expectBytes(try t.get(utf8("k")), v, "value after replace") }
        }
    })
    cases.append(metaCase(g, "delete") { s, _ in
        try s.txn { t in try t.put(utf8("a"), utf8("1")); try t.put(utf8("b"), utf8("2")) }
        try s.txn { t in
            try t.delete(utf8("a"))
            try expectBytes(try t.get(utf8("a")), nil, "deleted key, same transaction")
        }
        try s.inBoth { t in
            try expectBytes(try t.get(utf8("a")), nil, "deleted key after commit")
            try expectBytes(try t.get(utf8("b")), utf8("2"), "other key kept")
        }
    })
    cases.append(metaCase(g, "delete-missing-noent") { s, _ in
        try s.txn { t in try expectError(.noent, "kv_delete of an absent key") { try t.delete(utf8("nope")) } }
    })
    cases.append(metaCase(g, "delete-twice-noent") { s, _ in
        try s.txn { t in try t.put(utf8("a"), utf8("1")) }
        try s.txn { t in
            try t.delete(utf8("a"))
            try expectError(.noent, "second kv_delete in one transaction") { try t.delete(utf8("a")) }
        }
    })
    cases.append(metaCase(g, "empty-value-is-not-absent") { s, _ in
        try s.txn { t in try t.put(utf8("e"), []) }
        try s.inBoth { t in
            try expectBytes(try t.get(utf8("e")), [], "empty value")
            try expectEqual(try t.scanAll().map { $0.1 }, [[]], "scan shows the empty value")
        }
    })
    for (name, size) in [("257-bytes", 257), ("4-KiB", 4096), ("64-KiB", 65536)] {
        cases.append(metaCase(g, "value-\(name)-growing-buffer") { s, _ in
            // The wrapper starts with a 256-byte buffer: kv_get must report RANGE with the needed size.
            let v = pattern(size, seed: UInt64(size))
            try s.txn { t in try t.put(utf8("big"), v) }
            try s.txn { t in try expectBytes(try t.get(utf8("big")), v, "\(size)-byte value") }
        })
    }
    cases.append(metaCase(g, "value-1-MiB-max") { s, _ in
        let v = pattern(Int(DFS_KV_VALUE_MAX), seed: 3)
        try s.txn { t in
            try t.put(utf8("max"), v)
            try expectBytes(try t.get(utf8("max")), v, "1 MiB value in the writing transaction")
        }
        try s.txn { t in
            try expectBytes(try t.get(utf8("max")), v, "1 MiB value after commit")
            try expectBytes(try t.scanAll().first?.1, v, "1 MiB value through scan")
        }
    })
    cases.append(metaCase(g, "value-too-large-inval") { s, _ in
        try s.txn { t in
            try expectError(.inval, "kv_put of DFS_KV_VALUE_MAX+1 bytes") { try t.put(utf8("k"), filled(Int(DFS_KV_VALUE_MAX) + 1, 1)) }
            try expectBytes(try t.get(utf8("k")), nil, "the refused value must not be stored")
        }
    })
    cases.append(metaCase(g, "value-binary") { s, _ in
        let v = (0...255).map { UInt8($0) } + [0, 0, 0xFF]
        try s.txn { t in try t.put(utf8("bin"), v) }
        try s.txn { t in try expectBytes(try t.get(utf8("bin")), v, "binary value") }
    })
    cases.append(metaCase(g, "key-1-byte-and-1024-bytes") { s, _ in
        let long = pattern(Int(DFS_KV_KEY_MAX), seed: 5)
        try s.txn { t in try t.put([0x41], utf8("one")); try t.put(long, utf8("long")) }
        try s.txn { t in
            try expectBytes(try t.get([0x41]), utf8("one"), "1-byte key")
            try expectBytes(try t.get(long), utf8("long"), "1024-byte key")
            try t.delete(long)
        }
    })
    cases.append(metaCase(g, "key-1025-bytes-nametoolong") { s, _ in
        let k = filled(Int(DFS_KV_KEY_MAX) + 1, 0x6B)
        try s.txn { t in
            try expectError(.nameTooLong, "kv_put with a 1025-byte key") { try t.put(k, utf8("v")) }
            try expectError(.nameTooLong, "kv_get with a 1025-byte key") { _ = try t.get(k) }
            try expectError(.nameTooLong, "kv_delete with a 1025-byte key") { try t.delete(k) }
            try expectEqual(try t.scanAll().count, 0, "nothing stored")
        }
    })
    cases.append(metaCase(g, "key-empty-inval") { s, _ in
        try s.txn { t in
            try expectError(.inval, "kv_put with an empty key") { try t.put([], utf8("v")) }
            try expectError(.inval, "kv_get with an empty key") { _ = try t.get([]) }
            try expectError(.inval, "kv_delete with an empty key") { try t.delete([]) }
            try expectEqual(try t.scanAll().count, 0, "nothing stored")
        }
    })
    cases.append(metaCase(g, "binary-keys-all-single-bytes") { s, _ in
        try s.txn { t in for b in 0...255 { try t.put([UInt8(b)], [UInt8(255 - b)]) } }
        try s.txn { t in
            for b in 0...255 { try expectBytes(try t.get([UInt8(b)]), [UInt8(255 - b)], "key 0x\(String(b, radix: 16))") }
            try expectEqual(try scanKeys(t), (0...255).map { [UInt8($0)] }, "scan of the 256 one-byte keys")
        }
    })
    cases.append(metaCase(g, "keys-with-nul-distinct") { s, _ in
        let ks: [[UInt8]] = [[0x61], [0x61, 0x00], [0x61, 0x00, 0x00], [0x00, 0x61]]
        try s.txn { t in for (i, k) in ks.enumerated() { try t.put(k, [UInt8(i)]) } }
        try s.txn { t in for (i, k) in ks.enumerated() { try expectBytes(try t.get(k), [UInt8(i)], "key \(show(k))") } }
    })
    cases.append(metaCase(g, "scan-memcmp-order") { s, _ in
        try putAll(s, orderedKeys)
        try s.inBoth { t in
            let all = try t.scanAll()
            try expectEqual(all.map { show($0.0) }, orderedKeys.map { show($0) }, "scan order (memcmp, shorter first, 0xFF after 0x7F)")
            for (k, v) in all { try expectBytes(v, k + [0xEE], "value of \(show(k)) in scan") }
        }
    })
    cases.append(metaCase(g, "scan-range-start-inclusive-end-exclusive") { s, _ in
        try putAll(s, orderedKeys)
        try s.txn { t in
            for (i, j) in [(0, 5), (3, 4), (5, 12), (8, 17), (10, 16)] {
                let end = j < orderedKeys.count ? orderedKeys[j] : [0xFF, 0xFF, 0xFF]
                try expectEqual(try scanKeys(t, from: orderedKeys[i], to: end).map { show($0) },
                                orderedKeys[i..<min(j, orderedKeys.count)].map { show($0) },
                                "scan [\(show(orderedKeys[i])), \(show(end)))")
            }
        }
    })
    cases.append(metaCase(g, "scan-bounds-between-keys") { s, _ in
        try putAll(s, orderedKeys)
        try s.txn { t in
            // [a\0\0, a\x01\x00): a\x01 only... bounds that are not keys themselves.
            try expectEqual(try scanKeys(t, from: [0x61, 0x00, 0x00], to: [0x61, 0x01, 0x00]), [[0x61, 0x01]], "between-key bounds")
            try expectEqual(try scanKeys(t, from: [0x7E], to: [0x81]), [[0x7F], [0x7F, 0xFF], [0x80]], "bounds around 0x7F/0x80")
            try expectEqual(try scanKeys(t, from: [0xFF, 0x00, 0x00]), [[0xFF, 0xFF]], "open end from a non-key")
        }
    })
    cases.append(metaCase(g, "scan-open-end") { s, _ in
        try putAll(s, orderedKeys)
        try s.txn { t in
            try expectEqual(try scanKeys(t, from: [0x80]), Array(orderedKeys[11...]), "scan from 0x80 to the end")
            try expectEqual(try scanKeys(t, from: [0xFF, 0xFF]), [[0xFF, 0xFF]], "scan from the last key")
            try expectEqual(try scanKeys(t, from: [0xFF, 0xFF, 0x00]), [], "scan past the last key")
        }
    })
    cases.append(metaCase(g, "scan-open-start") { s, _ in
        try putAll(s, orderedKeys)
        try s.txn { t in
            try expectEqual(try scanKeys(t, to: [0x61]), Array(orderedKeys[0..<3]), "scan from the first key to \"a\"")
            try expectEqual(try scanKeys(t, to: [0x00]), [], "scan to the smallest key")
        }
    })
    cases.append(metaCase(g, "scan-empty-and-inverted-range") { s, _ in
        try putAll(s, orderedKeys)
        try s.txn { t in
            try expectEqual(try scanKeys(t, from: [0x61], to: [0x61]), [], "start == end")
            try expectEqual(try scanKeys(t, from: [0x62], to: [0x61]), [], "start > end")
        }
    })
    cases.append(metaCase(g, "scan-early-stop") { s, _ in
        try putAll(s, orderedKeys)
        try s.txn { t in
            for k in [1, 4, orderedKeys.count] {
                var got: [[UInt8]] = []
                try t.scan { key, _ in got.append(key); return got.count < k }
                try expectEqual(got, Array(orderedKeys.prefix(k)), "callback stopping after \(k)")
            }
            var n = 0
            try t.scan(from: [0x80], to: nil) { _, _ in n += 1; return false }
            try expectEqual(n, 1, "stop at once")
        }
    })
    cases.append(metaCase(g, "scan-after-delete-and-replace") { s, _ in
        try putAll(s, orderedKeys)
        try s.txn { t in try t.delete([0x61]); try t.delete([0xFF, 0xFF]); try t.put([0x62], utf8("new")) }
        try s.txn { t in
            let all = try t.scanAll()
            try expectEqual(all.map { show($0.0) }, orderedKeys.filter { $0 != [0x61] && $0 != [0xFF, 0xFF] }.map { show($0) }, "keys")
            try expectBytes(all.first { $0.0 == [0x62] }?.1, utf8("new"), "replaced value in scan")
        }
    })
    cases.append(metaCase(g, "scan-empty-space") { s, _ in
        try s.inBoth { t in
            try expectEqual(try scanKeys(t).count, 0, "scan of a fresh store")
            try expectEqual(try scanKeys(t, from: [0x61], to: [0x62]).count, 0, "range scan of a fresh store")
        }
    })
    cases.append(metaCase(g, "scan-prefix-range-many-keys") { s, _ in
        // A prefix scan the host does for block maps: [prefix, prefix+1).
        try s.txn { t in
            for f in 0..<5 { for b in 0..<200 { try t.put(utf8("blk/\(f)/") + le64(UInt64(b)).reversed(), le64(UInt64(f * 1000 + b))) } }
        }
        try s.txn(readOnly: true) { t in
            let got = try t.scanAll(from: utf8("blk/2/"), to: utf8("blk/20"))
            try expectEqual(got.count, 200, "keys under blk/2/")
            try expectEqual(got.map { fromLE64($0.1)! }, (0..<200).map { UInt64(2000 + $0) }, "values in key order")
        }
    })
    return cases
}
