import NIOCore
import Synchronization

/// A ``DuplicateRequestCache`` behind a lock, shared by every connection and
/// event loop of a server. Each call holds the lock for O(1) work (plus any
/// expiry or eviction it triggers).
@available(macOS 15.0, *)
public final class SharedDuplicateRequestCache: Sendable {
    private let cache: Mutex<DuplicateRequestCache>
    private let clock: @Sendable () -> NIODeadline

    /// - Parameter clock: the current time; tests inject their own.
    public init(
        configuration: DuplicateRequestCache.Configuration = .init(),
        clock: @escaping @Sendable () -> NIODeadline = { NIODeadline.now() }
    ) {
        cache = Mutex(DuplicateRequestCache(configuration: configuration))
        self.clock = clock
    }

    /// See ``DuplicateRequestCache/begin(_:now:)``.
    public func begin(_ key: DuplicateRequestCache.Key) -> DuplicateRequestCache.Lookup {
        let now = clock()
        return cache.withLock { $0.begin(key, now: now) }
    }

    /// See ``DuplicateRequestCache/finish(_:reply:now:)``.
    public func finish(_ key: DuplicateRequestCache.Key, reply: ByteBuffer) {
        let now = clock()
        cache.withLock { $0.finish(key, reply: reply, now: now) }
    }

    /// See ``DuplicateRequestCache/abandon(_:)``.
    public func abandon(_ key: DuplicateRequestCache.Key) {
        cache.withLock { $0.abandon(key) }
    }

    /// Entries held.
    public var count: Int { cache.withLock { $0.count } }

    /// Reply bytes held.
    public var totalBytes: Int { cache.withLock { $0.totalBytes } }
}
