import NIOCore

/// An `opaque_auth` (RFC 5531 §8.2): a flavor and at most 400 bytes of body,
/// used for both the credential and the verifier of a call, and the verifier
/// of an accepted reply.
///
/// The body is a slice of the record it was decoded from (no copy).
public struct RPCOpaqueAuth: Hashable, Sendable {
    /// The largest body the protocol allows (`opaque_auth_body<400>`).
    public static let maximumBodySize = 400

    public var flavor: RPCAuthFlavor
    /// The flavor-specific body; for `AUTH_SYS` credentials, the XDR of ``AuthSys``.
    public var body: ByteBuffer

    public init(flavor: RPCAuthFlavor, body: ByteBuffer = ByteBuffer()) {
        self.flavor = flavor
        self.body = body
    }

    /// `AUTH_NONE` with an empty body: the verifier of every reply DittoFS sends.
    public static let none = RPCOpaqueAuth(flavor: .none)

    /// Writes flavor, length, body and padding. A body longer than
    /// ``maximumBodySize`` is a programming error (it would not decode).
    public func encode(into writer: inout XDRWriter) {
        precondition(body.readableBytes <= Self.maximumBodySize, "opaque_auth body over 400 bytes")
        writer.uint32(flavor.rawValue)
        writer.opaque(body)
    }
}

extension RPCOpaqueAuth {
    /// Reads an `opaque_auth`; a body over 400 bytes is `XDRError.tooLong`.
    init(reading reader: inout XDRReader) throws(XDRError) {
        flavor = RPCAuthFlavor(rawValue: try reader.uint32())
        body = try reader.opaqueSlice(maximum: Self.maximumBodySize)
    }
}
