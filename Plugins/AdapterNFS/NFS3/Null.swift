import NFSWire
import NIOCore

/// NFSPROC3_NULL: answers nothing, proves the server is there.
enum NFS3Null {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        _ = try Null3Args(decoding: args)
        call.reply(Null3Res())
    }
}
