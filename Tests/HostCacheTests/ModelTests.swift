import Foundation
import HostCache
import HostPlugins
import Testing
import TestSupport

/// Random puts, deletes, reads, listings, syncs, store outages and
/// simulated kills against a dictionary model: the cache always answers
/// like the model (or, for what it must fetch while the store is down,
/// with an error), and once the store is up and the cache flushed, the
/// store holds exactly the model.
@Suite struct ModelTests {
    @Test(arguments: Array(1...8) as [UInt64]) func randomOperationsMatchAModel(seed: UInt64) throws {
        let dir = tempDir("model")
        defer { cleanup(dir) }
        var rng = SplitMix(seed: seed)
        let store = StubStore()
        var model: [[UInt8]: [UInt8]] = [:]
        var c = try open(store, dir, size: 64 << 10, high: 32 << 10, low: 16 << 10, segment: 8 << 10,
                         writeWait: .milliseconds(5))
        let keys = (0..<12).map { Array("k/\($0)".utf8) }
        var again = 0, kills = 0, storeErrors = 0
        var trace: [String] = []
        var reported = false
        func note(_ s: String) { trace.append(s) }
        func dump(_ step: Int) {
            if reported { return }
            reported = true
            print("TRACE seed \(seed) up to step \(step):\n" + trace.suffix(60).joined(separator: "\n"))
        }
        for step in 0..<1200 {
            let k = keys[Int(rng.next() % UInt64(keys.count))]
            let op = rng.next() % 100
            note("\(step): op \(op) key \(String(decoding: k, as: UTF8.self)) failing=\(store.failing) phase=\(String(describing: c.phase(k))) model=\(model[k]?.count ?? -1) store=\(store.snapshot[k]?.count ?? -1)")
            switch op {
            case 0..<40:
                let n = Int(rng.next() % 4097)
                let data = (0..<n).map { UInt8(truncatingIfNeeded: $0 &+ step) }
                switch putStatus(c, k, data) {
                case nil: model[k] = data
                case .again?: again += 1
                case let s?: Issue.record("step \(step): put failed with \(s)")
                }
            case 40..<50:
                try c.delete(k)
                model[k] = nil
            case 50..<75:
                do {
                    let got = try c.read(k, length: 4096)
                    if got != model[k] { dump(step) }
                    #expect(got == model[k], "step \(step) (seed \(seed)): read of \(String(decoding: k, as: UTF8.self))")
                } catch {
                    #expect(store.failing, "step \(step): read failed with the store up: \(error)")
                    storeErrors += 1
                }
            case 75..<80:
                do {
                    var listed: [String] = []
                    try c.list(prefix: Array("k/".utf8), startAfter: []) { key, size in
                        listed.append("\(String(decoding: key, as: UTF8.self))=\(size)"); return true
                    }
                    let want = model.keys.sorted { $0.lexicographicallyPrecedes($1) }
                        .map { "\(String(decoding: $0, as: UTF8.self))=\(model[$0]!.count)" }
                    if listed != want { dump(step) }
                    #expect(listed == want, "step \(step) (seed \(seed)): listing")
                } catch {
                    #expect(store.failing, "step \(step): list failed with the store up: \(error)")
                    storeErrors += 1
                }
            case 80..<86:
                store.failing.toggle()
            case 86..<92:
                try c.sync()
            case 92..<95:
                // kill -9: nothing closed, nothing flushed; reopen and replay.
                c.abandon()
                c = try open(store, dir, size: 64 << 10, high: 32 << 10, low: 16 << 10, segment: 8 << 10,
                             writeWait: .milliseconds(5))
                kills += 1
            default:
                do {
                    #expect(try c.size(k) == model[k].map { UInt64($0.count) }, "step \(step) (seed \(seed)): size")
                } catch {
                    #expect(store.failing, "step \(step): size failed with the store up: \(error)")
                    storeErrors += 1
                }
            }
        }
        store.failing = false
        #expect(c.flush(timeout: .seconds(30)))
        #expect(store.snapshot == model, "seed \(seed): the store ends equal to the model")
        for k in keys { #expect(try c.read(k, length: 4096) == model[k]) }
        c.close()
        #expect(kills > 0 && again >= 0 && storeErrors >= 0)
    }
}
