import PluginABI
import PluginKit

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Signed S3 requests with retries, and S3 failures turned into ABI errors.
/// Knows URLs (path or virtual-host addressing), SigV4 and RetryPolicy;
/// knows nothing about blocks.
public final class S3Client: Sendable {
    public let config: S3Config
    let http: HTTPClient
    /// Sleeps between retries (milliseconds); replaceable in tests.
    let sleepMs: @Sendable (Int) -> Void

    public init(config: S3Config, sleepMs: @escaping @Sendable (Int) -> Void = { usleep(useconds_t($0) * 1000) }) {
        self.config = config
        self.http = HTTPClient(timeouts: config.timeouts)
        self.sleepMs = sleepMs
    }

    /// What went wrong with a request, before it becomes a `PluginError`.
    public enum Failure: Error {
        /// An answer with a non-2xx status (after any retries).
        case http(status: Int, code: String?, message: String?, attempts: Int)
        /// No answer (after any retries).
        case transport(HTTPClient.TransportError, attempts: Int)
    }

    /// Host header and path for `object` (an object name, not encoded; nil
    /// for the bucket itself).
    func location(_ object: String?) -> (host: String, path: String) {
        let name = object.map { SigV4.uriEncode($0, keepSlash: true) }
        switch config.addressing {
        case .path:
            return (config.endpoint.authority, "/" + config.bucket + (name.map { "/" + $0 } ?? ""))
        case .virtual:
            return (config.bucket + "." + config.endpoint.authority, "/" + (name ?? ""))
        }
    }

    /// The query string for the URL: the canonical one, with `k=` shortened
    /// to `k` for valueless sub-resources such as `uploads`.
    static func urlQuery(_ query: [(String, String)]) -> String {
        SigV4.canonicalQuery(query).split(separator: "&").map { $0.hasSuffix("=") ? String($0.dropLast()) : String($0) }
            .joined(separator: "&")
    }

    /// Sends a signed request, retrying per the policy. Returns a 2xx
    /// response, or one of `accept`'s statuses; throws `Failure` otherwise.
    public func send(_ method: String, object: String?, query: [(String, String)] = [],
                     headers: [(String, String)] = [], body: UnsafeRawBufferPointer? = nil,
                     sink: HTTPClient.Sink = .collect, accept: Set<Int> = []) throws(Failure) -> HTTPClient.Response {
        let (host, path) = location(object)
        let q = Self.urlQuery(query)
        let url = config.endpoint.description + path + (q.isEmpty ? "" : "?" + q)
        let payloadHash = body.map { Crypto.hex(Crypto.sha256($0)) } ?? Crypto.emptySHA256
        var attempt = 0
        while true {
            attempt += 1
            let req = SigV4Request(method: method, path: path, query: query, headers: [("host", host)] + headers,
                                   payloadHash: payloadHash)
            let signed = SigV4.sign(req, credentials: config.credentials, region: config.region, service: "s3",
                                    time: Int(time(nil)))
            let outcome: RetryPolicy.Outcome
            let failure: Failure
            do {
                let r = try http.perform(method: method, url: url, headers: [("Host", host)] + headers + signed.headers,
                                         body: body.map { .bytes($0) } ?? .none, sink: sink)
                if (200..<300).contains(r.status) || accept.contains(r.status) {
                    // CompleteMultipartUpload (and copies) may fail with a 200.
                    if r.status == 200, method == "POST", let e = S3XML.error(r.text) {
                        outcome = .http(status: 500, code: e.code)
                        failure = .http(status: 200, code: e.code, message: e.message, attempts: attempt)
                    } else {
                        return r
                    }
                } else {
                    let e = S3XML.error(r.text)
                    outcome = .http(status: r.status, code: e?.code)
                    failure = .http(status: r.status, code: e?.code, message: e?.message, attempts: attempt)
                }
            } catch let e as HTTPClient.TransportError {
                outcome = .transport(timedOut: e.timedOut)
                failure = .transport(e, attempts: attempt)
            } catch {
                outcome = .transport(timedOut: false)
                failure = .transport(.init(code: -1, message: "\(error)", timedOut: false), attempts: attempt)
            }
            guard let delay = config.retry.delayMs(afterAttempt: attempt, outcome: outcome, unit: Double.random(in: 0..<1)) else {
                throw failure
            }
            sleepMs(delay)
        }
    }

    /// A `Failure` as the ABI error for operation `what` (e.g. `get "key"`).
    public func pluginError(_ f: Failure, _ what: String) -> PluginError {
        let ep = config.endpoint.description
        switch f {
        case .transport(let e, let attempts):
            let tries = attempts > 1 ? " (\(attempts) attempts)" : ""
            if e.timedOut {
                return PluginError(DFS_ERR_AGAIN, "s3: \(what): timed out talking to endpoint \(ep)\(tries): \(e.message)")
            }
            return PluginError(DFS_ERR_AGAIN, "s3: \(what): cannot reach endpoint \(ep)\(tries): \(e.message)")
        case .http(let status, let code, let message, let attempts):
            let detail = [code, message].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            let said = "HTTP \(status)" + (detail.isEmpty ? "" : " \(detail)")
            if status == 403 {
                return PluginError(DFS_ERR_ACCES, "s3: \(what): access denied by \(ep) (\(said)): check the credentials (access_key_id / secret_access_key from \(config.credentialsSource)), the signature's region \"\(config.region)\" and the bucket policy")
            }
            if code == "NoSuchBucket" {
                return PluginError(DFS_ERR_IO, "s3: \(what): bucket \"\(config.bucket)\" does not exist at \(ep)")
            }
            if RetryPolicy.isRetryable(.http(status: status, code: code)) {
                return PluginError(DFS_ERR_AGAIN, "s3: \(what): \(ep) is failing or throttling (\(said), \(attempts) attempts)")
            }
            return PluginError(DFS_ERR_IO, "s3: \(what): \(ep) answered \(said)")
        }
    }

    /// Checks that the bucket exists and the credentials work (HEAD bucket;
    /// on failure a listing request to learn S3's error code).
    public func checkBucket() throws {
        do {
            _ = try send("HEAD", object: nil)
        } catch {
            guard case .http(let status, _, _, _) = error else { throw pluginError(error, "open") }
            var detail = error
            do {
                _ = try send("GET", object: nil, query: [("list-type", "2"), ("max-keys", "0")])
            } catch let e2 {
                if case .http = e2 { detail = e2 }
            }
            if case .http(_, let code, _, _) = detail, code == "NoSuchBucket" || (status == 404 && code == nil) {
                throw PluginError.inval("s3: key \"bucket\": bucket \"\(config.bucket)\" does not exist at \(config.endpoint) (create it first)")
            }
            if status == 301 || status == 400 {
                if case .http(_, let code, let message, _) = detail, code == "AuthorizationHeaderMalformed" || code == "PermanentRedirect" {
                    throw PluginError.inval("s3: key \"region\": \(config.endpoint) rejected region \"\(config.region)\" for bucket \"\(config.bucket)\": \(code ?? ""): \(message ?? "")")
                }
            }
            throw pluginError(detail, "open: bucket \"\(config.bucket)\"")
        }
    }
}
