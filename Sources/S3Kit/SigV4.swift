#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// AWS credentials for signing.
public struct AWSCredentials: Sendable, Equatable {
    public var accessKeyID: String
    public var secretAccessKey: String
    /// Temporary credentials' token, sent as `x-amz-security-token`.
    public var sessionToken: String?

    public init(accessKeyID: String, secretAccessKey: String, sessionToken: String? = nil) {
        self.accessKeyID = accessKeyID
        self.secretAccessKey = secretAccessKey
        self.sessionToken = sessionToken
    }
}

/// A request as SigV4 sees it. Pure data; nothing is sent.
public struct SigV4Request: Sendable {
    /// Upper-case HTTP method.
    public var method: String
    /// The request path exactly as sent, already percent-encoded (S3 does not
    /// encode it a second time for the canonical request).
    public var path: String
    /// Query parameters, NOT encoded; `SigV4.canonicalQuery` encodes and sorts.
    public var query: [(String, String)]
    /// Headers to sign (must include `host`). Names are case-insensitive.
    public var headers: [(String, String)]
    /// Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`.
    public var payloadHash: String

    public init(method: String, path: String, query: [(String, String)] = [], headers: [(String, String)],
                payloadHash: String) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.payloadHash = payloadHash
    }
}

/// AWS Signature Version 4 (header form), pure functions. Each step is
/// public so tests can compare it with a reference implementation.
///
///     let signed = SigV4.sign(req, credentials: c, region: "us-east-1", service: "s3", time: now)
///     // send req.headers + signed.headers
public enum SigV4 {
    public static let unsignedPayload = "UNSIGNED-PAYLOAD"
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// RFC 3986 percent-encoding as SigV4 wants it: A-Z a-z 0-9 - _ . ~ kept,
    /// every other byte as %XX (upper-case hex); `/` kept when `keepSlash`.
    public static func uriEncode(_ text: String, keepSlash: Bool = false) -> String {
        uriEncode(bytes: Array(text.utf8), keepSlash: keepSlash)
    }

    /// `uriEncode` of raw bytes.
    public static func uriEncode(bytes: [UInt8], keepSlash: Bool = false) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count)
        for b in bytes {
            let unreserved = (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || (b >= 0x30 && b <= 0x39)
                || b == 0x2D || b == 0x5F || b == 0x2E || b == 0x7E || (keepSlash && b == 0x2F)
            if unreserved {
                out.append(b)
            } else {
                out += [0x25, hex[Int(b >> 4)], hex[Int(b & 0xF)]]
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Encoded `k=v` pairs sorted by encoded name then value, joined by `&`.
    /// Also the query string to put in the URL, so both always agree.
    public static func canonicalQuery(_ query: [(String, String)]) -> String {
        query.map { (uriEncode($0.0), uriEncode($0.1)) }
            .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            .map { "\($0.0)=\($0.1)" }
            .joined(separator: "&")
    }

    /// Header value as SigV4 canonicalises it: trimmed, inner runs of spaces
    /// collapsed to one.
    static func trimValue(_ v: String) -> String {
        var out = ""
        var lastSpace = false
        for ch in v.trimmingSpaces() {
            if ch == " " || ch == "\t" {
                if !lastSpace { out.append(" ") }
                lastSpace = true
            } else {
                out.append(ch)
                lastSpace = false
            }
        }
        return out
    }

    /// (canonical headers block, signed-headers list).
    public static func canonicalHeaders(_ headers: [(String, String)]) -> (String, String) {
        var merged: [String: [String]] = [:]
        for (k, v) in headers { merged[k.lowercased(), default: []].append(trimValue(v)) }
        let names = merged.keys.sorted()
        let block = names.map { "\($0):\(merged[$0]!.joined(separator: ","))\n" }.joined()
        return (block, names.joined(separator: ";"))
    }

    /// The canonical request (step 1).
    public static func canonicalRequest(_ r: SigV4Request) -> String {
        let (block, signed) = canonicalHeaders(r.headers)
        return [r.method, r.path.isEmpty ? "/" : r.path, canonicalQuery(r.query), block, signed, r.payloadHash]
            .joined(separator: "\n")
    }

    /// `YYYYMMDD'T'HHMMSS'Z'` and `YYYYMMDD` for a Unix time (UTC).
    public static func timestamps(_ time: Int) -> (amzDate: String, dateStamp: String) {
        var t = time_t(time)
        var tm = tm()
        gmtime_r(&t, &tm)
        func pad(_ n: Int32, _ w: Int) -> String {
            let s = String(n)
            return String(repeating: "0", count: max(0, w - s.count)) + s
        }
        let date = pad(tm.tm_year + 1900, 4) + pad(tm.tm_mon + 1, 2) + pad(tm.tm_mday, 2)
        return (date + "T" + pad(tm.tm_hour, 2) + pad(tm.tm_min, 2) + pad(tm.tm_sec, 2) + "Z", date)
    }

    /// `date/region/service/aws4_request`.
    public static func scope(dateStamp: String, region: String, service: String) -> String {
        "\(dateStamp)/\(region)/\(service)/aws4_request"
    }

    /// The string to sign (step 2).
    public static func stringToSign(canonicalRequest: String, amzDate: String, scope: String) -> String {
        [algorithm, amzDate, scope, Crypto.hex(Crypto.sha256(canonicalRequest))].joined(separator: "\n")
    }

    /// The signing key (step 3): HMAC chain over date, region, service.
    public static func signingKey(secret: String, dateStamp: String, region: String, service: String) -> [UInt8] {
        let kDate = Crypto.hmacSHA256(key: Array(("AWS4" + secret).utf8), Array(dateStamp.utf8))
        let kRegion = Crypto.hmacSHA256(key: kDate, Array(region.utf8))
        let kService = Crypto.hmacSHA256(key: kRegion, Array(service.utf8))
        return Crypto.hmacSHA256(key: kService, Array("aws4_request".utf8))
    }

    /// What signing adds to a request.
    public struct Signed: Sendable {
        /// Headers to send in addition to the request's own: `x-amz-date`,
        /// `x-amz-content-sha256`, `x-amz-security-token` (with a session
        /// token) and `Authorization`.
        public var headers: [(String, String)]
        public var canonicalRequest: String
        public var stringToSign: String
        public var signature: String
        public var authorization: String { headers.first { $0.0 == "Authorization" }!.1 }
    }

    /// Signs `request`: adds the x-amz-* headers to the signed set, then
    /// computes the Authorization header (steps 1–4).
    public static func sign(_ request: SigV4Request, credentials: AWSCredentials, region: String,
                            service: String, time: Int) -> Signed {
        let (amzDate, dateStamp) = timestamps(time)
        var extra: [(String, String)] = [("x-amz-date", amzDate), ("x-amz-content-sha256", request.payloadHash)]
        if let token = credentials.sessionToken, !token.isEmpty { extra.append(("x-amz-security-token", token)) }
        var r = request
        let extraNames = Set(extra.map(\.0))
        r.headers = r.headers.filter { !extraNames.contains($0.0.lowercased()) } + extra
        let creq = canonicalRequest(r)
        let sc = scope(dateStamp: dateStamp, region: region, service: service)
        let sts = stringToSign(canonicalRequest: creq, amzDate: amzDate, scope: sc)
        let key = signingKey(secret: credentials.secretAccessKey, dateStamp: dateStamp, region: region, service: service)
        let sig = Crypto.hex(Crypto.hmacSHA256(key: key, Array(sts.utf8)))
        let signedNames = canonicalHeaders(r.headers).1
        let auth = "\(algorithm) Credential=\(credentials.accessKeyID)/\(sc), SignedHeaders=\(signedNames), Signature=\(sig)"
        return Signed(headers: extra + [("Authorization", auth)], canonicalRequest: creq, stringToSign: sts, signature: sig)
    }
}

extension String {
    /// Without leading and trailing spaces and tabs.
    func trimmingSpaces() -> Substring {
        var s = Substring(self)
        while let f = s.first, f == " " || f == "\t" { s.removeFirst() }
        while let l = s.last, l == " " || l == "\t" { s.removeLast() }
        return s
    }
}
