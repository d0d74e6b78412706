import CCurl
import PluginKit

/// One HTTP exchange over libcurl. Thread-safe: every call takes an easy
/// handle from a pool and gives it back, so connections (and curl's DNS
/// cache) are reused across requests of all threads.
public final class HTTPClient: @unchecked Sendable {
    /// Where the body of the request comes from (borrowed for the call).
    public enum Body {
        case none
        case bytes(UnsafeRawBufferPointer)
    }

    /// Where a successful (2xx) response body goes. Error bodies (other
    /// statuses) are always collected in `Response.body` (up to 64 KiB).
    public enum Sink {
        /// Collect in `Response.body`.
        case collect
        /// Copy into a caller buffer; on a 200 (not 206) skip the first
        /// `skipOn200` bytes (a server that ignored the Range header).
        case buffer(UnsafeMutableRawBufferPointer, skipOn200: UInt64)
    }

    public struct Response: Sendable {
        public var status: Int
        /// Header names in lower case; the last value wins.
        public var headers: [String: String]
        /// The collected body (error bodies, or all with `.collect`).
        public var body: [UInt8]
        /// Bytes written into a `.buffer` sink.
        public var written: Int
        public var text: Substring { Substring(String(decoding: body, as: UTF8.self)) }
    }

    /// No response at all (connection, DNS, TLS, timeout).
    public struct TransportError: Error, CustomStringConvertible {
        public var code: Int
        public var message: String
        public var timedOut: Bool
        public var description: String { message }
    }

    /// Limits of every request.
    public struct Timeouts: Sendable, Equatable {
        public var connectMs: Int
        /// Whole request; 0: none.
        public var requestMs: Int
        /// Abort when no byte moved for this long (seconds, at least 1).
        public var idleSeconds: Int

        public init(connectMs: Int, requestMs: Int, idleSeconds: Int) {
            self.connectMs = connectMs
            self.requestMs = requestMs
            self.idleSeconds = idleSeconds
        }
    }

    private final class Handle {
        let curl: UnsafeMutableRawPointer
        let errbuf = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
        init?() {
            guard let c = curl_easy_init() else { return nil }
            curl = c
        }
        deinit {
            curl_easy_cleanup(curl)
            errbuf.deallocate()
        }
    }

    private let pool = PthreadLock<[Handle]>([])
    public let timeouts: Timeouts

    public init(timeouts: Timeouts) {
        self.timeouts = timeouts
        _ = Self.globalInit
    }

    /// libcurl's process-wide initialisation, once.
    private static let globalInit: Void = { _ = curl_global_init(Int(CURL_GLOBAL_DEFAULT)) }()

    private func take() throws -> Handle {
        if let h = pool.withLock({ $0.popLast() }) {
            curl_easy_reset(h.curl)
            return h
        }
        guard let h = Handle() else { throw TransportError(code: -1, message: "curl_easy_init failed", timedOut: false) }
        return h
    }

    private func give(_ h: Handle) { pool.withLock { $0.append(h) } }

    /// Performs one request. Throws `TransportError` when no response came.
    public func perform(method: String, url: String, headers: [(String, String)], body: Body = .none,
                        sink: Sink = .collect) throws -> Response {
        let h = try take()
        var reusable = true
        defer { if reusable { give(h) } }
        let ex = HTTPExchange(sink: sink)
        let exPtr = Unmanaged.passRetained(ex)
        defer { exPtr.release() }
        let c = h.curl
        h.errbuf[0] = 0

        var list: UnsafeMutablePointer<curl_slist>? = nil
        defer { curl_slist_free_all(list) }
        for (k, v) in headers { list = curl_slist_append(list, "\(k): \(v)") }
        list = curl_slist_append(list, "Expect:")

        _ = dfs_curl_setopt_ptr(c, CURLOPT_URL, url)
        _ = dfs_curl_setopt_long(c, CURLOPT_NOSIGNAL, 1)
        _ = dfs_curl_setopt_ptr(c, CURLOPT_ERRORBUFFER, h.errbuf)
        _ = dfs_curl_setopt_long(c, CURLOPT_CONNECTTIMEOUT_MS, timeouts.connectMs)
        _ = dfs_curl_setopt_long(c, CURLOPT_TIMEOUT_MS, timeouts.requestMs)
        _ = dfs_curl_setopt_long(c, CURLOPT_LOW_SPEED_LIMIT, 1)
        _ = dfs_curl_setopt_long(c, CURLOPT_LOW_SPEED_TIME, max(1, timeouts.idleSeconds))
        _ = dfs_curl_setopt_ptr(c, CURLOPT_HEADERDATA, exPtr.toOpaque())
        _ = dfs_curl_setopt_datacb(c, CURLOPT_HEADERFUNCTION, headerCallback)
        _ = dfs_curl_setopt_ptr(c, CURLOPT_WRITEDATA, exPtr.toOpaque())
        _ = dfs_curl_setopt_datacb(c, CURLOPT_WRITEFUNCTION, writeCallback)

        var bodyBytes: UnsafeRawBufferPointer?
        if case .bytes(let b) = body { bodyBytes = b }
        switch method {
        case "HEAD":
            _ = dfs_curl_setopt_long(c, CURLOPT_NOBODY, 1)
        case "PUT":
            ex.upload = bodyBytes ?? UnsafeRawBufferPointer(start: nil, count: 0)
            _ = dfs_curl_setopt_long(c, CURLOPT_UPLOAD, 1)
            _ = dfs_curl_setopt_ptr(c, CURLOPT_READDATA, exPtr.toOpaque())
            _ = dfs_curl_setopt_datacb(c, CURLOPT_READFUNCTION, readCallback)
            _ = dfs_curl_setopt_off(c, CURLOPT_INFILESIZE_LARGE, curl_off_t(bodyBytes?.count ?? 0))
        case "POST":
            _ = dfs_curl_setopt_long(c, CURLOPT_POST, 1)
            _ = dfs_curl_setopt_off(c, CURLOPT_POSTFIELDSIZE_LARGE, curl_off_t(bodyBytes?.count ?? 0))
            _ = dfs_curl_setopt_ptr(c, CURLOPT_POSTFIELDS, bodyBytes?.baseAddress ?? UnsafeRawPointer(h.errbuf))
        case "GET":
            _ = dfs_curl_setopt_long(c, CURLOPT_HTTPGET, 1)
        default:
            _ = dfs_curl_setopt_ptr(c, CURLOPT_CUSTOMREQUEST, method)
        }
        _ = dfs_curl_setopt_slist(c, CURLOPT_HTTPHEADER, list)

        let rc = curl_easy_perform(c)
        if rc != CURLE_OK {
            reusable = false // a handle that failed mid-transfer may hold a broken connection
            let detail = String(cString: h.errbuf)
            let msg = detail.isEmpty ? String(cString: curl_easy_strerror(rc)) : detail
            throw TransportError(code: Int(rc.rawValue), message: msg, timedOut: rc == CURLE_OPERATION_TIMEDOUT)
        }
        var status = 0
        _ = dfs_curl_getinfo_long(c, CURLINFO_RESPONSE_CODE, &status)
        return Response(status: status, headers: ex.headers, body: ex.body, written: ex.written)
    }
}

/// State shared with the C callbacks of one exchange.
private final class HTTPExchange {
    var status = 0
    var headers: [String: String] = [:]
    var body: [UInt8] = []
    var sink: HTTPClient.Sink
    var written = 0
    var skipped: UInt64 = 0
    var upload: UnsafeRawBufferPointer?
    var uploaded = 0
    /// Error bodies are kept up to this size.
    static let maxErrorBody = 64 * 1024

    init(sink: HTTPClient.Sink) { self.sink = sink }

    func header(_ line: String) {
        if line.hasPrefix("HTTP/") {
            let parts = line.split(separator: " ", maxSplits: 2)
            status = parts.count > 1 ? Int(parts[1]) ?? 0 : 0
            headers = [:]
            return
        }
        guard let colon = line.firstIndex(of: ":") else { return }
        let name = line[..<colon].lowercased()
        headers[name] = String(line[line.index(after: colon)...]).trimming(" \t")
    }

    /// False aborts the transfer.
    func write(_ data: UnsafeRawBufferPointer) -> Bool {
        if status >= 200 && status < 300, case .buffer(let buf, let skip) = sink {
            var src = data
            if status == 200 && skipped < skip {
                let n = Int(min(UInt64(src.count), skip - skipped))
                skipped += UInt64(n)
                src = UnsafeRawBufferPointer(rebasing: src[n...])
            }
            let n = min(src.count, buf.count - written)
            if n > 0 {
                UnsafeMutableRawBufferPointer(rebasing: buf[written..<(written + n)]).copyMemory(from: UnsafeRawBufferPointer(rebasing: src[..<n]))
                written += n
            }
            return true // bytes past the buffer are dropped (a 200 with more than asked)
        }
        if case .collect = sink, status >= 200 && status < 300 {
            body.append(contentsOf: data)
            return true
        }
        if body.count < Self.maxErrorBody { body.append(contentsOf: data.prefix(Self.maxErrorBody - body.count)) }
        return true
    }

    func read(_ out: UnsafeMutableRawBufferPointer) -> Int {
        guard let up = upload, let base = up.baseAddress else { return 0 }
        let n = min(out.count, up.count - uploaded)
        if n > 0 {
            out.baseAddress!.copyMemory(from: base + uploaded, byteCount: n)
            uploaded += n
        }
        return n
    }
}

private let headerCallback: dfs_curl_data_cb = { ptr, size, n, ud in
    let total = size * n
    guard let ptr, let ud else { return total }
    let ex = Unmanaged<HTTPExchange>.fromOpaque(ud).takeUnretainedValue()
    let line = String(decoding: UnsafeRawBufferPointer(start: ptr, count: total), as: UTF8.self)
        .trimming("\r\n")
    ex.header(line)
    return total
}

private let writeCallback: dfs_curl_data_cb = { ptr, size, n, ud in
    let total = size * n
    guard let ud else { return 0 }
    let ex = Unmanaged<HTTPExchange>.fromOpaque(ud).takeUnretainedValue()
    return ex.write(UnsafeRawBufferPointer(start: ptr, count: total)) ? total : 0
}

private let readCallback: dfs_curl_data_cb = { ptr, size, n, ud in
    guard let ptr, let ud else { return 0 }
    let ex = Unmanaged<HTTPExchange>.fromOpaque(ud).takeUnretainedValue()
    return ex.read(UnsafeMutableRawBufferPointer(start: ptr, count: size * n))
}

extension String {
    /// Without leading and trailing Unicode scalars of `set` (scalars, not
    /// Characters: "\r\n" is one Character).
    func trimming(_ set: String) -> String {
        let drop = Set(set.unicodeScalars)
        var s = Substring(self).unicodeScalars
        while let l = s.last, drop.contains(l) { s.removeLast() }
        while let f = s.first, drop.contains(f) { s.removeFirst() }
        return String(s)
    }
}
