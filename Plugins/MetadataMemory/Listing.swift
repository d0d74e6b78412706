/// Listings: dirent_list, kv_scan, root_list. Committed state is copied out
/// in batches under the lock; the caller's callback (`emit`, returning true
/// to stop) always runs with the lock released. Read-write transactions
/// merge their own buffered writes over the committed entries and record
/// what they listed for commit-time phantom validation.
extension Txn {
    /// First batch size; doubles up to `maxBatch` for long listings.
    private static let firstBatch = 64
    private static let maxBatch = 1024

    /// Entries of `dir` with cookie > `after`, in cookie order.
    func direntList(_ dir: UInt64, after: UInt64, _ emit: (Bytes, DirentVal) -> Bool) throws {
        if !readOnly { listedDirs.insert(dir) }
        let puts = readOnly ? [] : bufferedPuts(dir)
        let changes = readOnly ? [:] : (dirWrites[dir]?.changes ?? [:])
        var bi = 0
        var hi = puts.count
        while bi < hi {
            let mid = (bi + hi) >> 1
            if puts[mid].val.cookie <= after { bi = mid + 1 } else { hi = mid }
        }
        var cursor = after
        var batch = Self.firstBatch
        while true {
            let limit = batch, from = cursor
            // bound: the last cookie examined, .max when the directory ran out.
            let (items, bound): ([Incarnation], UInt64) = try store.state.withLock { st in
                guard let d = st.dirs[dir] else { return ([], .max) }
                if !self.readOnly && d.listVersion > self.start {
                    throw self.conflict("the entry list of directory \(dir)")
                }
                var i = d.firstIndex(after: from)
                var out: [Incarnation] = []
                out.reserveCapacity(Swift.min(limit, d.entries.count - i))
                while i < d.entries.count && out.count < limit {
                    if d.entries[i].visible(at: self.start) { out.append(d.entries[i]) }
                    i += 1
                }
                return (out, i >= d.entries.count ? .max : d.entries[i - 1].cookie)
            }
            for e in items {
                while bi < puts.count && puts[bi].val.cookie < e.cookie {
                    if emit(puts[bi].name, puts[bi].val) { return }
                    bi += 1
                }
                if changes[e.name] != nil { continue } // removed or replaced by this txn
                if emit(e.name, DirentVal(cookie: e.cookie, ino: e.ino, type: e.type)) { return }
            }
            while bi < puts.count && puts[bi].val.cookie <= bound {
                if emit(puts[bi].name, puts[bi].val) { return }
                bi += 1
            }
            if bound == .max { return }
            cursor = bound
            batch = Swift.min(batch * 2, Self.maxBatch)
        }
    }

    /// kv pairs with `start <= key < end` (`end` nil: to the end), ascending.
    func kvScan(from start: Bytes, to end: Bytes?, _ emit: (Bytes, [UInt8]) -> Bool) throws {
        if let end, compareBytes(start, end) >= 0 { return }
        let inRange = { (k: Bytes) -> Bool in end.map { compareBytes(k, $0) < 0 } ?? true }
        let wkeys = readOnly ? [] : sortedKVWrites()
        var bi = 0
        var hi = wkeys.count
        while bi < hi {
            let mid = (bi + hi) >> 1
            if compareBytes(wkeys[mid], start) < 0 { bi = mid + 1 } else { hi = mid }
        }
        /// Delivers one pair; true when the callback asked to stop (the
        /// listed range then ends at `k`).
        func deliver(_ k: Bytes, _ v: [UInt8]) -> Bool {
            guard emit(k, v) else { return false }
            if !readOnly { kvRanges.append(KVRange(start: start, end: successor(k))) }
            return true
        }
        var cursor = start
        var batch = Self.firstBatch
        while true {
            let limit = batch, from = cursor
            // bound: the last key examined (inclusive), nil when the range ran out.
            let (items, bound): ([(Bytes, [UInt8])], Bytes?) = try store.state.withLock { st in
                var p = st.kvKeys.lowerBound(from)
                var out: [(Bytes, [UInt8])] = []
                var last: Bytes?
                var scanned = 0
                while scanned < limit, let k = st.kvKeys.key(at: p) {
                    if !inRange(k) { return (out, nil) }
                    if let v = try self.see(st.kv[k], "a key in a scanned kv range") { out.append((k, v)) }
                    last = k
                    scanned += 1
                    p = st.kvKeys.after(p)
                }
                return (out, st.kvKeys.key(at: p) == nil ? nil : last)
            }
            for (k, v) in items {
                while bi < wkeys.count && compareBytes(wkeys[bi], k) < 0 {
                    if let bv = kvWrites[wkeys[bi]]!.value, deliver(wkeys[bi], bv) { return }
                    bi += 1
                }
                if kvWrites[k] != nil { continue } // overwritten or deleted by this txn
                if deliver(k, v) { return }
            }
            while bi < wkeys.count && (bound.map { compareBytes(wkeys[bi], $0) <= 0 } ?? inRange(wkeys[bi])) {
                if let bv = kvWrites[wkeys[bi]]!.value, deliver(wkeys[bi], bv) { return }
                bi += 1
            }
            guard let bound else {
                if !readOnly { kvRanges.append(KVRange(start: start, end: end)) }
                return
            }
            cursor = successor(bound)
            batch = Swift.min(batch * 2, Self.maxBatch)
        }
    }

    /// Every share root, in byte order of the share name.
    func rootList(_ emit: (Bytes, UInt64) -> Bool) throws {
        var all: [Bytes: UInt64] = try store.state.withLock { st in
            if !self.readOnly && st.rootsVersion > self.start { throw self.conflict("the share root list") }
            var m: [Bytes: UInt64] = [:]
            for (k, r) in st.roots {
                if let v = self.readOnly ? r.visible(at: self.start) : r.value { m[k] = v }
            }
            return m
        }
        if !readOnly {
            rootsListed = true
            for (k, w) in rootWrites { all[k] = w.value }
        }
        for (k, v) in all.sorted(by: { compareBytes($0.key, $1.key) < 0 }) {
            if emit(k, v) { return }
        }
    }
}
