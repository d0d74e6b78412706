/// A record's committed value with the version (commit number) that last
/// wrote it. `value == nil` is a tombstone: the record was deleted at
/// `version`, kept so that transactions which started earlier notice the
/// delete. Older values are kept in `history` only while some read-only
/// transaction may still need them for its snapshot (MVCC).
struct Versioned<V: Sendable>: Sendable {
    /// One superseded value, valid from `version` until the next entry's.
    struct Old: Sendable {
        var version: UInt64
        var value: V?
    }

    var version: UInt64
    var value: V?
    /// Superseded values in ascending version order.
    var history: [Old] = []

    init(version: UInt64, value: V?) {
        self.version = version
        self.value = value
    }

    /// The value as of snapshot `s`: the newest entry written at or before
    /// `s`, or nil when the record did not exist then.
    @inline(__always)
    func visible(at s: UInt64) -> V? {
        if version <= s { return value }
        var i = history.count - 1
        while i >= 0 {
            if history[i].version <= s { return history[i].value }
            i -= 1
        }
        return nil
    }

    /// Replaces the value at commit `v`. When read-only snapshots are active
    /// (`minRO` = the oldest one) the old value goes to `history`; returns
    /// true when history is non-empty afterwards (it needs pruning later).
    mutating func set(_ newValue: V?, at v: UInt64, minRO: UInt64?) -> Bool {
        if minRO != nil {
            history.append(Old(version: version, value: value))
        }
        version = v
        value = newValue
        prune(minRO: minRO)
        return !history.isEmpty
    }

    /// Drops history entries no active read-only snapshot can see: an entry
    /// is dead once its successor was written at or before the oldest
    /// snapshot (`minRO`; nil: no snapshot, drop all).
    mutating func prune(minRO: UInt64?) {
        guard !history.isEmpty else { return }
        guard let m = minRO else {
            history.removeAll()
            return
        }
        var drop = 0
        while drop < history.count {
            let successor = drop + 1 < history.count ? history[drop + 1].version : version
            if successor <= m { drop += 1 } else { break }
        }
        if drop > 0 { history.removeFirst(drop) }
    }
}

/// A write buffered in a transaction: the new value, or a delete.
enum Pending<V: Sendable>: Sendable {
    case put(V)
    case deleted

    /// The buffered value (nil for a delete).
    @inline(__always)
    var value: V? {
        if case .put(let v) = self { return v }
        return nil
    }
}

/// The start versions of the open transactions of one kind, with a cached
/// minimum (the oldest snapshot still in use).
struct ActiveSet: Sendable {
    private var counts: [UInt64: Int] = [:]
    /// The oldest start version in the set; nil when empty.
    private(set) var min: UInt64?
    /// Number of open transactions in the set.
    private(set) var total = 0

    mutating func insert(_ v: UInt64) {
        total += 1
        counts[v, default: 0] += 1
        if min.map({ v < $0 }) ?? true { min = v }
    }

    mutating func remove(_ v: UInt64) {
        guard let c = counts[v] else { return }
        total -= 1
        if c > 1 {
            counts[v] = c - 1
            return
        }
        counts[v] = nil
        if v == min { min = counts.keys.min() }
    }
}

/// A first-in first-out queue (array + head index, compacted lazily).
struct FIFO<T: Sendable>: Sendable {
    private var items: [T] = []
    private var head = 0

    var first: T? { head < items.count ? items[head] : nil }
    var isEmpty: Bool { head >= items.count }

    mutating func push(_ x: T) { items.append(x) }

    mutating func dropFirst() {
        head += 1
        if head >= items.count {
            items.removeAll(keepingCapacity: true)
            head = 0
        } else if head >= 1024 && head * 2 >= items.count {
            items.removeFirst(head)
            head = 0
        }
    }

    /// The queued items from newest to oldest while `keepGoing` holds.
    func reversed(while keepGoing: (T) -> Bool) -> [T] {
        var out: [T] = []
        var i = items.count - 1
        while i >= head, keepGoing(items[i]) {
            out.append(items[i])
            i -= 1
        }
        return out
    }
}

/// Identifies one record for deferred clean-up.
enum RecordKey: Sendable {
    case inode(UInt64)
    case dirent(UInt64, Bytes)
    case root(Bytes)
    case kv(Bytes)
}

/// A deferred clean-up task: drop a tombstone, or prune a record's history,
/// once no open transaction can need it (see `State.collectGarbage`).
struct GCItem: Sendable {
    var version: UInt64
    var key: RecordKey
}

/// The kv keys one commit wrote, for validating other transactions'
/// kv_scan ranges (phantom detection).
struct KVLogEntry: Sendable {
    var version: UInt64
    var keys: [Bytes]
}
