/// devicedata3: attributes and device numbers for a new device node.
public struct DeviceData3: WireCodable, Hashable {
    public var devAttributes: Sattr3
    public var spec: SpecData3

    public init(devAttributes: Sattr3, spec: SpecData3) {
        self.devAttributes = devAttributes
        self.spec = spec
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        devAttributes = try Sattr3(from: &reader)
        spec = try SpecData3(from: &reader)
    }

    public func encode(into writer: inout XDRWriter) {
        devAttributes.encode(into: &writer)
        spec.encode(into: &writer)
    }
}

/// mknoddata3: `union switch (ftype3 type) { case NF3CHR: case NF3BLK:
/// devicedata3 device; case NF3SOCK: case NF3FIFO: sattr3 pipe_attributes;
/// default: void; }`.
public enum MknodData3: WireCodable, Hashable {
    /// NF3CHR with its device data.
    case chr(DeviceData3)
    /// NF3BLK with its device data.
    case blk(DeviceData3)
    /// NF3SOCK with its attributes.
    case sock(Sattr3)
    /// NF3FIFO with its attributes.
    case fifo(Sattr3)
    /// The void arm: NF3REG, NF3DIR or NF3LNK, which MKNOD cannot create
    /// (the server answers NFS3ERR_BADTYPE). Encoding any other type here
    /// writes just that discriminant, which a peer will misread.
    case other(FType3)

    /// The discriminant.
    public var type: FType3 {
        switch self {
        case .chr: .chr
        case .blk: .blk
        case .sock: .sock
        case .fifo: .fifo
        case .other(let type): type
        }
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        switch try FType3(from: &reader) {
        case .chr: self = .chr(try DeviceData3(from: &reader))
        case .blk: self = .blk(try DeviceData3(from: &reader))
        case .sock: self = .sock(try Sattr3(from: &reader))
        case .fifo: self = .fifo(try Sattr3(from: &reader))
        case let type: self = .other(type)
        }
    }

    public func encode(into writer: inout XDRWriter) {
        type.encode(into: &writer)
        switch self {
        case .chr(let device), .blk(let device): device.encode(into: &writer)
        case .sock(let attributes), .fifo(let attributes): attributes.encode(into: &writer)
        case .other: break
        }
    }
}
