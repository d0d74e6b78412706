@_spi(CustomByteBufferAllocator) import NIOCore

#if canImport(Glibc)
import Glibc
#endif

/// A `ByteBufferAllocator` for READ reply buffers that keeps freed large
/// blocks for reuse.
///
/// A 1 MiB READ needs a fresh ~1 MiB buffer; glibc serves allocations of
/// that size with mmap and frees them with munmap (its dynamic threshold
/// rises to the freed size, and an equal request is still mapped), so
/// every READ page-faulted 256 fresh pages in and unmapped them again —
/// ~20% of server CPU on sequential reads. Here blocks of 64 KiB and more
/// go back to a small pool when NIO releases the buffer and are handed out
/// again (same size class: the size rounded up to 64 KiB). At most
/// `maxPooled` blocks (about 32 MiB with 1 MiB reads) are kept; smaller
/// blocks and the overflow go to malloc/free as usual.
enum ReadBufferPool {
    static let allocator = ByteBufferAllocator(
        allocate: { size in poolAllocate(size) },
        reallocate: { ptr, oldSize, newSize in poolReallocate(ptr, oldSize, newSize) },
        deallocate: { ptr in poolDeallocate(ptr) },
        copy: { dst, src, count in dst.copyMemory(from: src, byteCount: count) })

    /// Blocks at least this large are pooled.
    static let minimumPooled = 64 << 10
    /// Most blocks kept.
    static let maxPooled = 32
    /// Bytes before the pointer handed out: the block's rounded size.
    static let header = 16

    nonisolated(unsafe) static let lock: UnsafeMutablePointer<pthread_mutex_t> = {
        let m = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        pthread_mutex_init(m, nil)
        return m
    }()
    /// Free blocks (their base, header included), guarded by `lock`.
    nonisolated(unsafe) static var free: [(size: Int, base: UnsafeMutableRawPointer)] = {
        var a: [(size: Int, base: UnsafeMutableRawPointer)] = []
        a.reserveCapacity(maxPooled)
        return a
    }()

    /// `size` rounded up to the pool's 64 KiB classes.
    static func sizeClass(_ size: Int) -> Int { (size + minimumPooled - 1) / minimumPooled * minimumPooled }
}

private func poolAllocate(_ size: Int) -> UnsafeMutableRawPointer? {
    let rounded = size >= ReadBufferPool.minimumPooled ? ReadBufferPool.sizeClass(size) : size
    var base: UnsafeMutableRawPointer?
    if rounded >= ReadBufferPool.minimumPooled {
        pthread_mutex_lock(ReadBufferPool.lock)
        if let i = ReadBufferPool.free.lastIndex(where: { $0.size == rounded }) {
            base = ReadBufferPool.free.remove(at: i).base
        }
        pthread_mutex_unlock(ReadBufferPool.lock)
    }
    if base == nil { base = malloc(ReadBufferPool.header + max(rounded, 1)) }
    guard let base else { return nil }
    base.storeBytes(of: rounded, as: Int.self)
    return base + ReadBufferPool.header
}

private func poolDeallocate(_ ptr: UnsafeMutableRawPointer) {
    let base = ptr - ReadBufferPool.header
    let size = base.load(as: Int.self)
    if size >= ReadBufferPool.minimumPooled {
        pthread_mutex_lock(ReadBufferPool.lock)
        if ReadBufferPool.free.count < ReadBufferPool.maxPooled {
            ReadBufferPool.free.append((size, base))
            pthread_mutex_unlock(ReadBufferPool.lock)
            return
        }
        pthread_mutex_unlock(ReadBufferPool.lock)
    }
    Glibc.free(base)
}

private func poolReallocate(_ ptr: UnsafeMutableRawPointer?, _ oldSize: Int, _ newSize: Int) -> UnsafeMutableRawPointer? {
    guard let ptr else { return poolAllocate(newSize) }
    guard let fresh = poolAllocate(newSize) else { return nil }
    let have = (ptr - ReadBufferPool.header).load(as: Int.self)
    fresh.copyMemory(from: ptr, byteCount: min(have, oldSize, newSize))
    poolDeallocate(ptr)
    return fresh
}
