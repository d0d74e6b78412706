import NIOCore

/// The body of an `AUTH_SYS` (a.k.a. `AUTH_UNIX`) credential, `authsys_parms`
/// in RFC 5531 appendix A: who the client says the caller is.
///
/// Nothing here is verified: the identity is the client's claim, and mapping it
/// (root squashing, id mapping) is the host's business.
public struct AuthSys: Hashable, Sendable {
    /// `string machinename<255>`.
    public static let maximumMachineNameLength = 255
    /// `unsigned int gids<16>`.
    public static let maximumGroupCount = 16

    /// An arbitrary id the client generates (often a timestamp).
    public var stamp: UInt32
    /// The client's host name, as sent (not validated as UTF-8; at most 255 bytes).
    public var machineName: [UInt8]
    /// The caller's effective user id.
    public var uid: UInt32
    /// The caller's effective group id.
    public var gid: UInt32
    /// Supplementary groups (at most 16).
    public var gids: [UInt32]

    public init(stamp: UInt32 = 0, machineName: [UInt8], uid: UInt32, gid: UInt32, gids: [UInt32] = []) {
        self.stamp = stamp
        self.machineName = machineName
        self.uid = uid
        self.gid = gid
        self.gids = gids
    }

    public init(stamp: UInt32 = 0, machineName: String, uid: UInt32, gid: UInt32, gids: [UInt32] = []) {
        self.init(stamp: stamp, machineName: Array(machineName.utf8), uid: uid, gid: gid, gids: gids)
    }

    /// ``machineName`` as text, with invalid UTF-8 repaired (for logs).
    public var machineNameString: String { String(decoding: machineName, as: UTF8.self) }

    /// Decodes a credential body (``RPCOpaqueAuth/body`` of an `AUTH_SYS` credential).
    ///
    /// A machine name over 255 bytes or more than 16 groups is `XDRError.tooLong`;
    /// a short body is `XDRError.truncated`. Bytes after the last group are
    /// ignored, as the Linux and BSD servers do. The server answers any error
    /// with `AUTH_ERROR(AUTH_BADCRED)`.
    public init(decoding body: ByteBuffer) throws(XDRError) {
        var r = XDRReader(body)
        stamp = try r.uint32()
        machineName = try r.string(maximum: Self.maximumMachineNameLength)
        uid = try r.uint32()
        gid = try r.uint32()
        let count = Int(try r.uint32())
        if count > Self.maximumGroupCount { throw .tooLong(length: count, maximum: Self.maximumGroupCount) }
        if r.remaining < 4 * count { throw .truncated(needed: 4 * count, available: r.remaining) }
        var gids: [UInt32] = []
        gids.reserveCapacity(count)
        for _ in 0..<count { gids.append(try r.uint32()) }
        self.gids = gids
    }

    /// Appends the XDR body (not the `opaque_auth` wrapper).
    public func encode(into writer: inout XDRWriter) {
        precondition(machineName.count <= Self.maximumMachineNameLength && gids.count <= Self.maximumGroupCount)
        writer.uint32(stamp)
        writer.opaque(machineName)
        writer.uint32(uid)
        writer.uint32(gid)
        writer.uint32(UInt32(gids.count))
        for g in gids { writer.uint32(g) }
    }

    /// This identity as an `AUTH_SYS` credential, ready for ``RPCCall/credential``.
    public var credential: RPCOpaqueAuth {
        var writer = XDRWriter(capacity: 20 + machineName.count + 4 * gids.count)
        encode(into: &writer)
        return RPCOpaqueAuth(flavor: .sys, body: writer.buffer)
    }
}
