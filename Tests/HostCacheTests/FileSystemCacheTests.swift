import Foundation
import HostCache
import HostCore
import HostPlugins
import Testing

/// The cache under the file-system core, on the real payload plugins.
@Suite struct FileSystemCacheTests {
    enum Backend: String, CaseIterable, Sendable { case memory, fs }

    /// Open the payload store of `backend`; `fs` keeps its blocks in `dir`.
    static func payload(_ backend: Backend, _ dir: String) throws -> PayloadStore {
        switch backend {
        case .memory: return try PayloadStore(plugin: TestPlugins.load("libPayloadMemory.so"))
        case .fs: return try PayloadStore(plugin: TestPlugins.load("libPayloadFS.so"), config: "{\"path\": \"\(dir)/blocks\", \"create\": true}")
        }
    }

    static func cacheOptions(_ dir: String) -> CacheOptions {
        CacheOptions(directory: dir + "/cache", sizeBytes: 4 << 20, uploadConcurrency: 3, segmentBytes: 256 << 10)
    }

    /// The blocks of `fh` in the payload store, concatenated in order.
    static func stored(_ payload: PayloadStore, _ share: Share, _ fh: HostCore.FileHandle) throws -> [UInt8] {
        var out: [UInt8] = []
        for (k, size) in try payload.keys(prefix: BlockKey.prefix(dataID: share.dataID, ino: fh.ino)) {
            let idx = BlockKey.index(of: k, prefix: BlockKey.prefix(dataID: share.dataID, ino: fh.ino))!
            let start = Int(idx) * Int(share.blockSize)
            if out.count < start { out += [UInt8](repeating: 0, count: start - out.count) }
            out += try payload.get(k, length: Int(size)) ?? []
        }
        return out
    }

    /// UNSTABLE writes + COMMIT, partial blocks, truncation and removal
    /// through the core; reads served while uploads run; the store ends
    /// with exactly the file's bytes.
    @Test(arguments: Backend.allCases) func writeCommitReadThroughTheCore(_ backend: Backend) throws {
        let dir = tempDir("fscache")
        defer { cleanup(dir) }
        let meta = try MetadataStore(plugin: TestPlugins.load("libMetadataMemory.so"))
        let payload = try Self.payload(backend, dir)
        defer { meta.close(); payload.close() }
        let fs = FileSystem()
        let share = try fs.addShare(name: "c", id: 3, metadata: meta, payload: payload,
                                    options: ShareOptions(blockSize: 4096, rootMode: 0o777, cache: Self.cacheOptions(dir)))
        #expect(share.cache != nil)
        let fh = try fs.create(.root, dir: share.root, name: Array("f".utf8), mode: .guarded, attributes: SetAttributes(mode: 0o644)).handle
        var model = [UInt8]()
        var rng = SystemRandomNumberGenerator()
        for i in 0..<60 {
            let off = Int.random(in: 0..<40_000, using: &rng)
            let n = Int.random(in: 1..<9000, using: &rng)
            let data = (0..<n).map { UInt8(truncatingIfNeeded: $0 &+ i &* 13) }
            let w = try fs.write(.root, fh, offset: UInt64(off), data: data, stability: i % 3 == 0 ? .fileSync : .unstable)
            #expect(w.verifier == fs.writeVerifier)
            if model.count < off + n { model += [UInt8](repeating: 0, count: off + n - model.count) }
            model.replaceSubrange(off..<(off + n), with: data)
            if i == 30 {
                _ = try fs.setattr(.root, fh, SetAttributes(size: 10_000))
                model.removeSubrange(10_000...)
            }
        }
        let c = try fs.commit(.root, fh)
        #expect(c.verifier == fs.writeVerifier)
        #expect(try fs.read(.root, fh, offset: 0, count: 1 << 20).data == model)
        #expect(share.cache!.flush(timeout: .seconds(30)))
        #expect(try Self.stored(payload, share, fh) == model)
        _ = try fs.remove(.root, dir: share.root, name: Array("f".utf8))
        #expect(share.cache!.flush(timeout: .seconds(30)))
        #expect(try payload.keys(prefix: BlockKey.prefix(dataID: share.dataID, ino: fh.ino)).isEmpty)
        fs.removeShare(id: 3)
    }

    /// COMMIT, then the process "dies" (the cache is abandoned, nothing
    /// closed); a new core registers the share on the same directory:
    /// replay serves identical bytes and uploads them.
    @Test(arguments: Backend.allCases) func commitSurvivesACrash(_ backend: Backend) throws {
        let dir = tempDir("fscrash")
        defer { cleanup(dir) }
        let meta = try MetadataStore(plugin: TestPlugins.load("libMetadataMemory.so"))
        let payload = try Self.payload(backend, dir)
        defer { meta.close(); payload.close() }
        var want: [UInt8] = []
        let fh: HostCore.FileHandle
        do {
            let fs = FileSystem()
            let share = try fs.addShare(name: "c", id: 3, metadata: meta, payload: payload,
                                        options: ShareOptions(blockSize: 4096, cache: Self.cacheOptions(dir)))
            fh = try fs.create(.root, dir: share.root, name: Array("f".utf8), mode: .guarded, attributes: SetAttributes()).handle
            for i in 0..<50 {
                let data = [UInt8](repeating: UInt8(i), count: 3000)
                _ = try fs.write(.root, fh, offset: UInt64(i * 3000), data: data, stability: .unstable)
                want += data
            }
            _ = try fs.commit(.root, fh)
            share.cache!.abandon()
        }
        let fs2 = FileSystem()
        let share2 = try fs2.addShare(name: "c", id: 3, metadata: meta, payload: payload,
                                      options: ShareOptions(blockSize: 4096, cache: Self.cacheOptions(dir)))
        #expect(fs2.writeVerifier != 0)
        #expect(try fs2.getattr(.root, fh).size == UInt64(want.count))
        #expect(try fs2.read(.root, fh, offset: 0, count: 1 << 20).data == want)
        #expect(share2.cache!.flush(timeout: .seconds(30)))
        #expect(try Self.stored(payload, share2, fh) == want)
        fs2.removeShare(id: 3)
    }

    /// Remote-durable: COMMIT returns only once the blocks are in the store.
    @Test func remoteDurableCommitUploads() throws {
        let dir = tempDir("fsremote")
        defer { cleanup(dir) }
        let meta = try MetadataStore(plugin: TestPlugins.load("libMetadataMemory.so"))
        let payload = try Self.payload(.memory, dir)
        defer { meta.close(); payload.close() }
        let fs = FileSystem()
        var opts = Self.cacheOptions(dir)
        opts.remoteDurable = true
        let share = try fs.addShare(name: "c", id: 4, metadata: meta, payload: payload, options: ShareOptions(blockSize: 4096, cache: opts))
        let fh = try fs.create(.root, dir: share.root, name: Array("f".utf8), mode: .guarded, attributes: SetAttributes()).handle
        let data = (0..<50_000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        _ = try fs.write(.root, fh, offset: 0, data: data, stability: .unstable)
        _ = try fs.commit(.root, fh)
        #expect(try Self.stored(payload, share, fh) == data, "in the store when COMMIT returned, without a flush")
        #expect(share.cache!.stats.pendingRecords == 0)
        fs.removeShare(id: 4)
    }

    @Test func badCacheOptionsRefuseTheShare() throws {
        let meta = try MetadataStore(plugin: TestPlugins.load("libMetadataMemory.so"))
        let payload = try PayloadStore(plugin: TestPlugins.load("libPayloadMemory.so"))
        defer { meta.close(); payload.close() }
        let fs = FileSystem()
        #expect(throws: DFSError.self) {
            try fs.addShare(name: "c", id: 5, metadata: meta, payload: payload,
                            options: ShareOptions(cache: CacheOptions(directory: "", sizeBytes: 1 << 20)))
        }
        #expect(fs.share(id: 5) == nil)
    }
}
