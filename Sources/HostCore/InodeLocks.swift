import Foundation
import HostPlugins

/// Striped mutual exclusion for the DATA of files within this process.
///
/// Writes do read-modify-write of partial blocks, and truncation and
/// deletion rewrite or remove blocks; those must not interleave for one
/// file. Metadata needs no lock (the store's transactions serialise it);
/// reads take no lock (each block get is atomic). A lock is never held
/// while taking another, so the stripes cannot deadlock. Not shared
/// between processes: a DFS_CAP_SHARED deployment serving one file from
/// several hosts needs a distributed lock above this.
final class InodeLocks: Sendable {
    private let stripes: [NSLock]

    init(count: Int = 64) {
        stripes = (0..<max(1, count)).map { _ in NSLock() }
    }

    /// Run `body` holding the lock of (`share`, `ino`).
    func withLock<T>(share: UInt64, ino: UInt64, _ body: () throws(DFSError) -> T) throws(DFSError) -> T {
        let lock = stripes[index(share: share, ino: ino)]
        lock.lock()
        defer { lock.unlock() }
        return try body()
    }

    func index(share: UInt64, ino: UInt64) -> Int {
        var h = ino &* 0x9E37_79B9_7F4A_7C15 ^ share
        h ^= h >> 29
        return Int(h % UInt64(stripes.count))
    }
}
