import PluginABI

/// Copy `len` borrowed bytes at `ptr` into an array (NULL/0 gives []).
@inline(__always)
public func bytes(_ ptr: UnsafePointer<UInt8>?, _ len: UInt32) -> [UInt8] {
    guard let ptr, len > 0 else { return [] }
    return Array(UnsafeBufferPointer(start: ptr, count: Int(len)))
}

/// Byte-wise lexicographic comparison (memcmp order, shorter prefix first):
/// the order every listing in the ABI uses.
@inline(__always)
public func bytesLess(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    a.lexicographicallyPrecedes(b)
}

/// Boxing a Swift object as an opaque C pointer and back.
public enum Opaque {
    /// Retains `obj` and returns it as an opaque pointer of type `P`.
    public static func retain<T: AnyObject, P>(_ obj: T, as _: P.Type = P.self) -> P {
        unsafeBitCast(Unmanaged.passRetained(obj).toOpaque(), to: P.self)
    }
    /// The object behind `p`, not consuming the reference.
    public static func get<T: AnyObject, P>(_ p: P, as _: T.Type = T.self) -> T {
        Unmanaged<T>.fromOpaque(unsafeBitCast(p, to: UnsafeRawPointer.self)).takeUnretainedValue()
    }
    /// Releases the reference taken by `retain`.
    public static func release<T: AnyObject, P>(_ p: P, as _: T.Type = T.self) {
        Unmanaged<T>.fromOpaque(unsafeBitCast(p, to: UnsafeRawPointer.self)).release()
    }
}
