import NFSWire
import NIOCore

/// NFSPROC3_RMDIR: an empty directory.
enum NFS3RmDir {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try RmDir3Args(decoding: args)
        guard let dir = a.object.dir.host else {
            return call.reply(RmDir3Res.fail(.badHandle, DirWcc3(dirWcc: .empty)))
        }
        call.host.rmdir(call.cred, dir, a.object.name) { r in
            switch r {
            case .success(let wcc): call.reply(RmDir3Res.ok(DirWcc3(dirWcc: WccData3(wcc))))
            case .failure(let e): call.reply(RmDir3Res.fail(StatusMap.nfs3(e), DirWcc3(dirWcc: .empty)))
            }
        }
    }
}
