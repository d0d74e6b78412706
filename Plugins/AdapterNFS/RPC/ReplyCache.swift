import NFSWire
import NIOCore

/// The adapter's duplicate request cache: NFSWire's `DuplicateRequestCache`
/// behind the adapter's lock (`Locked`, which ThreadSanitizer understands;
/// NFSWire's `SharedDuplicateRequestCache` is the same behind a
/// `Synchronization.Mutex`), with the adapter's policy.
///
/// Policy
/// - Cached: the NFSv3 procedures that change state and are not
///   idempotent — SETATTR, WRITE, CREATE, MKDIR, SYMLINK, MKNOD, REMOVE,
///   RMDIR, RENAME, LINK. Not cached: the read-only procedures, COMMIT
///   (idempotent) and MOUNT (its effect on the mount list is idempotent).
/// - WRITE is included although re-executing one usually rewrites the same
///   bytes: a WRITE retransmitted after the client already sent a newer
///   WRITE to the same range (its first reply was lost, the second went
///   through) would put old data back. Its reply is small (WCC, count,
///   verifier), so caching it is cheap; the key's checksum covers the
///   call's first KiB and its length.
/// - COMMIT is idempotent and not cached.
/// - Key: client address, source port, xid and a checksum of the record's
///   first KiB and length (clients reuse xids across reboots). Linux clients reconnect
///   from the same source port, so the key survives a reconnect.
/// - A duplicate of a call still running is dropped (the client retransmits
///   later and gets the cached reply); a call answered with a drop or a
///   close is forgotten so that its retransmission runs.
final class ReplyCache: Sendable {
    private let cache: Locked<DuplicateRequestCache>

    /// Room for `entries` replies (and 512 bytes of reply each, at least 1 MiB).
    init(entries: Int) {
        cache = Locked(DuplicateRequestCache(configuration: .init(
            maximumEntries: entries, maximumBytes: max(entries * 512, 1 << 20))))
    }

    /// Entries held.
    var count: Int { cache.withLock { $0.count } }

    /// See `DuplicateRequestCache.begin(_:now:)`.
    func begin(_ key: DuplicateRequestCache.Key) -> DuplicateRequestCache.Lookup {
        let now = NIODeadline.now()
        return cache.withLock { $0.begin(key, now: now) }
    }

    /// Records how `key` was answered: the reply is kept for retransmissions;
    /// a call answered with a drop or a close is forgotten so that its
    /// retransmission runs.
    func finish(_ key: DuplicateRequestCache.Key, _ outcome: CallOutcome) {
        let now = NIODeadline.now()
        cache.withLock { c in
            switch outcome {
            case .reply(let reply): c.finish(key, reply: reply, now: now)
            case .drop, .close: c.abandon(key)
            }
        }
    }

    /// Bytes of a call the checksum covers: the RPC header, credential,
    /// handle, offsets and names of any call, and the start of WRITE data.
    static let checksumPrefix = 1024

    /// The key of a call: address, port, xid, and a checksum of the first
    /// `checksumPrefix` bytes mixed with the record's full length (as Linux's
    /// nfsd does with 256 bytes), so a 1 MiB WRITE costs no more to key than
    /// a REMOVE.
    static func key(connection: ConnectionInfo, xid: UInt32, record: ByteBuffer) -> DuplicateRequestCache.Key {
        let prefix = record.getSlice(at: record.readerIndex, length: min(record.readableBytes, checksumPrefix))!
        let sum = DuplicateRequestCache.Key.checksum(of: prefix) ^ (UInt64(record.readableBytes) &* 0x9E37_79B9_7F4A_7C15)
        return DuplicateRequestCache.Key(clientAddress: connection.address, clientPort: Int(connection.port),
                                         xid: xid, checksum: sum)
    }
}
