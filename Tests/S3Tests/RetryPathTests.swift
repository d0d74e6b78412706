import Foundation
import PluginABI
import PluginKit
import S3Kit
import Testing

/// The client's retry loop and the multipart abort, against FakeS3.
@Suite("S3 retries and aborts (scripted server)", .serialized)
struct RetryPathTests {
    func config(_ endpoint: String, _ extra: String = "") throws -> S3Config {
        try S3Config.parse(#"{"endpoint":""# + endpoint + #"","bucket":"fake-bucket","access_key_id":"k","secret_access_key":"s","retry_base_ms":1,"retry_max_ms":5"#
                           + extra + "}", environment: [:])
    }

    @Test func slowDownIsRetriedUntilSuccess() throws {
        let fake = try FakeS3 { _, _, i in i < 3 ? (503, s3Error("SlowDown")) : (200, "") }
        defer { fake.stop() }
        let slept = PthreadLock<[Int]>([])
        let client = S3Client(config: try config(fake.endpoint), sleepMs: { ms in slept.withLock { $0.append(ms) } })
        let r = try client.send("PUT", object: "obj", body: UnsafeRawBufferPointer(start: nil, count: 0))
        #expect(r.status == 200)
        #expect(fake.requests.count == 4)
        #expect(slept.withLock { $0.count } == 3)
        #expect(slept.withLock { $0.allSatisfy { $0 >= 0 && $0 <= 5 } })
    }

    @Test func givesUpAfterMaxRetriesWithAgain() throws {
        let fake = try FakeS3 { _, _, _ in (500, s3Error("InternalError")) }
        defer { fake.stop() }
        let client = S3Client(config: try config(fake.endpoint, #","max_retries":2"#), sleepMs: { _ in })
        do {
            _ = try client.send("GET", object: "obj")
            Issue.record("no error")
        } catch {
            let e = client.pluginError(error, "get")
            #expect(e.code == dfs_status(DFS_ERR_AGAIN))
            #expect(e.message.contains("InternalError") && e.message.contains("3 attempts"), "\(e.message)")
        }
        #expect(fake.requests.count == 3)
    }

    @Test func accessDeniedIsNotRetried() throws {
        let fake = try FakeS3 { _, _, _ in (403, s3Error("AccessDenied")) }
        defer { fake.stop() }
        let client = S3Client(config: try config(fake.endpoint), sleepMs: { _ in })
        #expect(throws: S3Client.Failure.self) { _ = try client.send("GET", object: "obj") }
        #expect(fake.requests.count == 1)
    }

    @Test func throttling429IsRetried() throws {
        let fake = try FakeS3 { _, _, i in i == 0 ? (429, "") : (200, "") }
        defer { fake.stop() }
        let client = S3Client(config: try config(fake.endpoint), sleepMs: { _ in })
        #expect(try client.send("DELETE", object: "obj").status == 200)
        #expect(fake.requests.count == 2)
    }

    /// A part upload that keeps failing: the upload is aborted (DELETE
    /// ?uploadId) and the put fails; nothing is completed.
    @Test func failedPartAbortsTheUpload() throws {
        let fake = try FakeS3 { method, target, _ in
            if method == "HEAD" { return (200, "") }
            if method == "POST" && target.contains("uploads") {
                return (200, "<InitiateMultipartUploadResult><Bucket>fake-bucket</Bucket><Key>k</Key><UploadId>UP-1</UploadId></InitiateMultipartUploadResult>")
            }
            if method == "PUT" && target.contains("partNumber=2") { return (500, s3Error("InternalError")) }
            return (200, "")
        }
        defer { fake.stop() }
        let mib = 1 << 20
        let store = try S3BlockStore.open(config: config(fake.endpoint, #","max_retries":1,"multipart_threshold":\#(5 * mib),"part_size":\#(5 * mib)"#),
                                          sleepMs: { _ in })
        let data = [UInt8](repeating: 7, count: 11 * mib)
        do {
            try data.withUnsafeBytes { try store.put(key: Array("k".utf8), data: $0) }
            Issue.record("put succeeded")
        } catch let e as PluginError {
            #expect(e.code == dfs_status(DFS_ERR_AGAIN), "\(e.message)")
            #expect(e.message.contains("multipart"), "\(e.message)")
        }
        let reqs = fake.requests.map { "\($0.method) \($0.target)" }
        #expect(reqs.contains { $0.hasPrefix("DELETE ") && $0.contains("uploadId=UP-1") }, "\(reqs)")
        #expect(!reqs.contains { $0.hasPrefix("POST ") && $0.contains("uploadId=UP-1") }, "completed despite a failed part: \(reqs)")
        #expect(reqs.filter { $0.contains("partNumber=2") }.count == 2) // first try + 1 retry
    }

    /// A host name that does not resolve: a connection error naming the
    /// endpoint, in bounded time.
    @Test func unresolvableHostNamesTheEndpoint() throws {
        let ep = "http://no-such-host.invalid:9000"
        let t0 = Date()
        expectPluginError(DFS_ERR_AGAIN, ["cannot reach endpoint", ep]) {
            _ = try S3BlockStore.open(config: config(ep, #","max_retries":1,"connect_timeout_ms":2000"#), sleepMs: { _ in })
        }
        #expect(Date().timeIntervalSince(t0) < 15)
    }

    /// The answer to CompleteMultipartUpload is lost (500), the retry finds
    /// no upload (404 NoSuchUpload): the put succeeds when HEAD shows the
    /// object with the block's size, and fails when it does not.
    @Test(arguments: [true, false])
    func lostCompleteAnswer(objectThere: Bool) throws {
        let mib = 1 << 20
        let size = 6 * mib
        // The first Complete fails with 500, later ones with NoSuchUpload.
        let completes = PthreadLock(0)
        let fake = try FakeS3 { method, target, _ in
            if method == "POST" && target.contains("uploadId=UP-3") {
                let n = completes.withLock { $0 += 1; return $0 }
                return n == 1 ? (500, s3Error("InternalError")) : (404, s3Error("NoSuchUpload"))
            }
            if method == "HEAD" { return target == "/fake-bucket" ? (200, "") : objectThere ? (200, String(repeating: "x", count: size)) : (404, "") }
            if method == "POST" && target.contains("uploads") {
                return (200, "<InitiateMultipartUploadResult><UploadId>UP-3</UploadId></InitiateMultipartUploadResult>")
            }
            return (200, "")
        }
        defer { fake.stop() }
        let store = try S3BlockStore.open(config: config(fake.endpoint, #","max_retries":2,"multipart_threshold":\#(5 * mib),"part_size":\#(5 * mib)"#),
                                          sleepMs: { _ in })
        let data = [UInt8](repeating: 3, count: size)
        if objectThere {
            try data.withUnsafeBytes { try store.put(key: Array("k".utf8), data: $0) }
        } else {
            #expect(throws: PluginError.self) { try data.withUnsafeBytes { try store.put(key: Array("k".utf8), data: $0) } }
        }
        #expect(completes.withLock { $0 } == 2)
    }

    /// CompleteMultipartUpload can fail inside a 200 answer.
    @Test func errorInsideA200CompleteIsAFailure() throws {
        let fake = try FakeS3 { method, target, _ in
            if method == "POST" && target.contains("uploads") {
                return (200, "<InitiateMultipartUploadResult><UploadId>UP-2</UploadId></InitiateMultipartUploadResult>")
            }
            if method == "POST" { return (200, s3Error("InvalidPart")) }
            return (200, "")
        }
        defer { fake.stop() }
        let mib = 1 << 20
        let store = try S3BlockStore.open(config: config(fake.endpoint, #","max_retries":0,"multipart_threshold":\#(5 * mib),"part_size":\#(5 * mib)"#),
                                          sleepMs: { _ in })
        let data = [UInt8](repeating: 1, count: 6 * mib)
        #expect(throws: PluginError.self) { try data.withUnsafeBytes { try store.put(key: Array("k".utf8), data: $0) } }
        #expect(fake.requests.contains { $0.method == "DELETE" && $0.target.contains("uploadId=UP-2") })
    }
}
