import NFSWire
import NIOCore

/// MOUNTPROC3_EXPORT: the shares the host shows this caller, with no group
/// list (who may mount is the host's decision at MNT).
enum Mount3Export {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        _ = try WireVoid(decoding: args)
        let names: [String]
        switch call.host.shareList(call.cred) {
        case .success(let list): names = list
        case .failure(let e):
            call.host.log(DFSLog.warn, "nfs: EXPORT: share_list failed: \(e)")
            names = []
        }
        let exports = names.map { ExportNode3(dir: Array($0.utf8), groups: []) }
        call.reply(Export3Res(exports: exports), capacity: 64 + exports.count * 64)
    }
}
