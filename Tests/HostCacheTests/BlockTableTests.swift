import HostCache
import Testing

@Suite struct BlockTableTests {
    typealias V = BlockTable.Version
    static let p1 = V(seq: 1, kind: .put, length: 100)
    static let p2 = V(seq: 2, kind: .put, length: 50)
    static let p3 = V(seq: 3, kind: .put, length: 10)
    static let d2 = V(seq: 2, kind: .delete, length: 0)

    struct Row: Sendable, CustomTestStringConvertible {
        var from: BlockTable.Phase?
        var event: BlockTable.Event
        var to: BlockTable.Phase?
        var actions: [BlockTable.Action]
        var testDescription: String { "\(String(describing: from)) + \(event)" }
    }

    static let rows: [Row] = [
        Row(from: nil, event: .write(p1), to: .dirty(p1), actions: [.enqueue]),
        Row(from: .clean(length: 5, file: 9), event: .write(p1), to: .dirty(p1), actions: [.dropClean(file: 9), .enqueue]),
        Row(from: .dirty(p1), event: .write(p2), to: .dirty(p2), actions: [.release(seq: 1, supersededBy: 2)]),
        Row(from: .uploading(p1), event: .write(p2), to: .uploadingStale(uploading: p1, latest: p2), actions: []),
        Row(from: .uploadingStale(uploading: p1, latest: p2), event: .write(p3),
            to: .uploadingStale(uploading: p1, latest: p3), actions: [.release(seq: 2, supersededBy: 3)]),
        Row(from: .dirty(p1), event: .uploadStarted, to: .uploading(p1), actions: []),
        Row(from: .uploading(p1), event: .uploadSucceeded(file: 4), to: .clean(length: 100, file: 4),
            actions: [.release(seq: 1, supersededBy: nil), .keepClean(length: 100, file: 4)]),
        Row(from: .uploading(d2), event: .uploadSucceeded(file: 0), to: nil, actions: [.release(seq: 2, supersededBy: nil)]),
        Row(from: .uploadingStale(uploading: p1, latest: p2), event: .uploadSucceeded(file: 4), to: .dirty(p2),
            actions: [.release(seq: 1, supersededBy: nil), .dropClean(file: 4), .enqueue]),
        Row(from: .uploading(p1), event: .uploadFailed, to: .dirty(p1), actions: [.retryLater]),
        Row(from: .uploadingStale(uploading: p1, latest: p2), event: .uploadFailed, to: .dirty(p2),
            actions: [.release(seq: 1, supersededBy: 2), .enqueue]),
        Row(from: nil, event: .fetched(length: 7, file: 3), to: .clean(length: 7, file: 3), actions: [.keepClean(length: 7, file: 3)]),
        Row(from: .clean(length: 7, file: 3), event: .evict, to: nil, actions: [.dropClean(file: 3)]),
        // Refused: nothing changes.
        Row(from: .dirty(p1), event: .evict, to: .dirty(p1), actions: [.refused]),
        Row(from: .uploading(p1), event: .evict, to: .uploading(p1), actions: [.refused]),
        Row(from: .uploadingStale(uploading: p1, latest: p2), event: .evict, to: .uploadingStale(uploading: p1, latest: p2), actions: [.refused]),
        Row(from: nil, event: .evict, to: nil, actions: [.refused]),
        Row(from: nil, event: .uploadStarted, to: nil, actions: [.refused]),
        Row(from: nil, event: .uploadSucceeded(file: 1), to: nil, actions: [.refused]),
        Row(from: .clean(length: 1, file: 1), event: .uploadFailed, to: .clean(length: 1, file: 1), actions: [.refused]),
        Row(from: .uploading(p1), event: .uploadStarted, to: .uploading(p1), actions: [.refused]),
        Row(from: .dirty(p1), event: .fetched(length: 1, file: 2), to: .dirty(p1), actions: [.refused]),
        Row(from: .clean(length: 1, file: 1), event: .fetched(length: 1, file: 2), to: .clean(length: 1, file: 1), actions: [.refused]),
    ]

    @Test(arguments: rows) func transition(_ row: Row) {
        let (to, actions) = BlockTable.transition(row.from, row.event)
        #expect(to == row.to)
        #expect(actions == row.actions)
    }

    /// Dirty bytes count exactly the records still needed.
    @Test func dirtyBytesFollowTheRecords() {
        var t = BlockTable()
        let k: [UInt8] = [1]
        _ = t.apply(.write(Self.p1), to: k)
        #expect(t.dirtyBytes == 100)
        _ = t.apply(.uploadStarted, to: k)
        _ = t.apply(.write(Self.p2), to: k)
        #expect(t.dirtyBytes == 150)
        _ = t.apply(.uploadSucceeded(file: 1), to: k)
        #expect(t.dirtyBytes == 50)
        #expect(t.apply(.evict, to: k) == [.refused])
        _ = t.apply(.uploadStarted, to: k)
        _ = t.apply(.uploadSucceeded(file: 2), to: k)
        #expect(t.dirtyBytes == 0)
        #expect(t.phase(k) == .clean(length: 50, file: 2))
        #expect(t.apply(.evict, to: k) == [.dropClean(file: 2)])
        #expect(t.phase(k) == nil && t.all.isEmpty)
    }
}

@Suite struct CleanLRUTests {
    @Test func orderTouchAndEvict() {
        var l = CleanLRU()
        for i in 1...4 { l.insert([UInt8(i)], bytes: 10) }
        #expect(l.bytes == 40 && l.order == [[1], [2], [3], [4]])
        l.touch([1])
        #expect(l.order == [[2], [3], [4], [1]])
        l.insert([3], bytes: 5)
        #expect(l.order == [[2], [4], [1], [3]] && l.bytes == 35)
        let out = l.evict(toFit: 15) { $0 != [4] }
        #expect(out == [[2], [1]])
        #expect(l.order == [[4], [3]] && l.bytes == 15)
        l.remove([4]); l.remove([4]); l.remove([3])
        #expect(l.count == 0 && l.bytes == 0 && l.order.isEmpty)
    }

    @Test func refusingEverythingEvictsNothing() {
        var l = CleanLRU()
        for i in 1...3 { l.insert([UInt8(i)], bytes: 10) }
        #expect(l.evict(toFit: 0) { _ in false }.isEmpty)
        #expect(l.bytes == 30)
    }
}

@Suite struct BackPressureTests {
    @Test func hysteresis() {
        var p = BackPressure(high: 100, low: 50)
        let seen = [99, 100, 70, 51, 50, 99].map { p.update(dirtyBytes: $0) }
        #expect(seen == [false, true, true, true, false, false])
    }

    @Test func backoffDoublesToTheCap() {
        let b = Backoff(base: .milliseconds(50), cap: .seconds(1))
        #expect(b.delay(afterFailures: 1) == .milliseconds(50))
        #expect(b.delay(afterFailures: 2) == .milliseconds(100))
        #expect(b.delay(afterFailures: 5) == .milliseconds(800))
        #expect(b.delay(afterFailures: 6) == .seconds(1))
        #expect(b.delay(afterFailures: 1000) == .seconds(1))
    }
}
