import NFSWire
import NIOCore
import PluginABI

/// NFSPROC3_MKNOD: a device, socket or FIFO. Asking for a regular file,
/// directory or link is NFS3ERR_BADTYPE (RFC 1813 §3.3.11).
enum NFS3MkNod {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try MkNod3Args(decoding: args)
        guard let dir = a.where.dir.host else { return NewObject.badHandle(call) }
        let sattr: Sattr3
        var rdev: UInt64 = 0
        switch a.what {
        case .chr(let d), .blk(let d):
            sattr = d.devAttributes
            rdev = UInt64(d.spec.specdata1) << 32 | UInt64(d.spec.specdata2)
        case .sock(let s), .fifo(let s):
            sattr = s
        case .other:
            return call.reply(MkNod3Res.fail(.badType, DirWcc3(dirWcc: .empty)))
        }
        call.host.mknod(call.cred, dir, a.where.name, type: a.what.type.dfsType, rdev: rdev, dfs_sattr(sattr)) { r in
            NewObject.reply(call, r)
        }
    }
}
