import NFSWire
import NIOCore

/// MOUNTPROC3_UMNT: removes (this client, path) from the MOUNT list.
enum Mount3Umnt {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try Umnt3Args(decoding: args)
        call.context.mounts.remove(client: call.connection.address, path: a.bytes)
        call.reply(WireVoid())
    }
}
