
#if canImport(Glibc)
import Glibc
#endif

/// Counters reported by the `status` op. Updated from every event loop and
/// host thread; one small lock (a few increments per request).
final class Stats: Sendable {
    struct Counters {
        var connectionsOpen = 0
        var connectionsTotal = 0
        var connectionsRefused = 0
        var connectionsIdleClosed = 0
        /// Connections closed for bad framing (oversized or broken records).
        var protocolErrors = 0
        /// Connections that failed at the socket (reset by the peer, ...).
        var connectionErrors = 0
        var requests = 0
        /// "NFS3.GETATTR" → count, "MOUNT3.MNT" → count.
        var byProcedure: [String: Int] = [:]
        /// RPC-level refusals: "PROG_UNAVAIL", "GARBAGE_ARGS", "AUTH_ERROR", ...
        var rpcErrors: [String: Int] = [:]
        /// NFS3/MOUNT3 results other than OK: "NFS3ERR_NOENT" → count.
        var statusErrors: [String: Int] = [:]
        var drcHits = 0
        var drcInProgressDrops = 0
        var droppedWhileStopping = 0
        var bytesIn: UInt64 = 0
        var bytesOut: UInt64 = 0
    }

    private let counters = Locked(Counters())
    private let startedAt = Locked<Double?>(nil)

    init() {}

    func update(_ body: (inout Counters) -> Void) {
        counters.withLock { body(&$0) }
    }

    func snapshot() -> Counters { counters.withLock { $0 } }

    func markStarted() { startedAt.withLock { $0 = monotonicSeconds() } }
    func markStopped() { startedAt.withLock { $0 = nil } }

    /// Seconds since start (0 when not running).
    var uptime: Double {
        startedAt.withLock { s in s.map { monotonicSeconds() - $0 } ?? 0 }
    }

    func procedure(_ name: String) {
        update { c in
            c.requests += 1
            c.byProcedure[name, default: 0] += 1
        }
    }

    func rpcError(_ name: String) { update { $0.rpcErrors[name, default: 0] += 1 } }
    func statusError(_ name: String) { update { $0.statusErrors[name, default: 0] += 1 } }
}

/// CLOCK_MONOTONIC in seconds.
func monotonicSeconds() -> Double {
    var ts = timespec()
    clock_gettime(CLOCK_MONOTONIC, &ts)
    return Double(ts.tv_sec) + Double(ts.tv_nsec) / 1e9
}
