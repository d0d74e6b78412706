import NFSWire
import NIOCore

/// NFSPROC3_FSSTAT: space and inode counts of the share.
enum NFS3FSStat {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try FSStat3Args(decoding: args)
        guard let fh = a.fsroot.host else {
            return call.reply(FSStat3Res.fail(.badHandle, FSStat3ResFail(objAttributes: nil)))
        }
        call.host.statfs(call.cred, fh) { r in
            switch r {
            case .success(let s):
                call.reply(FSStat3Res.ok(FSStat3ResOK(
                    objAttributes: Fattr3.postOp(s.attr),
                    tbytes: s.bytes_total, fbytes: s.bytes_free, abytes: s.bytes_avail,
                    tfiles: s.files_total, ffiles: s.files_free, afiles: s.files_avail,
                    invarsec: 0)))
            case .failure(let e):
                call.reply(FSStat3Res.fail(StatusMap.nfs3(e), FSStat3ResFail(objAttributes: nil)))
            }
        }
    }
}
