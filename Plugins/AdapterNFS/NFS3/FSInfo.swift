import NFSWire
import NIOCore

/// NFSPROC3_FSINFO: the server's limits. rtmax = rtpref = wtmax = wtpref =
/// io_size (≥ 1 MiB); multiples of 4 KiB; directory reads of 64 KiB;
/// nanosecond times; hard links, symlinks, homogeneous PATHCONF and
/// settable times. The handle is checked (and attributes fetched) with a
/// GETATTR.
enum NFS3FSInfo {
    /// Largest file size offered (the host's sizes are 63-bit).
    static let maxFileSize = UInt64(Int64.max)
    static let dtpref: UInt32 = 64 * 1024
    static let properties: FSInfoProperties3 = [.link, .symlink, .homogeneous, .canSetTime]

    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try FSInfo3Args(decoding: args)
        guard let fh = a.fsroot.host else {
            return call.reply(FSInfo3Res.fail(.badHandle, FSInfo3ResFail(objAttributes: nil)))
        }
        let io = UInt32(call.settings.ioSize)
        call.host.getattr(call.cred, fh) { r in
            switch r {
            case .success(let attr):
                call.reply(FSInfo3Res.ok(FSInfo3ResOK(
                    objAttributes: Fattr3(attr),
                    rtmax: io, rtpref: io, rtmult: 4096,
                    wtmax: io, wtpref: io, wtmult: 4096,
                    dtpref: dtpref, maxFileSize: maxFileSize,
                    timeDelta: NFSTime3(seconds: 0, nseconds: 1),
                    properties: properties)))
            case .failure(let e):
                call.reply(FSInfo3Res.fail(StatusMap.nfs3(e), FSInfo3ResFail(objAttributes: nil)))
            }
        }
    }
}
