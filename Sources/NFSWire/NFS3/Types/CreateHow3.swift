/// createhow3: `union switch (createmode3 mode) { case UNCHECKED: case
/// GUARDED: sattr3 obj_attributes; case EXCLUSIVE: createverf3 verf; }`.
public enum CreateHow3: WireCodable, Hashable {
    /// UNCHECKED with the initial attributes.
    case unchecked(Sattr3)
    /// GUARDED with the initial attributes.
    case guarded(Sattr3)
    /// EXCLUSIVE with the client's verifier (the 8 bytes as big-endian).
    case exclusive(CreateVerf3)

    /// The discriminant.
    public var mode: CreateMode3 {
        switch self {
        case .unchecked: .unchecked
        case .guarded: .guarded
        case .exclusive: .exclusive
        }
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        switch try CreateMode3(from: &reader) {
        case .unchecked: self = .unchecked(try Sattr3(from: &reader))
        case .guarded: self = .guarded(try Sattr3(from: &reader))
        case .exclusive: self = .exclusive(try reader.uint64())
        }
    }

    public func encode(into writer: inout XDRWriter) {
        mode.encode(into: &writer)
        switch self {
        case .unchecked(let attributes), .guarded(let attributes): attributes.encode(into: &writer)
        case .exclusive(let verf): writer.uint64(verf)
        }
    }
}
