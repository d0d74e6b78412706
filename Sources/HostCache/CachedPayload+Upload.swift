import Foundation
import HostPlugins

extension CachedPayload {
    /// Start uploader thread `index` (a plain thread: store calls block,
    /// and must never run on Dispatch, see DESIGN.md).
    func startUploader(_ index: Int) {
        cond.lock()
        threadsRunning += 1
        cond.unlock()
        let t = Thread { [self] in uploaderLoop() }
        t.name = "dfs-cache-upload-\(index)"
        t.start()
    }

    /// Ask the uploader threads to stop and wait until they have.
    func stopThreads() {
        cond.lock()
        stopping = true
        cond.broadcast()
        while threadsRunning > 0 { cond.wait() }
        cond.unlock()
    }

    /// The next key to upload, or nil (with how long to wait). Caller holds `cond`.
    func nextKey() -> ([UInt8]?, Double) {
        if queueHead == queue.count {
            let now = ContinuousClock.now
            var earliest: ContinuousClock.Instant?
            for (k, at) in delayed {
                if at <= now {
                    delayed.removeValue(forKey: k)
                    if queued.insert(k).inserted { queue.append(k) }
                } else if earliest.map({ at < $0 }) ?? true {
                    earliest = at
                }
            }
            if queueHead == queue.count {
                return (nil, earliest.map { max(0.001, (($0 - now)).seconds) } ?? 1.0)
            }
        }
        let k = queue[queueHead]
        queueHead += 1
        if queueHead > 1024 && queueHead * 2 > queue.count {
            queue.removeFirst(queueHead)
            queueHead = 0
        }
        queued.remove(k)
        return (k, 0)
    }

    func uploaderLoop() {
        cond.lock()
        while !stopping {
            if trimWanted && !trimming {
                trimming = true
                cond.unlock()
                trim()
                cond.lock()
                trimming = false
                continue
            }
            let (next, wait) = nextKey()
            guard let key = next else {
                _ = cond.wait(until: Date(timeIntervalSinceNow: wait))
                continue
            }
            guard case .dirty(let v)? = table.phase(key) else { continue }
            _ = table.apply(.uploadStarted, to: key)
            let loc = records[v.seq]
            cond.unlock()
            let (ok, file) = upload(key, v, loc)
            cond.lock()
            (ok ? metrics.uploadsOK : metrics.uploadsFailed).increment()
            if ok {
                uploadCounter += 1
                failures.removeValue(forKey: key)
                if !storeHealthy {
                    // The store is back: retry every waiting key now rather
                    // than at the end of its backoff.
                    storeHealthy = true
                    let now = ContinuousClock.now
                    for k in delayed.keys { delayed[k] = now }
                    failures.removeAll()
                    log.info("cache: payload store uploads succeed again")
                }
            } else {
                uploadFailures += 1
            }
            let actions = table.apply(ok ? .uploadSucceeded(file: file) : .uploadFailed, to: key)
            if actions == [.refused] { log.error("cache: upload result for a block in no upload state") }
            perform(actions, key: key)
            pressure.update(dirtyBytes: UInt64(table.dirtyBytes))
            cond.broadcast()
        }
        threadsRunning -= 1
        cond.broadcast()
        cond.unlock()
    }

    /// Upload one version (not holding `cond`). Returns success and the id
    /// of the clean block file now holding a put's data (0: none).
    func upload(_ key: [UInt8], _ v: BlockTable.Version, _ loc: RecordLocation?) -> (Bool, UInt64) {
        do {
            if v.kind == .delete {
                try store.delete(key)
                return (true, 0)
            }
            guard let loc else { throw DFSError(.internal, "cache: no journal record for sequence \(v.seq)") }
            var data = [UInt8](repeating: 0, count: v.length)
            try data.withUnsafeMutableBufferPointer { (mp) throws(DFSError) in try loc.segment.read(at: loc.dataOffset, into: UnsafeMutableRawBufferPointer(mp)) }
            try store.put(key, data, durable: true)
            guard UInt64(v.length) <= sizeBytes else { return (true, 0) }
            cond.lock()
            let file = nextFile
            nextFile += 1
            cond.unlock()
            return (true, writeClean(file, data) ? file : 0)
        } catch {
            cond.lock()
            let wasHealthy = storeHealthy
            storeHealthy = false
            cond.unlock()
            if wasHealthy { log.warning("cache: upload to the payload store failed, retrying with backoff: \(error)") }
            return (false, 0)
        }
    }
}
