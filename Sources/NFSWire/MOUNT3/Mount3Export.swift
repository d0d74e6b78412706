/// exportnode: one exported directory and the groups (host names, netgroups,
/// or none for everyone) allowed to mount it.
public struct ExportNode3: Hashable, Sendable {
    /// ex_dir: `dirpath`, raw bytes.
    public var dir: [UInt8]
    /// ex_groups: each a `name` (`string<MNTNAMLEN>`), raw bytes; encoded as
    /// a linked list of groupnode.
    public var groups: [[UInt8]]

    public init(dir: [UInt8], groups: [[UInt8]]) {
        self.dir = dir
        self.groups = groups
    }

    /// From strings (UTF-8).
    public init(dir: String, groups: [String]) {
        self.init(dir: Array(dir.utf8), groups: groups.map { Array($0.utf8) })
    }
}

/// MOUNTPROC3_EXPORT's result, exports: the export list as an XDR linked
/// list of exportnode, each with a nested linked list of groupnode.
public struct Export3Res: WireCodable, Hashable {
    public var exports: [ExportNode3]

    public init(exports: [ExportNode3]) { self.exports = exports }

    public init(from reader: inout XDRReader) throws(XDRError) {
        exports = try WireList.decodeLinked(&reader) { (r: inout XDRReader) throws(XDRError) in
            let dir = try r.string(maximum: MOUNT3.maxPathLength)
            let groups = try WireList.decodeLinked(&r) { (g: inout XDRReader) throws(XDRError) in
                try g.string(maximum: MOUNT3.maxNameLength)
            }
            return ExportNode3(dir: dir, groups: groups)
        }
    }

    public func encode(into writer: inout XDRWriter) {
        WireList.encodeLinked(&writer, exports) { w, node in
            w.opaque(node.dir)
            WireList.encodeLinked(&w, node.groups) { $0.opaque($1) }
        }
    }
}
