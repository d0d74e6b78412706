#if canImport(Glibc)
import Glibc
#endif
import HostPlugins

extension CachedPayload {
    /// Where a read of `key` is served from, decided under the lock.
    enum Source {
        case journal(RecordLocation, length: Int)
        case deleted
        case clean(file: UInt64, length: Int)
        /// Not cached; `epoch` is the write epoch when that was seen.
        case miss(epoch: UInt64)
    }

    func source(_ key: [UInt8]) -> Source {
        cond.lock()
        defer { cond.unlock() }
        switch table.phase(key) {
        case .clean(let length, let file)?:
            lru.touch(key)
            return .clean(file: file, length: length)
        case let p?:
            let v = p.latest!
            if v.kind == .delete { return .deleted }
            return .journal(records[v.seq]!, length: v.length)
        case nil:
            return .miss(epoch: writeEpoch)
        }
    }

    /// Read a byte range: dirty data from the journal, clean data from its
    /// block file, anything else from the store (the whole block is fetched
    /// and kept as a clean block when it fits).
    public func get(_ key: [UInt8], offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(DFSError) -> Int {
        try checkKey(key)
        for _ in 0..<4 {
            switch source(key) {
            case .deleted:
                throw DFSError(.noent, "block deleted")
            case .journal(let loc, let length):
                let n = offset >= UInt64(length) ? 0 : min(buffer.count, length - Int(offset))
                if n > 0 {
                    try loc.segment.read(at: loc.dataOffset + offset, into: UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n]))
                }
                return n
            case .clean(let file, let length):
                if let n = try readClean(key, file: file, length: length, offset: offset, into: buffer) { return n }
            case .miss(let epoch):
                guard let block = try fetch(key, epoch: epoch) else { throw DFSError(.noent, "no such block") }
                let n = offset >= UInt64(block.count) ? 0 : min(buffer.count, block.count - Int(offset))
                if n > 0 {
                    block.withUnsafeBytes { src in
                        buffer.baseAddress!.copyMemory(from: src.baseAddress! + Int(offset), byteCount: n)
                    }
                }
                return n
            }
        }
        // The block changed state under every attempt: read the store.
        return try store.get(key, offset: offset, into: buffer)
    }

    /// Size of `key`: from the table, else fetched from the store.
    public func size(_ key: [UInt8]) throws(DFSError) -> UInt64? {
        try checkKey(key)
        switch source(key) {
        case .deleted: return nil
        case .journal(_, let length), .clean(_, let length): return UInt64(length)
        case .miss(let epoch): return try fetch(key, epoch: epoch).map { UInt64($0.count) }
        }
    }

    /// The store's listing with the cache's changes applied: dirty puts
    /// added (with their size), dirty deletes removed.
    ///
    /// The table is read before the store: a delete uploaded in between is
    /// then still a dirty delete in the snapshot and hides the key, while a
    /// store listing taken first could still show a key whose delete
    /// finished uploading (and left the table) before the snapshot.
    public func list(prefix: [UInt8], startAfter: [UInt8], _ body: ([UInt8], UInt64) -> Bool) throws(DFSError) {
        var overlay: [[UInt8]: UInt64?] = [:]
        cond.lock()
        for (k, p) in table.all where k.starts(with: prefix) && (startAfter.isEmpty || startAfter.lexicographicallyPrecedes(k)) {
            switch p {
            case .clean(let length, _): overlay[k] = UInt64(length)
            default:
                let v = p.latest!
                overlay[k] = v.kind == .delete ? .some(nil) : UInt64(v.length)
            }
        }
        cond.unlock()
        var merged: [[UInt8]: UInt64] = [:]
        try store.list(prefix: prefix, startAfter: startAfter) { k, s in merged[k] = s; return true }
        for (k, size) in overlay {
            if let size { merged[k] = size } else { merged.removeValue(forKey: k) }
        }
        for k in merged.keys.sorted(by: { $0.lexicographicallyPrecedes($1) }) {
            if !body(k, merged[k]!) { return }
        }
    }

    /// pread from a clean block file; nil when it vanished (evicted, or its
    /// file could not be written), so the caller looks again.
    func readClean(_ key: [UInt8], file: UInt64, length: Int, offset: UInt64,
                   into buffer: UnsafeMutableRawBufferPointer) throws(DFSError) -> Int? {
        let path = cleanPath(file)
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            // Gone: forget the entry if it still names this file.
            cond.lock()
            if case .clean(_, let f)? = table.phase(key), f == file { perform(table.apply(.evict, to: key), key: key) }
            cond.unlock()
            return nil
        }
        defer { Glibc.close(fd) }
        let n = offset >= UInt64(length) ? 0 : min(buffer.count, length - Int(offset))
        if n == 0 { return 0 }
        let got = try Posix.preadAll(fd, UnsafeMutableRawBufferPointer(rebasing: buffer[0..<n]), at: offset, "read \(path)")
        if got != n { throw DFSError(.io, "cache: clean block file \(path) is short") }
        return n
    }

    /// Get the whole block from the store; keep it as a clean block when no
    /// write happened meanwhile and it fits. nil when the store has none.
    func fetch(_ key: [UInt8], epoch: UInt64) throws(DFSError) -> [UInt8]? {
        // One byte more than a block: a full buffer means "larger than
        // expected", which is served but not cached.
        guard var block = try store.read(key, offset: 0, length: blockSize + 1) else { return nil }
        if block.count > blockSize {
            block = try store.read(key, offset: 0, length: Int(try store.size(key) ?? 0)) ?? []
            return block
        }
        guard UInt64(block.count) <= sizeBytes else { return block }
        cond.lock()
        let file = nextFile
        nextFile += 1
        let stillAbsent = writeEpoch == epoch && table.phase(key) == nil
        cond.unlock()
        guard stillAbsent, writeClean(file, block) else { return block }
        cond.lock()
        let actions = writeEpoch == epoch ? table.apply(.fetched(length: block.count, file: file), to: key) : [.refused]
        if actions == [.refused] { unlink(cleanPath(file)) } else { perform(actions, key: key) }
        cond.unlock()
        return block
    }

    /// Write a clean block file (not fsynced: it is only a read cache).
    func writeClean(_ file: UInt64, _ data: [UInt8]) -> Bool {
        let path = cleanPath(file)
        do {
            let fd = try Posix.open(path, O_WRONLY | O_CREAT | O_TRUNC)
            defer { Glibc.close(fd) }
            try data.withUnsafeBufferPointer { (bp) throws(DFSError) in try Posix.pwriteAll(fd, UnsafeRawBufferPointer(bp), at: 0, "write \(path)") }
            return true
        } catch {
            unlink(path)
            log.debug("cache: could not keep clean block: \(error)")
            return false
        }
    }
}
