import NFSWire
import NIOCore

/// MOUNTPROC3_DUMP: the MOUNT list (client address, path).
enum Mount3Dump {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        _ = try WireVoid(decoding: args)
        let mounts = call.context.mounts.all.map { MountBody3(hostname: Array($0.client.utf8), directory: $0.path) }
        call.reply(Dump3Res(mounts: mounts), capacity: 64 + mounts.count * 64)
    }
}
