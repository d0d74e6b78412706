import NFSWire
import NIOCore
import NIOPosix
import PluginABI
import PluginKit

#if canImport(Glibc)
import Glibc
#endif

/// One run of the TCP server: its own event-loop group, listening channel,
/// connections and loop gate. `start` and `stop` are called by the host on a
/// thread that is not one of these loops, and block until done.
final class NFSServer: Sendable {
    let shared: ServerShared
    private let group: MultiThreadedEventLoopGroup
    private let listener: any Channel
    /// Where the server listens ("127.0.0.1", 12049).
    let localAddress: String
    let localPort: Int

    private init(shared: ServerShared, group: MultiThreadedEventLoopGroup, listener: any Channel) {
        self.shared = shared
        self.group = group
        self.listener = listener
        localAddress = listener.localAddress?.ipAddress ?? shared.settings.bind
        localPort = listener.localAddress?.port ?? shared.settings.port
    }

    /// Binds and listens. DFS_ERR_BUSY when the address is in use.
    static func start(settings: Settings, stats: Stats, host: HostClient,
                      processor: any RecordProcessor) throws -> NFSServer {
        let shared = ServerShared(
            settings: settings, stats: stats, gate: LoopGate(),
            connections: Connections(limit: settings.maxConnections),
            processor: processor, host: host)
        let group = MultiThreadedEventLoopGroup(numberOfThreads: settings.threads)
        let bootstrap = ServerBootstrap(group: group)
            .serverChannelOption(.backlog, value: 256)
            .serverChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.socketOption(.so_reuseaddr), value: 1)
            .childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
            .childChannelOption(.socketOption(.so_keepalive), value: 1)
            .childChannelOption(.maxMessagesPerRead, value: 4)
            .childChannelOption(.recvAllocator, value: AdaptiveRecvByteBufferAllocator(
                minimum: 4096, initial: 64 * 1024, maximum: 1 << 20))
            .childChannelOption(.writeBufferWaterMark, value: .init(low: 4 << 20, high: 8 << 20))
            .childChannelInitializer { channel in
                Self.initialize(channel, shared: shared)
            }
        do {
            let listener = try bootstrap.bind(host: settings.bind, port: settings.port).wait()
            stats.markStarted()
            let server = NFSServer(shared: shared, group: group, listener: listener)
            host.log(DFSLog.info, "nfs: NFSv3 and MOUNTv3 listening on \(settings.bind):\(server.localPort)")
            return server
        } catch {
            try? group.syncShutdownGracefully()
            if let io = error as? IOError, io.errnoCode == EADDRINUSE {
                throw PluginError(DFS_ERR_BUSY, "nfs: \(settings.bind):\(settings.port) is already in use")
            }
            throw PluginError(DFS_ERR_IO, "nfs: cannot listen on \(settings.bind):\(settings.port): \(error)")
        }
    }

    /// Sets up one accepted connection, or closes it when over the limit.
    private static func initialize(_ channel: any Channel, shared: ServerShared) -> EventLoopFuture<Void> {
        guard let id = shared.connections.admit(channel) else {
            shared.stats.update { $0.connectionsRefused += 1 }
            return channel.close()
        }
        let address = channel.remoteAddress
        let info = ConnectionInfo(id: id, address: formatClientAddress(address?.ipAddress),
                                  port: UInt32(address?.port ?? 0))
        shared.stats.update { s in
            s.connectionsOpen += 1
            s.connectionsTotal += 1
        }
        return channel.eventLoop.makeCompletedFuture {
            let sync = channel.pipeline.syncOperations
            if shared.settings.idleTimeoutSeconds > 0 {
                try sync.addHandler(IdleStateHandler(allTimeout: .seconds(Int64(shared.settings.idleTimeoutSeconds))))
            }
            try sync.addHandler(ByteToMessageHandler(RecordMarkingDecoder(maximumRecordSize: shared.settings.maxRecordBytes)))
            try sync.addHandler(ReplyFramer())
            try sync.addHandler(RPCConnectionHandler(shared: shared, info: info))
        }
    }

    /// Stops accepting, waits up to `timeoutMs` for in-flight requests,
    /// closes every connection and shuts the event loops down.
    func stop(timeoutMs: UInt32) {
        let deadline = monotonicSeconds() + Double(timeoutMs) / 1000
        // 1. No new connections, no new requests (queued ones are dropped).
        try? listener.close().wait()
        let channels = shared.connections.stopAccepting()
        // 2. Let what is in flight finish and be answered.
        while shared.connections.inFlight > 0 && monotonicSeconds() < deadline {
            usleep(2000)
        }
        let abandoned = shared.connections.inFlight
        if abandoned > 0 {
            shared.log(DFSLog.warn, "nfs: stop timed out with \(abandoned) request(s) in flight")
        }
        // 3. Close the connections (replies already written are flushed first).
        let closes = channels.map { ch in ch.close().recover { _ in } }
        _ = try? EventLoopFuture.andAllComplete(closes, on: group.next()).wait()
        // 4. No hop may reach the loops any more, then shut them down.
        shared.gate.close()
        try? group.syncShutdownGracefully()
        shared.stats.markStopped()
        shared.log(DFSLog.info, "nfs: stopped")
    }
}
