/// wcc_attr: the subset of attributes a client uses for weak cache
/// consistency, taken just before an operation.
public struct WccAttr3: WireCodable, Hashable {
    public var size: UInt64
    public var mtime: NFSTime3
    public var ctime: NFSTime3

    public init(size: UInt64, mtime: NFSTime3, ctime: NFSTime3) {
        self.size = size
        self.mtime = mtime
        self.ctime = ctime
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        size = try reader.uint64()
        mtime = try NFSTime3(from: &reader)
        ctime = try NFSTime3(from: &reader)
    }

    public func encode(into writer: inout XDRWriter) {
        writer.uint64(size)
        mtime.encode(into: &writer)
        ctime.encode(into: &writer)
    }
}

/// pre_op_attr: `union switch (bool attributes_follow) { case TRUE: wcc_attr
/// attributes; case FALSE: void; }`, held as an optional.
public typealias PreOpAttr = WccAttr3?

/// wcc_data: attributes before (pre_op_attr) and after (post_op_attr) an
/// operation that changed an object.
public struct WccData3: WireCodable, Hashable {
    public var before: WccAttr3?
    public var after: Fattr3?

    public init(before: WccAttr3? = nil, after: Fattr3? = nil) {
        self.before = before
        self.after = after
    }

    public init(from reader: inout XDRReader) throws(XDRError) {
        before = try WccAttr3?(from: &reader)
        after = try Fattr3?(from: &reader)
    }

    public func encode(into writer: inout XDRWriter) {
        before.encode(into: &writer)
        after.encode(into: &writer)
    }
}
