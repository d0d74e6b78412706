import NFSWire
import NIOCore

/// NFSPROC3_REMOVE: a non-directory name.
enum NFS3Remove {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try Remove3Args(decoding: args)
        guard let dir = a.object.dir.host else {
            return call.reply(Remove3Res.fail(.badHandle, DirWcc3(dirWcc: .empty)))
        }
        call.host.remove(call.cred, dir, a.object.name) { r in
            switch r {
            case .success(let wcc): call.reply(Remove3Res.ok(DirWcc3(dirWcc: WccData3(wcc))))
            case .failure(let e): call.reply(Remove3Res.fail(StatusMap.nfs3(e), DirWcc3(dirWcc: .empty)))
            }
        }
    }
}
