import NFSWire
import NIOCore

/// NFSPROC3_RENAME: moves a name, possibly between directories of one share
/// (across shares: NFS3ERR_XDEV from the host).
enum NFS3Rename {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try Rename3Args(decoding: args)
        let none = Rename3Wcc(fromdirWcc: .empty, todirWcc: .empty)
        guard let from = a.from.dir.host, let to = a.to.dir.host else {
            return call.reply(Rename3Res.fail(.badHandle, none))
        }
        call.host.rename(call.cred, from: from, a.from.name, to: to, a.to.name) { r in
            switch r {
            case .success(let res):
                call.reply(Rename3Res.ok(Rename3Wcc(fromdirWcc: WccData3(res.from_dir), todirWcc: WccData3(res.to_dir))))
            case .failure(let e):
                call.reply(Rename3Res.fail(StatusMap.nfs3(e), none))
            }
        }
    }
}
