#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value behind a pthread mutex, with the same `withLock` shape as the
/// standard library's `Synchronization.Mutex`. Shared by the Swift plugins.
///
/// Why not `Synchronization.Mutex`: on Linux it spins and then uses
/// priority-inheritance futexes, which hand the lock to a sleeping waiter on
/// unlock. With more runnable threads than cores (the host's thread pools,
/// the conformance stress test) that turns into a lock convoy: measured on
/// 2 cores with 8 threads creating files, ~90 µs per create transaction
/// versus ~4 µs with a plain pthread mutex (which lets a running thread take
/// a just-released lock). ThreadSanitizer also cannot see its futexes, but
/// does see pthread mutexes. Critical sections must be short and never call
/// out to user code.
public final class PthreadLock<Value>: @unchecked Sendable {
    private let mutex: UnsafeMutablePointer<pthread_mutex_t>
    private var value: Value

    public init(_ value: Value) {
        self.value = value
        mutex = .allocate(capacity: 1)
        mutex.initialize(to: pthread_mutex_t())
        pthread_mutex_init(mutex, nil)
    }

    deinit {
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    /// Runs `body` with exclusive access to the value.
    @inline(__always)
    public func withLock<R>(_ body: (inout Value) throws -> R) rethrows -> R {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return try body(&value)
    }
}
