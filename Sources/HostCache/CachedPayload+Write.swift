import Foundation
import HostPlugins

extension CachedPayload {
    /// Journal `data` as the new version of `key`. Past the high watermark,
    /// waits up to `writeWait` for uploads to make room, then throws
    /// `.again` (at once while uploads are failing). `durable`: return after the durability barrier (`sync`).
    public func put(_ key: [UInt8], _ data: UnsafeRawBufferPointer, durable: Bool) throws(DFSError) {
        try checkKey(key)
        guard data.count <= blockSize else {
            throw DFSError(.inval, "cache: block of \(data.count) bytes larger than the block size \(blockSize)")
        }
        try countingAgain { () throws(DFSError) in
            let seq = try record(.put, key, data)
            if durable { try barrier(upTo: seq) }
        }
    }

    /// Journal a delete of `key` (uploaded later like a put).
    public func delete(_ key: [UInt8]) throws(DFSError) {
        try checkKey(key)
        _ = try countingAgain { () throws(DFSError) in try record(.delete, key, UnsafeRawBufferPointer(start: nil, count: 0)) }
    }

    /// The durability barrier: every earlier put and delete survives a
    /// crash (journal fsynced); with `remoteDurable`, it is in the store.
    public func sync() throws(DFSError) {
        cond.lock()
        let last = journal.lastSeq
        cond.unlock()
        try countingAgain { () throws(DFSError) in try barrier(upTo: last) }
    }

    /// Run `body`; an `AGAIN` it throws is counted (`dfs_cache_again_total`).
    func countingAgain<T>(_ body: () throws(DFSError) -> T) throws(DFSError) -> T {
        do {
            return try body()
        } catch {
            if error.status == .again { metrics.again.increment() }
            throw error
        }
    }

    func checkKey(_ key: [UInt8]) throws(DFSError) {
        if key.isEmpty { throw DFSError(.inval, "empty block key") }
        if key.count > Int(DFS_BLOCK_KEY_MAX) { throw DFSError(.nameTooLong, "block key of \(key.count) bytes") }
    }

    /// Append one record (after back-pressure) and update the table.
    func record(_ kind: JournalRecord.Kind, _ key: [UInt8], _ data: UnsafeRawBufferPointer) throws(DFSError) -> UInt64 {
        cond.lock()
        defer { cond.unlock() }
        if lockFD < 0 { throw DFSError(.io, "cache \(options.directory) is closed") }
        if kind == .put && pressure.update(dirtyBytes: UInt64(table.dirtyBytes)) {
            metrics.throttled.increment()
            // Wait for room only while uploads make progress: with the store
            // down (uploads fail) or hanging (a wait already ran out and no
            // upload finished since) no room comes, and the wait would only
            // hold the caller's thread (a server worker, and the file's
            // lock) for nothing.
            let deadline = Date(timeIntervalSinceNow: options.writeWait.seconds)
            while pressure.update(dirtyBytes: UInt64(table.dirtyBytes)) {
                let stuck = !storeHealthy || futileWaitMark == uploadCounter
                if stuck || (!cond.wait(until: deadline) && pressure.update(dirtyBytes: UInt64(table.dirtyBytes))) {
                    if !stuck { futileWaitMark = uploadCounter }
                    throw DFSError(.again, "cache \(options.directory): \(table.dirtyBytes) dirty bytes await upload\(storeHealthy ? "" : " (the payload store is failing)"); try again")
                }
            }
        }
        let loc = try journal.append(kind: kind, key: key, data: data)
        records[loc.seq] = loc
        loc.segment.live += 1
        writeEpoch &+= 1
        let v = BlockTable.Version(seq: loc.seq, kind: kind, length: data.count)
        perform(table.apply(.write(v), to: key), key: key)
        pressure.update(dirtyBytes: UInt64(table.dirtyBytes))
        evictIfNeeded()
        cond.broadcast()
        return loc.seq
    }

    /// Make records up to `seq` durable: fsync the journal; with
    /// `remoteDurable`, also wait (up to `syncWait`, then `.again`) until
    /// they are uploaded and sync the store.
    func barrier(upTo seq: UInt64) throws(DFSError) {
        try syncJournal(upTo: seq)
        guard remoteDurable else { return }
        let deadline = Date(timeIntervalSinceNow: options.syncWait.seconds)
        cond.lock()
        while records.keys.contains(where: { $0 <= seq }) {
            // As for throttled puts: no waiting while uploads fail.
            if !storeHealthy || (!cond.wait(until: deadline) && records.keys.contains(where: { $0 <= seq })) {
                cond.unlock()
                throw DFSError(.again, "cache \(options.directory): data not yet uploaded\(storeHealthy ? "" : " (the payload store is failing)"); try again")
            }
        }
        cond.unlock()
        try store.sync()
    }

    /// fsync the journal so that every record up to `target` (or the
    /// newest) is durable. One fsync serves every waiting caller.
    func syncJournal(upTo target: UInt64) throws(DFSError) {
        syncLock.lock()
        defer { syncLock.unlock() }
        cond.lock()
        let last = journal.lastSeq
        if journal.syncedSeq >= min(target, last) {
            cond.unlock()
            return
        }
        let seg = journal.current
        cond.unlock()
        // Records up to `last` are in `seg` or in older segments, which
        // were fsynced when rotated or replayed.
        if let seg { try Posix.fsync(seg.fd, seg.path) }
        cond.lock()
        journal.syncedSeq = max(journal.syncedSeq, last)
        cond.unlock()
    }
}

import PluginABI
