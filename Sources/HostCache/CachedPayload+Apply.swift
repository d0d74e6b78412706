#if canImport(Glibc)
import Glibc
#endif
import HostPlugins

extension CachedPayload {
    /// Carry out the table's actions for `key`. Caller holds `cond`.
    func perform(_ actions: [BlockTable.Action], key: [UInt8]) {
        for a in actions {
            switch a {
            case .enqueue:
                if queued.insert(key).inserted { queue.append(key) }
            case .release(let seq, let by):
                guard let loc = records.removeValue(forKey: seq) else { continue }
                let seg = loc.segment
                seg.live -= 1
                if let by { seg.releasedBy = max(seg.releasedBy, by) } else { seg.uploadMark = uploadCounter }
                // The current segment is worth retiring only once it is
                // large (trim syncs the store, which can be costly).
                if seg.live == 0 && (seg !== journal.current || seg.size >= options.segmentBytes / 8) { trimWanted = true }
            case .dropClean(let file):
                lru.remove(key)
                if file != 0 { unlink(cleanPath(file)) }
            case .keepClean(let length, _):
                lru.insert(key, bytes: length)
                evictIfNeeded()
            case .retryLater:
                let n = (failures[key] ?? 0) + 1
                failures[key] = n
                delayed[key] = ContinuousClock.now + backoff.delay(afterFailures: n)
            case .refused:
                break
            }
        }
        publishBytes()
    }

    /// Write dirty and clean byte counts to the gauges when they changed
    /// since the last call (every change of either goes through `perform`,
    /// so it calls this). Caller holds `cond`.
    func publishBytes() {
        let dirty = table.dirtyBytes, clean = lru.bytes
        if dirty != publishedDirty {
            publishedDirty = dirty
            metrics.dirtyBytes.record(dirty)
        }
        if clean != publishedClean {
            publishedClean = clean
            metrics.cleanBytes.record(clean)
        }
    }

    /// Drop least-recently-used clean blocks while dirty plus clean bytes
    /// exceed the cache size. Only clean blocks are ever dropped: the table
    /// refuses to evict anything else. Caller holds `cond`.
    func evictIfNeeded() {
        let budget = max(0, Int(clamping: sizeBytes) - table.dirtyBytes)
        guard lru.bytes > budget else { return }
        let victims = lru.evict(toFit: budget) { k in
            if case .clean? = table.phase(k) { return true }
            return false
        }
        for k in victims { perform(table.apply(.evict, to: k), key: k) }
    }

    /// Delete the oldest journal segments while none of their records is
    /// needed (the current one too, see `Journal.remove`): sync the
    /// journal (so records that superseded theirs are durable) and the store
    /// (so uploaded deletes are), then unlink. Runs on an uploader thread
    /// or `init`, not holding `cond`.
    func trim() {
        cond.lock()
        trimWanted = false
        let mark = uploadCounter
        // Only a prefix of the journal may go (see below): nothing to do
        // unless the oldest segment is fully released.
        let any = journal.segments.values.min { $0.firstSeq < $1.firstSeq }?.live == 0
        cond.unlock()
        guard any else { return }
        do {
            try syncJournal(upTo: UInt64.max)
            try store.sync()
        } catch {
            log.warning("cache: trim postponed: \(error)")
            return
        }
        cond.lock()
        // Remove the oldest segments while they hold no live record (the
        // current one included: records appended after the sync above are
        // live until uploaded). Never a segment with an older one left: a
        // surviving older segment may hold a superseded record of a key,
        // and replay must then also see the newer record that superseded
        // it, or the old version would come back (found by ModelTests).
        for seg in journal.segments.values.sorted(by: { $0.firstSeq < $1.firstSeq }) {
            guard seg.live == 0, seg.releasedBy <= journal.syncedSeq, seg.uploadMark <= mark else { break }
            journal.remove(seg)
        }
        cond.unlock()
    }
}
