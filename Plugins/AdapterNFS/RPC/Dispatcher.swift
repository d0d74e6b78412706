import NFSWire
import NIOCore
import NIOPosix
import PluginABI

/// One procedure of a program: its counter name, whether a retransmission
/// may safely run it again, and its handler. A handler throws only while
/// decoding its arguments (→ GARBAGE_ARGS), before it starts anything;
/// otherwise it answers the call exactly once.
struct Procedure: Sendable {
    let name: String
    /// false: replies are kept in the duplicate request cache.
    let idempotent: Bool
    let run: @Sendable (Call, ByteBuffer) throws(XDRError) -> Void
}

/// An RPC program version served here.
struct Program: Sendable {
    let name: String
    let number: UInt32
    let version: UInt32
    /// Indexed by procedure number.
    let procedures: [Procedure]
    /// "NFS3.GETATTR"-style counter names, by procedure number.
    let counterNames: [String]

    init(name: String, number: UInt32, version: UInt32, procedures: [Procedure]) {
        self.name = name
        self.number = number
        self.version = version
        self.procedures = procedures
        counterNames = procedures.map { "\(name).\($0.name)" }
    }
}

/// Turns RPC records into calls and routes them:
/// - a header that does not decode: dropped (RFC 5531 gives no way to
///   answer); RPC version ≠ 2: RPC_MISMATCH 2..2; credential or verifier
///   over 400 bytes: AUTH_ERROR;
/// - AUTH_SYS and AUTH_NONE accepted, other flavors AUTH_ERROR(BADCRED),
///   checked before the program as the Linux server does;
/// - 100003 v3 → NFS3, 100005 v3 → MOUNT3; another version of either:
///   PROG_MISMATCH 3..3; another program: PROG_UNAVAIL;
/// - unknown procedure: PROC_UNAVAIL; arguments that do not decode (or
///   leave bytes over): GARBAGE_ARGS;
/// - non-idempotent procedures go through the duplicate request cache.
final class Dispatcher: RecordProcessor {
    let context: ProgramContext
    let cache: ReplyCache?
    private let programs: [UInt32: Program]

    init(settings: Settings, host: HostClient, stats: Stats, mounts: MountList, blocking: NIOThreadPool) {
        context = ProgramContext(settings: settings, host: host, stats: stats, mounts: mounts, blocking: blocking)
        cache = settings.drcEntries > 0 ? ReplyCache(entries: settings.drcEntries) : nil
        programs = [NFS3.program: NFS3Program.program, MountProgram.number: MountProgram.program]
    }

    /// Replies currently kept by the duplicate request cache.
    var drcCount: Int { cache?.count ?? 0 }

    func process(_ record: ByteBuffer, from connection: ConnectionInfo,
                 done: @escaping @Sendable (CallOutcome) -> Void) {
        let stats = context.stats
        let call: RPCCall
        do {
            call = try RPCCall(decoding: record)
        } catch {
            if let rejection = error.rejection, let xid = error.xid {
                stats.rpcError(rejection.counterName)
                done(.reply(RPCReply.encodeDenied(xid: xid, rejection)))
            } else {
                stats.rpcError("UNDECODABLE")
                context.host.log(DFSLog.debug, "nfs: dropped a record from \(connection.address): \(error)")
                done(.drop)
            }
            return
        }

        let credential: RPCCredential
        do {
            credential = try call.authenticate()
        } catch {
            stats.rpcError("AUTH_ERROR")
            done(.reply(RPCReply.encodeDenied(xid: call.xid, error.rejection)))
            return
        }

        guard let program = programs[call.program] else {
            stats.rpcError("PROG_UNAVAIL")
            done(.reply(RPCReply.encodeAccepted(xid: call.xid, .programUnavailable)))
            return
        }
        guard call.version == program.version else {
            stats.rpcError("PROG_MISMATCH")
            done(.reply(RPCReply.encodeAccepted(
                xid: call.xid, .programMismatch(low: program.version, high: program.version))))
            return
        }
        guard call.procedure < UInt32(program.procedures.count) else {
            stats.rpcError("PROC_UNAVAIL")
            done(.reply(RPCReply.encodeAccepted(xid: call.xid, .procedureUnavailable)))
            return
        }
        let procedure = program.procedures[Int(call.procedure)]
        stats.procedure(program.counterNames[Int(call.procedure)])

        var respond = done
        if !procedure.idempotent, let cache {
            let key = ReplyCache.key(connection: connection, xid: call.xid, record: record)
            switch cache.begin(key) {
            case .inProgress:
                stats.update { $0.drcInProgressDrops += 1 }
                done(.drop)
                return
            case .done(let reply):
                stats.update { $0.drcHits += 1 }
                done(.reply(reply))
                return
            case .new:
                respond = { outcome in
                    cache.finish(key, outcome)
                    done(outcome)
                }
            }
        }

        let served = Call(
            xid: call.xid, procedure: call.procedure,
            cred: Self.hostCred(credential, connection), connection: connection,
            context: context, respond: respond)
        do {
            try procedure.run(served, call.arguments)
        } catch {
            stats.rpcError("GARBAGE_ARGS")
            served.reject(.garbageArguments)
        }
    }

    /// The host credential of a call: what the client asserted, plus where
    /// it came from. AUTH_NONE carries nobody (65534); the host maps both.
    static func hostCred(_ credential: RPCCredential, _ connection: ConnectionInfo) -> HostCred {
        switch credential {
        case .sys(let sys):
            HostCred(flavor: UInt32(DFS_AUTH_SYS), uid: sys.uid, gid: sys.gid, groups: sys.gids,
                     clientAddress: connection.address, clientPort: connection.port)
        case .none:
            HostCred(flavor: UInt32(DFS_AUTH_NONE), uid: 65534, gid: 65534, groups: [],
                     clientAddress: connection.address, clientPort: connection.port)
        }
    }
}

extension RPCRejection {
    /// Counter name of a denied reply.
    var counterName: String {
        switch self {
        case .rpcMismatch: "RPC_MISMATCH"
        case .authError: "AUTH_ERROR"
        }
    }
}
