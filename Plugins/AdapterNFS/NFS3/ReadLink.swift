import NFSWire
import NIOCore

/// NFSPROC3_READLINK: a symbolic link's target.
enum NFS3ReadLink {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try ReadLink3Args(decoding: args)
        guard let fh = a.symlink.host else {
            return call.reply(ReadLink3Res.fail(.badHandle, ReadLink3ResFail(symlinkAttributes: nil)))
        }
        call.host.readlink(call.cred, fh) { r in
            switch r {
            case .success(let res):
                call.reply(ReadLink3Res.ok(ReadLink3ResOK(symlinkAttributes: Fattr3.postOp(res.attr), data: res.target)),
                           capacity: 128 + res.target.count)
            case .failure(let e):
                call.reply(ReadLink3Res.fail(StatusMap.nfs3(e), ReadLink3ResFail(symlinkAttributes: nil)))
            }
        }
    }
}
