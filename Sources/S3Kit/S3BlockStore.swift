import Foundation
import PluginABI
import PluginKit

/// The payload-store operations on S3: blocks as objects named by
/// `KeyCodec`, PUT (single or multipart), ranged GET, HEAD, DELETE and
/// ListObjectsV2. Thread-safe (no mutable state; `HTTPClient` pools handles).
public final class S3BlockStore: Sendable {
    public let client: S3Client
    public let codec: KeyCodec
    /// Metadata header holding the full key of an overflow name (base64).
    static let keyHeader = "x-amz-meta-dfs-key"
    /// Past this offset no block has data (blocks are at most DFS_BLOCK_MAX).
    static let maxBlock = UInt64(DFS_BLOCK_MAX)

    public var config: S3Config { client.config }

    /// Opens the store: validates the prefix and checks the bucket (HEAD).
    public static func open(config: S3Config, sleepMs: (@Sendable (Int) -> Void)? = nil) throws -> S3BlockStore {
        let codec: KeyCodec
        do { codec = try KeyCodec(prefix: config.prefix) } catch { throw PluginError.inval("s3: key \"prefix\": \(error)") }
        let client = sleepMs.map { S3Client(config: config, sleepMs: $0) } ?? S3Client(config: config)
        try client.checkBucket()
        return S3BlockStore(client: client, codec: codec)
    }

    init(client: S3Client, codec: KeyCodec) {
        self.client = client
        self.codec = codec
    }

    /// A key for messages: printable ASCII as is, the rest as \xNN, cut at 64 bytes.
    static func show(_ key: [UInt8]) -> String {
        var s = "\""
        for b in key.prefix(64) {
            if b >= 0x20 && b < 0x7F && b != 0x22 && b != 0x5C { s.append(Character(Unicode.Scalar(b))) }
            else { s += "\\x" + String(b, radix: 16).leftPad(2) }
        }
        return s + (key.count > 64 ? "…\" (\(key.count) bytes)" : "\"")
    }

    // MARK: put

    /// Stores `data` as block `key` (one PUT, or a multipart upload above the
    /// threshold). S3 makes the object visible atomically and durably.
    public func put(key: [UInt8], data: UnsafeRawBufferPointer) throws {
        let (name, overflow) = codec.objectName(key)
        var headers: [(String, String)] = [("Content-Type", "application/octet-stream")]
        if overflow { headers.append((Self.keyHeader, Data(key).base64EncodedString())) }
        if data.count > config.multipartThreshold {
            try multipartPut(name: name, key: key, data: data, headers: headers)
            return
        }
        do {
            _ = try client.send("PUT", object: name, headers: headers, body: data)
        } catch {
            throw client.pluginError(error, "put \(Self.show(key))")
        }
    }

    /// Initiate, upload the parts in order, complete; abort on any failure.
    func multipartPut(name: String, key: [UInt8], data: UnsafeRawBufferPointer, headers: [(String, String)]) throws {
        let what = "put \(Self.show(key)) (multipart, \(data.count) bytes)"
        let uploadID: String
        do {
            let r = try client.send("POST", object: name, query: [("uploads", "")], headers: headers)
            guard let id = S3XML.first("UploadId", in: r.text), !id.isEmpty else {
                throw PluginError.io("s3: \(what): no UploadId in the answer to CreateMultipartUpload")
            }
            uploadID = id
        } catch let f as S3Client.Failure {
            throw client.pluginError(f, what)
        }
        do {
            let etags = try uploadParts(name: name, uploadID: uploadID, data: data, what: what)
            var xml = "<CompleteMultipartUpload>"
            for (i, e) in etags.enumerated() {
                xml += "<Part><PartNumber>\(i + 1)</PartNumber><ETag>\(S3XML.escape(e))</ETag></Part>"
            }
            xml += "</CompleteMultipartUpload>"
            let body = Array(xml.utf8)
            do {
                _ = try body.withUnsafeBytes {
                    try client.send("POST", object: name, query: [("uploadId", uploadID)],
                                    headers: [("Content-Type", "application/xml")], body: $0)
                }
            } catch let f as S3Client.Failure {
                // A retried Complete whose first attempt went through (its
                // answer was lost) finds no upload: fine if the object is
                // there with our size.
                guard case .http(404, "NoSuchUpload", _, let attempts) = f, attempts > 1,
                      let r = try? head(name, what), r.headers["content-length"] == String(data.count) else { throw f }
            }
        } catch {
            // Best effort: an upload left behind costs storage until a lifecycle rule removes it.
            _ = try? client.send("DELETE", object: name, query: [("uploadId", uploadID)], accept: [404])
            if let f = error as? S3Client.Failure { throw client.pluginError(f, what) }
            throw error
        }
    }

    /// Uploads the parts, `multipartConcurrency` at a time; returns their
    /// ETags in part order. The first failure stops the workers (parts in
    /// flight finish) and is thrown.
    func uploadParts(name: String, uploadID: String, data: UnsafeRawBufferPointer, what: String) throws -> [String] {
        let size = config.partSize
        let count = (data.count + size - 1) / size
        struct State { var next = 0; var etags: [String?]; var failure: (any Error)? }
        let state = PthreadLock(State(etags: Array(repeating: nil, count: count)))
        let workers = min(config.multipartConcurrency, count)
        // The buffer is borrowed for this call and only read: pass it to the
        // workers as an address (UnsafeRawBufferPointer is not Sendable).
        let base = UInt(bitPattern: data.baseAddress)
        let total = data.count
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            while true {
                let part: Int? = state.withLock { s in
                    guard s.failure == nil, s.next < count else { return nil }
                    s.next += 1
                    return s.next - 1
                }
                guard let part else { return }
                let offset = part * size
                let slice = UnsafeRawBufferPointer(start: UnsafeRawPointer(bitPattern: base)! + offset,
                                                   count: min(size, total - offset))
                do {
                    let r = try client.send("PUT", object: name,
                                            query: [("partNumber", String(part + 1)), ("uploadId", uploadID)], body: slice)
                    guard let etag = r.headers["etag"], !etag.isEmpty else {
                        throw PluginError.io("s3: \(what): no ETag for part \(part + 1)")
                    }
                    state.withLock { $0.etags[part] = etag }
                } catch {
                    state.withLock { s in if s.failure == nil { s.failure = error } }
                    return
                }
            }
        }
        let final = state.withLock { $0 }
        if let failure = final.failure { throw failure }
        return final.etags.map { $0! }
    }

    // MARK: get / stat / delete

    /// Copies up to `into.count` bytes of block `key` from `offset`; returns
    /// how many (0 at or past the end). NOENT when the block does not exist.
    public func get(key: [UInt8], offset: UInt64, into: UnsafeMutableRawBufferPointer) throws -> Int {
        if into.count == 0 || offset >= Self.maxBlock {
            _ = try size(key: key) // existence
            return 0
        }
        let (name, _) = codec.objectName(key)
        let last = offset + UInt64(into.count) - 1
        do {
            let r = try client.send("GET", object: name, headers: [("Range", "bytes=\(offset)-\(last)")],
                                    sink: .buffer(into, skipOn200: offset), accept: [416])
            return r.status == 416 ? 0 : r.written
        } catch {
            if case .http(404, let code, _, _) = error, code != "NoSuchBucket" {
                throw PluginError.noent("s3: get \(Self.show(key)): no such block")
            }
            throw client.pluginError(error, "get \(Self.show(key))")
        }
    }

    /// HEAD of an object: its size and headers; nil when absent.
    func head(_ name: String, _ what: @autoclosure () -> String) throws -> HTTPClient.Response? {
        do {
            return try client.send("HEAD", object: name)
        } catch {
            if case .http(404, _, _, _) = error { return nil }
            throw client.pluginError(error, what())
        }
    }

    /// Size of block `key`; NOENT when absent.
    public func size(key: [UInt8]) throws -> UInt64 {
        let what = "stat \(Self.show(key))"
        guard let r = try head(codec.objectName(key).name, what) else {
            throw PluginError.noent("s3: \(what): no such block")
        }
        guard let len = r.headers["content-length"].flatMap({ UInt64($0) }) else {
            throw PluginError.io("s3: \(what): no Content-Length in the HEAD answer")
        }
        return len
    }

    /// Removes block `key`; fine when absent (S3's DELETE is idempotent).
    public func delete(key: [UInt8]) throws {
        do {
            _ = try client.send("DELETE", object: codec.objectName(key).name, accept: [404])
        } catch {
            throw client.pluginError(error, "delete \(Self.show(key))")
        }
    }

    // MARK: list

    /// Calls `emit(key, size)` for every key starting with `prefix` and
    /// greater than `after` (empty: from the first), in memcmp order, until
    /// it returns false.
    public func list(prefix: [UInt8], after: [UInt8], _ emit: ([UInt8], UInt64) throws -> Bool) throws {
        var token: String?
        var groupHead: [UInt8]?
        var pending: [(parsed: KeyCodec.Parsed, name: String, size: UInt64)] = []
        var stopped = false

        func deliver(_ key: [UInt8], _ size: UInt64) throws {
            guard !stopped, key.starts(with: prefix), after.isEmpty || after.lexicographicallyPrecedes(key) else { return }
            if try !emit(key, size) { stopped = true }
        }
        // A group's names are contiguous but not in key order: resolve the
        // overflow names' keys, sort, deliver.
        func flush() throws {
            defer { pending.removeAll(); groupHead = nil }
            guard !pending.isEmpty else { return }
            var entries: [([UInt8], UInt64)] = []
            for p in pending {
                switch p.parsed {
                case .plain(let k): entries.append((k, p.size))
                case .overflow:
                    guard let r = try head(p.name, "list: HEAD \(p.name)") else { continue } // deleted meanwhile
                    guard let b64 = r.headers[Self.keyHeader], let data = Data(base64Encoded: b64), !data.isEmpty else {
                        continue // not ours
                    }
                    entries.append((Array(data), p.size))
                }
            }
            entries.sort { $0.0.lexicographicallyPrecedes($1.0) }
            for (k, s) in entries { try deliver(k, s) }
        }

        let s3Prefix = codec.listPrefix(prefix)
        let startAfter = codec.listStartAfter(after)
        // Small first page: callers that stop early (pagination) pay less.
        var pageSize = 100
        repeat {
            var query: [(String, String)] = [("list-type", "2"), ("max-keys", String(pageSize))]
            pageSize = 1000
            if !s3Prefix.isEmpty { query.append(("prefix", s3Prefix)) }
            if let token { query.append(("continuation-token", token)) }
            else if let startAfter { query.append(("start-after", startAfter)) }
            let page: S3XML.ListPage
            do {
                let r = try client.send("GET", object: nil, query: query)
                guard let p = S3XML.listPage(r.text) else {
                    throw PluginError.io("s3: list: the answer to ListObjectsV2 is not a ListBucketResult: \(r.text.prefix(200))")
                }
                page = p
            } catch let f as S3Client.Failure {
                throw client.pluginError(f, "list")
            }
            for o in page.objects {
                guard let parsed = codec.parse(o.name) else { continue }
                let g = codec.group(of: parsed)
                if g == nil || g != groupHead { try flush() }
                if let g {
                    groupHead = g
                    pending.append((parsed, o.name, o.size))
                } else if case .plain(let k) = parsed {
                    try deliver(k, o.size)
                }
                if stopped { return }
            }
            token = page.isTruncated ? page.nextContinuationToken : nil
            if page.isTruncated && token == nil { throw PluginError.io("s3: list: truncated page without a continuation token") }
        } while token != nil
        try flush()
    }
}

extension String {
    func leftPad(_ n: Int) -> String { String(repeating: "0", count: max(0, n - count)) + self }
}
