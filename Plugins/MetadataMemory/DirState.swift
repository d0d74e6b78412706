/// One incarnation of a directory entry, in the directory's cookie-ordered
/// list: visible to snapshot `s` when `created <= s < deleted`. Removed
/// incarnations stay (dead) until no read-only snapshot can see them.
struct Incarnation: Sendable {
    var cookie: UInt64
    var name: Bytes
    var ino: UInt64
    var type: UInt32
    var created: UInt64
    var deleted: UInt64 = .max

    @inline(__always)
    func visible(at s: UInt64) -> Bool { created <= s && s < deleted }
}

/// Everything the store knows about one directory. Kept forever once the
/// directory got a cookie, so cookies are never handed out twice.
struct DirState: Sendable {
    /// Next cookie to hand out (cookies are allocated at insert time).
    var nextCookie: UInt64 = 1
    /// Largest cookie of any committed insert. A commit whose own cookies are
    /// not all above it would break "inserted later lists later": RETRY.
    var maxCommittedCookie: UInt64 = 0
    /// Commit that last inserted or removed an entry (phantom detection for
    /// dirent_list in read-write transactions).
    var listVersion: UInt64 = 0
    /// Name -> current entry (versioned, with tombstones and MVCC history).
    var byName: [Bytes: Versioned<DirentVal>] = [:]
    /// All incarnations in increasing cookie order, dead ones included.
    var entries: [Incarnation] = []
    /// Number of dead incarnations in `entries`.
    var deadCount = 0
    /// Try to compact when `deadCount` reaches this.
    var compactAt = 32

    /// Index of the first incarnation with cookie > `cookie`.
    func firstIndex(after cookie: UInt64) -> Int {
        var lo = 0, hi = entries.count
        while lo < hi {
            let mid = (lo + hi) >> 1
            if entries[mid].cookie <= cookie { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }

    /// Marks the live incarnation with `cookie` removed at commit `v`.
    private mutating func kill(cookie: UInt64, at v: UInt64) {
        let i = firstIndex(after: cookie - 1)
        if i < entries.count, entries[i].cookie == cookie, entries[i].deleted == .max {
            entries[i].deleted = v
            deadCount += 1
        }
    }

    /// Applies a committed transaction's changes to this directory at
    /// version `v`. Returns the names whose record became a tombstone and
    /// those whose record gained history (for deferred clean-up).
    mutating func apply(_ changes: [Bytes: Pending<DirentVal>], at v: UInt64, minRO: UInt64?)
        -> (tombstones: [Bytes], histories: [Bytes]) {
        var tombstones: [Bytes] = []
        var histories: [Bytes] = []
        var added: [Incarnation] = []
        var changed = false
        for (name, p) in changes {
            let live = byName[name]?.value
            let new = p.value
            if live == nil && new == nil { continue }
            changed = true
            if let live { kill(cookie: live.cookie, at: v) }
            if let new {
                added.append(Incarnation(cookie: new.cookie, name: name, ino: new.ino, type: new.type, created: v))
            } else {
                tombstones.append(name)
            }
            if byName[name] == nil {
                byName[name] = Versioned(version: v, value: new)
            } else if byName[name]!.set(new, at: v, minRO: minRO) {
                histories.append(name)
            }
        }
        guard changed else { return ([], []) }
        listVersion = v
        if !added.isEmpty {
            added.sort { $0.cookie < $1.cookie }
            entries.append(contentsOf: added)
            maxCommittedCookie = max(maxCommittedCookie, added[added.count - 1].cookie)
        }
        if deadCount >= compactAt { compact(minRO: minRO) }
        return (tombstones, histories)
    }

    /// Drops dead incarnations no read-only snapshot can still see.
    mutating func compact(minRO: UInt64?) {
        let limit = minRO ?? .max
        entries.removeAll { $0.deleted != .max && ($0.deleted <= limit || minRO == nil) }
        deadCount = entries.reduce(0) { $0 + ($1.deleted != .max ? 1 : 0) }
        compactAt = max(32, deadCount * 2, (entries.count - deadCount) / 2)
    }
}
