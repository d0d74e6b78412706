/// mountbody: one entry of the server's list of mounts (the client host and
/// the directory it mounted).
public struct MountBody3: Hashable, Sendable {
    /// ml_hostname: `name` (`string<MNTNAMLEN>`), raw bytes.
    public var hostname: [UInt8]
    /// ml_directory: `dirpath`, raw bytes.
    public var directory: [UInt8]

    public init(hostname: [UInt8], directory: [UInt8]) {
        self.hostname = hostname
        self.directory = directory
    }

    /// From strings (UTF-8).
    public init(hostname: String, directory: String) {
        self.init(hostname: Array(hostname.utf8), directory: Array(directory.utf8))
    }
}

/// MOUNTPROC3_DUMP's result, mountlist: the mounts as an XDR linked list
/// (`mountbody *`, each node's `ml_next` the "value follows" word).
public struct Dump3Res: WireCodable, Hashable {
    public var mounts: [MountBody3]

    public init(mounts: [MountBody3]) { self.mounts = mounts }

    public init(from reader: inout XDRReader) throws(XDRError) {
        mounts = try WireList.decodeLinked(&reader) { (r: inout XDRReader) throws(XDRError) in
            let host = try r.string(maximum: MOUNT3.maxNameLength)
            let dir = try r.string(maximum: MOUNT3.maxPathLength)
            return MountBody3(hostname: host, directory: dir)
        }
    }

    public func encode(into writer: inout XDRWriter) {
        WireList.encodeLinked(&writer, mounts) { w, body in
            w.opaque(body.hostname)
            w.opaque(body.directory)
        }
    }
}
