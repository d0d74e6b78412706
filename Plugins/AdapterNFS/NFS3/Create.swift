import NFSWire
import NIOCore
import PluginABI

/// NFSPROC3_CREATE: a regular file, UNCHECKED, GUARDED or EXCLUSIVE (the
/// host keeps the verifier so a retransmitted EXCLUSIVE create succeeds).
enum NFS3Create {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try Create3Args(decoding: args)
        guard let dir = a.where.dir.host else { return NewObject.badHandle(call) }
        let how: UInt32
        let sattr: dfs_sattr
        var verifier: UInt64 = 0
        switch a.how {
        case .unchecked(let s): how = UInt32(DFS_CREATE_UNCHECKED); sattr = dfs_sattr(s)
        case .guarded(let s): how = UInt32(DFS_CREATE_GUARDED); sattr = dfs_sattr(s)
        case .exclusive(let v): how = UInt32(DFS_CREATE_EXCLUSIVE); sattr = .none; verifier = v
        }
        call.host.create(call.cred, dir, a.where.name, how: how, sattr, verifier: verifier) { r in
            NewObject.reply(call, r)
        }
    }
}
