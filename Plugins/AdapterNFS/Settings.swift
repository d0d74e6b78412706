import PluginKit

/// The adapter's settings, parsed from the JSON the host gives to `create`.
///
///     {"port": 12049, "bind": "127.0.0.1", "io_size": 1048576, "threads": 2}
///
/// Every key is optional; an unknown key or a value out of range fails with
/// DFS_ERR_INVAL and a message naming the key.
struct Settings: Sendable, Equatable {
    /// TCP port for NFS and MOUNT (0: an ephemeral port, reported by status).
    var port: Int = 12049
    /// Address to listen on.
    var bind: String = "0.0.0.0"
    /// Largest RPC record accepted; a longer one closes the connection.
    var maxRecordBytes: Int = (1 << 20) + 64 * 1024
    /// Connections beyond this are closed as soon as they are accepted.
    var maxConnections: Int = 1024
    /// Largest READ/WRITE payload (FSINFO rtmax/wtmax, also rtpref/wtpref).
    var ioSize: Int = 1 << 20
    /// Replies kept by the duplicate request cache (0: no cache).
    var drcEntries: Int = 4096
    /// NIO event-loop threads.
    var threads: Int = 2
    /// Requests of one connection being processed at once; more are queued
    /// and the connection stops reading until the queue drains.
    var maxInFlight: Int = 64
    /// A connection with no traffic and nothing in flight for this long is
    /// closed (0: never).
    var idleTimeoutSeconds: Int = 900

    static let pluginName = "nfs"

    /// Smallest io_size: clients (and the brief) expect at least 1 MiB.
    static let minIOSize = 1 << 20
    /// Room for the RPC header, credentials and WRITE arguments around the data.
    static let recordOverhead = 4096

    init() {}

    /// Parses `json` (NULL or blank: all defaults).
    init(json: UnsafePointer<CChar>?) throws {
        var cfg = try PluginConfig(json, plugin: Self.pluginName)
        try self.init(config: &cfg)
    }

    init(text: String) throws {
        var cfg = try PluginConfig(text: text, plugin: Self.pluginName)
        try self.init(config: &cfg)
    }

    private init(config cfg: inout PluginConfig) throws {
        port = try cfg.int("port", default: port, range: 0...65535)
        bind = try cfg.string("bind", default: bind)
        if bind.isEmpty { throw PluginError.inval("nfs: key \"bind\" must not be empty") }
        ioSize = try cfg.int("io_size", default: ioSize, range: Self.minIOSize...(64 << 20))
        maxRecordBytes = try cfg.int(
            "max_record_bytes", default: ioSize + 64 * 1024,
            range: (ioSize + Self.recordOverhead)...(128 << 20))
        maxConnections = try cfg.int("max_connections", default: maxConnections, range: 1...1_000_000)
        drcEntries = try cfg.int("drc_entries", default: drcEntries, range: 0...10_000_000)
        threads = try cfg.int("threads", default: threads, range: 1...256)
        maxInFlight = try cfg.int("max_in_flight", default: maxInFlight, range: 1...65536)
        idleTimeoutSeconds = try cfg.int("idle_timeout_s", default: idleTimeoutSeconds, range: 0...86400)
        try cfg.finish()
    }
}
