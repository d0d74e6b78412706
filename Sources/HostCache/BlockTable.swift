/// The state of every block the cache knows, as a pure state machine: it
/// takes events and returns actions, and does no I/O (docs/CACHE.md has the
/// transition table). Keys the table does not hold are "absent": not in the
/// cache, whatever the store has.
public struct BlockTable: Sendable {
    /// One journal record of a key.
    public struct Version: Equatable, Sendable {
        public var seq: UInt64
        public var kind: JournalRecord.Kind
        /// Data bytes (0 for a delete).
        public var length: Int
        public init(seq: UInt64, kind: JournalRecord.Kind, length: Int) {
            self.seq = seq; self.kind = kind; self.length = length
        }
    }

    public enum Phase: Equatable, Sendable {
        /// In the store and in clean block file `file` (evictable).
        case clean(length: Int, file: UInt64)
        /// The journal holds a version the store does not have yet.
        case dirty(Version)
        /// That version is being uploaded.
        case uploading(Version)
        /// `uploading` is being uploaded, and a newer `latest` was written.
        case uploadingStale(uploading: Version, latest: Version)

        /// Bytes of journal records this phase keeps needed.
        var dirtyBytes: Int {
            switch self {
            case .clean: 0
            case .dirty(let v), .uploading(let v): v.length
            case .uploadingStale(let u, let l): u.length + l.length
            }
        }

        /// The newest version (nil when clean).
        public var latest: Version? {
            switch self {
            case .clean: nil
            case .dirty(let v), .uploading(let v): v
            case .uploadingStale(_, let l): l
            }
        }
    }

    public enum Event: Equatable, Sendable {
        /// A new record of the key was appended to the journal.
        case write(Version)
        /// An uploader took the key.
        case uploadStarted
        /// The upload finished; for a put, its data is in clean file `file`.
        case uploadSucceeded(file: UInt64)
        case uploadFailed
        /// A block fetched from the store was stored in clean file `file`.
        case fetched(length: Int, file: UInt64)
        case evict
    }

    public enum Action: Equatable, Sendable {
        /// Queue the key for upload.
        case enqueue
        /// Record `seq` is no longer needed; `supersededBy` the record that
        /// replaced it (nil: it reached the store).
        case release(seq: UInt64, supersededBy: UInt64?)
        /// Delete clean block file `file`.
        case dropClean(file: UInt64)
        /// Clean block file `file` (of `length` bytes) is now the key's copy.
        case keepClean(length: Int, file: UInt64)
        /// Upload again later.
        case retryLater
        /// The event does not apply in this state (nothing changed).
        case refused
    }

    private(set) var entries: [[UInt8]: Phase] = [:]
    /// Bytes of journal records still needed (see `Phase.dirtyBytes`).
    public private(set) var dirtyBytes = 0

    public init() {}

    public func phase(_ key: [UInt8]) -> Phase? { entries[key] }

    /// Every key with its phase (unordered).
    public var all: [[UInt8]: Phase] { entries }

    /// Apply `event` to `key`; the actions say what the caller must do.
    public mutating func apply(_ event: Event, to key: [UInt8]) -> [Action] {
        let old = entries[key]
        let (new, actions) = Self.transition(old, event)
        if actions == [.refused] { return actions }
        dirtyBytes += (new?.dirtyBytes ?? 0) - (old?.dirtyBytes ?? 0)
        entries[key] = new
        return actions
    }

    /// The transition function (nil = absent).
    public static func transition(_ phase: Phase?, _ event: Event) -> (Phase?, [Action]) {
        switch (phase, event) {
        case (nil, .write(let v)):
            return (.dirty(v), [.enqueue])
        case (.clean(_, let f)?, .write(let v)):
            return (.dirty(v), [.dropClean(file: f), .enqueue])
        case (.dirty(let r)?, .write(let v)):
            return (.dirty(v), [.release(seq: r.seq, supersededBy: v.seq)])
        case (.uploading(let r)?, .write(let v)):
            return (.uploadingStale(uploading: r, latest: v), [])
        case (.uploadingStale(let r, let q)?, .write(let v)):
            return (.uploadingStale(uploading: r, latest: v), [.release(seq: q.seq, supersededBy: v.seq)])

        case (.dirty(let v)?, .uploadStarted):
            return (.uploading(v), [])

        case (.uploading(let v)?, .uploadSucceeded(let f)):
            if v.kind == .delete { return (nil, [.release(seq: v.seq, supersededBy: nil)]) }
            return (.clean(length: v.length, file: f), [.release(seq: v.seq, supersededBy: nil), .keepClean(length: v.length, file: f)])
        case (.uploadingStale(let r, let l)?, .uploadSucceeded(let f)):
            return (.dirty(l), [.release(seq: r.seq, supersededBy: nil), .dropClean(file: f), .enqueue])

        case (.uploading(let v)?, .uploadFailed):
            return (.dirty(v), [.retryLater])
        case (.uploadingStale(let r, let l)?, .uploadFailed):
            return (.dirty(l), [.release(seq: r.seq, supersededBy: l.seq), .enqueue])

        case (nil, .fetched(let n, let f)):
            return (.clean(length: n, file: f), [.keepClean(length: n, file: f)])

        case (.clean(_, let f)?, .evict):
            return (nil, [.dropClean(file: f)])

        default:
            return (phase, [.refused])
        }
    }
}
