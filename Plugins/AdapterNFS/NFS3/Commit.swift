import NFSWire
import NIOCore

/// NFSPROC3_COMMIT: makes earlier UNSTABLE writes durable; answers with
/// the write verifier, which changes when the server restarts (so the
/// client knows to resend what it had not committed).
enum NFS3Commit {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try Commit3Args(decoding: args)
        guard let fh = a.file.host else {
            return call.reply(Commit3Res.fail(.badHandle, Commit3ResFail(fileWcc: .empty)))
        }
        call.host.commit(call.cred, fh, offset: a.offset, count: UInt64(a.count)) { r in
            switch r {
            case .success(let res):
                call.reply(Commit3Res.ok(Commit3ResOK(fileWcc: WccData3(res.wcc), verf: res.verifier)))
            case .failure(let e):
                call.reply(Commit3Res.fail(StatusMap.nfs3(e), Commit3ResFail(fileWcc: .empty)))
            }
        }
    }
}
