import PluginABI
import PluginKit

/// Commit and abort: optimistic validation, then atomic apply.
extension Txn {
    /// Commits: validates under the store lock that nothing this transaction
    /// read, wrote or listed was changed by a commit after `start` (else
    /// RETRY, nothing applied), then applies every buffered write as one new
    /// version. Read-only transactions and ones without writes only
    /// unregister: their reads all came from the snapshot of `start`.
    func commit() throws {
        guard !finished else { throw PluginError(DFS_ERR_CLOSED, "memory: transaction already finished") }
        finished = true
        if readOnly || !hasWrites {
            store.end(start: start, readOnly: readOnly)
            if doomed && !readOnly { throw conflict("a record this transaction read") }
            return
        }
        let maxInodes = store.maxInodes
        try store.state.withLock { st in
            defer { State.unregister(&st, start: self.start, readOnly: false) }
            if self.doomed { throw self.conflict("a record this transaction read") }
            try self.validate(st)
            if self.inodeDelta > 0 && st.liveInodes + self.inodeDelta > maxInodes {
                throw PluginError(DFS_ERR_NOSPC, "memory: max_inodes \(maxInodes) reached")
            }
            self.apply(&st)
        }
    }

    /// Discards the buffered writes and unregisters.
    func abort() {
        guard !finished else { return }
        finished = true
        store.end(start: start, readOnly: readOnly)
    }

    /// Throws RETRY when a record or range this transaction touched was
    /// written by a commit newer than `start`.
    private func validate(_ st: State) throws {
        let s = start
        for ino in inodeTouched where (st.inodes[ino]?.version ?? 0) > s {
            throw conflict("inode \(ino)")
        }
        for k in direntTouched where (st.dirs[k.dir]?.byName[k.name]?.version ?? 0) > s {
            throw conflict("an entry of directory \(k.dir)")
        }
        for d in listedDirs where (st.dirs[d]?.listVersion ?? 0) > s {
            throw conflict("the entry list of directory \(d)")
        }
        // Cookies were taken at insert; a concurrent commit of a later cookie
        // in the same directory would make ours list before it: retry.
        for (d, w) in dirWrites {
            let committedMax = st.dirs[d]?.maxCommittedCookie ?? 0
            for case .put(let v) in w.changes.values where v.cookie <= committedMax {
                throw conflict("the cookie order of directory \(d)")
            }
        }
        for r in rootTouched where (st.roots[r]?.version ?? 0) > s { throw conflict("a share root") }
        if rootsListed && st.rootsVersion > s { throw conflict("the share root list") }
        for k in kvTouched where (st.kv[k]?.version ?? 0) > s { throw conflict("a kv key") }
        if !kvRanges.isEmpty {
            let newer = st.kvLog.reversed { $0.version > s }
            for e in newer {
                for k in e.keys where kvRanges.contains(where: { $0.contains(k) }) {
                    throw conflict("a scanned kv range")
                }
            }
        }
    }

    /// Applies every buffered write at a new version (lock held, validated).
    private func apply(_ st: inout State) {
        let v = st.version + 1
        st.version = v
        let minRO = st.activeRO.min

        for (ino, w) in inodeWrites {
            let r = Self.write(&st.inodes, ino, w.value, at: v, minRO: minRO)
            st.liveInodes += (w.value != nil ? 1 : 0) - (r.wasLive ? 1 : 0)
            Self.enqueue(&st, r, w.value == nil, GCItem(version: v, key: .inode(ino)))
        }
        for (dir, w) in dirWrites {
            let r = st.dirs[dir, default: DirState()].apply(w.changes, at: v, minRO: minRO)
            for name in r.tombstones { st.tombstones.push(GCItem(version: v, key: .dirent(dir, name))) }
            for name in r.histories { st.histories.push(GCItem(version: v, key: .dirent(dir, name))) }
        }
        for (name, w) in rootWrites {
            let r = Self.write(&st.roots, name, w.value, at: v, minRO: minRO)
            if r.changed { st.rootsVersion = v }
            Self.enqueue(&st, r, w.value == nil, GCItem(version: v, key: .root(name)))
        }
        if !kvWrites.isEmpty {
            var logged: [Bytes] = []
            logged.reserveCapacity(kvWrites.count)
            for (key, w) in kvWrites {
                let isNew = st.kv[key] == nil
                let r = Self.write(&st.kv, key, w.value, at: v, minRO: minRO)
                guard r.changed else { continue }
                if isNew { st.kvKeys.insert(key) }
                logged.append(key)
                Self.enqueue(&st, r, w.value == nil, GCItem(version: v, key: .kv(key)))
            }
            // Only other open read-write transactions (this one is still
            // registered) can need the log.
            if !logged.isEmpty && st.activeRW.total > 1 {
                st.kvLog.push(KVLogEntry(version: v, keys: logged))
            }
        }
    }

    /// The outcome of writing one record.
    private struct WriteResult {
        var changed = false
        var wasLive = false
        var historyAdded = false
    }

    /// Writes `value` (nil: delete) to `map[key]` at version `v`. Deleting a
    /// record that is absent (or already a tombstone) changes nothing.
    private static func write<K: Hashable, V: Sendable>(
        _ map: inout [K: Versioned<V>], _ key: K, _ value: V?, at v: UInt64, minRO: UInt64?
    ) -> WriteResult {
        guard map[key] != nil else {
            if value == nil { return WriteResult() }
            map[key] = Versioned(version: v, value: value)
            return WriteResult(changed: true)
        }
        let wasLive = map[key]!.value != nil
        if !wasLive && value == nil { return WriteResult() }
        let hist = map[key]!.set(value, at: v, minRO: minRO)
        return WriteResult(changed: true, wasLive: wasLive, historyAdded: hist)
    }

    /// Queues the clean-up a write needs: its tombstone, its history.
    private static func enqueue(_ st: inout State, _ r: WriteResult, _ deleted: Bool, _ item: GCItem) {
        guard r.changed else { return }
        if deleted { st.tombstones.push(item) }
        if r.historyAdded { st.histories.push(item) }
    }
}
