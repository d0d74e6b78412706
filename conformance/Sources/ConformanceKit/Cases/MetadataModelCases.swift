import HostPlugins
import PluginABI

/// Operations of the random model test.
private enum ModelOp: CaseIterable {
    case inodeGet, inodeCreate, inodeUpdate, inodeDelete
    case lookup, insert, remove, list
    case rootGet, rootSet, rootRemove, rootList
    case kvGet, kvPut, kvDelete, kvScan

    var isRead: Bool { [.inodeGet, .lookup, .list, .rootGet, .rootList, .kvGet, .kvScan].contains(self) }
}

/// Runs seeded random operation sequences against a store and the model,
/// comparing every result.
private final class ModelRun {
    var store: MetadataStore
    let ctx: CaseContext
    let seed: UInt64
    var rng: SeededRNG
    let weights: [(ModelOp, Int)]
    var committed = ModelState()
    var opIndex = 0
    var recent: [String] = []
    /// Read-only transactions beside an open read-write one; turned off
    /// when a (locking) store answers them RETRY.
    var concurrentReads = true
    /// A read-only transaction kept open across read-write commits, with the
    /// committed state it must keep seeing (its snapshot); turned off when a
    /// (locking) store makes writers beside it fail RETRY.
    var held: (txn: MetadataTxn, state: ModelState)?
    var heldSnapshots = true

    /// A RETRY caused by the held read-only transaction.
    struct HeldConflict: Error {}

    let inos: [UInt64] = Array(1...16) + [.max]
    let dirs: [UInt64] = [1, 2, 3, 1 << 40]
    let names: [[UInt8]]
    let shares: [[UInt8]] = ["a", "b", "export", "É", "a b", "A"].map(utf8)
    let keys: [[UInt8]]

    init(store: MetadataStore, ctx: CaseContext, weights: [(ModelOp, Int)]) {
        self.store = store
        self.ctx = ctx
        self.weights = weights
        seed = caseSeed(ctx)
        rng = SeededRNG(seed: seed)
        let alphabet: [UInt8] = [0x00, 0x01, 0x61, 0x62, 0x41, 0x7F, 0x80, 0xC3, 0xA9, 0xFF]
        var r = SeededRNG(seed: seed ^ 0xABCD)
        func word(_ n: ClosedRange<Int>) -> [UInt8] { (0..<Int.random(in: n, using: &r)).map { _ in alphabet.randomElement(using: &r)! } }
        names = (0..<16).map { _ in word(1...3) } + [filled(255, 0x6E)]
        keys = (0..<40).map { _ in word(1...4) } + [filled(Int(DFS_KV_KEY_MAX), 0x6B)]
    }

    func failure(_ message: String) -> CaseFailure {
        fail("seed \(seed) (rerun with --seed \(seed) --filter \"model/\"), op #\(opIndex): \(message)\nlast ops:\n  "
             + recent.suffix(12).joined(separator: "\n  "))
    }

    func note(_ s: String) {
        recent.append("#\(opIndex) \(s)")
        if recent.count > 50 { recent.removeFirst(25) }
    }

    func same<T: Equatable>(_ got: Got<T>, _ want: Got<T>, _ what: String) throws {
        if held != nil, case .err(.retry) = got { throw HeldConflict() }
        if got != want { throw failure("\(what): expected \(want), got \(got)") }
    }

    func same(_ got: DFSStatus, _ want: DFSStatus, _ what: String) throws {
        if held != nil && got == .retry { throw HeldConflict() }
        if got != want { throw failure("\(what): expected \(want), got \(got)") }
    }

    // MARK: random inputs

    func chance(_ p: Double) -> Bool { Double.random(in: 0..<1, using: &rng) < p }
    func pick<T>(_ xs: [T]) -> T { xs.randomElement(using: &rng)! }
    func some64() -> UInt64 { chance(0.3) ? pick([0, 1, .max, 1 << 63]) : rng.next() }
    func some32() -> UInt32 { UInt32(truncatingIfNeeded: some64()) }
    func time() -> Timespec {
        Timespec(sec: chance(0.2) ? pick([.min, -1, 0, .max]) : Int64(bitPattern: rng.next()) >> Int.random(in: 0...40, using: &rng),
                 nsec: chance(0.2) ? pick([0, 999_999_999]) : UInt32.random(in: 0...999_999_999, using: &rng))
    }

    func randomInode(_ ino: UInt64) -> (Inode, [UInt8]) {
        let type = pick(FileType.allCases)
        var i = Inode(ino: ino, mode: type.modeBits | UInt32.random(in: 0...0o7777, using: &rng) | (chance(0.2) ? 0xFFFF_0000 : 0))
        i.generation = some64(); i.size = some64(); i.nlink = some32(); i.uid = some32(); i.gid = some32()
        i.targetLength = some32() // must be ignored
        i.rdev = some64(); i.parent = some64(); i.change = some64(); i.flags = some64()
        i.atime = time(); i.mtime = time(); i.ctime = time(); i.btime = time()
        var target: [UInt8] = []
        if type == .symlink {
            target = pattern(Int.random(in: 1...300, using: &rng), seed: rng.next())
            if chance(0.05) { target = [] } else if chance(0.05) { target = filled(Int(DFS_SYMLINK_MAX) + (chance(0.5) ? 1 : 0), 0x74) }
        } else if chance(0.05) {
            target = utf8("stored-as-given")
        }
        return (i, target)
    }

    func name() -> [UInt8] { chance(0.02) ? pick([[], filled(256, 0x6E)]) : pick(names) }
    func share() -> [UInt8] { chance(0.03) ? pick([[], filled(256, 0x73)]) : pick(shares) }
    func key() -> [UInt8] { chance(0.02) ? pick([[], filled(Int(DFS_KV_KEY_MAX) + 1, 0x6B)]) : pick(keys) }
    func value() -> [UInt8] {
        let n = chance(0.1) ? 0 : chance(0.7) ? Int.random(in: 1...16, using: &rng) : chance(0.85) ? Int.random(in: 200...600, using: &rng) : 5000
        return pattern(n, seed: rng.next())
    }

    func cookieFor(_ st: ModelState, _ dir: UInt64) -> UInt64 {
        let existing = (st.dirs[dir] ?? [:]).values.map(\.cookie)
        if !existing.isEmpty && chance(0.6) { return pick(existing) }
        let top = st.maxCookie[dir] ?? 0
        return pick([0, top, top > 0 ? top - 1 : 0, top + 1, 1 << 62])
    }

    // MARK: one operation

    func step(_ op: ModelOp, _ t: MetadataTxn, _ st: inout ModelState) throws {
        opIndex += 1
        switch op {
        case .inodeGet:
            let ino = pick(inos)
            note("inode_get \(ino)")
            if chance(0.3) {
                let want: Got<Inode> = st.inodeGet(ino).value.map { .ok($0.inode) } ?? .err(.noent)
                try same(try capture { try t.inode(ino) }, want, "inode_get \(ino)")
            } else {
                let got = try capture { try t.inodeWithTarget(ino) }
                try same(got.value.map { .ok(ModelState.InodeRecord(inode: $0.0, target: $0.1)) } ?? .err(got.status), st.inodeGet(ino), "inode_get \(ino)")
            }
        case .inodeCreate:
            let (i, target) = randomInode(pick(inos))
            note("inode_create \(i.ino) mode \(String(i.mode, radix: 8)) target \(show(target, max: 8))")
            let want = st.inodeCreate(i, target: target)
            try same(try capture { try t.createInode(i, target: target) }.status, want, "inode_create \(i.ino)")
        case .inodeUpdate:
            var (i, _) = randomInode(pick(inos))
            if let old = st.inodes[i.ino], chance(0.3) { i.mode = old.inode.mode }
            note("inode_update \(i.ino)")
            let want = st.inodeUpdate(i)
            try same(try capture { try t.updateInode(i) }.status, want, "inode_update \(i.ino)")
        case .inodeDelete:
            let ino = pick(inos)
            note("inode_delete \(ino)")
            let want = st.inodeDelete(ino)
            try same(try capture { try t.deleteInode(ino) }.status, want, "inode_delete \(ino)")
        case .lookup:
            let (d, n) = (pick(dirs), name())
            note("lookup \(d)/\(show(n))")
            try same(try capture { try t.lookup(d, n) }, st.lookup(d, n), "dirent_lookup \(d)/\(show(n))")
        case .insert:
            let (d, n, ino, type) = (pick(dirs), name(), pick(inos), pick(FileType.allCases).rawValue)
            note("insert \(d)/\(show(n)) -> \(ino)")
            let want = st.insertStatus(d, n)
            let got = try capture { try t.insert(d, n, ino: ino, type: type) }
            try same(got.status, want, "dirent_insert \(d)/\(show(n))")
            if let c = got.value {
                let top = st.maxCookie[d] ?? 0
                if c <= top || c >= 1 << 62 { throw failure("dirent_insert \(d)/\(show(n)) got cookie \(c); it must exceed \(top) (the greatest so far) and be < 2^62") }
                st.insert(d, n, ino: ino, type: type, cookie: c)
            }
        case .remove:
            let (d, n) = (pick(dirs), name())
            note("remove \(d)/\(show(n))")
            let want = st.remove(d, n)
            try same(try capture { try t.remove(d, n) }.status, want, "dirent_remove \(d)/\(show(n))")
        case .list:
            let d = pick(dirs), after = cookieFor(st, d), limit = chance(0.5) ? Int.max : Int.random(in: 1...5, using: &rng)
            note("list \(d) after \(after) limit \(limit)")
            let want = Array(st.list(d, after: after).prefix(limit))
            try same(try capture { try t.list(d, after: after, limit: limit) }, .ok(want), "dirent_list \(d) after \(after)")
        case .rootGet:
            let sh = share()
            note("root_get \(show(sh))")
            try same(try capture { try t.root(String(decoding: sh, as: UTF8.self)) }, st.rootGet(sh), "root_get \(show(sh))")
        case .rootSet:
            let (sh, ino) = (share(), pick(inos))
            note("root_set \(show(sh)) \(ino)")
            let want = st.rootSet(sh, ino)
            try same(try capture { try t.setRoot(String(decoding: sh, as: UTF8.self), ino: ino) }.status, want, "root_set \(show(sh))")
        case .rootRemove:
            let sh = share()
            note("root_remove \(show(sh))")
            let want = st.rootRemove(sh)
            try same(try capture { try t.removeRoot(String(decoding: sh, as: UTF8.self)) }.status, want, "root_remove \(show(sh))")
        case .rootList:
            note("root_list")
            try same(try capture { try t.roots().map { "\(show($0.share))=\($0.ino)" } }, .ok(st.rootList()), "root_list")
        case .kvGet:
            let k = key()
            note("kv_get \(show(k))")
            try same(try capture { try t.get(k) }, st.kvGet(k), "kv_get \(show(k))")
        case .kvPut:
            let (k, v) = (key(), value())
            note("kv_put \(show(k)) (\(v.count) bytes)")
            let want = st.kvPut(k, v)
            try same(try capture { try t.put(k, v) }.status, want, "kv_put \(show(k))")
        case .kvDelete:
            let k = key()
            note("kv_delete \(show(k))")
            let want = st.kvDelete(k)
            try same(try capture { try t.delete(k) }.status, want, "kv_delete \(show(k))")
        case .kvScan:
            let start: [UInt8] = chance(0.3) ? [] : pick(keys), end: [UInt8]? = chance(0.4) ? nil : pick(keys)
            let limit = chance(0.6) ? Int.max : Int.random(in: 1...4, using: &rng)
            note("kv_scan [\(show(start)), \(show(end))) limit \(limit)")
            var got: [KVPair] = []
            let status = try capture { try t.scan(from: start, to: end) { k, v in got.append(KVPair(key: k, value: v)); return got.count < limit } }
            try same(status.value.map { .ok(got) } ?? .err(status.status), .ok(Array(st.scan(from: start, to: end).prefix(limit))),
                     "kv_scan [\(show(start)), \(show(end)))")
        }
    }

    func randomOp(readOnly: Bool) -> ModelOp {
        let ws = weights.filter { !readOnly || $0.0.isRead }
        var r = Int.random(in: 0..<ws.reduce(0) { $0 + $1.1 }, using: &rng)
        for (op, w) in ws { if r < w { return op }; r -= w }
        return ws.last!.0
    }

    // MARK: transactions

    /// A read-only transaction of a few reads checked against the committed state.
    func readOnlyTxn(beside open: Bool) throws {
        let t = try store.begin(readOnly: true)
        var st = committed
        note("begin read-only\(open ? " (beside an open read-write txn)" : "")")
        do {
            for _ in 0..<Int.random(in: 1...6, using: &rng) { try step(randomOp(readOnly: true), t, &st) }
        } catch let e as DFSError where e.status == .retry && open {
            t.abort()
            concurrentReads = false
            return
        } catch {
            t.abort()
            throw error
        }
        do { try t.commit() } catch { throw failure("commit of a read-only transaction: \(error)") }
    }

    /// Compare everything the run can have touched.
    func verifyAll(_ what: String) throws {
        try store.txn(readOnly: true) { t in
            opIndex += 1
            note("verify all (\(what))")
            for ino in inos {
                let got = try capture { try t.inodeWithTarget(ino) }
                try same(got.value.map { .ok(ModelState.InodeRecord(inode: $0.0, target: $0.1)) } ?? .err(got.status), committed.inodeGet(ino), "\(what): inode \(ino)")
            }
            for d in dirs { try same(try capture { try t.list(d) }, .ok(committed.list(d, after: 0)), "\(what): listing of \(d)") }
            try same(try capture { try t.roots().map { "\(show($0.share))=\($0.ino)" } }, .ok(committed.rootList()), "\(what): roots")
            try same(try capture { try t.scanAll().map { KVPair(key: $0.0, value: $0.1) } }, .ok(committed.scan(from: [], to: nil)), "\(what): kv space")
        }
    }

    /// Read a few things through the held read-only transaction (they must
    /// match its snapshot), then commit it.
    func finishHeld() throws {
        guard let (t, snapshot) = held else { return }
        held = nil
        note("reads in the held read-only transaction, then commit")
        var st = snapshot
        do {
            for _ in 0..<Int.random(in: 1...5, using: &rng) { try step(randomOp(readOnly: true), t, &st) }
        } catch {
            t.abort()
            throw error
        }
        do { try t.commit() } catch { throw failure("commit of a read-only transaction: \(error)") }
    }

    func run(ops: Int, reopenEvery: Int? = nil) throws {
        var txnCount = 0
        while opIndex < ops {
            txnCount += 1
            if chance(0.25) { try readOnlyTxn(beside: false) }
            if heldSnapshots && held == nil && chance(0.08) {
                let h = try store.begin(readOnly: true)
                note("begin held read-only (kept across commits)")
                var snap = committed
                do { try step(randomOp(readOnly: true), h, &snap) } catch { h.abort(); throw error }
                held = (h, committed)
            }
            let t = try store.begin()
            var st = committed
            note("begin read-write #\(txnCount)")
            do {
                for _ in 0..<Int.random(in: 1...20, using: &rng) {
                    try step(randomOp(readOnly: false), t, &st)
                    if concurrentReads && chance(0.04) { try readOnlyTxn(beside: true) }
                }
                if chance(0.7) {
                    note("commit #\(txnCount)")
                    do { try t.commit() } catch {
                        if held != nil && isRetry(error) { throw HeldConflict() }
                        throw failure("commit with no concurrent writer: \(error)")
                    }
                    committed = st
                } else {
                    note("abort #\(txnCount)")
                    t.abort()
                }
            } catch is HeldConflict {
                // A locking store: the held reader blocks writers. Drop it and go on without.
                note("RETRY beside the held read-only transaction: no more held snapshots")
                t.abort()
                held?.txn.abort()
                held = nil
                heldSnapshots = false
                continue
            }
            if held != nil && chance(0.4) { try finishHeld() }
            if chance(0.1) { try verifyAll("after transaction #\(txnCount)") }
            if let every = reopenEvery, txnCount % every == 0 {
                try finishHeld()
                note("close + open")
                store.close()
                store = try ctx.openMetadata()
                try verifyAll("after close + open")
            }
        }
        try finishHeld()
        try verifyAll("at the end")
    }
}

func metadataModelCases() -> [ConformanceCase] {
    let all = ModelOp.allCases.map { ($0, 6) }
    func w(_ pairs: [(ModelOp, Int)]) -> [(ModelOp, Int)] { pairs }
    let profiles: [(String, [(ModelOp, Int)], Bool)] = [
        ("random-mixed", all, false),
        ("random-dirents", w([(.lookup, 20), (.insert, 30), (.remove, 15), (.list, 25), (.inodeGet, 3), (.kvPut, 3)]), false),
        ("random-kv", w([(.kvGet, 20), (.kvPut, 30), (.kvDelete, 15), (.kvScan, 25), (.rootSet, 3), (.rootList, 3)]), false),
        ("random-inodes-and-roots", w([(.inodeGet, 20), (.inodeCreate, 20), (.inodeUpdate, 15), (.inodeDelete, 10),
                                       (.rootGet, 8), (.rootSet, 8), (.rootRemove, 5), (.rootList, 5)]), false),
        ("random-reopen", all, true),
    ]
    return profiles.map { name, weights, reopen in
        metaCase("model", name, requires: reopen ? DFS_CAP_PERSISTENT : 0) { s, ctx in
            let run = ModelRun(store: s, ctx: ctx, weights: weights)
            try run.run(ops: 2000 * ctx.options.scale, reopenEvery: reopen ? 25 : nil)
        }
    }
}
