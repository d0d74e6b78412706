import NFSWire
import NIOCore

/// NFSPROC3_ACCESS: which of the asked ACCESS3 bits the caller has. The
/// ACCESS3 bits and the host's DFS_ACCESS_* bits have the same values;
/// bits the protocol does not define are not passed on.
enum NFS3Access {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try Access3Args(decoding: args)
        guard let fh = a.object.host else {
            return call.reply(Access3Res.fail(.badHandle, Access3ResFail(objAttributes: nil)))
        }
        let known: Access3 = [.read, .lookup, .modify, .extend, .delete, .execute]
        let asked = a.access.intersection(known)
        call.host.access(call.cred, fh, asked.rawValue) { r in
            switch r {
            case .success(let res):
                call.reply(Access3Res.ok(Access3ResOK(
                    objAttributes: Fattr3.postOp(res.attr),
                    access: Access3(rawValue: res.granted).intersection(asked))))
            case .failure(let e):
                call.reply(Access3Res.fail(StatusMap.nfs3(e), Access3ResFail(objAttributes: nil)))
            }
        }
    }
}
