import Dispatch
import HostCore
import HostPlugins
import Synchronization
import Testing

@Suite struct ConcurrencyTests {
    /// Parallel writes to adjacent ranges of the same blocks: the per-file
    /// lock keeps read-modify-write from losing any of them.
    @Test func parallelWritesIntoOneBlock() throws {
        let f = try Fixture(blockSize: 65536)
        let fh = try f.file("shared")
        let chunk = 1000
        let writers = 64
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: writers) { i in
            do {
                _ = try f.fs.write(.root, fh, offset: UInt64(i * chunk),
                                   data: [UInt8](repeating: UInt8(i + 1), count: chunk), stability: .unstable)
            } catch {
                failures.add("\(error)")
            }
        }
        #expect(failures.all.isEmpty)
        let all = try f.read(fh)
        #expect(all.count == writers * chunk)
        for i in 0..<writers {
            #expect(all[(i * chunk)..<((i + 1) * chunk)].allSatisfy { $0 == UInt8(i + 1) }, "chunk \(i)")
        }
    }

    /// Parallel creates, renames and removes in one directory end in a
    /// consistent tree (transactions retried on conflicts).
    @Test func parallelNamespaceChanges() throws {
        let f = try Fixture()
        let d = try f.dir("d", mode: 0o777)
        let failures = Failures()
        DispatchQueue.concurrentPerform(iterations: 8) { t in
            do {
                for i in 0..<25 {
                    let name = b("t\(t)-\(i)")
                    _ = try f.fs.create(.root, dir: d, name: name)
                    if i % 5 == 0 { _ = try f.fs.mkdir(.root, dir: d, name: b("dir\(t)-\(i)")) }
                    if i % 3 == 0 { _ = try f.fs.rename(.root, from: d, name, to: d, b("r\(t)-\(i)")) }
                    if i % 4 == 0 { _ = try f.fs.remove(.root, dir: d, name: i % 3 == 0 ? b("r\(t)-\(i)") : name) }
                }
            } catch {
                failures.add("\(error)")
            }
        }
        #expect(failures.all.isEmpty)
        let names = try f.names(d)
        var expected: Set<String> = []
        for t in 0..<8 {
            for i in 0..<25 {
                if i % 5 == 0 { expected.insert("dir\(t)-\(i)") }
                if i % 4 == 0 { continue }
                expected.insert(i % 3 == 0 ? "r\(t)-\(i)" : "t\(t)-\(i)")
            }
        }
        #expect(Set(names) == expected)
        #expect(names.count == expected.count)
        #expect(try f.attr(d).nlink == 2 + 8 * 5)
    }
}

/// Failures collected from worker threads.
final class Failures: Sendable {
    private let items = Mutex<[String]>([])
    func add(_ s: String) { items.withLock { $0.append(s) } }
    var all: [String] { items.withLock { $0 } }
}
