import NFSWire
import NIOCore

/// NFSPROC3_PATHCONF: the same answer for every object (FSINFO says
/// homogeneous): 255-byte names, no silent truncation, chown restricted to
/// root, case-sensitive and case-preserving. The handle is checked (and
/// attributes fetched) with a GETATTR.
enum NFS3PathConf {
    /// Most hard links to one file (the host's nlink is 32-bit; keep to what
    /// Linux clients expect).
    static let linkMax: UInt32 = 65000
    static let nameMax: UInt32 = 255

    static func run(_ call: Call, _ args: ByteBuffer) throws(XDRError) {
        let a = try PathConf3Args(decoding: args)
        guard let fh = a.object.host else {
            return call.reply(PathConf3Res.fail(.badHandle, PathConf3ResFail(objAttributes: nil)))
        }
        call.host.getattr(call.cred, fh) { r in
            switch r {
            case .success(let attr):
                call.reply(PathConf3Res.ok(PathConf3ResOK(
                    objAttributes: Fattr3(attr), linkMax: linkMax, nameMax: nameMax,
                    noTrunc: true, chownRestricted: true, caseInsensitive: false, casePreserving: true)))
            case .failure(let e):
                call.reply(PathConf3Res.fail(StatusMap.nfs3(e), PathConf3ResFail(objAttributes: nil)))
            }
        }
    }
}
