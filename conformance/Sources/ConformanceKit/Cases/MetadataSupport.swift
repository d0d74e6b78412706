import Foundation
import HostPlugins
import PluginABI
import Synchronization

// Helpers shared by the metadata and payload case groups.

// MARK: - bytes

/// The UTF-8 bytes of `s`.
func utf8(_ s: String) -> [UInt8] { Array(s.utf8) }

/// `count` bytes of `byte`.
func filled(_ count: Int, _ byte: UInt8) -> [UInt8] { [UInt8](repeating: byte, count: count) }

/// Deterministic non-repeating-looking content of `count` bytes.
func pattern(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
    var rng = SeededRNG(seed: seed)
    var out = [UInt8](repeating: 0, count: count)
    var i = 0
    while i < count {
        var w = rng.next()
        for _ in 0..<8 where i < count {
            out[i] = UInt8(truncatingIfNeeded: w)
            w >>= 8
            i += 1
        }
    }
    return out
}

/// memcmp order, shorter prefix first: the order of every ABI listing.
func byteLess(_ a: [UInt8], _ b: [UInt8]) -> Bool { a.lexicographicallyPrecedes(b) }

/// Little-endian encoding of a counter.
func le64(_ v: UInt64) -> [UInt8] { (0..<8).map { UInt8(truncatingIfNeeded: v >> (8 * $0)) } }
func fromLE64(_ b: [UInt8]?) -> UInt64? {
    guard let b, b.count == 8 else { return nil }
    return b.enumerated().reduce(0) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
}

/// A short, printable description of a byte string for failure messages.
func show(_ b: [UInt8]?, max: Int = 40) -> String {
    guard let b else { return "nil" }
    let printable = b.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
    if printable && b.count <= max { return "\"\(String(decoding: b, as: UTF8.self))\"" }
    let head = b.prefix(max).map { String(format: "%02x", $0) }.joined()
    return b.count <= max ? "0x\(head) (\(b.count) bytes)" : "0x\(head)… (\(b.count) bytes)"
}

/// Fail unless two byte strings are equal; prints lengths and the first
/// difference instead of megabytes of data.
func expectBytes(_ got: [UInt8]?, _ want: [UInt8]?, _ what: @autoclosure () -> String,
                 file: StaticString = #fileID, line: UInt = #line) throws {
    if got == want { return }
    var detail = "expected \(show(want)), got \(show(got))"
    if let got, let want {
        let first = zip(got, want).enumerated().first { $0.element.0 != $0.element.1 }?.offset
        detail += " (lengths \(want.count)/\(got.count)" + (first.map { ", first difference at byte \($0))" } ?? ")")
    }
    throw CaseFailure(message: "\(what()): \(detail)", file: file, line: line)
}

// MARK: - errors

/// The outcome of one store call: a value or a status.
enum Got<T> {
    case ok(T)
    case err(DFSStatus)

    var status: DFSStatus { if case .err(let s) = self { return s }; return .ok }
    var value: T? { if case .ok(let v) = self { return v }; return nil }
}

/// Run `body`, turning a DFSError into `.err`; other errors propagate.
func capture<T>(_ body: () throws -> T) throws -> Got<T> {
    do { return .ok(try body()) } catch let e as DFSError { return .err(e.status) }
}

/// Whether `error` is DFS_ERR_RETRY.
func isRetry(_ error: Error) -> Bool { (error as? DFSError)?.status == .retry }

/// Fail unless `body` throws a DFSError whose status is one of `statuses`.
func expectAnyError(_ statuses: [DFSStatus], _ what: @autoclosure () -> String,
                    file: StaticString = #fileID, line: UInt = #line, _ body: () throws -> Void) throws {
    do {
        try body()
    } catch let e as DFSError {
        if statuses.contains(e.status) { return }
        throw CaseFailure(message: "\(what()): expected one of \(statuses), got \(e)", file: file, line: line)
    }
    throw CaseFailure(message: "\(what()): expected one of \(statuses), but it succeeded", file: file, line: line)
}

// MARK: - metadata case builders

/// A metadata case that gets a freshly opened store.
func metaCase(_ group: String, _ name: String, requires: UInt64 = 0,
              _ body: @escaping @Sendable (MetadataStore, CaseContext) throws -> Void) -> ConformanceCase {
    ConformanceCase(.metadata, group, name, requires: requires) { ctx in
        let store = try ctx.openMetadata()
        try body(store, ctx)
    }
}

extension MetadataStore {
    /// Begin, run `body`, commit. No retry: in single-threaded cases a
    /// conflict is a failure. Aborts when `body` throws.
    @discardableResult
    func txn<T>(readOnly: Bool = false, _ body: (MetadataTxn) throws -> T) throws -> T {
        let t = try begin(readOnly: readOnly)
        do {
            let v = try body(t)
            try t.commit()
            return v
        } catch {
            t.abort()
            throw error
        }
    }

    /// Run `body` in a read-write and then in a read-only transaction.
    func inBoth(_ body: (MetadataTxn) throws -> Void) throws {
        try txn(body)
        try txn(readOnly: true, body)
    }
}

/// An inode whose every member holds a distinct non-default value, so a
/// store that swaps or truncates members is caught.
func fullInode(_ ino: UInt64, type: FileType = .regular) -> Inode {
    var i = Inode(ino: ino, mode: type.modeBits | 0o4755)
    i.generation = 0x0102_0304_0506_0708
    i.size = 0x1112_1314_1516_1718
    i.nlink = 0x2122_2324
    i.uid = 0x3132_3334
    i.gid = 0x4142_4344
    i.rdev = 0x5152_5354_5556_5758
    i.parent = 0x6162_6364_6566_6768
    i.change = 0x7172_7374_7576_7778
    i.flags = 0x8182_8384_8586_8788
    i.atime = Timespec(sec: 1_600_000_001, nsec: 111_111_111)
    i.mtime = Timespec(sec: 1_600_000_002, nsec: 222_222_222)
    i.ctime = Timespec(sec: 1_600_000_003, nsec: 333_333_333)
    i.btime = Timespec(sec: 1_600_000_004, nsec: 444_444_444)
    return i
}

/// What a store must report for `inode` created with `target`.
func expected(_ inode: Inode, target: [UInt8] = []) -> Inode {
    var i = inode
    i.targetLength = UInt32(target.count)
    return i
}

/// Names of a directory listing, in listing order.
func names(_ entries: [DirEntry]) -> [[UInt8]] { entries.map(\.name) }

/// Fail unless cookies are strictly increasing, > 0 and < 2^62.
func expectCookiesValid(_ entries: [DirEntry], _ what: String,
                        file: StaticString = #fileID, line: UInt = #line) throws {
    var last: UInt64 = 0
    for e in entries {
        if e.cookie == 0 || e.cookie >= 1 << 62 || e.cookie <= last {
            throw CaseFailure(message: "\(what): cookie \(e.cookie) of \(show(e.name)) is not > 0, < 2^62 and greater than the previous \(last)",
                              file: file, line: line)
        }
        last = e.cookie
    }
}

// MARK: - concurrency

/// A value shared between threads behind a mutex.
final class Shared<T: Sendable>: Sendable {
    private let m: Mutex<T>
    init(_ value: T) { m = Mutex(value) }
    func with<R: Sendable>(_ body: (inout T) -> R) -> R { m.withLock { body(&$0) } }
    var value: T { m.withLock { $0 } }
}

/// Run `body(i)` for i in 0..<n on n real threads at once; wait for all.
/// Fails with the first errors the threads threw.
func runThreads(_ n: Int, _ body: @escaping @Sendable (Int) throws -> Void) throws {
    let errors = Shared<[String]>([])
    let group = DispatchGroup()
    let start = DispatchSemaphore(value: 0)
    for i in 0..<n {
        group.enter()
        let t = Thread {
            start.wait()
            defer { group.leave() }
            do { try body(i) } catch { errors.with { $0.append("thread \(i): \(error)") } }
        }
        t.stackSize = 8 << 20
        t.start()
    }
    for _ in 0..<n { start.signal() }
    group.wait()
    let errs = errors.value
    if !errs.isEmpty {
        throw fail("\(errs.count) thread(s) failed: " + errs.prefix(3).joined(separator: "; "))
    }
}

// MARK: - randomness

/// SplitMix64: small, fast, and reproducible from a printed seed.
struct SeededRNG: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// The seed of a random case: the run's seed, or a fresh one when it is 0.
func caseSeed(_ ctx: CaseContext) -> UInt64 {
    ctx.options.seed != 0 ? ctx.options.seed : UInt64.random(in: 1...UInt64.max)
}

// MARK: - configuration

/// The case's configuration with one extra member added.
func configAdding(_ ctx: CaseContext, key: String, value: Any) throws -> String {
    let data = Data(ctx.config.utf8)
    guard var obj = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else {
        throw fail("the run's configuration is not a JSON object: \(ctx.config)")
    }
    obj[key] = value
    let out = try JSONSerialization.data(withJSONObject: obj, options: [.sortedKeys])
    return String(decoding: out, as: UTF8.self)
}

/// The shared configuration cases, for either store kind.
func configCases(_ kind: PluginKind) -> [ConformanceCase] {
    @Sendable func open(_ ctx: CaseContext, _ config: String) throws {
        switch kind {
        case .metadata: try MetadataStore(plugin: ctx.plugin, config: config).close()
        default: try PayloadStore(plugin: ctx.plugin, config: config).close()
        }
    }
    let bogus = "dfs_conformance_no_such_key"
    return [
        ConformanceCase(kind, "config", "unknown-key-inval-naming-key") { ctx in
            let cfg = try configAdding(ctx, key: bogus, value: true)
            do {
                try open(ctx, cfg)
            } catch let e as DFSError {
                try expectEqual(e.status, .inval, "open with an unknown config key")
                try expect(e.message.contains(bogus), "the error message must name the key \(bogus): \(e.message)")
                return
            }
            throw fail("open with unknown key \(bogus) succeeded; it must fail with INVAL naming the key")
        },
        ConformanceCase(kind, "config", "not-json-inval") { ctx in
            try expectError(.inval, "open with config \"{not json\"") { try open(ctx, "{not json") }
        },
        ConformanceCase(kind, "config", "not-an-object-inval") { ctx in
            try expectError(.inval, "open with config \"[1,2]\"") { try open(ctx, "[1,2]") }
        },
        ConformanceCase(kind, "config", "reopen-same-config") { ctx in
            // Two opens with the same config, one after the other, both work.
            try open(ctx, ctx.config)
            try open(ctx, ctx.config)
        },
    ]
}
