// dfs-bench: micro-benchmarks of the plugin ABI crossing and of the
// file-system core on in-process stores. Not a test: it prints a table.
//
//   dfs-bench [--iterations N] [--c-store path/to/libc-memstore.so] [--badgerlike]
//
// --badgerlike adds the RocksDB store (libMetadataBadgerLike.so), opened in a
// fresh temporary directory with "sync":"none" (plus one create row with
// "sync":"always", i.e. a WAL fsync per commit).
//
// Build it in release mode for meaningful numbers:
//   swift build -c release --product dfs-bench && .build/release/dfs-bench
import Foundation
import HostCore
import HostPlugins
import PluginABI
import Synchronization

struct Options {
    var iterations = 20_000
    var cStore: String?
    var badgerlike = false
    var pluginDir = ProcessInfo.processInfo.environment["DFS_PLUGIN_DIR"] ?? PluginRegistry.executableDirectory() ?? "."

    init() {
        var args = CommandLine.arguments.dropFirst().makeIterator()
        while let a = args.next() {
            switch a {
            case "--iterations": iterations = Int(args.next() ?? "") ?? iterations
            case "--c-store": cStore = args.next()
            case "--plugin-dir": pluginDir = args.next() ?? pluginDir
            case "--badgerlike": badgerlike = true
            case "-h", "--help":
                print("usage: dfs-bench [--iterations N] [--c-store libc-memstore.so] [--plugin-dir DIR] [--badgerlike]")
                exit(0)
            default:
                FileHandleOutput.fail("unknown argument \(a) (see --help)")
            }
        }
    }
}

enum FileHandleOutput {
    static func fail(_ m: String) -> Never {
        Foundation.FileHandle.standardError.write(Data("dfs-bench: \(m)\n".utf8))
        exit(2)
    }
}

@inline(__always) func now() -> UInt64 { DispatchTime.now().uptimeNanoseconds }

/// Nanoseconds per iteration of `body`, best of 3 runs.
func measure(_ n: Int, _ body: (Int) throws -> Void) rethrows -> Double {
    var best = Double.infinity
    for _ in 0..<3 {
        let t0 = now()
        for i in 0..<n { try body(i) }
        best = min(best, Double(now() - t0) / Double(n))
    }
    return best
}

func row(_ what: String, _ store: String, _ ns: Double) {
    let w = what.padding(toLength: 46, withPad: " ", startingAt: 0)
    let st = store.padding(toLength: 12, withPad: " ", startingAt: 0)
    print("\(w) \(st) \(String(format: "%10.1f", ns)) ns/op")
}

let opt = Options()
let registry = PluginRegistry()
func load(_ file: String) -> LoadedPlugin {
    do { return try registry.load(path: opt.pluginDir + "/" + file) } catch { FileHandleOutput.fail("\(error)") }
}
let memMeta = load("libMetadataMemory.so")
let memPayload = load("libPayloadMemory.so")
var metaPlugins = [("memory", memMeta, "{}")]
if let c = opt.cStore {
    do { metaPlugins.append(("c-memstore", try registry.load(path: c), "{}")) } catch { FileHandleOutput.fail("\(error)") }
}
/// A fresh temporary directory for a persistent store (removed at the end).
func tempStoreDir(_ tag: String) -> String {
    let dir = NSTemporaryDirectory() + "dfs-bench-\(tag)-\(getpid())"
    try? FileManager.default.removeItem(atPath: dir)
    tempDirs.withLock { $0.append(dir) }
    return dir
}
let tempDirs = Mutex<[String]>([])
var badger: LoadedPlugin?
if opt.badgerlike {
    badger = load("libMetadataBadgerLike.so")
    metaPlugins.append(("badgerlike", badger!, #"{"path":"\#(tempStoreDir("rdb"))","sync":"none"}"#))
}
let n = opt.iterations
print("dfs-bench: \(n) iterations per row, best of 3\n")

// 1. The ABI crossing alone: a baseline in-process atomic add, then the
// same work (alloc_ids is one atomic add in both stores) behind the C
// vtable, then through the Swift wrapper (which adds the error buffer).
let counter = Atomic<UInt64>(1)
row("baseline: Swift atomic add (no crossing)", "-", measure(n * 10) { _ in
    _ = counter.wrappingAdd(1, ordering: .relaxed)
})
for (label, plugin, config) in metaPlugins {
    let store = try MetadataStore(plugin: plugin, config: config)
    var first: UInt64 = 0
    let vt = store.vt, inst = store.instance
    row("alloc_ids via raw C vtable", label, measure(n * 10) { _ in
        _ = vt.pointee.alloc_ids(inst, 1, &first, nil)
    })
    row("alloc_ids via Swift wrapper", label, try measure(n * 10) { _ in
        _ = try store.allocateIDs(1)
    })
    row("txn begin+abort", label, try measure(n) { _ in
        try store.begin().abort()
    })
    store.close()
}

// 2. The core on in-process stores: create / lookup / getattr per op.
for (label, plugin, config) in metaPlugins {
    let meta = try MetadataStore(plugin: plugin, config: config)
    let payload = try PayloadStore(plugin: memPayload)
    let fs = FileSystem()
    let share = try fs.addShare(name: "/bench", id: 7, metadata: meta, payload: payload)
    let cred = Credentials.root
    let dir = try fs.mkdir(cred, dir: share.root, name: Array("d".utf8)).handle
    let names = (0..<n).map { Array("file-\($0)".utf8) }
    var handles: [HostCore.FileHandle] = []
    handles.reserveCapacity(n)
    // Create is measured once (a second run would hit existing names).
    let t0 = now()
    for name in names { handles.append(try fs.create(cred, dir: dir, name: name).handle) }
    row("core create (empty dir -> \(n) entries)", label, Double(now() - t0) / Double(n))
    row("core lookup", label, try measure(n) { i in _ = try fs.lookup(cred, dir: dir, name: names[i]) })
    row("core getattr", label, try measure(n) { i in _ = try fs.getattr(cred, handles[i]) })
    let data = [UInt8](repeating: 7, count: 4096)
    row("core write 4 KiB (unstable, memory payload)", label, try measure(n / 4) { i in
        _ = try fs.write(cred, handles[i], offset: 0, data: data, stability: .unstable)
    })
    row("core read 4 KiB", label, try measure(n / 4) { i in
        _ = try fs.read(cred, handles[i], offset: 0, count: 4096)
    })
    _ = fs.removeShare(id: share.id)
    meta.close()
    payload.close()
}

// 3. badgerlike with a WAL fsync per commit: create only (each one commits).
if let badger {
    let meta = try MetadataStore(plugin: badger, config: #"{"path":"\#(tempStoreDir("rdb-sync"))","sync":"always"}"#)
    let payload = try PayloadStore(plugin: memPayload)
    let fs = FileSystem()
    let share = try fs.addShare(name: "/bench", id: 8, metadata: meta, payload: payload)
    let dir = try fs.mkdir(Credentials.root, dir: share.root, name: Array("d".utf8)).handle
    let m = max(1, n / 20)
    let t0 = now()
    for i in 0..<m { _ = try fs.create(Credentials.root, dir: dir, name: Array("f\(i)".utf8)) }
    row("core create, sync always (\(m) entries)", "badgerlike", Double(now() - t0) / Double(m))
    _ = fs.removeShare(id: share.id)
    meta.close()
    payload.close()
}
for d in tempDirs.withLock({ $0 }) { try? FileManager.default.removeItem(atPath: d) }
