import Foundation
import HostCore
import HostPlugins
import HostServices
import PluginABI
import Synchronization
import Testing

/// Many operations from several threads at once, fire-and-forget as an
/// event loop would issue them (no waiting between calls).
@Suite struct ConcurrencyTests {
    /// Completion state shared by many in-flight ops: each op's ctx is one
    /// slot index; counts how often each slot completed and with what.
    final class Board: @unchecked Sendable {
        let cond = NSCondition()
        var calls: [Int]
        var statuses: [Int32]
        var finished = 0
        init(_ n: Int) {
            calls = Array(repeating: 0, count: n)
            statuses = Array(repeating: -1, count: n)
        }

        func wait(for n: Int, timeout: TimeInterval = 60) -> Bool {
            let deadline = Date(timeIntervalSinceNow: timeout)
            cond.lock()
            defer { cond.unlock() }
            while finished < n { if !cond.wait(until: deadline) { return false } }
            return true
        }
    }

    /// ctx for one op: the board and a slot.
    final class Slot {
        let board: Board
        let index: Int
        init(_ board: Board, _ index: Int) { self.board = board; self.index = index }
    }

    static let done: dfs_done_fn = { ctx, status, _, _ in
        let slot = Unmanaged<Slot>.fromOpaque(ctx!).takeUnretainedValue()
        let b = slot.board
        b.cond.lock()
        b.calls[slot.index] += 1
        b.statuses[slot.index] = status
        b.finished += 1
        b.cond.broadcast()
        b.cond.unlock()
    }

    @Test(arguments: StorePath.allCases)
    func manyThreadsManyOps(_ path: StorePath) throws {
        let f = try ServiceFixture(path, workers: 4, queueLimit: 100_000)
        defer { f.finish() }
        let c = f.client
        let threads = 6, perThread = 150
        // each thread owns one file and writes, reads and stats it
        var files: [DFSFileHandle] = []
        for t in 0..<threads { files.append(try #require(c.create(f.root, "t\(t)").handle)) }

        let total = threads * perThread
        let board = Board(total)
        let slots = (0..<total).map { Slot(board, $0) }
        let arenas = (0..<threads).map { _ in Arena() }
        let s = f.table.services.pointee
        // inputs are allocated up front and stay valid until every done ran
        let creds = arenas.map { $0.cred(.user) }
        let fhs = (0..<threads).map { arenas[$0].fh(files[$0]) }
        let payloads = (0..<threads).map { arenas[$0].bytes(pattern(512, seed: UInt8($0))) }
        let names = (0..<threads).map { arenas[$0].bytes(b("n\($0)")) }
        let ctxs = slots.map { Unmanaged.passUnretained($0).toOpaque() }
        struct Inputs: @unchecked Sendable {
            let creds: [UnsafePointer<dfs_cred>]
            let fhs: [UnsafePointer<dfs_fh>]
            let payloads: [UnsafePointer<UInt8>]
            let names: [UnsafePointer<UInt8>]
            let ctxs: [UnsafeMutableRawPointer]
            let root: UnsafePointer<dfs_fh>
            let s: dfs_host_services
        }
        let rootArena = Arena()
        let inputs = Inputs(creds: creds, fhs: fhs, payloads: payloads, names: names, ctxs: ctxs,
                            root: rootArena.fh(f.root), s: s)

        let started = Atomic<Int>(0)
        var workers: [Thread] = []
        for t in 0..<threads {
            let th = Thread {
                started.add(1, ordering: .relaxed)
                while started.load(ordering: .relaxed) < threads {}
                let s = inputs.s, host = inputs.s.host
                for i in 0..<perThread {
                    let ctx = inputs.ctxs[t * perThread + i]
                    switch i % 5 {
                    case 0: s.write(host, inputs.creds[t], inputs.fhs[t], UInt64(i / 5) * 512, inputs.payloads[t], 512,
                                    UInt32(DFS_UNSTABLE), ConcurrencyTests.done, ctx)
                    case 1: s.read(host, inputs.creds[t], inputs.fhs[t], 0, 4096, ConcurrencyTests.done, ctx)
                    case 2: s.getattr(host, inputs.creds[t], inputs.fhs[t], ConcurrencyTests.done, ctx)
                    case 3: s.lookup(host, inputs.creds[t], inputs.root, inputs.names[t], 2, ConcurrencyTests.done, ctx)
                    default: s.readdir(host, inputs.creds[t], inputs.root, 0, 0, 1024, 1, ConcurrencyTests.done, ctx)
                    }
                }
            }
            workers.append(th)
        }
        for th in workers { th.start() }
        #expect(board.wait(for: total), "only \(board.finished) of \(total) completions arrived")
        f.table.shutdown()
        withExtendedLifetime((arenas, rootArena, slots)) {}

        board.cond.lock()
        let calls = board.calls, statuses = board.statuses
        board.cond.unlock()
        #expect(calls.allSatisfy { $0 == 1 }, "some op completed \(calls.max() ?? 0) or \(calls.min() ?? 0) times")
        for (i, st) in statuses.enumerated() {
            let expected: Int32 = i % perThread % 5 == 3 ? Int32(DFS_ERR_NOENT) : 0
            if st != expected { Issue.record("op \(i) (kind \(i % perThread % 5)) ended with \(DFSStatus(rawValue: st))"); break }
        }
        // every thread's writes landed in its own file
        for t in 0..<threads {
            let size = try f.fs.getattr(.root, files[t]).size
            #expect(size == UInt64(perThread / 5) * 512)
            let data = try f.fs.read(.root, files[t], offset: 0, count: 512).data
            #expect(data == pattern(512, seed: UInt8(t)))
        }
    }

    @Test func fullQueueFailsWithAgainImmediately() throws {
        // one worker, room for one queued op: a burst overflows
        let f = try ServiceFixture(.pool, workers: 1, queueLimit: 1)
        defer { f.finish() }
        let fh = try #require(f.client.create(f.root, "big").handle)
        #expect(f.client.write(fh, 0, pattern(1 << 20)).ok)
        let n = 200
        let board = Board(n)
        let slots = (0..<n).map { Slot(board, $0) }
        let a = Arena()
        let s = f.table.services.pointee
        let cred = a.cred(.user), h = a.fh(fh)
        for i in 0..<n {
            s.read(s.host, cred, h, 0, 1 << 20, ConcurrencyTests.done, Unmanaged.passUnretained(slots[i]).toOpaque())
        }
        #expect(board.wait(for: n))
        f.table.shutdown()
        board.cond.lock()
        let statuses = board.statuses, calls = board.calls
        board.cond.unlock()
        #expect(calls.allSatisfy { $0 == 1 })
        let again = statuses.filter { $0 == Int32(DFS_ERR_AGAIN) }.count
        let ok = statuses.filter { $0 == 0 }.count
        #expect(again > 0)
        #expect(ok >= 1)
        #expect(again + ok == n)
        #expect(f.table.pool.stats.rejectedFull == UInt64(again))
        withExtendedLifetime((a, slots)) {}
    }

    @Test(arguments: StorePath.allCases)
    func opsAfterShutdownAreClosed(_ path: StorePath) throws {
        let f = try ServiceFixture(path)
        defer { f.finish() }
        #expect(f.client.getattr(f.root).ok)
        f.table.shutdown()
        let o = f.client.getattr(f.root)
        #expect(o.dfsStatus == .closed)
        #expect(o.calls == 1)
        #expect(f.client.resolve("/export").status == Int32(DFS_ERR_CLOSED))
    }
}
