import Foundation
import PluginKit

/// An `http://` or `https://` endpoint: scheme, host and optional port.
public struct S3Endpoint: Sendable, Equatable, CustomStringConvertible {
    public var https: Bool
    /// Host name or IP literal (IPv6 in brackets).
    public var host: String
    public var port: Int?

    public init(https: Bool, host: String, port: Int?) {
        self.https = https
        self.host = host
        self.port = port
    }

    /// `scheme://host[:port]`.
    public var description: String { (https ? "https://" : "http://") + authority }
    /// `host[:port]`, as in the Host header.
    public var authority: String { port.map { "\(host):\($0)" } ?? host }

    /// Why an endpoint was refused.
    public struct Invalid: Error, Equatable { public var reason: String }

    /// Parses `http(s)://host[:port][/]`; a reason otherwise.
    public static func parse(_ text: String) -> Result<S3Endpoint, Invalid> {
        let https: Bool
        var rest: Substring
        if text.lowercased().hasPrefix("https://") { https = true; rest = text.dropFirst(8) }
        else if text.lowercased().hasPrefix("http://") { https = false; rest = text.dropFirst(7) }
        else { return .failure(Invalid(reason: "must start with http:// or https://")) }
        if rest.hasSuffix("/") { rest = rest.dropLast() }
        if rest.contains("/") || rest.contains("?") || rest.contains("#") {
            return .failure(Invalid(reason: "must not have a path, query or fragment (put the bucket in \"bucket\" and a path in \"prefix\")"))
        }
        if rest.contains("@") { return .failure(Invalid(reason: "must not contain user information")) }
        var host = rest
        var port: Int?
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return .failure(Invalid(reason: "has an unclosed [ in the host")) }
            host = rest[...close]
            let after = rest[rest.index(after: close)...]
            if !after.isEmpty {
                guard after.hasPrefix(":"), let p = Int(after.dropFirst()) else { return .failure(Invalid(reason: "has a bad port")) }
                port = p
            }
        } else if let colon = rest.lastIndex(of: ":") {
            host = rest[..<colon]
            guard let p = Int(rest[rest.index(after: colon)...]) else { return .failure(Invalid(reason: "has a bad port")) }
            port = p
        }
        if let p = port, !(1...65535).contains(p) { return .failure(Invalid(reason: "port \(p) is out of range 1...65535")) }
        if host.isEmpty { return .failure(Invalid(reason: "has no host")) }
        let allowed = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-_[]:")
        if host.unicodeScalars.contains(where: { !allowed.contains($0) }) { return .failure(Invalid(reason: "has a bad character in the host")) }
        return .success(S3Endpoint(https: https, host: String(host), port: port))
    }
}

/// The `s3` plugin's configuration (see docs/STORES.md).
public struct S3Config: Sendable {
    public enum Addressing: String, Sendable { case path, virtual }

    public var endpoint: S3Endpoint
    public var region: String
    public var bucket: String
    /// Prefix of every object name (e.g. "dittofs/"); may be empty.
    public var prefix: String
    public var addressing: Addressing
    public var credentials: AWSCredentials
    /// Where the credentials came from (for messages): "config", a file, "environment".
    public var credentialsSource: String
    public var timeouts: HTTPClient.Timeouts
    public var retry: RetryPolicy
    /// Blocks larger than this go up as multipart uploads.
    public var multipartThreshold: Int
    /// Size of each part but the last.
    public var partSize: Int
    /// Parts of one multipart upload in flight at once.
    public var multipartConcurrency: Int

    /// S3's smallest part (all but the last).
    public static let minPartSize = 5 << 20
    static let name = "s3"

    /// Parses and validates a JSON config. Credentials: `access_key_id` +
    /// `secret_access_key` (+ `session_token`) from the config, else from
    /// `credentials_file` (AWS ini format, section `profile`), else from
    /// AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY / AWS_SESSION_TOKEN in
    /// `environment`. Unknown keys fail naming the key.
    public static func parse(_ json: String, environment: [String: String]) throws -> S3Config {
        var cfg = try PluginConfig(text: json, plugin: name)
        let endpointText = try cfg.optionalString("endpoint")
        let region = try cfg.string("region", default: "us-east-1")
        let bucket = try cfg.string("bucket")
        let prefix = try cfg.string("prefix", default: "")
        let addressingText = try cfg.optionalString("addressing")
        let keyID = try cfg.optionalString("access_key_id")
        let secret = try cfg.optionalString("secret_access_key")
        let token = try cfg.optionalString("session_token")
        let credFile = try cfg.optionalString("credentials_file")
        let profile = try cfg.optionalString("profile")
        let connectMs = try cfg.int("connect_timeout_ms", default: 5000, range: 1...600_000)
        let requestMs = try cfg.int("request_timeout_ms", default: 300_000, range: 0...3_600_000)
        let idleMs = try cfg.int("idle_timeout_ms", default: 30_000, range: 1000...3_600_000)
        let maxRetries = try cfg.int("max_retries", default: 4, range: 0...20)
        let baseMs = try cfg.int("retry_base_ms", default: 100, range: 1...60_000)
        let maxMs = try cfg.int("retry_max_ms", default: 5000, range: 1...600_000)
        let threshold = try cfg.int("multipart_threshold", default: 16 << 20, range: minPartSize...(64 << 20))
        let partSize = try cfg.int("part_size", default: 8 << 20, range: minPartSize...(64 << 20))
        let partConcurrency = try cfg.int("multipart_concurrency", default: 4, range: 1...16)
        try cfg.finish()

        func bad(_ key: String, _ why: String) -> PluginError { .inval("\(name): key \"\(key)\" \(why)") }

        if region.isEmpty || !region.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-") }) {
            throw bad("region", "must be a region name like \"us-east-1\", got \"\(region)\"")
        }
        let endpoint: S3Endpoint
        if let endpointText {
            switch S3Endpoint.parse(endpointText) {
            case .success(let e): endpoint = e
            case .failure(let why): throw bad("endpoint", "= \"\(endpointText)\" \(why.reason)")
            }
        } else {
            endpoint = S3Endpoint(https: true, host: "s3.\(region).amazonaws.com", port: nil)
        }
        if bucket.isEmpty { throw bad("bucket", "must not be empty") }
        let bucketOK = (3...63).contains(bucket.count)
            && bucket.allSatisfy { ($0.isASCII && ($0.isLowercase || $0.isNumber)) || $0 == "-" || $0 == "." }
            && bucket.first!.isASCII && (bucket.first!.isLowercase || bucket.first!.isNumber)
        if !bucketOK {
            throw bad("bucket", "= \"\(bucket)\" is not a valid bucket name (3-63 of a-z 0-9 . -, starting with a letter or digit)")
        }
        if prefix.utf8.count > KeyCodec.maxPrefix { throw bad("prefix", "is longer than \(KeyCodec.maxPrefix) bytes") }
        if prefix.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }) {
            throw bad("prefix", "must not contain control characters")
        }
        let addressing: Addressing
        if let addressingText {
            guard let a = Addressing(rawValue: addressingText) else { throw bad("addressing", "must be \"path\" or \"virtual\", got \"\(addressingText)\"") }
            addressing = a
        } else {
            addressing = endpointText == nil ? .virtual : .path
        }
        if addressing == .virtual && endpoint.host.hasPrefix("[") {
            throw bad("addressing", "\"virtual\" needs a host name endpoint, not an IP literal")
        }

        // Credentials.
        let creds: AWSCredentials
        let source: String
        if keyID != nil || secret != nil {
            guard let keyID, !keyID.isEmpty else { throw bad("access_key_id", "is required with \"secret_access_key\"") }
            guard let secret, !secret.isEmpty else { throw bad("secret_access_key", "is required with \"access_key_id\"") }
            if credFile != nil { throw bad("credentials_file", "cannot be combined with \"access_key_id\"") }
            creds = AWSCredentials(accessKeyID: keyID, secretAccessKey: secret, sessionToken: token)
            source = "config"
        } else if let credFile {
            if token != nil { throw bad("session_token", "needs \"access_key_id\"; put aws_session_token in the file instead") }
            let section = profile ?? environment["AWS_PROFILE"] ?? "default"
            creds = try credentialsFromFile(credFile, profile: section)
            source = "\(credFile) [\(section)]"
        } else if let k = environment["AWS_ACCESS_KEY_ID"], !k.isEmpty,
                  let s = environment["AWS_SECRET_ACCESS_KEY"], !s.isEmpty {
            if token != nil { throw bad("session_token", "needs \"access_key_id\"") }
            creds = AWSCredentials(accessKeyID: k, secretAccessKey: s, sessionToken: environment["AWS_SESSION_TOKEN"])
            source = "environment"
        } else {
            throw PluginError.inval("\(name): no credentials: set \"access_key_id\" and \"secret_access_key\", or \"credentials_file\", or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY in the environment")
        }
        if profile != nil && credFile == nil { throw bad("profile", "needs \"credentials_file\"") }

        return S3Config(
            endpoint: endpoint, region: region, bucket: bucket, prefix: prefix, addressing: addressing,
            credentials: creds, credentialsSource: source,
            timeouts: .init(connectMs: connectMs, requestMs: requestMs, idleSeconds: (idleMs + 999) / 1000),
            retry: RetryPolicy(maxRetries: maxRetries, baseDelayMs: baseMs, maxDelayMs: max(maxMs, baseMs)),
            multipartThreshold: threshold, partSize: partSize, multipartConcurrency: partConcurrency)
    }

    /// Reads `[profile]` of an AWS credentials file (ini: `key = value`).
    static func credentialsFromFile(_ path: String, profile: String) throws -> AWSCredentials {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8) else {
            throw PluginError.inval("\(name): key \"credentials_file\": cannot read \"\(path)\"")
        }
        var section: String?
        var values: [String: String] = [:]
        for raw in text.split(whereSeparator: \.isNewline) {
            let line = raw.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("[") && line.hasSuffix("]") {
                section = String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces)
                continue
            }
            guard section == profile, let eq = line.firstIndex(of: "=") else { continue }
            values[line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()] =
                line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
        }
        guard let k = values["aws_access_key_id"], !k.isEmpty, let s = values["aws_secret_access_key"], !s.isEmpty else {
            throw PluginError.inval("\(name): key \"credentials_file\": \"\(path)\" has no aws_access_key_id and aws_secret_access_key in [\(profile)]")
        }
        return AWSCredentials(accessKeyID: k, secretAccessKey: s, sessionToken: values["aws_session_token"])
    }
}
