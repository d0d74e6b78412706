import HostPlugins
import PluginABI

/// Create `inode` (with `target`), read it back in the creating transaction,
/// commit, and read it back in a new read-write and a read-only transaction,
/// both with and without a target buffer.
func inodeRoundTrip(_ s: MetadataStore, _ inode: Inode, target: [UInt8] = [], _ what: String) throws {
    let want = expected(inode, target: target)
    try s.txn { t in
        try t.createInode(inode, target: target)
        let (got, tg) = try t.inodeWithTarget(inode.ino)
        try expectEqual(got, want, "\(what): read back in the creating transaction")
        try expectBytes(tg, target, "\(what): symlink target in the creating transaction")
    }
    try s.inBoth { t in
        let (got, tg) = try t.inodeWithTarget(inode.ino)
        try expectEqual(got, want, "\(what): read back after commit\(t.readOnly ? " (read-only txn)" : "")")
        try expectBytes(tg, target, "\(what): symlink target after commit")
        try expectEqual(try t.inode(inode.ino), want, "\(what): read back without a target buffer")
    }
}

/// One inode member set to an extreme or tell-tale value.
private let fieldCases: [(String, @Sendable (inout Inode) -> Void)] = [
    ("mode-all-32-bits", { $0.mode = 0xFFFF_FFFF }),
    ("mode-high-bits", { $0.mode = 0x8000_0000 | 0x0F00_0000 | FileType.regular.modeBits | 0o644 }),
    ("mode-setuid-setgid-sticky", { $0.mode = FileType.directory.modeBits | 0o7777 }),
    ("mode-zero", { $0.mode = 0 }),
    ("mode-every-type", { $0.mode = FileType.socket.modeBits | 0o1 }),
    ("generation-max", { $0.generation = .max }),
    ("generation-zero", { $0.generation = 0 }),
    ("size-max", { $0.size = .max }),
    ("size-2^63", { $0.size = 1 << 63 }),
    ("nlink-max", { $0.nlink = .max }),
    ("uid-max", { $0.uid = .max }),
    ("gid-max", { $0.gid = .max }),
    ("uid-gid-distinct", { $0.uid = 1000; $0.gid = 2000 }),
    ("rdev-major-minor", { $0.rdev = (259 << 32) | 7 }),
    ("rdev-max", { $0.rdev = .max }),
    ("parent-max", { $0.parent = .max }),
    ("change-max", { $0.change = .max }),
    ("change-high-bit", { $0.change = 1 << 63 }),
    ("flags-max", { $0.flags = .max }),
    ("flags-pattern", { $0.flags = 0xA5A5_5A5A_F0F0_0F0F }),
    ("atime-nsec-999999999", { $0.atime = Timespec(sec: 1_700_000_000, nsec: 999_999_999) }),
    ("mtime-nsec-1", { $0.mtime = Timespec(sec: 1_700_000_000, nsec: 1) }),
    ("ctime-negative-seconds", { $0.ctime = Timespec(sec: -1, nsec: 999_999_999) }),
    ("btime-before-1900", { $0.btime = Timespec(sec: -2_208_988_801, nsec: 500_000_000) }),
    ("atime-int64-min", { $0.atime = Timespec(sec: .min, nsec: 0) }),
    ("mtime-int64-max", { $0.mtime = Timespec(sec: .max, nsec: 999_999_999) }),
    ("ctime-beyond-2038", { $0.ctime = Timespec(sec: 4_294_967_296 + 17, nsec: 123_456_789) }),
    ("btime-zero", { $0.btime = .zero }),
    ("all-times-distinct", {
        $0.atime = Timespec(sec: -5, nsec: 5); $0.mtime = Timespec(sec: 6, nsec: 999_999_999)
        $0.ctime = Timespec(sec: .max - 1, nsec: 7); $0.btime = Timespec(sec: .min + 1, nsec: 8)
    }),
    ("all-zero-but-key", { i in i = Inode(ino: i.ino, mode: 0); i.generation = 0; i.nlink = 0 }),
    ("all-max", { i in
        i.mode = .max; i.generation = .max; i.size = .max; i.nlink = .max; i.uid = .max; i.gid = .max
        i.rdev = .max; i.parent = .max; i.change = .max; i.flags = .max
        i.atime = Timespec(sec: .max, nsec: 999_999_999); i.mtime = i.atime; i.ctime = i.atime; i.btime = i.atime
    }),
]

func metadataInodeCases() -> [ConformanceCase] {
    var cases: [ConformanceCase] = []
    let g = "inode"

    cases.append(metaCase(g, "roundtrip-every-field") { s, _ in
        try inodeRoundTrip(s, fullInode(10), "inode with every member set")
    })
    for (name, mutate) in fieldCases {
        cases.append(metaCase(g, "roundtrip-\(name)") { s, _ in
            var i = fullInode(20)
            mutate(&i)
            try inodeRoundTrip(s, i, name)
        })
    }
    cases.append(metaCase(g, "roundtrip-every-file-type") { s, _ in
        for (n, type) in FileType.allCases.enumerated() {
            let target: [UInt8] = type == .symlink ? utf8("target") : []
            try inodeRoundTrip(s, fullInode(UInt64(100 + n), type: type), target: target, "type \(type)")
        }
    })
    cases.append(metaCase(g, "ino-max") { s, _ in
        try inodeRoundTrip(s, fullInode(.max), "ino UINT64_MAX")
        var other = fullInode(.max - 1)
        other.size = 42
        try inodeRoundTrip(s, other, "ino UINT64_MAX-1")
        try s.txn { t in try expectEqual(try t.inode(.max).size, fullInode(1).size, "ino UINT64_MAX unaffected by its neighbour") }
    })
    cases.append(metaCase(g, "ino-zero-create-inval") { s, _ in
        // The header: "ino > 0; the record key". Creating ino 0 is an invalid argument.
        try s.txn { t in
            try expectError(.inval, "inode_create with ino 0") { try t.createInode(fullInode(0)) }
        }
    })
    cases.append(metaCase(g, "ino-zero-get-absent") { s, _ in
        try s.txn { t in
            try expectAnyError([.noent, .inval], "inode_get of ino 0") { _ = try t.inode(0) }
        }
    })
    cases.append(metaCase(g, "create-ignores-target-len") { s, _ in
        var i = fullInode(30)
        i.targetLength = 777
        try inodeRoundTrip(s, i, "regular file created with a bogus target_len")
    })
    cases.append(metaCase(g, "update-replaces-every-field") { s, _ in
        try s.txn { t in try t.createInode(fullInode(40)) }
        var u = Inode(ino: 40, mode: FileType.directory.modeBits | 0o700)
        u.generation = 9; u.size = 8; u.nlink = 7; u.uid = 6; u.gid = 5; u.rdev = 4; u.parent = 3
        u.change = 2; u.flags = 1
        u.atime = Timespec(sec: -10, nsec: 1); u.mtime = Timespec(sec: -20, nsec: 2)
        u.ctime = Timespec(sec: -30, nsec: 3); u.btime = Timespec(sec: -40, nsec: 4)
        try s.txn { t in
            try t.updateInode(u)
            try expectEqual(try t.inode(40), u, "updated inode in the updating transaction")
        }
        try s.inBoth { t in try expectEqual(try t.inode(40), u, "updated inode after commit") }
    })
    cases.append(metaCase(g, "update-to-zero-values") { s, _ in
        try s.txn { t in try t.createInode(fullInode(41)) }
        var u = Inode(ino: 41, mode: 0)
        u.generation = 0
        u.nlink = 0
        try s.txn { t in try t.updateInode(u) }
        try s.txn { t in try expectEqual(try t.inode(41), u, "inode updated to all-zero members") }
    })
    cases.append(metaCase(g, "update-keeps-symlink-target") { s, _ in
        let target = utf8("../some/where/else")
        try s.txn { t in try t.createInode(fullInode(50, type: .symlink), target: target) }
        var u = fullInode(50, type: .symlink)
        u.size = 999
        u.targetLength = 3 // must be ignored
        try s.txn { t in
            try t.updateInode(u)
            let (got, tg) = try t.inodeWithTarget(50)
            try expectBytes(tg, target, "target after update in the same transaction")
            try expectEqual(got.targetLength, UInt32(target.count), "target_len after update")
        }
        try s.txn { t in
            let (got, tg) = try t.inodeWithTarget(50)
            try expectBytes(tg, target, "target after update, committed")
            try expectEqual(got, expected(u, target: target), "symlink inode after update")
        }
    })
    cases.append(metaCase(g, "update-then-update") { s, _ in
        try s.txn { t in try t.createInode(fullInode(51)) }
        for n in 1...5 {
            var u = fullInode(51)
            u.size = UInt64(n)
            u.change = UInt64(n * 10)
            try s.txn { t in try t.updateInode(u) }
            try s.txn { t in try expectEqual(try t.inode(51), u, "after update #\(n)") }
        }
    })
    cases.append(metaCase(g, "update-leaves-others-alone") { s, _ in
        try s.txn { t in for i in 60...62 { try t.createInode(fullInode(UInt64(i))) } }
        var u = fullInode(61)
        u.size = 1
        try s.txn { t in try t.updateInode(u) }
        try s.txn { t in
            try expectEqual(try t.inode(60), fullInode(60), "neighbour 60")
            try expectEqual(try t.inode(62), fullInode(62), "neighbour 62")
            try expectEqual(try t.inode(61).size, 1, "updated 61")
        }
    })
    cases.append(metaCase(g, "delete") { s, _ in
        try s.txn { t in try t.createInode(fullInode(70)); try t.createInode(fullInode(71)) }
        try s.txn { t in
            try t.deleteInode(70)
            try expectEqual(try t.inodeIfPresent(70), nil, "deleted inode in the deleting transaction")
        }
        try s.inBoth { t in
            try expectError(.noent, "inode_get of a deleted inode") { _ = try t.inode(70) }
            try expectEqual(try t.inode(71), fullInode(71), "the other inode survives")
        }
    })
    cases.append(metaCase(g, "delete-symlink-then-recreate") { s, _ in
        try s.txn { t in try t.createInode(fullInode(72, type: .symlink), target: utf8("old-target")) }
        try s.txn { t in try t.deleteInode(72) }
        try inodeRoundTrip(s, fullInode(72), "regular file reusing a deleted symlink's ino")
        try s.txn { t in try t.deleteInode(72) }
        try inodeRoundTrip(s, fullInode(72, type: .symlink), target: utf8("new"), "symlink with a new target")
    })
    cases.append(metaCase(g, "delete-and-recreate-same-txn") { s, _ in
        try s.txn { t in try t.createInode(fullInode(73)) }
        var n = fullInode(73)
        n.generation = 2
        try s.txn { t in
            try t.deleteInode(73)
            try t.createInode(n)
            try expectEqual(try t.inode(73), n, "recreated inode in the same transaction")
        }
        try s.txn { t in try expectEqual(try t.inode(73), n, "recreated inode after commit") }
    })
    cases.append(metaCase(g, "create-and-delete-same-txn") { s, _ in
        try s.txn { t in
            try t.createInode(fullInode(74))
            try t.deleteInode(74)
            try expectEqual(try t.inodeIfPresent(74), nil, "created then deleted, same transaction")
        }
        try s.inBoth { t in try expectEqual(try t.inodeIfPresent(74), nil, "created then deleted, after commit") }
    })
    cases.append(metaCase(g, "delete-keeps-dirents-and-kv") { s, _ in
        // "Does not touch dirents or kv records."
        try s.txn { t in
            try t.createInode(fullInode(75))
            try t.insert(1, utf8("child"), ino: 75, type: FileType.regular.rawValue)
            try t.put(le64(75), utf8("v"))
        }
        try s.txn { t in try t.deleteInode(75) }
        try s.txn { t in
            try expectEqual(try t.lookup(1, utf8("child"))?.ino, 75, "dirent pointing at the deleted inode")
            try expectBytes(try t.get(le64(75)), utf8("v"), "kv record keyed like the deleted inode")
        }
    })
    cases.append(metaCase(g, "get-missing-noent") { s, _ in
        try s.inBoth { t in try expectError(.noent, "inode_get of an absent ino") { _ = try t.inode(12345) } }
    })
    cases.append(metaCase(g, "get-missing-with-target-noent") { s, _ in
        try s.txn { t in try expectError(.noent, "inode_get (with target buffer) of an absent ino") { _ = try t.inodeWithTarget(12345) } }
    })
    cases.append(metaCase(g, "update-missing-noent") { s, _ in
        try s.txn { t in try expectError(.noent, "inode_update of an absent ino") { try t.updateInode(fullInode(12345)) } }
        try s.txn { t in try expectEqual(try t.inodeIfPresent(12345), nil, "update of an absent inode must not create it") }
    })
    cases.append(metaCase(g, "delete-missing-noent") { s, _ in
        try s.txn { t in try expectError(.noent, "inode_delete of an absent ino") { try t.deleteInode(12345) } }
    })
    cases.append(metaCase(g, "delete-twice-noent") { s, _ in
        try s.txn { t in try t.createInode(fullInode(80)) }
        try s.txn { t in
            try t.deleteInode(80)
            try expectError(.noent, "second inode_delete in the same transaction") { try t.deleteInode(80) }
        }
        try s.txn { t in try expectError(.noent, "inode_delete after a committed delete") { try t.deleteInode(80) } }
    })
    cases.append(metaCase(g, "create-existing-exist") { s, _ in
        try s.txn { t in try t.createInode(fullInode(90)) }
        var other = fullInode(90)
        other.size = 1
        try s.txn { t in
            try expectError(.exist, "inode_create of a committed ino") { try t.createInode(other) }
            try expectEqual(try t.inode(90), fullInode(90), "original after the refused create, same transaction")
        }
        try s.txn { t in try expectEqual(try t.inode(90), fullInode(90), "original after the refused create") }
    })
    cases.append(metaCase(g, "create-existing-same-txn-exist") { s, _ in
        try s.txn { t in
            try t.createInode(fullInode(91))
            try expectError(.exist, "second inode_create of one ino in one transaction") { try t.createInode(fullInode(91, type: .directory)) }
        }
        try s.txn { t in try expectEqual(try t.inode(91), fullInode(91), "first create wins") }
    })
    cases.append(metaCase(g, "error-leaves-txn-usable") { s, _ in
        // NOENT / EXIST are ordinary answers: the transaction goes on.
        try s.txn { t in
            try t.createInode(fullInode(92))
            try expectError(.noent, "inode_get of an absent ino") { _ = try t.inode(93) }
            try expectError(.exist, "duplicate create") { try t.createInode(fullInode(92)) }
            try t.createInode(fullInode(93))
        }
        try s.txn { t in
            try expectEqual(try t.inode(92), fullInode(92), "inode 92")
            try expectEqual(try t.inode(93), fullInode(93), "inode 93")
        }
    })
    cases.append(metaCase(g, "many-inodes-one-txn") { s, _ in
        try s.txn { t in
            for i in 1...1000 {
                var n = fullInode(UInt64(i) * 7919)
                n.size = UInt64(i)
                try t.createInode(n)
            }
        }
        try s.txn(readOnly: true) { t in
            for i in 1...1000 { try expectEqual(try t.inode(UInt64(i) * 7919).size, UInt64(i), "inode #\(i)") }
        }
    })

    // Symbolic link targets.
    let targets: [(String, [UInt8])] = [
        ("1-byte", utf8("x")),
        ("4096-bytes", pattern(Int(DFS_SYMLINK_MAX)).map { 0x21 + $0 % 90 }),
        ("binary-bytes", (0...255).map { UInt8($0) } + [0, 0xFF, 0]),
        ("nul-bytes", [0, 0, 0]),
        ("utf8", utf8("../répertoire/日本/😀")),
        ("absolute-path", utf8("/etc/passwd")),
    ]
    for (name, target) in targets {
        cases.append(metaCase(g, "symlink-target-\(name)") { s, _ in
            try inodeRoundTrip(s, fullInode(200, type: .symlink), target: target, "symlink with a \(name) target")
        })
    }
    cases.append(metaCase(g, "symlink-target-too-long-nametoolong") { s, _ in
        try s.txn { t in
            try expectError(.nameTooLong, "inode_create with a \(DFS_SYMLINK_MAX + 1)-byte target") {
                try t.createInode(fullInode(201, type: .symlink), target: filled(Int(DFS_SYMLINK_MAX) + 1, 0x61))
            }
            try expectEqual(try t.inodeIfPresent(201), nil, "the refused symlink must not exist")
        }
    })
    cases.append(metaCase(g, "symlink-target-empty-inval") { s, _ in
        try s.txn { t in
            try expectError(.inval, "inode_create of a symlink with an empty target") {
                try t.createInode(fullInode(205, type: .symlink), target: [])
            }
            try expectEqual(try t.inodeIfPresent(205), nil, "the refused symlink must not exist")
        }
    })
    cases.append(metaCase(g, "non-symlink-target-stored-as-given") { s, _ in
        // "for other types normally NULL/0, stored as given otherwise"
        try inodeRoundTrip(s, fullInode(206, type: .regular), target: utf8("not-a-link"), "regular file given a target")
    })
    cases.append(metaCase(g, "symlink-target-len-independent-of-size") { s, _ in
        var i = fullInode(202, type: .symlink)
        i.size = 3
        try inodeRoundTrip(s, i, target: utf8("0123456789"), "symlink whose size differs from its target length")
    })
    cases.append(metaCase(g, "symlink-targets-independent") { s, _ in
        try s.txn { t in
            try t.createInode(fullInode(203, type: .symlink), target: utf8("first"))
            try t.createInode(fullInode(204, type: .symlink), target: utf8("second-target"))
        }
        try s.txn { t in
            try expectBytes(try t.inodeWithTarget(203).1, utf8("first"), "target of 203")
            try expectBytes(try t.inodeWithTarget(204).1, utf8("second-target"), "target of 204")
        }
    })
    return cases
}
