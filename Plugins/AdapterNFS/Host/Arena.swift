import NIOCore
import PluginABI

#if canImport(Glibc)
import Glibc
#endif

/// Memory handed to an asynchronous host op: it must stay valid until the
/// op's `done` has been called (see dfs_adapter.h), so it is owned by the
/// op's completion box and freed when the box goes away.
///
/// Small inputs (handles, names, sattr) are copied into malloc'ed memory;
/// WRITE data is not copied: the ByteBuffer's storage is retained instead.
final class Arena {
    private var allocations: [UnsafeMutableRawPointer] = []
    private var retained: [Unmanaged<AnyObject>] = []

    init() {}

    deinit {
        for p in allocations { free(p) }
        for r in retained { r.release() }
    }

    /// A stable copy of `value`.
    func copy<T>(_ value: T) -> UnsafePointer<T> {
        let raw = malloc(max(MemoryLayout<T>.stride, 1))!
        allocations.append(raw)
        let p = raw.bindMemory(to: T.self, capacity: 1)
        p.initialize(to: value)
        return UnsafePointer(p)
    }

    /// A stable copy of `bytes` (never NULL, even when empty).
    func copy(bytes: [UInt8]) -> UnsafePointer<UInt8> {
        let raw = malloc(max(bytes.count, 1))!
        allocations.append(raw)
        bytes.withUnsafeBytes { src in
            if src.count > 0 { raw.copyMemory(from: src.baseAddress!, byteCount: src.count) }
        }
        return UnsafePointer(raw.assumingMemoryBound(to: UInt8.self))
    }

    /// A NUL-terminated copy of `string`.
    func copy(cString string: String) -> UnsafePointer<CChar> {
        let p = strdup(string)!
        allocations.append(UnsafeMutableRawPointer(p))
        return UnsafePointer(p)
    }

    /// The readable bytes of `buffer`, kept alive (not copied) by retaining
    /// the buffer's storage until the arena goes away.
    func pin(_ buffer: ByteBuffer) -> (UnsafePointer<UInt8>?, UInt32) {
        buffer.withUnsafeReadableBytesWithStorageManagement { raw, storage in
            _ = storage.retain()
            retained.append(storage)
            return (raw.baseAddress?.assumingMemoryBound(to: UInt8.self), UInt32(raw.count))
        }
    }
}
