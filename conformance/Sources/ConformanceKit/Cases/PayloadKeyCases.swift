import Foundation
import HostPlugins
import PluginABI

/// Keys a naive file-backed store would mangle, alias or escape with.
let oddKeys: [(String, [UInt8])] = [
    ("dotdot", utf8("..")),
    ("dot", utf8(".")),
    ("traversal", utf8("../../etc/passwd")),
    ("deep-traversal", Array(repeating: utf8("../"), count: 40).flatMap { $0 } + utf8("tmp/x")),
    ("slash", utf8("/")),
    ("double-slash", utf8("//")),
    ("absolute-path", utf8("/etc/passwd")),
    ("trailing-slash", utf8("a/")),
    ("dot-segments", utf8("a/b/../c")),
    ("current-dir-segments", utf8("./a/./b")),
    ("percent-2F", utf8("%2F")),
    ("percent-literal", utf8("100%")),
    ("spaces", utf8(" leading and trailing ")),
    ("nul-bytes", [0x61, 0x00, 0x62, 0x00]),
    ("only-nul", [0x00]),
    ("byte-ff", [0xFF]),
    ("invalid-utf8", [0xC3, 0x28, 0xA0, 0xA1, 0xFE]),
    ("control-chars", [0x01, 0x0A, 0x0D, 0x09, 0x1B, 0x7F]),
    ("emoji", utf8("📦/🚀/blob-✓")),
    ("backslashes", utf8("..\\..\\windows\\system32")),
    ("upper-case", utf8("ABC/Def")),
    ("tilde-and-dollar", utf8("~/$HOME/`x`")),
    ("reserved-names", utf8("CON/aux.txt/nul")),
    ("long-component-300", filled(300, 0x63)),
    ("key-1024-bytes", pattern(Int(DFS_BLOCK_KEY_MAX), seed: 1024)),
    ("key-1024-slashes", Array(repeating: utf8("a/"), count: 512).flatMap { $0 }),
    ("key-1024-only-slashes", filled(Int(DFS_BLOCK_KEY_MAX), 0x2F)),
]

/// Keys that a lossy encoding would collapse into one another.
private let aliasGroups: [[[UInt8]]] = [
    [utf8("a/c"), utf8("a/b/../c"), utf8("a//c"), utf8("a/./c"), utf8("./a/c"), utf8("/a/c")],
    [utf8("/"), utf8("%2F"), utf8("%2f"), utf8("//"), [0x00], [0x2F, 0x00]],
    [utf8("a"), utf8("A"), utf8("a/"), utf8("a/b"), utf8("a."), utf8("a.b"), utf8("a.d/b.b")],
    [utf8("x"), utf8("x%"), utf8("x%25"), utf8("x "), [0x78, 0x00], [0x78, 0xFF]],
    [utf8("é"), [0x65, 0xCC, 0x81], utf8("É")],
    [utf8(".."), utf8("."), utf8("..."), utf8("%2E%2E")],
]

func payloadKeyCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    let g = "key"

    for (name, key) in oddKeys {
        cases.append(payCase(g, "odd-\(name)") { s, _ in
            let content = pattern(333, seed: UInt64(key.count))
            try payloadRoundTrip(s, key, content, "key \(show(key))")
            try expectEqual(try s.keys().map { show($0.0) }, [show(key)], "the only key listed (exact bytes)")
            try s.delete(key)
            try expectEqual(try s.size(key), nil, "size after delete of key \(show(key))")
            try expectEqual(try s.keys().count, 0, "keys after delete")
        })
    }
    cases.append(payCase(g, "key-1025-bytes-nametoolong") { s, _ in
        let k = filled(Int(DFS_BLOCK_KEY_MAX) + 1, 0x6B)
        try expectError(.nameTooLong, "put with a 1025-byte key") { try s.put(k, [1]) }
        try expectEqual(try s.keys().count, 0, "nothing stored")
    })
    cases.append(payCase(g, "key-1025-bytes-get-size-delete-nametoolong") { s, _ in
        let k = filled(Int(DFS_BLOCK_KEY_MAX) + 1, 0x6B)
        var buf = [UInt8](repeating: 0, count: 8)
        try expectError(.nameTooLong, "get with a 1025-byte key") { _ = try buf.withUnsafeMutableBytes { try s.get(k, offset: 0, into: $0) } }
        try expectError(.nameTooLong, "size with a 1025-byte key") { _ = try s.size(k) }
        try expectError(.nameTooLong, "delete with a 1025-byte key") { try s.delete(k) }
    })
    cases.append(payCase(g, "key-empty-inval") { s, _ in
        try expectError(.inval, "put with an empty key") { try s.put([], [1]) }
        var buf = [UInt8](repeating: 0, count: 8)
        try expectError(.inval, "get with an empty key") { _ = try buf.withUnsafeMutableBytes { try s.get([], offset: 0, into: $0) } }
        try expectError(.inval, "size with an empty key") { _ = try s.size([]) }
        try expectError(.inval, "delete with an empty key") { try s.delete([]) }
        try expectEqual(try s.keys().count, 0, "nothing stored")
    })
    for (i, group) in aliasGroups.enumerated() {
        cases.append(payCase(g, "no-aliasing-\(i + 1)") { s, _ in
            for (j, k) in group.enumerated() { try s.put(k, pattern(50 + j, seed: UInt64(j))) }
            for (j, k) in group.enumerated() {
                try expectBytes(try s.whole(k, capacity: 200), pattern(50 + j, seed: UInt64(j)), "content of \(show(k)) among \(group.map { show($0) })")
            }
            try expectEqual(try s.keys().map { show($0.0) }, group.sorted(by: byteLess).map { show($0) }, "all keys listed, in byte order")
            try s.delete(group[0])
            for k in group.dropFirst() { try expect(try s.size(k) != nil, "deleting \(show(group[0])) removed \(show(k))") }
        })
    }
    cases.append(payCase(g, "a-and-a/b-coexist") { s, _ in
        try s.put(utf8("a"), utf8("file"))
        try s.put(utf8("a/b"), utf8("child"))
        try expectBytes(try s.whole(utf8("a"), capacity: 10), utf8("file"), "a")
        try expectBytes(try s.whole(utf8("a/b"), capacity: 10), utf8("child"), "a/b")
        try s.delete(utf8("a"))
        try expectBytes(try s.whole(utf8("a/b"), capacity: 10), utf8("child"), "a/b after deleting a")
        try s.put(utf8("a"), utf8("again"))
        try s.delete(utf8("a/b"))
        try expectBytes(try s.whole(utf8("a"), capacity: 10), utf8("again"), "a after deleting a/b")
        try expectEqual(try s.keys().map { show($0.0) }, [show(utf8("a"))], "keys at the end")
    })
    cases.append(payCase(g, "a/b-then-a-coexist") { s, _ in
        try s.put(utf8("a/b/c"), utf8("deep"))
        try s.put(utf8("a/b"), utf8("mid"))
        try s.put(utf8("a"), utf8("top"))
        for (k, v) in [("a", "top"), ("a/b", "mid"), ("a/b/c", "deep")] {
            try expectBytes(try s.whole(utf8(k), capacity: 10), utf8(v), k)
        }
        try expectEqual(try s.keys().map { show($0.0) }, ["\"a\"", "\"a/b\"", "\"a/b/c\""], "keys")
    })
    cases.append(payCase(g, "all-odd-keys-together") { s, _ in
        for (i, (_, k)) in oddKeys.enumerated() { try s.put(k, le64(UInt64(i))) }
        for (i, (name, k)) in oddKeys.enumerated() { try expectBytes(try s.whole(k, capacity: 16), le64(UInt64(i)), "key \(name)") }
        try expectEqual(try s.keys().map { show($0.0) }, oddKeys.map(\.1).sorted(by: byteLess).map { show($0) }, "every odd key listed once, in byte order")
    })
    cases.append(ConformanceCase(.payload, g, "nothing-written-outside-the-store") { ctx in
        // The store may use {tmp} (= <case dir>/store); nothing else in the
        // case directory, nor beside it, may appear.
        let fm = FileManager.default
        let before = Set(try fm.contentsOfDirectory(atPath: ctx.tempDirectory))
        let marker = "dfs-conf-escape-\(UUID().uuidString.prefix(8))"
        let parent = (ctx.tempDirectory as NSString).deletingLastPathComponent
        let s = try ctx.openPayload()
        var keys = oddKeys.map(\.1)
        for prefix in ["../", "../../", "../../../", "/", "/tmp/", "store/../../", "./../", "..%2F"] { keys.append(utf8(prefix + marker)) }
        keys.append(utf8("../") + [0x00] + utf8(marker))
        for k in keys { try s.put(k, utf8("escape?")) }
        try s.sync()
        let after = Set(try fm.contentsOfDirectory(atPath: ctx.tempDirectory))
        let new = after.subtracting(before).subtracting(["store"])
        var leaks = new.map { "\(ctx.tempDirectory)/\($0)" }
        for dir in [parent, "/tmp", NSTemporaryDirectory(), "/"] {
            let p = (dir as NSString).appendingPathComponent(marker)
            if fm.fileExists(atPath: p) {
                leaks.append(p)
                try? fm.removeItem(atPath: p)
            }
        }
        if !leaks.isEmpty { throw fail("the store wrote outside its directory: \(leaks.sorted())") }
        for k in keys { try expectBytes(try s.whole(k, capacity: 16), utf8("escape?"), "key \(show(k))") }
    })
    return cases
}
