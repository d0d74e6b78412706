import Foundation
import HostCache
import HostCore
import HostPlugins
import HostServices
import ServerRuntime
import Testing

/// A share served with a payload cache (ShareSpec.cache): registered live,
/// resized live (its directory fixed while served), closed with the share and reopened by the
/// next registration on the same directory.
@Suite(.serialized) struct ShareCacheTests {
    @Test func shareWithACache() throws {
        let dir = NSTemporaryDirectory() + "dfs-rt-cache-\(UUID().uuidString)"
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let rt = try ServerRuntimeTests.runtime()
        defer { rt.shutdown() }
        var spec = ServerRuntimeTests.share()
        spec.cache = CacheOptions(directory: dir, sizeBytes: 8 << 20)
        try rt.addShare(spec)
        let share = try #require(rt.fileSystem.share(id: spec.id))
        #expect(share.cache?.options.directory == dir)
        let fh = try rt.fileSystem.create(.root, dir: share.root, name: Array("f".utf8), mode: .guarded, attributes: SetAttributes()).handle
        let data = [UInt8](repeating: 0x5A, count: 10_000)
        _ = try rt.fileSystem.write(.root, fh, offset: 0, data: data, stability: .unstable)
        _ = try rt.fileSystem.commit(.root, fh)
        // Its size and durability change live, on the same open cache; its
        // directory cannot change, nor can it be removed, while served.
        var resized = spec
        resized.cache?.sizeBytes = 16 << 20
        resized.cache?.remoteDurable = true
        try rt.updateShare(resized)
        #expect(rt.fileSystem.share(id: spec.id)?.cache === share.cache)
        #expect(share.cache?.sizeBytes == 16 << 20 && share.cache?.remoteDurable == true)
        try rt.updateShare(spec)
        #expect(share.cache?.sizeBytes == 8 << 20 && share.cache?.remoteDurable == false)
        var moved = spec
        moved.cache?.directory = dir + "-elsewhere"
        var uncached = spec
        uncached.cache = nil
        for other in [moved, uncached] {
            let refused = #expect(throws: RuntimeError.self) { try rt.updateShare(other) }
            #expect(refused?.kind == .conflict)
        }
        var invalid = spec
        invalid.cache?.sizeBytes = 0
        #expect(throws: RuntimeError.self) { try rt.updateShare(invalid) }
        #expect(share.cache?.sizeBytes == 8 << 20)
        // Read-only applies in place: same share object, same open cache, the
        // next write is refused and reads go on; writable again, writes go on.
        spec.readOnly = true
        try rt.updateShare(spec)
        let again = try #require(rt.fileSystem.share(id: spec.id))
        #expect(again === share && again.cache === share.cache && again.readOnly)
        let refusedWrite = #expect(throws: DFSError.self) {
            _ = try rt.fileSystem.write(.root, fh, offset: 0, data: [1], stability: .unstable)
        }
        #expect(refusedWrite?.status == .readOnly)
        #expect(try rt.fileSystem.read(.root, fh, offset: 0, count: 20_000).data == data)
        spec.readOnly = false
        try rt.updateShare(spec)
        _ = try rt.fileSystem.write(.root, fh, offset: 10_000, data: [7], stability: .unstable)
        #expect(try rt.fileSystem.read(.root, fh, offset: 10_000, count: 1).data == [7])
        try rt.removeShare(name: spec.name)
        // A second cache on a directory in use is refused.
        let first = try CachedPayload(store: StubBackend(), options: CacheOptions(directory: dir), blockSize: 4096)
        defer { first.close() }
        spec.readOnly = false
        let busy = #expect(throws: RuntimeError.self) { try rt.addShare(spec) }
        #expect(busy?.kind == .failed)
        #expect(busy?.message.contains("in use") == true)
    }
}

/// A block store that holds nothing (the directory-lock check needs one).
final class StubBackend: BlockBackend, @unchecked Sendable {
    func put(_ key: [UInt8], _ data: UnsafeRawBufferPointer, durable: Bool) throws(DFSError) {}
    func get(_ key: [UInt8], offset: UInt64, into buffer: UnsafeMutableRawBufferPointer) throws(DFSError) -> Int {
        throw DFSError(.noent, "empty")
    }
    func size(_ key: [UInt8]) throws(DFSError) -> UInt64? { nil }
    func delete(_ key: [UInt8]) throws(DFSError) {}
    func list(prefix: [UInt8], startAfter: [UInt8], _ body: ([UInt8], UInt64) -> Bool) throws(DFSError) {}
    func sync() throws(DFSError) {}
}
