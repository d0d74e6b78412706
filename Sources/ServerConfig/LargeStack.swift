import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs a closure on a thread with a large stack (virtual memory: only the
/// pages used are backed), waiting for its result. If such a thread cannot
/// be created (strict overcommit, limits), the closure runs on the caller's.
enum LargeStack {
    /// Enough for the deepest document ``ServerConfig`` accepts (~128 Ki
    /// levels at well under 1 KiB of stack each, debug builds included).
    static let size = 256 * 1024 * 1024

    static func run<T>(_ body: @escaping @Sendable () -> T) -> T {
        let job = Job(body)
        var attr = pthread_attr_t()
        pthread_attr_init(&attr)
        defer { pthread_attr_destroy(&attr) }
        pthread_attr_setstacksize(&attr, size)
        #if canImport(Glibc)
        var thread = pthread_t()
        #else
        var thread: pthread_t?
        #endif
        let context = Unmanaged.passRetained(job).toOpaque()
        let rc = pthread_create(&thread, &attr, { raw in
            let job = Unmanaged<AnyObject>.fromOpaque(raw!).takeRetainedValue() as! Runnable
            job.execute()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<Job<T>>.fromOpaque(context).release()
            return body()
        }
        #if canImport(Glibc)
        pthread_join(thread, nil)
        #else
        pthread_join(thread!, nil)
        #endif
        return job.result!
    }

    private protocol Runnable: AnyObject { func execute() }

    private final class Job<T>: Runnable, @unchecked Sendable {
        let body: @Sendable () -> T
        var result: T?
        init(_ body: @escaping @Sendable () -> T) { self.body = body }
        func execute() { result = body() }
    }
}
