import NIOCore

/// Hops work onto an event loop from any thread — unless the adapter's event
/// loops are being shut down, in which case the work is dropped.
///
/// Host completions may arrive after `stop()` gave up waiting for them (a slow
/// store); scheduling onto a loop that has shut down is an error in NIO, so
/// every hop goes through the gate and `stop()` closes it before shutting the
/// loops down. The lock is held while enqueuing, so no hop can slip in after
/// `close()` returns.
final class LoopGate: Sendable {
    private let open = Locked(true)

    init() {}

    /// Runs `task` on `loop` (always enqueued, never inline), or drops it
    /// when the gate is closed. Returns whether it was scheduled.
    @discardableResult
    func execute(on loop: any EventLoop, _ task: @escaping @Sendable () -> Void) -> Bool {
        open.withLock { isOpen in
            guard isOpen else { return false }
            loop.execute(task)
            return true
        }
    }

    /// Closes the gate for good.
    func close() { open.withLock { $0 = false } }
}
