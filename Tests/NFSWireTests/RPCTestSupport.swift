import NIOCore

/// Big-endian bytes of 32-bit words, for writing expected wire images.
func rpcWords(_ words: UInt32...) -> [UInt8] {
    words.flatMap { w in [UInt8(w >> 24), UInt8(w >> 16 & 0xFF), UInt8(w >> 8 & 0xFF), UInt8(w & 0xFF)] }
}

/// The readable bytes of a buffer.
func rpcBytes(_ buffer: ByteBuffer) -> [UInt8] { Array(buffer.readableBytesView) }

/// A Linux-style NFSv3 GETATTR call with an AUTH_SYS credential, written field
/// by field from the RFC 5531 / RFC 1813 layouts (not produced by our encoder).
enum LinuxGetattrCapture {
    static let xid: UInt32 = 0x6D2A_1B3C
    static let stamp: UInt32 = 0x5F3E_1A2B
    static let machineName = "client"  // 6 bytes, padded to 8
    static let uid: UInt32 = 1000
    static let gid: UInt32 = 1000
    static let gids: [UInt32] = [1000, 4, 24, 27]
    /// A 28-byte knfsd-style file handle.
    static let fileHandle: [UInt8] = [
        0x01, 0x00, 0x07, 0x01, 0x00, 0x08, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00, 0xA1, 0xB2,
        0xC3, 0xD4, 0x02, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x11, 0x22, 0x33, 0x44,
    ]

    /// The credential body: stamp, name, uid, gid, gids (4 + 4+8 + 4 + 4 + 4+16 = 44 bytes).
    static var credentialBody: [UInt8] {
        rpcWords(stamp, 6) + Array(machineName.utf8) + [0, 0] + rpcWords(uid, gid, 4) + rpcWords(1000, 4, 24, 27)
    }

    /// GETATTR3args: nfs_fh3 = opaque<64>.
    static var arguments: [UInt8] { rpcWords(28) + fileHandle }

    /// The record (without its record mark).
    static var record: [UInt8] {
        rpcWords(xid, 0 /* CALL */, 2 /* rpcvers */, 100_003 /* NFS */, 3, 1 /* GETATTR */)
            + rpcWords(1 /* AUTH_SYS */, 44) + credentialBody
            + rpcWords(0 /* AUTH_NONE */, 0)
            + arguments
    }

    /// The record with its record mark (one last fragment), as on the wire.
    static var wire: [UInt8] { rpcWords(0x8000_0000 | UInt32(record.count)) + record }
}
