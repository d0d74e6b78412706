import Foundation
import PluginABI
import PluginKit
import S3Kit
import Testing

#if canImport(Glibc)
import Glibc
import TestSupport
#endif

/// The moto S3 service scripts/test.sh starts (Tests/Integration/moto.sh)
/// with authentication on, and the key of its test user.
enum Moto {
    static let env = ProcessInfo.processInfo.environment
    static let endpoint = env["DFS_TEST_S3_ENDPOINT"]
    static let keyID = env["DFS_TEST_S3_ACCESS_KEY_ID"] ?? ""
    static let secret = env["DFS_TEST_S3_SECRET_ACCESS_KEY"] ?? ""
    static let bucket = env["DFS_TEST_S3_BUCKET"] ?? "dfs-test"
    /// Run when the endpoint is set; under CI=true run (and fail) without it.
    static let enabled = endpoint != nil || env["CI"] == "true"

    static func requireEndpoint() throws -> String {
        try #require(endpoint, "CI=true but DFS_TEST_S3_ENDPOINT is not set: scripts/test.sh starts moto and exports it")
    }

    /// A config JSON for the test bucket with a fresh prefix. moto (through
    /// werkzeug) mis-verifies signatures of query values containing "/",
    /// so test prefixes avoid "/" (see docs/STORES.md).
    static func json(_ extra: String = "", secret: String? = nil, bucket: String? = nil, endpoint ep: String? = nil) throws -> String {
        let e = try ep ?? requireEndpoint()
        let prefix = "t\(UInt64.random(in: 0...UInt64.max))-"
        return #"{"endpoint":""# + e + #"","bucket":""# + (bucket ?? Self.bucket) + #"","prefix":""# + prefix
            + #"","access_key_id":""# + keyID + #"","secret_access_key":""# + (secret ?? Self.secret) + "\"" + extra + "}"
    }

    static func open(_ extra: String = "", secret: String? = nil, bucket: String? = nil) throws -> S3BlockStore {
        try S3BlockStore.open(config: S3Config.parse(json(extra, secret: secret, bucket: bucket), environment: [:]))
    }
}

/// A TCP port on 127.0.0.1 held for the object's life: `listening` listens
/// but never accepts or answers; otherwise the port is bound but does not
/// listen (connections are refused, and no other test can take the port).
final class LoopbackPort {
    let port: Int
    private var fd: Int32 = -1

    init(listening: Bool) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sp in
                bind(fd, sp, len) == 0 && getsockname(fd, sp, &len) == 0
            }
        }
        try #require(ok, "bind to 127.0.0.1 failed")
        port = Int(UInt16(bigEndian: addr.sin_port))
        self.fd = fd
        if listening { try #require(listen(fd, 1) == 0) }
    }

    deinit { if fd >= 0 { close(fd) } }
}

func elapsed(_ body: () throws -> Void) rethrows -> Double {
    let t0 = Date()
    try body()
    return Date().timeIntervalSince(t0)
}

@Suite("S3 against moto", .serialized,
       .enabled(if: Moto.enabled, "set DFS_TEST_S3_ENDPOINT etc.: eval \"$(bash Tests/Integration/moto.sh env DIR)\""))
struct MotoTests {
    @Test func wrongSecretIsAClearAccessError() throws {
        expectPluginError(DFS_ERR_ACCES, ["access denied", "SignatureDoesNotMatch", "secret_access_key"]) {
            _ = try Moto.open(secret: "not-the-secret")
        }
    }

    @Test func unknownAccessKeyIsAClearAccessError() throws {
        let cfg = try Moto.json().replacingOccurrences(of: Moto.keyID, with: "AKIANOSUCHKEY0000000")
        expectPluginError(DFS_ERR_ACCES, ["access denied", "InvalidAccessKeyId"]) {
            _ = try S3BlockStore.open(config: S3Config.parse(cfg, environment: [:]))
        }
    }

    @Test func missingBucketFailsAtOpen() throws {
        expectPluginError(DFS_ERR_INVAL, ["\"bucket\"", "no-such-bucket-dfs", "does not exist"]) {
            _ = try Moto.open(bucket: "no-such-bucket-dfs")
        }
    }

    /// Nothing listens: a connection error naming the endpoint, after the
    /// configured retries, in bounded time.
    @Test func unreachableEndpointFailsFast() throws {
        let refusing = try LoopbackPort(listening: false)
        let ep = "http://127.0.0.1:\(refusing.port)"
        let t = withExtendedLifetime(refusing) { elapsed {
            expectPluginError(DFS_ERR_AGAIN, ["cannot reach endpoint", ep, "3 attempts"]) {
                _ = try S3BlockStore.open(config: S3Config.parse(
                    Moto.json(#","max_retries":2,"retry_base_ms":10,"connect_timeout_ms":1000"#, endpoint: ep), environment: [:]))
            }
        } }
        #expect(t < 10, "took \(t) s")
    }

    /// A server that accepts the connection but never answers: the request
    /// timeout ends each attempt; no hang.
    @Test func silentServerTimesOut() throws {
        let silent = try LoopbackPort(listening: true)
        let ep = "http://127.0.0.1:\(silent.port)"
        let t = withExtendedLifetime(silent) { elapsed {
            expectPluginError(DFS_ERR_AGAIN, ["timed out", ep]) {
                _ = try S3BlockStore.open(config: S3Config.parse(
                    Moto.json(#","max_retries":1,"retry_base_ms":10,"request_timeout_ms":500"#, endpoint: ep), environment: [:]))
            }
        } }
        #expect(t < 10, "took \(t) s")
    }

    /// Virtual-host addressing (bucket.localhost: libcurl resolves every
    /// *.localhost name to loopback).
    @Test func virtualHostAddressing() throws {
        let ep = try Moto.requireEndpoint().replacingOccurrences(of: "127.0.0.1", with: "localhost")
        let s = try S3BlockStore.open(config: S3Config.parse(Moto.json(#","addressing":"virtual""#, endpoint: ep), environment: [:]))
        let key: [UInt8] = [0x00, 0x2F, 0xFF, 0x2E, 0x2E]
        try Array("virtual".utf8).withUnsafeBytes { try s.put(key: key, data: $0) }
        var buf = [UInt8](repeating: 0, count: 16)
        let n = try buf.withUnsafeMutableBytes { try s.get(key: key, offset: 0, into: $0) }
        #expect(Array(buf.prefix(n)) == Array("virtual".utf8))
        var listed: [[UInt8]] = []
        try s.list(prefix: [], after: []) { k, _ in listed.append(k); return true }
        #expect(listed == [key])
        try s.delete(key: key)
    }

    /// Above the threshold a block goes up in parts; it reads back whole and
    /// by ranges across part boundaries, and no upload is left pending.
    @Test func multipartUploadReadsBackByRanges() throws {
        let mib = 1 << 20
        let s = try Moto.open(#","multipart_threshold":\#(5 * mib),"part_size":\#(5 * mib)"#)
        var rng = SplitMix(seed: 9)
        let data = (0..<(12 * mib + 123)).map { _ in UInt8.random(in: 0...255, using: &rng) }
        let key = Array("big/block".utf8)
        try data.withUnsafeBytes { try s.put(key: key, data: $0) }
        #expect(try s.size(key: key) == UInt64(data.count))

        // A multipart object's ETag ends in -<parts>.
        let name = s.codec.objectName(key).name
        let head = try s.client.send("HEAD", object: name)
        #expect(head.headers["etag"]?.hasSuffix("-3\"") == true, "ETag \(head.headers["etag"] ?? "none")")

        for (off, len) in [(0, 100), (5 * mib - 10, 20), (10 * mib - 1, 2), (12 * mib, 1000), (3 * mib, 7 * mib)] {
            var buf = [UInt8](repeating: 0, count: len)
            let n = try buf.withUnsafeMutableBytes { try s.get(key: key, offset: UInt64(off), into: $0) }
            let want = Array(data[off..<min(off + len, data.count)])
            #expect(n == want.count && Array(buf.prefix(n)) == want, "range \(off)+\(len)")
        }
        var whole = [UInt8](repeating: 0, count: data.count + 1)
        let n = try whole.withUnsafeMutableBytes { try s.get(key: key, offset: 0, into: $0) }
        #expect(n == data.count && Array(whole.prefix(n)) == data)

        let uploads = try s.client.send("GET", object: nil, query: [("uploads", ""), ("prefix", s.codec.prefix)])
        #expect(!uploads.text.contains("<Upload>"), "pending multipart uploads: \(uploads.text)")
        try s.delete(key: key)
        #expect(throws: (any Error).self) { try s.size(key: key) }
    }

    /// Keys longer than the plain limit (overflow names) mixed with plain
    /// keys of one group list in memcmp order, with prefixes and start-after.
    @Test func longKeysListInByteOrder() throws {
        let s = try Moto.open()
        let head = [UInt8](repeating: 0x41, count: s.codec.headBytes)
        var keys: [[UInt8]] = [head, head + [0x00], head + [0xFF]]
        for (len, fill) in [(s.codec.plainMaxBytes, UInt8(0x10)), (s.codec.plainMaxBytes + 1, 0x10), (1024, 0x00), (1024, 0x10),
                            (1024, 0xFF), (s.codec.plainMaxBytes + 5, 0x7F)] {
            keys.append(head + [UInt8](repeating: fill, count: len - head.count))
        }
        keys.append(Array(head.prefix(10)))
        keys.append([0x42] + [UInt8](repeating: 0x00, count: 1023))
        for (i, k) in keys.enumerated() {
            try [UInt8(i)].withUnsafeBytes { try s.put(key: k, data: $0) }
        }
        func listed(prefix: [UInt8] = [], after: [UInt8] = []) throws -> [[UInt8]] {
            var out: [[UInt8]] = []
            try s.list(prefix: prefix, after: after) { k, _ in out.append(k); return true }
            return out
        }
        let sorted = keys.sorted { $0.lexicographicallyPrecedes($1) }
        #expect(try listed() == sorted)
        #expect(try listed(prefix: head) == sorted.filter { $0.starts(with: head) })
        let p2 = head + [0x10, 0x10]
        #expect(try listed(prefix: p2) == sorted.filter { $0.starts(with: p2) })
        for a in sorted {
            #expect(try listed(after: a) == sorted.filter { a.lexicographicallyPrecedes($0) }, "after a key of \(a.count) bytes")
        }
        for (i, k) in keys.enumerated() {
            var b = [UInt8](repeating: 0xEE, count: 2)
            let n = try b.withUnsafeMutableBytes { try s.get(key: k, offset: 0, into: $0) }
            #expect(n == 1 && b[0] == UInt8(i))
        }
        for k in keys { try s.delete(key: k) }
        #expect(try listed().isEmpty)
    }
}
