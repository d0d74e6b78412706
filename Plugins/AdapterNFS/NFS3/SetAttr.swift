import NFSWire
import NIOCore
import PluginABI

/// NFSPROC3_SETATTR: changes attributes, optionally guarded by the
/// object's ctime (a mismatch comes back from the host as BUSY →
/// NFS3ERR_NOT_SYNC). WCC data is captured by the host with the change.
enum NFS3SetAttr {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try SetAttr3Args(decoding: args)
        guard let fh = a.object.host else {
            return call.reply(SetAttr3Res.fail(.badHandle, SetAttr3ResFail(objWcc: .empty)))
        }
        let guardCtime = a.guardCtime.map { dfs_timespec($0) }
        call.host.setattr(call.cred, fh, dfs_sattr(a.newAttributes), guardCtime: guardCtime) { r in
            switch r {
            case .success(let wcc): call.reply(SetAttr3Res.ok(SetAttr3ResOK(objWcc: WccData3(wcc))))
            case .failure(let e): call.reply(SetAttr3Res.fail(StatusMap.nfs3(e), SetAttr3ResFail(objWcc: .empty)))
            }
        }
    }
}
