import Foundation
import HostPlugins
import PluginABI

/// What one asynchronous host-service call reported through `done`.
struct Outcome<R> {
    /// Times `done` was called (must be 1).
    var calls: Int
    var status: Int32
    var detail: String?
    /// The result copied inside the callback; nil on failure.
    var result: R?
    /// True when `done` got a NULL result pointer.
    var resultWasNull: Bool

    var dfsStatus: DFSStatus { DFSStatus(rawValue: status) }
    var ok: Bool { status == 0 }
}

/// The receiving end of a `done` callback. The C callback cannot be generic,
/// so it reaches `record` through this non-generic base class.
class ProbeBase: @unchecked Sendable {
    let cond = NSCondition()
    var calls = 0
    var status: Int32 = -1
    var detail: String?
    var resultWasNull = true
    /// The thread `done` ran on.
    var doneThread: pthread_t?

    func copy(_ result: UnsafeRawPointer) {}

    final func record(_ status: Int32, _ result: UnsafeRawPointer?, _ detail: UnsafePointer<CChar>?) {
        cond.lock()
        calls += 1
        if calls == 1 {
            self.status = status
            self.detail = detail.map { String(cString: $0) }
            resultWasNull = result == nil
            doneThread = pthread_self()
            if let result { copy(result) }
        }
        cond.broadcast()
        cond.unlock()
    }

    /// Wait until `done` was called (or `timeout` passed); false on timeout.
    func wait(timeout: TimeInterval = 20) -> Bool {
        let deadline = Date(timeIntervalSinceNow: timeout)
        cond.lock()
        defer { cond.unlock() }
        while calls == 0 {
            if !cond.wait(until: deadline) { return false }
        }
        return true
    }

    /// The C completion every test passes: `ctx` is an unretained probe.
    static let done: dfs_done_fn = { ctx, status, result, detail in
        Unmanaged<ProbeBase>.fromOpaque(ctx!).takeUnretainedValue().record(status, result, detail)
    }

    var ctx: UnsafeMutableRawPointer { Unmanaged.passUnretained(self).toOpaque() }
}

/// A probe that copies the result struct with `extract` (inside the
/// callback, while the borrowed pointers are valid).
final class Probe<R>: ProbeBase, @unchecked Sendable {
    let extract: (UnsafeRawPointer) -> R
    var result: R?

    init(_ extract: @escaping (UnsafeRawPointer) -> R) { self.extract = extract }

    override func copy(_ p: UnsafeRawPointer) { result = extract(p) }

    func outcome() -> Outcome<R> {
        cond.lock()
        defer { cond.unlock() }
        return Outcome(calls: calls, status: status, detail: detail, result: result, resultWasNull: resultWasNull)
    }
}

/// Heap copies of the inputs of one call, freed only after its `done`
/// (the ABI lets the host read them until then).
final class Arena {
    private var frees: [() -> Void] = []

    deinit { for f in frees { f() } }

    func put<T>(_ value: T) -> UnsafeMutablePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: 1)
        p.initialize(to: value)
        frees.append { p.deinitialize(count: 1); p.deallocate() }
        return p
    }

    func array<T>(_ a: [T]) -> UnsafePointer<T> {
        let p = UnsafeMutablePointer<T>.allocate(capacity: max(1, a.count))
        p.initialize(from: a, count: a.count)
        frees.append { p.deinitialize(count: a.count); p.deallocate() }
        return UnsafePointer(p)
    }

    func bytes(_ b: [UInt8]) -> UnsafePointer<UInt8> { array(b) }

    func cString(_ s: String) -> UnsafePointer<CChar> {
        let p = strdup(s)!
        frees.append { free(p) }
        return UnsafePointer(p)
    }
}
