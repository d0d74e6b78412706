import PluginABI
import PluginKit
import Synchronization

/// Everything the store holds, guarded by `Store.state` (held only for
/// short sections, never across ABI calls or user callbacks).
///
/// Concurrency control (optimistic, serializable, with MVCC snapshots):
/// - `version` counts commits. Every record carries the version of the
///   commit that last wrote it; a delete leaves a versioned tombstone.
///   Directories, the root set and the kv space carry coarser versions or
///   logs for listings (phantoms).
/// - A transaction starts at `version` (its snapshot). Read-write ones read
///   the newest record and fail RETRY when it is newer than their start;
///   read-only ones read the value as of their start from `history`.
/// - `Txn.commit` re-checks, under the lock, everything a read-write
///   transaction touched or listed, then applies all its writes at
///   `version + 1`.
/// - Tombstones, history and log entries are dropped once no open
///   transaction can need them (`collectGarbage`).
struct State: Sendable {
    /// The last committed version; a new transaction's snapshot.
    var version: UInt64 = 0
    var inodes: [UInt64: Versioned<InodeVal>] = [:]
    /// Committed inodes that exist (not tombstones), for statfs/max_inodes.
    var liveInodes = 0
    var dirs: [UInt64: DirState] = [:]
    var roots: [Bytes: Versioned<UInt64>] = [:]
    /// Commit that last changed any root (phantom detection for root_list).
    var rootsVersion: UInt64 = 0
    var kv: [Bytes: Versioned<[UInt8]>] = [:]
    /// The keys of `kv` (tombstones included) in byte order.
    var kvKeys = SortedKeys()
    /// kv keys written by recent commits, for kv_scan range validation.
    var kvLog = FIFO<KVLogEntry>()
    /// Start versions of open read-only / read-write transactions.
    var activeRO = ActiveSet()
    var activeRW = ActiveSet()
    /// Tombstones to drop, and records whose history to prune, in version order.
    var tombstones = FIFO<GCItem>()
    var histories = FIFO<GCItem>()

    /// Drops what no open transaction can need any more: tombstones older
    /// than every open snapshot, history older than every read-only one,
    /// kv log entries older than every read-write one.
    mutating func collectGarbage() {
        let minRO = activeRO.min
        let minAll = Swift.min(minRO ?? .max, activeRW.min ?? .max)
        while let t = tombstones.first, t.version <= minAll {
            tombstones.dropFirst()
            dropTombstone(t)
        }
        while let h = histories.first, h.version <= minRO ?? .max {
            histories.dropFirst()
            pruneHistory(h.key, minRO: minRO)
        }
        let minRW = activeRW.min ?? .max
        while let e = kvLog.first, e.version <= minRW { kvLog.dropFirst() }
    }

    /// Removes the record named by `t` if it is still the tombstone `t` made.
    private mutating func dropTombstone(_ t: GCItem) {
        switch t.key {
        case .inode(let ino):
            if let r = inodes[ino], r.value == nil, r.version == t.version { inodes[ino] = nil }
        case .dirent(let dir, let name):
            if let r = dirs[dir]?.byName[name], r.value == nil, r.version == t.version {
                dirs[dir]!.byName[name] = nil
            }
        case .root(let name):
            if let r = roots[name], r.value == nil, r.version == t.version { roots[name] = nil }
        case .kv(let key):
            if let r = kv[key], r.value == nil, r.version == t.version {
                kv[key] = nil
                kvKeys.remove(key)
            }
        }
    }

    /// Prunes the history of one record against the oldest read-only snapshot.
    private mutating func pruneHistory(_ key: RecordKey, minRO: UInt64?) {
        switch key {
        case .inode(let ino): inodes[ino]?.prune(minRO: minRO)
        case .dirent(let dir, let name): dirs[dir]?.byName[name]?.prune(minRO: minRO)
        case .root(let name): roots[name]?.prune(minRO: minRO)
        case .kv(let key): kv[key]?.prune(minRO: minRO)
        }
    }
}

/// One open `memory` metadata store instance.
final class Store: Sendable {
    let state = Lock(State())
    /// Next inode number alloc_ids hands out (never 0).
    let nextIno = Atomic<UInt64>(1)
    /// Inode capacity (`max_inodes`); Int.max means unlimited.
    let maxInodes: Int

    init(maxInodes: Int) {
        self.maxInodes = maxInodes
    }

    /// Opens a store from its JSON config (`{}` or `{"max_inodes": N}`).
    static func open(config json: UnsafePointer<CChar>?) throws -> Store {
        var cfg = try PluginConfig(json, plugin: "memory")
        let max = try cfg.int("max_inodes", default: Int.max, range: 0...Int.max)
        try cfg.finish()
        return Store(maxInodes: max)
    }

    /// Reserves `count` consecutive inode numbers; returns the first.
    func allocIDs(_ count: UInt32) throws -> UInt64 {
        if count == 0 { throw PluginError.inval("memory: alloc_ids count must be >= 1") }
        var first = nextIno.load(ordering: .relaxed)
        while true {
            if first > UInt64.max - UInt64(count) {
                throw PluginError(DFS_ERR_NOSPC, "memory: inode numbers exhausted")
            }
            let (done, seen) = nextIno.compareExchange(
                expected: first, desired: first + UInt64(count), ordering: .relaxed)
            if done { return first }
            first = seen
        }
    }

    /// Inode capacity figures: (total, free), UInt64.max when unlimited.
    func capacity() -> (UInt64, UInt64) {
        if maxInodes == Int.max { return (.max, .max) }
        let live = state.withLock { $0.liveInodes }
        return (UInt64(maxInodes), UInt64(Swift.max(0, maxInodes - live)))
    }

    /// Registers a transaction starting now; returns its snapshot version.
    func begin(readOnly: Bool) -> UInt64 {
        state.withLock { st in
            let v = st.version
            if readOnly { st.activeRO.insert(v) } else { st.activeRW.insert(v) }
            return v
        }
    }

    /// Unregisters a finished transaction (commit without writes, abort).
    func end(start: UInt64, readOnly: Bool) {
        state.withLock { st in
            State.unregister(&st, start: start, readOnly: readOnly)
        }
    }
}

extension State {
    /// Removes a transaction from the active sets and collects garbage.
    static func unregister(_ st: inout State, start: UInt64, readOnly: Bool) {
        if readOnly { st.activeRO.remove(start) } else { st.activeRW.remove(start) }
        st.collectGarbage()
    }
}
