import NFSWire
import NIOCore

/// NFSPROC3_LINK: a new name for an existing file.
enum NFS3Link {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try Link3Args(decoding: args)
        let none = Link3Wcc(fileAttributes: nil, linkdirWcc: .empty)
        guard let file = a.file.host, let dir = a.link.dir.host else {
            return call.reply(Link3Res.fail(.badHandle, none))
        }
        call.host.link(call.cred, file, dir: dir, a.link.name) { r in
            switch r {
            case .success(let e):
                call.reply(Link3Res.ok(Link3Wcc(fileAttributes: Fattr3.postOp(e.attr), linkdirWcc: WccData3(e.dir))))
            case .failure(let e):
                call.reply(Link3Res.fail(StatusMap.nfs3(e), none))
            }
        }
    }
}
