import NFSWire
import NIOCore
import PluginABI

/// NFSPROC3_READ: up to `count` bytes (at most io_size, FSINFO rtmax) from
/// `offset`. The host reads the data straight into a buffer with room
/// before it for the RPC and READ3res headers (and the record mark), which
/// are then written in front of it while the buffer is still uniquely owned
/// (no copy-on-write): the data is never copied in user space.
enum NFS3Read {
    /// Record mark + accepted-reply header + status + post_op_attr + count,
    /// eof and the opaque's length: the most that goes before the data.
    static let headroom = RecordMark.size + 24 + 4 + (4 + Fattr3.encodedSize) + 12

    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try Read3Args(decoding: args)
        guard let fh = a.file.host else {
            return call.reply(Read3Res.fail(.badHandle, Read3ResFail(fileAttributes: nil)))
        }
        let count = min(a.count, UInt32(call.settings.ioSize))
        let xid = call.xid
        call.host.read(call.cred, fh, offset: a.offset, count: count, headroom: headroom, tailroom: 3,
                       shape: { buf, eof, attr in frame(xid: xid, &buf, eof: eof, attr: attr) }) { r in
            switch r {
            case .success(let res):
                call.respond(.reply(res.data))
            case .failure(let e):
                call.reply(Read3Res.fail(StatusMap.nfs3(e), Read3ResFail(fileAttributes: nil)))
            }
        }
    }

    /// Turns `data` (the file data as readable bytes, with `headroom` bytes
    /// before it and 3 after) into the whole RPC reply in place. `data` must
    /// be uniquely owned, or this copies.
    static func frame(xid: UInt32, _ data: inout ByteBuffer, eof: Bool, attr: dfs_attr) {
        let length = data.readableBytes
        var header = XDRWriter(capacity: headroom)
        RPCReply.writeSuccessHeader(xid: xid, into: &header)
        NFSStat3.ok.encode(into: &header)
        Fattr3.postOp(attr).encode(into: &header)
        header.uint32(UInt32(length))
        header.bool(eof)
        header.uint32(UInt32(length))
        let start = data.readerIndex - header.buffer.readableBytes
        precondition(start >= RecordMark.size, "READ headroom too small")
        data.setBuffer(header.buffer, at: start)
        data.moveReaderIndex(to: start)
        data.writeRepeatingByte(0, count: (4 - length % 4) % 4)
    }

}
