/// nfstime3: seconds and nanoseconds since the epoch (both unsigned 32-bit).
public struct NFSTime3: WireCodable, Hashable {
    public var seconds: UInt32
    public var nseconds: UInt32

    public init(seconds: UInt32, nseconds: UInt32) {
        self.seconds = seconds
        self.nseconds = nseconds
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        seconds = try reader.uint32()
        nseconds = try reader.uint32()
    }

    public func encode(into writer: inout XDRWriter) {
        writer.uint32(seconds)
        writer.uint32(nseconds)
    }
}

/// specdata3: the major and minor device numbers of a block or character
/// device (zero for other types).
public struct SpecData3: WireCodable, Hashable {
    public var specdata1: UInt32
    public var specdata2: UInt32

    public init(specdata1: UInt32, specdata2: UInt32) {
        self.specdata1 = specdata1
        self.specdata2 = specdata2
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        specdata1 = try reader.uint32()
        specdata2 = try reader.uint32()
    }

    public func encode(into writer: inout XDRWriter) {
        writer.uint32(specdata1)
        writer.uint32(specdata2)
    }
}
