import NFSWire
import NIOCore
import PluginABI

/// NFSPROC3_WRITE: `count` bytes at `offset`, as stable as asked. The data
/// is a slice of the received record, handed to the host without a copy.
/// More than io_size (FSINFO wtmax) is cut to io_size; the reply's count
/// says how much was written. Data shorter than `count` is NFS3ERR_INVAL.
enum NFS3Write {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try Write3Args(decoding: args)
        guard let fh = a.file.host else {
            return call.reply(Write3Res.fail(.badHandle, Write3ResFail(fileWcc: .empty)))
        }
        guard a.data.readableBytes >= Int(a.count) else {
            return call.reply(Write3Res.fail(.inval, Write3ResFail(fileWcc: .empty)))
        }
        let length = min(Int(a.count), call.settings.ioSize)
        let data = a.data.getSlice(at: a.data.readerIndex, length: length)!
        call.host.write(call.cred, fh, offset: a.offset, data: data, stability: a.stable.rawValue) { r in
            switch r {
            case .success(let res):
                call.reply(Write3Res.ok(Write3ResOK(
                    fileWcc: WccData3(res.wcc), count: res.count,
                    committed: StableHow3(rawValue: res.committed) ?? .unstable, verf: res.verifier)))
            case .failure(let e):
                call.reply(Write3Res.fail(StatusMap.nfs3(e), Write3ResFail(fileWcc: .empty)))
            }
        }
    }
}
