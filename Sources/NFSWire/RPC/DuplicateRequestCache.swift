import NIOCore

/// The duplicate request cache (DRC): remembers recent non-idempotent calls so
/// a retransmission is not executed twice (a retried REMOVE must not answer
/// NFS3ERR_NOENT because the first attempt worked).
///
/// A pure value: time comes in as `now`, nothing is locked. Use
/// ``SharedDuplicateRequestCache`` from several event loops.
///
/// Protocol for the server, for procedures it chooses to cache:
/// 1. ``begin(_:now:)`` with the call's ``Key``:
///    - ``Lookup/new``: execute, then ``finish(_:reply:now:)`` with the reply
///      bytes, or ``abandon(_:)`` if no reply will be sent;
///    - ``Lookup/inProgress``: the first copy is still running: drop this one
///      (the client retransmits again and will find the reply);
///    - ``Lookup/done(_:)``: send the stored reply again, do not execute.
///
/// Store the reply as the server's send path expects it (unframed, when the
/// pipeline adds record marks), and send the stored copy the same way.
///
/// Bounds: ``Configuration/maximumEntries`` entries and
/// ``Configuration/maximumBytes`` reply bytes. When over, the least recently
/// used completed entry goes first; in-progress entries are evicted (oldest
/// first) only when nothing else is left. Entries also expire
/// ``Configuration/lifetime`` after they were last touched (begun, finished,
/// or answered from the cache). `now` must not go backwards.
public struct DuplicateRequestCache: Sendable {
    /// The answer of ``begin(_:now:)``.
    public enum Lookup: Hashable, Sendable {
        /// Not seen: the call is now recorded as in progress; execute it.
        case new
        /// The same call is being executed: drop this copy.
        case inProgress
        /// The same call completed with this reply: resend it.
        case done(ByteBuffer)
    }

    private struct Entry: Sendable {
        var key: Key
        /// nil while in progress.
        var reply: ByteBuffer?
        var touched: NIODeadline
    }

    public let configuration: Configuration
    private var slots: [Key: Int] = [:]
    private var entries = RecencyList<Entry>()
    /// Sum of the stored replies' readable bytes.
    public private(set) var totalBytes = 0

    public init(configuration: Configuration = Configuration()) {
        self.configuration = configuration
    }

    /// Entries held, in progress and done.
    public var count: Int { entries.count }

    /// Looks `key` up; records it as in progress when new.
    public mutating func begin(_ key: Key, now: NIODeadline) -> Lookup {
        expire(now: now)
        if let slot = slots[key] {
            guard let reply = entries[slot].reply else { return .inProgress }
            entries[slot].touched = now
            entries.moveToBack(slot)
            return .done(reply)
        }
        let slot = entries.append(Entry(key: key, reply: nil, touched: now))
        slots[key] = slot
        evict(sparing: slot)
        return .new
    }

    /// Stores the reply sent for `key` (as it went on the wire, or at least as
    /// it should be resent). If the entry was evicted or expired meanwhile it is
    /// recreated; a reply larger than ``Configuration/maximumBytes`` is not kept.
    public mutating func finish(_ key: Key, reply: ByteBuffer, now: NIODeadline) {
        expire(now: now)
        let size = reply.readableBytes
        let slot: Int
        if let existing = slots[key] {
            guard size <= configuration.maximumBytes else {
                remove(existing)
                return
            }
            totalBytes -= entries[existing].reply?.readableBytes ?? 0
            entries[existing].reply = reply
            entries[existing].touched = now
            entries.moveToBack(existing)
            slot = existing
        } else {
            guard size <= configuration.maximumBytes else { return }
            slot = entries.append(Entry(key: key, reply: reply, touched: now))
            slots[key] = slot
        }
        totalBytes += size
        evict(sparing: slot)
    }

    /// Forgets an in-progress `key` (the call failed without a reply, or the
    /// connection went away): a retransmission will execute it. A completed
    /// entry is left alone.
    public mutating func abandon(_ key: Key) {
        if let slot = slots[key], entries[slot].reply == nil { remove(slot) }
    }

    /// Removes every entry last touched more than ``Configuration/lifetime`` before `now`.
    public mutating func expire(now: NIODeadline) {
        while entries.head >= 0, entries[entries.head].touched + configuration.lifetime <= now {
            remove(entries.head)
        }
    }

    private mutating func evict(sparing spared: Int) {
        while entries.count > configuration.maximumEntries || totalBytes > configuration.maximumBytes {
            // Oldest completed entry first.
            var victim = entries.head
            while victim >= 0, victim == spared || entries[victim].reply == nil {
                victim = entries.next(after: victim)
            }
            if victim < 0 {
                // Only in-progress entries (which hold no bytes) are left.
                guard entries.count > configuration.maximumEntries else { return }
                victim = entries.head == spared ? entries.next(after: spared) : entries.head
                guard victim >= 0 else { return }
            }
            remove(victim)
        }
    }

    private mutating func remove(_ slot: Int) {
        let entry = entries.remove(slot)
        slots[entry.key] = nil
        totalBytes -= entry.reply?.readableBytes ?? 0
    }
}
