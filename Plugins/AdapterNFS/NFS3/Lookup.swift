import NFSWire
import NIOCore

/// NFSPROC3_LOOKUP: a name in a directory → its handle and attributes.
enum NFS3Lookup {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try Lookup3Args(decoding: args)
        guard let dir = a.what.dir.host else {
            return call.reply(Lookup3Res.fail(.badHandle, Lookup3ResFail(dirAttributes: nil)))
        }
        call.host.lookup(call.cred, dir, a.what.name) { r in
            switch r {
            case .success(let e):
                call.reply(Lookup3Res.ok(Lookup3ResOK(
                    object: FileHandle3(e.fh), objAttributes: Fattr3.postOp(e.attr),
                    dirAttributes: e.dir.has_post != 0 ? Fattr3.postOp(e.dir.post) : nil)))
            case .failure(let e):
                call.reply(Lookup3Res.fail(StatusMap.nfs3(e), Lookup3ResFail(dirAttributes: nil)))
            }
        }
    }
}
