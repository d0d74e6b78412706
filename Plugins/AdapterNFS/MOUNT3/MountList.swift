
/// The MOUNT protocol's list of mounts (DUMP), kept in the adapter: MNT
/// adds (client address, path), UMNT removes one, UMNTALL every path of a
/// client. Advisory only, as in RFC 1813 §5.2: nothing depends on it, and it
/// does not survive a restart.
final class MountList: Sendable {
    struct Mount: Hashable, Sendable {
        var client: String
        var path: [UInt8]
    }

    /// Insertion order kept for DUMP; at most `limit` entries (the oldest go).
    private let mounts = Locked<[Mount]>([])
    let limit: Int

    init(limit: Int = 4096) { self.limit = limit }

    func add(client: String, path: [UInt8]) {
        mounts.withLock { m in
            let entry = Mount(client: client, path: path)
            if m.contains(entry) { return }
            if m.count >= limit { m.removeFirst() }
            m.append(entry)
        }
    }

    func remove(client: String, path: [UInt8]) {
        mounts.withLock { $0.removeAll { $0.client == client && $0.path == path } }
    }

    func removeAll(client: String) {
        mounts.withLock { $0.removeAll { $0.client == client } }
    }

    var all: [Mount] { mounts.withLock { $0 } }
}
