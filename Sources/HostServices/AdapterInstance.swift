import HostPlugins
import PluginABI
import Synchronization

/// One running protocol adapter: an instance of an adapter plugin
/// (`dfs_adapter_vtable`) serving a `HostServicesTable`.
///
/// Life cycle: `init` (create: settings validated, nothing listens yet) ->
/// `start()` (listening) -> `status()` any number of times -> `stop()`
/// (graceful, idempotent) -> `deinit` (destroy; stops first with a short
/// timeout if the caller forgot). Every failure is a `DFSError` carrying
/// the plugin's own message (e.g. "address already in use").
///
/// The instance retains `services`, so the C table the adapter holds stays
/// valid until destroy. The plugin's ops are called on the caller's thread;
/// `start` and `stop` may block (binding, draining connections), so call
/// them from a management thread, never from an event loop.
public final class AdapterInstance: @unchecked Sendable {
    public let plugin: LoadedPlugin
    public let services: HostServicesTable
    private let vt: UnsafePointer<dfs_adapter_vtable>
    private let instance: OpaquePointer
    private let state = Mutex(State.created)

    private enum State { case created, started, stopped }

    /// Initial status buffer; grown on `DFS_ERR_RANGE`.
    static let statusBufferSize: UInt32 = 4096
    /// Timeout of the stop `deinit` does for an adapter still running.
    static let deinitStopTimeoutMs: UInt32 = 2000

    /// Create an instance of adapter `plugin` with JSON `settings` (e.g.
    /// `{"port":12049,"bind":"0.0.0.0"}`). `.inval` (the plugin names the
    /// bad key) for bad settings, `.inval` when `plugin` is not an adapter.
    public init(plugin: LoadedPlugin, settings: String, services: HostServicesTable) throws(DFSError) {
        guard plugin.kind == .adapter else {
            throw DFSError(.inval, "plugin \"\(plugin.name)\" is a \(plugin.kind) plugin, not a protocol adapter")
        }
        self.plugin = plugin
        self.services = services
        let vt = plugin.descriptor.pointee.vtable.assumingMemoryBound(to: dfs_adapter_vtable.self)
        self.vt = vt
        var out: OpaquePointer?
        try Self.call("create adapter \"\(plugin.name)\"") { err in
            settings.withCString { vt.pointee.create($0, HostInfo.pointer, services.services, &out, err) }
        }
        guard let out else {
            throw DFSError(.internal, "adapter plugin \"\(plugin.name)\" create() succeeded but returned no instance")
        }
        instance = out
    }

    deinit {
        if state.withLock({ $0 }) == .started {
            try? stop(timeoutMs: Self.deinitStopTimeoutMs)
        }
        vt.pointee.destroy(instance)
    }

    public var name: String { plugin.name }

    /// Bind and start serving; returns once listening. `.busy` (address in
    /// use) or the plugin's other errors; `.closed` when already stopped.
    public func start() throws(DFSError) {
        switch state.withLock({ $0 }) {
        case .started: return
        case .stopped: throw DFSError(.closed, "adapter \"\(name)\" was stopped; create a new instance")
        case .created: break
        }
        let vt = self.vt, instance = self.instance
        try Self.call("start adapter \"\(name)\"") { vt.pointee.start(instance, $0) }
        state.withLock { $0 = .started }
    }

    /// Stop accepting, let requests in flight finish for up to `timeoutMs`,
    /// close every connection. Idempotent.
    public func stop(timeoutMs: UInt32 = 10_000) throws(DFSError) {
        let was = state.withLock { s -> State in
            let old = s
            s = .stopped
            return old
        }
        guard was != .stopped else { return }
        let vt = self.vt, instance = self.instance
        try Self.call("stop adapter \"\(name)\"") { vt.pointee.stop(instance, timeoutMs, $0) }
    }

    /// The adapter's status JSON object (state and counters).
    public func status() throws(DFSError) -> String {
        var cap = Self.statusBufferSize
        let vt = self.vt, instance = self.instance
        for _ in 0..<8 {
            var len: UInt32 = 0
            var buf = [CChar](repeating: 0, count: Int(cap))
            do {
                try Self.call("status of adapter \"\(name)\"") { err in
                    buf.withUnsafeMutableBufferPointer { vt.pointee.status(instance, $0.baseAddress, cap, &len, err) }
                }
            } catch where error.status == .range {
                // Grow to the size the plugin asked for (plus a NUL), at least double.
                cap = max(len &+ 1, cap &* 2)
                guard cap <= 64 << 20 else { throw DFSError(.range, "adapter \"\(name)\" wants a \(len)-byte status buffer") }
                continue
            }
            let bytes = buf[0..<Int(min(len, cap))].map { UInt8(bitPattern: $0) }
            let end = bytes.firstIndex(of: 0) ?? bytes.count
            return String(decoding: bytes[0..<end], as: UTF8.self)
        }
        throw DFSError(.range, "adapter \"\(name)\" kept asking for a larger status buffer")
    }

    /// Apply new settings live. `.notSupported` when the plugin cannot
    /// (no `reconfigure` op, or a setting that needs a restart).
    public func reconfigure(settings: String) throws(DFSError) {
        let end = MemoryLayout<dfs_adapter_vtable>.offset(of: \dfs_adapter_vtable.reconfigure)!
            + MemoryLayout<UnsafeRawPointer?>.size
        guard Int(vt.pointee.struct_size) >= end, let fn = vt.pointee.reconfigure else {
            throw DFSError(.notSupported, "adapter \"\(name)\" cannot be reconfigured live")
        }
        let instance = self.instance
        try Self.call("reconfigure adapter \"\(name)\"") { err in settings.withCString { fn(instance, $0, err) } }
    }

    /// Call a plugin op with a fresh `dfs_error`; throw its status and
    /// message (the plugin's own text; "<what> failed" when it gave none)
    /// unless it returns DFS_OK.
    static func call(_ what: @autoclosure () -> String,
                     _ body: (UnsafeMutablePointer<dfs_error>) -> dfs_status) throws(DFSError) {
        let cap = 1024
        var message = [CChar](repeating: 0, count: cap)
        let status = message.withUnsafeMutableBufferPointer { m -> dfs_status in
            var err = dfs_error(struct_size: UInt32(MemoryLayout<dfs_error>.size), code: 0,
                                message: m.baseAddress, message_cap: UInt32(cap))
            return body(&err)
        }
        guard status != DFSStatus.ok.rawValue else { return }
        message[cap - 1] = 0
        let text = message.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        throw DFSError(DFSStatus(status), text.isEmpty ? "\(what()) failed" : text)
    }
}
