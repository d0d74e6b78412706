import NIOCore

/// Who is on the other end of a connection.
struct ConnectionInfo: Sendable {
    /// Unique per adapter instance.
    var id: UInt64
    /// "ip" or "[ipv6]" (see `formatClientAddress`).
    var address: String
    var port: UInt32
}

/// The open connections and the requests in flight across all of them:
/// enforces `max_connections`, lets `stop()` wait for in-flight requests
/// and close every channel.
final class Connections: Sendable {
    private struct State {
        var channels: [UInt64: any Channel] = [:]
        var nextID: UInt64 = 1
        var inFlight = 0
        var accepting = true
    }

    private let state = Locked(State())
    let limit: Int

    init(limit: Int) { self.limit = limit }

    /// Registers a new channel; nil when over the limit or stopping (the
    /// caller closes it).
    func admit(_ channel: any Channel) -> UInt64? {
        state.withLock { s in
            guard s.accepting, s.channels.count < limit else { return nil }
            let id = s.nextID
            s.nextID += 1
            s.channels[id] = channel
            return id
        }
    }

    func remove(_ id: UInt64) {
        _ = state.withLock { $0.channels.removeValue(forKey: id) }
    }

    var count: Int { state.withLock { $0.channels.count } }

    /// Whether new requests may start (false once stopping).
    var accepting: Bool { state.withLock { $0.accepting } }

    /// Counts a request in; false when stopping (the request is dropped).
    func beginRequest() -> Bool {
        state.withLock { s in
            guard s.accepting else { return false }
            s.inFlight += 1
            return true
        }
    }

    func endRequest() { state.withLock { $0.inFlight -= 1 } }

    var inFlight: Int { state.withLock { $0.inFlight } }

    /// Refuses new connections and requests from now on; returns the open
    /// channels.
    func stopAccepting() -> [any Channel] {
        state.withLock { s in
            s.accepting = false
            return Array(s.channels.values)
        }
    }
}
