// dfs-s3-bench: put / get throughput of the s3 payload store, with the fs
// store on local disk in the same run as the peer. Prints a table; not a test.
//
//   dfs-s3-bench ENDPOINT ACCESS_KEY_ID SECRET_ACCESS_KEY [BUCKET] [ROUNDS]
//
// DFS_S3_BENCH_CONFIG='"multipart_concurrency":1' adds keys to the s3 config.
//
// e.g. after `bash Tests/Integration/moto.sh start DIR`:
//   eval "$(bash Tests/Integration/moto.sh env DIR)"
//   .build/release/dfs-s3-bench "$DFS_TEST_S3_ENDPOINT" "$DFS_TEST_S3_ACCESS_KEY_ID" "$DFS_TEST_S3_SECRET_ACCESS_KEY"
import Foundation
import HostPlugins

let args = CommandLine.arguments
guard args.count >= 4 else {
    FileHandle.standardError.write(Data("usage: dfs-s3-bench ENDPOINT ACCESS_KEY_ID SECRET_ACCESS_KEY [BUCKET] [ROUNDS]\n".utf8))
    exit(2)
}
let bucket = args.count > 4 ? args[4] : "dfs-test"
let rounds = args.count > 5 ? Int(args[5]) ?? 8 : 8
let dir = ProcessInfo.processInfo.environment["DFS_PLUGIN_DIR"] ?? PluginRegistry.executableDirectory() ?? "."
let registry = PluginRegistry()
let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("dfs-s3-bench-\(getpid())").path
defer { try? FileManager.default.removeItem(atPath: tmp) }

let extra = ProcessInfo.processInfo.environment["DFS_S3_BENCH_CONFIG"].map { "," + $0 } ?? ""
let stores: [(String, String, String)] = [
    ("s3", "libPayloadS3.so", #"{"endpoint":"\#(args[1])","bucket":"\#(bucket)","prefix":"bench\#(getpid())-","access_key_id":"\#(args[2])","secret_access_key":"\#(args[3])"\#(extra)}"#),
    ("fs (local disk)", "libPayloadFS.so", #"{"path":"\#(tmp)","fsync":true}"#),
]

extension String { func leftPad(_ n: Int) -> String { String(repeating: " ", count: max(0, n - count)) + self } }

func mibps(_ bytes: Int, _ seconds: Double) -> String { String(format: "%8.1f", Double(bytes) / 1_048_576 / seconds) }

print("store              size    put MiB/s   get MiB/s   (\(rounds) blocks each, 2 of 64 MiB; sequential, one thread; 64 MiB = multipart)")
for (label, file, config) in stores {
    let store = try PayloadStore(plugin: try registry.load(path: dir + "/" + file), config: config)
    for size in [1 << 20, 4 << 20, 64 << 20] {
        let data = (0..<size).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 7) }
        let n = size > 4 << 20 ? 2 : rounds
        let keys = (0..<n).map { Array("blk-\(size)-\($0)".utf8) }
        var t0 = Date()
        for k in keys { try store.put(k, data, durable: true) }
        let put = Date().timeIntervalSince(t0)
        var buf = [UInt8](repeating: 0, count: size)
        t0 = Date()
        for k in keys {
            let n = try buf.withUnsafeMutableBytes { try store.get(k, offset: 0, into: $0) }
            precondition(n == size && buf == data, "read back differs")
        }
        let get = Date().timeIntervalSince(t0)
        for k in keys { try store.delete(k) }
        print("\(label.padding(toLength: 17, withPad: " ", startingAt: 0)) \(String(size >> 20).leftPad(2)) MiB \(mibps(size * n, put))    \(mibps(size * n, get))")
    }
    store.close()
}
