import NFSWire
import NIOCore
import PluginABI

/// NFSPROC3_MKDIR: a directory.
enum NFS3MkDir {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try MkDir3Args(decoding: args)
        guard let dir = a.where.dir.host else { return NewObject.badHandle(call) }
        call.host.mkdir(call.cred, dir, a.where.name, dfs_sattr(a.attributes)) { r in
            NewObject.reply(call, r)
        }
    }
}
