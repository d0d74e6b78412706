/// diropargs3: a directory and a name in it.
public struct DirOpArgs3: WireCodable, Hashable {
    public var dir: FileHandle3
    /// filename3: raw bytes, not necessarily UTF-8. RFC 1813 gives no bound;
    /// decoding accepts up to ``NFS3/maxNameLength`` bytes and the server
    /// enforces its own limit.
    public var name: [UInt8]

    public init(dir: FileHandle3, name: [UInt8]) {
        self.dir = dir
        self.name = name
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        dir = try FileHandle3(from: &reader)
        name = try reader.string(maximum: NFS3.maxNameLength)
    }

    public func encode(into writer: inout XDRWriter) {
        dir.encode(into: &writer)
        writer.opaque(name)
    }
}
