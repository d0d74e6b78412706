import HostPlugins
import PluginABI

/// A core result that can be lent to a `done` callback as its C result
/// struct (see `CResults.swift`).
protocol CResult: Sendable {
    /// Build the C struct (and anything it points at) and call `body` with
    /// a pointer to it; everything stays valid until `body` returns.
    func withCResult<T>(_ body: (UnsafeRawPointer) -> T) -> T
}

/// An adapter's completion: `done` and its `ctx`. The only code that calls
/// `done` is `finish` / `fail` below, and every entry point ends in exactly
/// one of them (see `HostServicesTable.start`).
struct Completion: @unchecked Sendable {
    let done: dfs_done_fn
    let ctx: UnsafeMutableRawPointer?

    /// `done(ctx, DFS_OK, &result, NULL)` with the result lent for the call.
    func succeed<R: CResult>(_ result: R) {
        result.withCResult { done(ctx, DFSStatus.ok.rawValue, $0, nil) }
    }

    /// `done(ctx, status, NULL, detail)`.
    func fail(_ error: DFSError) {
        let detail = error.message.isEmpty ? error.status.name : error.message
        detail.withCString { done(ctx, error.status.rawValue, nil, $0) }
    }

    func finish<R: CResult>(_ outcome: Result<R, DFSError>) {
        switch outcome {
        case .success(let r): succeed(r)
        case .failure(let e): fail(e)
        }
    }
}

/// Borrowed input bytes (write data) the adapter keeps valid until `done`:
/// handed to the worker thread without a copy.
struct BorrowedBytes: @unchecked Sendable {
    let buffer: UnsafeRawBufferPointer
}

/// An output buffer the adapter owns and keeps valid until `done`
/// (`read_into`): filled from the worker thread without a copy.
struct BorrowedMutableBytes: @unchecked Sendable {
    let buffer: UnsafeMutableRawBufferPointer
}
