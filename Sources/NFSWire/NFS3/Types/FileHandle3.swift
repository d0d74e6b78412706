/// nfs_fh3 (and MOUNT's fhandle3): `opaque data<NFS3_FHSIZE>`, an opaque
/// handle of at most 64 bytes chosen by the server.
public struct FileHandle3: WireCodable, Hashable {
    /// The handle's bytes (0...64 of them).
    public var bytes: [UInt8]

    public init(bytes: [UInt8]) { self.bytes = bytes }

    public init(from reader: inout XDRReader) throws(XDRError) {
        bytes = try reader.opaque(maximum: NFS3.fhSize)
    }

    public func encode(into writer: inout XDRWriter) { writer.opaque(bytes) }

    /// Encoded size: length word plus padded bytes.
    public var encodedSize: Int { XDRSize.opaque(bytes.count) }
}

/// post_op_fh3: `union switch (bool handle_follows) { case TRUE: nfs_fh3
/// handle; case FALSE: void; }`, held as an optional.
public typealias PostOpFH3 = FileHandle3?
