import NFSWire
import NIOCore

/// NFSPROC3_GETATTR: the object's attributes.
enum NFS3GetAttr {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try GetAttr3Args(decoding: args)
        guard let fh = a.object.host else { return call.reply(GetAttr3Res.fail(.badHandle)) }
        call.host.getattr(call.cred, fh) { r in
            switch r {
            case .success(let attr): call.reply(GetAttr3Res.ok(GetAttr3ResOK(objAttributes: Fattr3(attr))))
            case .failure(let e): call.reply(GetAttr3Res.fail(StatusMap.nfs3(e)))
            }
        }
    }
}
