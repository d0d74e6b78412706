import NFSWire
import NIOCore

/// MOUNTPROC3_NULL.
enum Mount3Null {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        _ = try WireVoid(decoding: args)
        call.reply(WireVoid())
    }
}
