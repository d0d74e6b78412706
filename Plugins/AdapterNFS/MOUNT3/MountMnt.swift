import NFSWire
import NIOCore
import PluginABI

/// MOUNTPROC3_MNT: an export path (a share name, or a directory below one)
/// → the handle of that directory and the accepted auth flavors (AUTH_SYS,
/// AUTH_NONE). The host decides: unknown export or path → MNT3ERR_NOENT; a
/// client or user not allowed → MNT3ERR_ACCES. A successful mount is added
/// to the MOUNT list (DUMP).
///
/// Resolving a path below a share root may block (metadata lookups), so it
/// runs on the adapter's blocking thread, never on the event loop.
enum Mount3Mnt {
    static let flavors: [Int32] = [Int32(RPCAuthFlavor.sys.rawValue), Int32(RPCAuthFlavor.none.rawValue)]

    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try Mnt3Args(decoding: args)
        call.context.blocking.submit { state in
            guard state == .active else { return call.reject(.systemError) }
            call.reply(resolve(call, a.bytes))
        }
    }

    private static func resolve(_ call: Call, _ bytes: [UInt8]) -> Mnt3Res {
        let path = String(decoding: bytes, as: UTF8.self)
        let result: Mnt3Res
        switch call.host.shareResolve(call.cred, path) {
        case .success(let info) where info.access == UInt32(DFS_SHARE_NONE):
            result = .fail(.acces)
        case .success(let info):
            call.context.mounts.add(client: call.connection.address, path: bytes)
            result = .ok(MountRes3OK(fhandle: FileHandle3(info.root), authFlavors: flavors))
        case .failure(let e):
            result = .fail(StatusMap.mount3(e.status))
            call.host.log(DFSLog.debug, "nfs: MNT \(path) from \(call.connection.address) refused: \(e)")
        }
        if result.status != .ok { call.context.stats.statusError("MNT3ERR_\(result.status)".uppercased()) }
        return result
    }
}
