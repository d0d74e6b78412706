/// The resok of CREATE, MKDIR, SYMLINK and MKNOD (identical in RFC 1813):
/// the new object's handle and attributes, and the directory's wcc_data.
public struct NewObject3ResOK: WireCodable, Hashable {
    /// post_op_fh3: the new object's handle (optional on the wire; a client
    /// without it does a LOOKUP).
    public var obj: FileHandle3?
    public var objAttributes: Fattr3?
    public var dirWcc: WccData3

    public init(obj: FileHandle3?, objAttributes: Fattr3?, dirWcc: WccData3) {
        self.obj = obj
        self.objAttributes = objAttributes
        self.dirWcc = dirWcc
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        obj = try FileHandle3?(from: &reader)
        objAttributes = try Fattr3?(from: &reader)
        dirWcc = try WccData3(from: &reader)
    }

    public func encode(into writer: inout XDRWriter) {
        obj.encode(into: &writer)
        objAttributes.encode(into: &writer)
        dirWcc.encode(into: &writer)
    }
}

/// A result arm holding only the directory's wcc_data: the resfail of
/// CREATE, MKDIR, SYMLINK and MKNOD, and both arms of REMOVE and RMDIR.
public struct DirWcc3: WireCodable, Hashable {
    public var dirWcc: WccData3

    public init(dirWcc: WccData3) { self.dirWcc = dirWcc }
    public init(from reader: inout XDRReader) throws(XDRError) { dirWcc = try WccData3(from: &reader) }
    public func encode(into writer: inout XDRWriter) { dirWcc.encode(into: &writer) }
}
