import NFSWire
import NIOCore
import NIOPosix
import PluginABI

/// What every procedure handler can reach: the host, settings, counters,
/// the MOUNT list. Shared by all calls of one adapter.
struct ProgramContext: Sendable {
    let settings: Settings
    let host: HostClient
    let stats: Stats
    let mounts: MountList
    /// A thread for the rare host calls that may block (MNT of a path below
    /// a share root looks names up in the metadata store): never an event
    /// loop.
    let blocking: NIOThreadPool
}

/// One authenticated RPC call being served. A procedure handler decodes its
/// arguments, starts one host op and answers from the op's completion with
/// `reply`, on whatever thread that is (encoding touches no shared state).
/// Every call is answered exactly once.
struct Call: Sendable {
    let xid: UInt32
    let procedure: UInt32
    let cred: HostCred
    let connection: ConnectionInfo
    let context: ProgramContext
    /// Delivers the encoded reply (through the DRC, to the connection).
    let respond: @Sendable (CallOutcome) -> Void

    var host: HostClient { context.host }
    var settings: Settings { context.settings }

    /// Answers SUCCESS with `result` as the procedure's results (MOUNT).
    func reply<R: WireCodable>(_ result: R, capacity: Int = 256) {
        send(result, capacity: capacity)
    }

    /// Answers an NFSv3 result, counting a failure status.
    func reply<OK, Fail>(_ result: NFS3Result<OK, Fail>, capacity: Int = 256) {
        if case .fail(let status, _) = result {
            context.stats.statusError(status.counterName)
        }
        send(result, capacity: capacity)
    }

    private func send<R: WireCodable>(_ result: R, capacity: Int) {
        let buffer = RPCReply.encodeSuccess(xid: xid, capacity: capacity) { (w: inout XDRWriter) in
            result.encode(into: &w)
        }
        respond(.reply(buffer))
    }

    /// Answers SUCCESS with results written straight into the reply buffer.
    func replyEncoding(capacity: Int, _ body: (inout XDRWriter) -> Void) {
        let buffer = RPCReply.encodeSuccess(xid: xid, capacity: capacity) { (w: inout XDRWriter) in
            body(&w)
        }
        respond(.reply(buffer))
    }

    /// Answers with an RPC-level status (GARBAGE_ARGS, SYSTEM_ERR, ...).
    func reject(_ status: RPCAcceptedStatus) {
        respond(.reply(RPCReply.encodeAccepted(xid: xid, status)))
    }
}
