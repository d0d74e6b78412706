import PluginABI

/// The `ctx` of one asynchronous host op: retained (Unmanaged) when the op is
/// started and released by `hostDone`, which the host calls exactly once.
/// It owns the op's inputs (`arena`, `cred`) so they stay valid until then.
final class Completion: @unchecked Sendable {
    /// Runs inside `done`: converts the borrowed C result into Swift values.
    private let body: (dfs_status, UnsafeRawPointer?, UnsafePointer<CChar>?) -> Void
    /// Inputs the host may read until `done`.
    private let arena: Arena
    private let cred: HostCred

    init(arena: Arena, cred: HostCred,
         body: @escaping (dfs_status, UnsafeRawPointer?, UnsafePointer<CChar>?) -> Void) {
        self.arena = arena
        self.cred = cred
        self.body = body
    }

    /// Retains the box and returns it as the op's `ctx`.
    func retainedContext() -> UnsafeMutableRawPointer {
        Unmanaged.passRetained(self).toOpaque()
    }

    fileprivate func fire(_ status: dfs_status, _ result: UnsafeRawPointer?, _ detail: UnsafePointer<CChar>?) {
        body(status, result, detail)
    }
}

/// The one C completion every op uses: finishes and releases the box.
let hostDone: dfs_done_fn = { ctx, status, result, detail in
    guard let ctx else { return }
    let box = Unmanaged<Completion>.fromOpaque(ctx).takeRetainedValue()
    box.fire(status, result, detail)
}
