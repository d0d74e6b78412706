import NFSWire
import NIOCore
import PluginABI

/// NFSPROC3_SYMLINK: a symbolic link with the given target text.
enum NFS3SymLink {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try SymLink3Args(decoding: args)
        guard let dir = a.where.dir.host else { return NewObject.badHandle(call) }
        call.host.symlink(call.cred, dir, a.where.name, target: a.symlink.symlinkData,
                          dfs_sattr(a.symlink.symlinkAttributes)) { r in
            NewObject.reply(call, r)
        }
    }
}
