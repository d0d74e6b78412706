import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// A tiny HTTP/1.1 server on 127.0.0.1 for the tests: each connection
/// carries one request, answered by `handler` and closed. Records every
/// request so tests can check method, raw path, headers and body.
final class StubServer: @unchecked Sendable {
    struct Request: Sendable {
        var method: String
        /// The request target exactly as sent (percent-encoding kept).
        var path: String
        /// Lower-cased names.
        var headers: [String: String]
        var body: Data
        var json: [String: Any]? { try? JSONSerialization.jsonObject(with: body) as? [String: Any] }
    }

    struct Reply: Sendable {
        var status: Int
        var contentType: String = "application/json"
        var body: Data = Data()

        static func json(_ status: Int, _ text: String) -> Reply { Reply(status: status, body: Data(text.utf8)) }
        static func problem(_ status: Int, title: String, detail: String? = nil) -> Reply {
            var doc: [String: Any] = ["type": "about:blank", "title": title, "status": status]
            if let detail { doc["detail"] = detail }
            return Reply(status: status, contentType: "application/problem+json", body: try! JSONSerialization.data(withJSONObject: doc))
        }
        static let noContent = Reply(status: 204)
    }

    let port: UInt16
    var url: String { "http://127.0.0.1:\(port)" }
    private let listenFD: Int32
    private let handler: @Sendable (Request) -> Reply
    private let lock = NSLock()
    private var recorded: [Request] = []
    private var stopping = false
    private var thread: Thread?
    private let done = DispatchSemaphore(value: 0)

    init(handler: @escaping @Sendable (Request) -> Reply) throws {
        self.handler = handler
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        addr.sin_port = 0
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 16) == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        port = UInt16(bigEndian: addr.sin_port)
        listenFD = fd
        let t = Thread { [self] in acceptLoop() }
        thread = t
        t.start()
    }

    /// Every request received so far.
    var requests: [Request] { lock.withLock { recorded } }

    /// Stops accepting and waits for the accept thread (bounded by its poll timeout).
    func stop() {
        let already = lock.withLock { () -> Bool in defer { stopping = true }; return stopping }
        if already { return }
        done.wait()
        close(listenFD)
    }

    deinit { stop() }

    private var isStopping: Bool { lock.withLock { stopping } }

    private func acceptLoop() {
        defer { done.signal() }
        while !isStopping {
            var p = pollfd(fd: listenFD, events: Int16(POLLIN), revents: 0)
            guard poll(&p, 1, 50) > 0 else { continue }
            let c = accept(listenFD, nil, nil)
            if c < 0 { continue }
            var tv = timeval(tv_sec: 5, tv_usec: 0)
            setsockopt(c, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            serve(c)
            close(c)
        }
    }

    private func serve(_ fd: Int32) {
        var buffer = Data()
        var chunk = [UInt8](repeating: 0, count: 4096)
        func fill() -> Bool {
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { return false }
            buffer.append(contentsOf: chunk[0..<n])
            return true
        }
        let sep = Data("\r\n\r\n".utf8)
        var headerEnd = buffer.range(of: sep)
        while headerEnd == nil {
            guard buffer.count < 1 << 20, fill() else { return }
            headerEnd = buffer.range(of: sep)
        }
        let head = String(decoding: buffer[..<headerEnd!.lowerBound], as: UTF8.self)
        var lines = head.components(separatedBy: "\r\n")
        let requestLine = lines.removeFirst().split(separator: " ")
        guard requestLine.count >= 2 else { return }
        var headers: [String: String] = [:]
        for l in lines {
            guard let colon = l.firstIndex(of: ":") else { continue }
            headers[l[..<colon].lowercased()] = l[l.index(after: colon)...].trimmingCharacters(in: .whitespaces)
        }
        let length = Int(headers["content-length"] ?? "0") ?? 0
        let bodyStart = headerEnd!.upperBound
        while buffer.count - bodyStart < length { if !fill() { return } }
        let body = buffer.subdata(in: bodyStart..<(bodyStart + length))
        let req = Request(method: String(requestLine[0]), path: String(requestLine[1]), headers: headers, body: body)
        lock.withLock { recorded.append(req) }
        let reply = handler(req)
        var out = "HTTP/1.1 \(reply.status) Stub\r\nContent-Length: \(reply.body.count)\r\nConnection: close\r\n"
        if !reply.body.isEmpty { out += "Content-Type: \(reply.contentType)\r\n" }
        out += "\r\n"
        let bytes = Data(out.utf8) + reply.body
        bytes.withUnsafeBytes { raw in
            var off = 0
            while off < raw.count {
                let n = write(fd, raw.baseAddress! + off, raw.count - off)
                if n <= 0 { return }
                off += n
            }
        }
    }
}

/// Canned routes: "METHOD /path" → reply; anything else 404 (a problem document).
struct Routes: Sendable {
    var table: [String: StubServer.Reply]
    func handle(_ r: StubServer.Request) -> StubServer.Reply {
        table["\(r.method) \(r.path)"] ?? .problem(404, title: "Not Found", detail: "no route \(r.method) \(r.path)")
    }
}

/// A loopback port that refuses connections: bound (so no other test can
/// take it) but not listening. Closed at deinit.
final class RefusingPort {
    let port: UInt16
    private let fd: Int32
    var url: String { "http://127.0.0.1:\(port)" }

    init() throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EIO) }
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else { close(fd); throw POSIXError(.EADDRINUSE) }
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &addr) { $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &len) } }
        port = UInt16(bigEndian: addr.sin_port)
        self.fd = fd
    }

    deinit { close(fd) }
}
