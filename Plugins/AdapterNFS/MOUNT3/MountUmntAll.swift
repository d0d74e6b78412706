import NFSWire
import NIOCore

/// MOUNTPROC3_UMNTALL: removes every entry of this client from the MOUNT list.
enum Mount3UmntAll {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        _ = try WireVoid(decoding: args)
        call.context.mounts.removeAll(client: call.connection.address)
        call.reply(WireVoid())
    }
}
