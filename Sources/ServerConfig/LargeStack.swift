import Foundation

/// Runs a closure on a thread with a large stack (virtual memory: only the
/// pages used are backed), waiting for its result.
enum LargeStack {
    static let size = 512 * 1024 * 1024

    static func run<T>(_ body: @escaping @Sendable () -> T) -> T {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread { box.value = body(); done.signal() }
        thread.stackSize = size
        thread.start()
        done.wait()
        return box.value!
    }

    private final class Box<T>: @unchecked Sendable { var value: T? }
}
