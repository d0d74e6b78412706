// dfs-metabench: metadata operations through the file-system core (as the
// NFS adapter calls them), side by side for every metadata store. Not a test:
// it prints one Markdown table, stores as columns.
//
//   dfs-metabench [--iterations N] [--dir-entries N] [--listings N] [--threads N]
//                 [--stores memory,badgerlike,badgerlike-nosync,postgres,postgres-durable]
//                 [--pg-dsn DSN] [--pg-dsn-durable DSN] [--plugin-dir DIR]
//
// Per store: a fresh FileSystem and share (payload: memory), then in one
// directory: N creates (empty dir -> N entries), N lookups, N getattrs,
// N renames (same directory, new name), N removes; plus whole listings of a
// directory of --dir-entries entries (READDIR with the default 32 KiB
// budget, following cookies to EOF; and READDIRPLUS). Each operation is
// timed on its own: mean, p50 and p99 in µs, and ops/s = 1e6 / mean
// (one thread). Last, "create-parallel": --threads threads (default 4)
// creating N files in all, each in its own directory; ops/s is for all
// threads together (where group commit of WAL syncs shows).
//
// badgerlike runs with "sync":"always" (the default: a WAL fsync per
// committing transaction) and badgerlike-nosync with "sync":"none" (the
// difference is the fsync share). postgres needs a DSN (--pg-dsn, or the
// environment's PG_DSN / DFS_TEST_PG_DSN); each run uses its own schema.
// postgres-durable is the same plugin on a second DSN (--pg-dsn-durable /
// PG_DSN_DURABLE), meant for a server that fsyncs its commits (the test
// clusters of Tests/Integration/postgres.sh run with fsync off unless
// started with PG_DURABLE=1). bench/metadata/run.sh starts both.
//
// Build in release mode for meaningful numbers:
//   swift build -c release --product dfs-metabench   (+ the store plugins)
//   .build/release/dfs-metabench --pg-dsn "$PG_DSN"
import Foundation
import HostCore
import HostPlugins
import Synchronization

struct Options {
    var iterations = 2_000
    var dirEntries = 1_000
    var listings = 50
    var threads = 4
    /// Default: memory, both badgerlikes, and each postgres that has a DSN.
    var stores: [String] = []
    var pgDSN = ProcessInfo.processInfo.environment["PG_DSN"] ?? ProcessInfo.processInfo.environment["DFS_TEST_PG_DSN"]
    var pgDurableDSN = ProcessInfo.processInfo.environment["PG_DSN_DURABLE"]
    var pluginDir = ProcessInfo.processInfo.environment["DFS_PLUGIN_DIR"] ?? PluginRegistry.executableDirectory() ?? "."

    static let usage = "usage: dfs-metabench [--iterations N] [--dir-entries N] [--listings N] [--threads N] [--stores a,b,...] [--pg-dsn DSN] [--pg-dsn-durable DSN] [--plugin-dir DIR]"

    init() {
        var args = CommandLine.arguments.dropFirst().makeIterator()
        func int(_ flag: String) -> Int {
            guard let s = args.next(), let v = Int(s), v > 0 else { fail("\(flag) needs a positive integer") }
            return v
        }
        while let a = args.next() {
            switch a {
            case "--iterations": iterations = int(a)
            case "--dir-entries": dirEntries = int(a)
            case "--listings": listings = int(a)
            case "--threads":
                guard let v = Int(args.next() ?? ""), v >= 0 else { fail("--threads needs an integer >= 0") }
                threads = v
            case "--stores":
                stores = (args.next() ?? "").split(separator: ",").map(String.init)
                for s in stores where StoreKind(rawValue: s) == nil { fail("unknown store \"\(s)\" (\(StoreKind.allCases.map(\.rawValue).joined(separator: ", ")))") }
                if stores.isEmpty { fail("--stores needs a list") }
            case "--pg-dsn": pgDSN = args.next()
            case "--pg-dsn-durable": pgDurableDSN = args.next()
            case "--plugin-dir": pluginDir = args.next() ?? pluginDir
            case "-h", "--help": print(Self.usage); exit(0)
            default: fail("unknown argument \(a) (see --help)")
            }
        }
        if stores.isEmpty {
            stores = ["memory", "badgerlike", "badgerlike-nosync"]
            if !(pgDSN ?? "").isEmpty { stores.append("postgres") }
            if !(pgDurableDSN ?? "").isEmpty { stores.append("postgres-durable") }
        }
    }
}

func fail(_ m: String) -> Never {
    FileHandle.standardError.write(Data("dfs-metabench: \(m)\n".utf8))
    exit(2)
}

enum StoreKind: String, CaseIterable {
    case memory, badgerlike, badgerlikeNosync = "badgerlike-nosync", postgres, postgresDurable = "postgres-durable"

    var plugin: String {
        switch self {
        case .memory: "libMetadataMemory.so"
        case .badgerlike, .badgerlikeNosync: "libMetadataBadgerLike.so"
        case .postgres, .postgresDurable: "libMetadataPostgres.so"
        }
    }
}

/// Latency samples of one operation, in nanoseconds.
struct Samples {
    var ns: [UInt64] = []
    /// Wall time per operation when several threads ran them (for ops/s).
    var wallPerOp: Double? = nil
    var mean: Double { ns.isEmpty ? .nan : Double(ns.reduce(0, +)) / Double(ns.count) }
    var opsPerSecond: Double { 1e9 / (wallPerOp ?? mean) }
    func percentile(_ p: Double) -> Double {
        guard !ns.isEmpty else { return .nan }
        let s = ns.sorted()
        return Double(s[min(s.count - 1, Int((p * Double(s.count)).rounded(.up)) - 1)])
    }
}

@inline(__always) func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Times `body` once per index in `0..<n`.
func timed(_ n: Int, _ body: (Int) throws -> Void) rethrows -> Samples {
    var s = Samples()
    s.ns.reserveCapacity(n)
    for i in 0..<n {
        let t0 = now()
        try body(i)
        s.ns.append(now() - t0)
    }
    return s
}

let ops = ["create", "lookup", "getattr", "readdir", "readdirplus", "rename", "remove", "create-parallel"]

/// Runs every operation on `store` (opened by the caller) and returns its samples.
func run(_ meta: MetadataStore, payload: PayloadStore, opt: Options) throws -> [String: Samples] {
    let fs = FileSystem()
    let share = try fs.addShare(name: "/bench", id: 7, metadata: meta, payload: payload)
    defer { _ = fs.removeShare(id: share.id) }
    let cred = Credentials.root
    let n = opt.iterations
    var r: [String: Samples] = [:]
    // Names are unique per run, so a store that outlives a run (postgres
    // schema) still starts each directory empty.
    let dir = try fs.mkdir(cred, dir: share.root, name: Array("ops".utf8)).handle
    let names = (0..<n).map { Array("file-\($0)".utf8) }
    let renamed = (0..<n).map { Array("renamed-\($0)".utf8) }
    var handles: [HostCore.FileHandle] = []
    handles.reserveCapacity(n)
    r["create"] = try timed(n) { i in handles.append(try fs.create(cred, dir: dir, name: names[i]).handle) }
    r["lookup"] = try timed(n) { i in _ = try fs.lookup(cred, dir: dir, name: names[i]) }
    r["getattr"] = try timed(n) { i in _ = try fs.getattr(cred, handles[i]) }

    let big = try fs.mkdir(cred, dir: share.root, name: Array("list".utf8)).handle
    for i in 0..<opt.dirEntries { _ = try fs.create(cred, dir: big, name: Array("entry-\(i)".utf8)) }
    for plus in [false, true] {
        r[plus ? "readdirplus" : "readdir"] = try timed(opt.listings) { _ in
            var cookie: UInt64 = 0, seen = 0
            while true {
                let page = try fs.readdir(cred, dir: big, cookie: cookie, plus: plus)
                seen += page.entries.count
                if page.eof { break }
                cookie = page.entries.last!.cookie
            }
            if seen != opt.dirEntries + 2 { fail("listing saw \(seen) entries, want \(opt.dirEntries + 2)") }
        }
    }

    r["rename"] = try timed(n) { i in _ = try fs.rename(cred, from: dir, names[i], to: dir, renamed[i]) }
    r["remove"] = try timed(n) { i in _ = try fs.remove(cred, dir: dir, name: renamed[i]) }

    // Creates from several threads at once, each in its own directory (one
    // directory would mostly measure conflict retries): latency per create
    // as each thread sees it; ops/s for all threads together.
    let t = opt.threads
    if t == 0 { return r }      // --threads 0: no parallel phase
    let dirs = try (0..<t).map { try fs.mkdir(cred, dir: share.root, name: Array("par-\($0)".utf8)).handle }
    let perThread = max(1, n / t)
    let box = Mutex<(samples: [UInt64], error: String?)>(([], nil))
    let start = now()
    let threads = (0..<t).map { k in
        Thread {
            do {
                let s = try timed(perThread) { i in _ = try fs.create(cred, dir: dirs[k], name: names[i]) }
                box.withLock { $0.samples += s.ns }
            } catch {
                box.withLock { $0.error = "\(error)" }
            }
        }
    }
    let done = DispatchSemaphore(value: 0)
    for th in threads { th.start() }
    while threads.contains(where: { !$0.isFinished }) { _ = done.wait(timeout: .now() + .milliseconds(5)) }
    let wall = now() - start
    let (all, error) = box.withLock { ($0.samples, $0.error) }
    if let error { fail("parallel create: \(error)") }
    r["create-parallel"] = Samples(ns: all, wallPerOp: Double(wall) / Double(all.count))
    return r
}

let opt = Options()
let registry = PluginRegistry()
var results: [(String, [String: Samples])] = []
var tempDirs: [String] = []
let payloadPlugin: LoadedPlugin
do { payloadPlugin = try registry.load(path: opt.pluginDir + "/libPayloadMemory.so") } catch { fail("\(error)") }
var loaded: [String: LoadedPlugin] = [:]

for name in opt.stores {
    let kind = StoreKind(rawValue: name)!
    let config: String
    switch kind {
    case .memory: config = "{}"
    case .badgerlike, .badgerlikeNosync:
        let dir = NSTemporaryDirectory() + "dfs-metabench-\(getpid())-\(name)"
        try? FileManager.default.removeItem(atPath: dir)
        tempDirs.append(dir)
        config = #"{"path":"\#(dir)","sync":"\#(kind == .badgerlike ? "always" : "none")"}"#
    case .postgres, .postgresDurable:
        guard let dsn = kind == .postgres ? opt.pgDSN : opt.pgDurableDSN, !dsn.isEmpty else {
            fail(kind == .postgres ? "postgres needs a DSN: --pg-dsn, PG_DSN or DFS_TEST_PG_DSN (or leave it out of --stores)"
                                   : "postgres-durable needs a DSN: --pg-dsn-durable or PG_DSN_DURABLE")
        }
        let doc = ["dsn": dsn, "schema": "bench_\(getpid())_\(UInt32.random(in: 0...UInt32.max))"]
        config = String(decoding: try JSONSerialization.data(withJSONObject: doc), as: UTF8.self)
    }
    do {
        let plugin: LoadedPlugin
        if let p = loaded[kind.plugin] { plugin = p } else {
            plugin = try registry.load(path: opt.pluginDir + "/" + kind.plugin)
            loaded[kind.plugin] = plugin
        }
        let meta = try MetadataStore(plugin: plugin, config: config)
        let payload = try PayloadStore(plugin: payloadPlugin)
        FileHandle.standardError.write(Data("dfs-metabench: \(name)...\n".utf8))
        results.append((name, try run(meta, payload: payload, opt: opt)))
        meta.close()
        payload.close()
    } catch {
        fail("\(name): \(error)")
    }
}
for d in tempDirs { try? FileManager.default.removeItem(atPath: d) }

// The table: per operation a latency row (mean, p50 / p99 in µs) and an ops/s row.
func f(_ ns: Double) -> String {
    let us = ns / 1000
    return us >= 100 ? String(format: "%.0f", us) : us >= 10 ? String(format: "%.1f", us) : String(format: "%.2f", us)
}
print("dfs-metabench: \(opt.iterations) ops per row, listings of \(opt.dirEntries) entries x \(opt.listings); "
      + "one thread; µs as mean (p50 / p99)\n")
print("| operation | " + results.map(\.0).joined(separator: " | ") + " |")
print("|---|" + results.map { _ in "---:|" }.joined())
for op in ops where results.allSatisfy({ $0.1[op] != nil }) {
    let what = op.hasPrefix("readdir") ? "\(op) \(opt.dirEntries) entries"
        : op == "create-parallel" ? "create, \(opt.threads) threads" : op
    print("| \(what) µs | " + results.map { r in
        let s = r.1[op]!
        return "\(f(s.mean)) (\(f(s.percentile(0.5))) / \(f(s.percentile(0.99))))"
    }.joined(separator: " | ") + " |")
    print("| \(what) ops/s | " + results.map { r in
        String(format: "%.0f", r.1[op]!.opsPerSecond)
    }.joined(separator: " | ") + " |")
}
