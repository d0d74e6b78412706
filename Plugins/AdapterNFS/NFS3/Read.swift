import NFSWire
import NIOCore

/// NFSPROC3_READ: up to `count` bytes (at most io_size, FSINFO rtmax) from
/// `offset`. The host's data is copied once in its completion, once more
/// into the reply.
enum NFS3Read {
    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try Read3Args(decoding: args)
        guard let fh = a.file.host else {
            return call.reply(Read3Res.fail(.badHandle, Read3ResFail(fileAttributes: nil)))
        }
        let count = min(a.count, UInt32(call.settings.ioSize))
        call.host.read(call.cred, fh, offset: a.offset, count: count) { r in
            switch r {
            case .success(let res):
                let attributes = Fattr3.postOp(res.attr)
                let size = 4 + Read3ResOK.encodedSize(dataLength: res.data.readableBytes, hasAttributes: attributes != nil)
                call.replyEncoding(capacity: size) { w in
                    res.data.withUnsafeReadableBytes { data in
                        Read3Res.encodeOK(into: &w, fileAttributes: attributes, eof: res.eof, data: data)
                    }
                }
            case .failure(let e):
                call.reply(Read3Res.fail(StatusMap.nfs3(e), Read3ResFail(fileAttributes: nil)))
            }
        }
    }
}
