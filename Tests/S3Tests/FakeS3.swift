import Foundation
import PluginKit
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// A scripted HTTP/1.1 server on 127.0.0.1 for the retry and abort paths
/// that a real service cannot be made to take on demand. Answers each
/// request with `respond(method, target)` and closes the connection.
/// Records the requests it saw.
final class FakeS3: @unchecked Sendable {
    struct Request: Sendable { var method: String; var target: String }
    typealias Responder = @Sendable (_ method: String, _ target: String, _ index: Int) -> (Int, String)

    let port: Int
    private let fd: Int32
    private let respond: Responder
    private let seen = PthreadLock<[Request]>([])
    private let thread: Thread

    var requests: [Request] { seen.withLock { $0 } }
    var endpoint: String { "http://127.0.0.1:\(port)" }

    init(_ respond: @escaping Responder) throws {
        self.respond = respond
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var one: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
        var addr = sockaddr_in()
        addr.sin_family = sa_family_t(AF_INET)
        addr.sin_addr.s_addr = inet_addr("127.0.0.1")
        var len = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ok = withUnsafeMutablePointer(to: &addr) { p in
            p.withMemoryRebound(to: sockaddr.self, capacity: 1) { sp in
                bind(fd, sp, len) == 0 && getsockname(fd, sp, &len) == 0 && listen(fd, 16) == 0
            }
        }
        try #require(ok, "fake S3 server: bind/listen failed")
        self.fd = fd
        port = Int(UInt16(bigEndian: addr.sin_port))
        let box = Box()
        thread = Thread { box.server?.serve() }
        box.server = self
        thread.start()
    }

    private final class Box: @unchecked Sendable { weak var server: FakeS3? }

    private let done = DispatchSemaphore(value: 0)

    /// Stops accepting and waits for the accept loop to end. The loop closes
    /// the socket itself, so its descriptor number cannot be reused by
    /// another test's socket while the loop might still call accept() on it.
    func stop() {
        shutdown(fd, Int32(SHUT_RDWR))
        done.wait()
    }

    private func serve() {
        defer {
            close(fd)
            done.signal()
        }
        while true {
            let c = accept(fd, nil, nil)
            if c < 0 { return }
            handle(c)
            close(c)
        }
    }

    private func handle(_ c: Int32) {
        var data = [UInt8]()
        var buf = [UInt8](repeating: 0, count: 65536)
        var headerEnd: Int?
        var contentLength = 0
        while true {
            let n = read(c, &buf, buf.count)
            if n <= 0 { return }
            data += buf[0..<n]
            if headerEnd == nil, let r = findCRLFCRLF(data) {
                headerEnd = r
                let head = String(decoding: data[0..<r], as: UTF8.self).lowercased()
                for line in head.split(separator: "\r\n") where line.hasPrefix("content-length:") {
                    contentLength = Int(line.dropFirst(15).trimmingCharacters(in: .whitespaces)) ?? 0
                }
            }
            if let h = headerEnd, data.count >= h + 4 + contentLength { break }
        }
        let requestLine = String(decoding: data.prefix { $0 != 0x0D }, as: UTF8.self).split(separator: " ")
        guard requestLine.count >= 2 else { return }
        let method = String(requestLine[0]), target = String(requestLine[1])
        let index = seen.withLock { s in s.append(Request(method: method, target: target)); return s.count - 1 }
        let (status, body) = respond(method, target, index)
        // HEAD: the body's length is reported, the body not sent.
        let reply = "HTTP/1.1 \(status) X\r\nContent-Length: \(body.utf8.count)\r\nETag: \"etag\(index)\"\r\nConnection: close\r\n\r\n"
            + (method == "HEAD" ? "" : body)
        _ = reply.withCString { write(c, $0, strlen($0)) }
    }

    private func findCRLFCRLF(_ d: [UInt8]) -> Int? {
        guard d.count >= 4 else { return nil }
        for i in 0...(d.count - 4) where d[i] == 13 && d[i + 1] == 10 && d[i + 2] == 13 && d[i + 3] == 10 { return i }
        return nil
    }
}

func s3Error(_ code: String) -> String {
    "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>\(code)</Code><Message>scripted \(code)</Message></Error>"
}
