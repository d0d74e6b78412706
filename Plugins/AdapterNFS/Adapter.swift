import NIOPosix
import PluginABI
import PluginKit

/// One NFS adapter instance (`dfs_adapter *`): settings, the host services,
/// counters, the MOUNT list, and the running server if started.
final class NFSAdapter: Sendable {
    let settings: Settings
    let host: HostClient
    let stats = Stats()
    let mounts = MountList()
    let dispatcher: Dispatcher
    /// One thread for host calls that may block (see `ProgramContext.blocking`).
    let blocking = NIOThreadPool(numberOfThreads: 1)
    /// The running server; nil before start and after stop.
    private let server = Locked<NFSServer?>(nil)
    /// Serialises start and stop (which block) without blocking `status`.
    private let lifecycle = Locked(())

    init(settings: Settings, services: UnsafePointer<dfs_host_services>) {
        self.settings = settings
        host = HostClient(services: services)
        dispatcher = Dispatcher(settings: settings, host: host, stats: stats, mounts: mounts, blocking: blocking)
        blocking.start()
    }

    /// Before release (destroy): stops the server if needed and the blocking
    /// thread (after the call it may be running).
    func close() {
        stop(timeoutMs: 0)
        try? blocking.syncShutdownGracefully()
    }

    /// Binds and listens; a second start while running does nothing.
    func start() throws {
        try lifecycle.withLock { _ in
            if server.withLock({ $0 }) != nil { return }
            let s = try NFSServer.start(settings: settings, stats: stats, host: host, processor: dispatcher)
            server.withLock { $0 = s }
        }
    }

    /// Stops the server if it runs (idempotent).
    func stop(timeoutMs: UInt32) {
        lifecycle.withLock { _ in
            guard let s = server.withLock({ $0 }) else { return }
            s.stop(timeoutMs: timeoutMs)
            server.withLock { $0 = nil }
        }
    }

    /// The `status` JSON object.
    func statusJSON() -> String {
        let running = server.withLock { $0 }
        let c = stats.snapshot()
        var j = JSONObjectWriter()
        j.add("listening", running != nil)
        j.add("address", running?.localAddress ?? settings.bind)
        j.add("port", running?.localPort ?? settings.port)
        j.add("uptime_s", (stats.uptime * 1000).rounded() / 1000)
        j.addRaw("connections", {
            var o = JSONObjectWriter()
            o.add("open", c.connectionsOpen)
            o.add("total", c.connectionsTotal)
            o.add("refused", c.connectionsRefused)
            o.add("idle_closed", c.connectionsIdleClosed)
            o.add("max", settings.maxConnections)
            return o.finish()
        }())
        j.add("in_flight", running?.shared.connections.inFlight ?? 0)
        j.addRaw("requests", {
            var o = JSONObjectWriter()
            o.add("total", c.requests)
            o.addRaw("by_procedure", JSONObjectWriter.counts(c.byProcedure))
            return o.finish()
        }())
        j.addRaw("errors", {
            var o = JSONObjectWriter()
            o.add("protocol", c.protocolErrors)
            o.add("connection", c.connectionErrors)
            o.addRaw("rpc", JSONObjectWriter.counts(c.rpcErrors))
            o.addRaw("status", JSONObjectWriter.counts(c.statusErrors))
            o.add("dropped_while_stopping", c.droppedWhileStopping)
            return o.finish()
        }())
        j.addRaw("drc", {
            var o = JSONObjectWriter()
            o.add("capacity", settings.drcEntries)
            o.add("entries", dispatcher.drcCount)
            o.add("hits", c.drcHits)
            o.add("in_progress_drops", c.drcInProgressDrops)
            return o.finish()
        }())
        j.add("bytes_in", Int(clamping: c.bytesIn))
        j.add("bytes_out", Int(clamping: c.bytesOut))
        j.add("mounts", mounts.all.count)
        j.add("io_size", settings.ioSize)
        return j.finish()
    }
}

/// Builds one flat JSON object (keys in insertion order).
struct JSONObjectWriter {
    private var parts: [String] = []

    mutating func add(_ key: String, _ value: Int) { parts.append("\(quote(key)):\(value)") }
    mutating func add(_ key: String, _ value: Double) { parts.append("\(quote(key)):\(value)") }
    mutating func add(_ key: String, _ value: Bool) { parts.append("\(quote(key)):\(value)") }
    mutating func add(_ key: String, _ value: String) { parts.append("\(quote(key)):\(quote(value))") }
    /// `json` must already be valid JSON.
    mutating func addRaw(_ key: String, _ json: String) { parts.append("\(quote(key)):\(json)") }

    func finish() -> String { "{" + parts.joined(separator: ",") + "}" }

    /// A `{"name": count}` object, keys sorted.
    static func counts(_ dict: [String: Int]) -> String {
        var o = JSONObjectWriter()
        for (k, v) in dict.sorted(by: { $0.key < $1.key }) { o.add(k, v) }
        return o.finish()
    }

    private func quote(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if u.value < 0x20 {
                    let hex = String(u.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(u)
                }
            }
        }
        return out + "\""
    }
}
