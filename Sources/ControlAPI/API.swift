import ControlModels
import Foundation
import Hummingbird
import Logging
import NIOCore
import Synchronization

/// The REST API: routes under `/api/v1` (table in ControlModels'
/// `Endpoints.swift`), health checks, and the OpenAPI document, over a
/// `ControlPlane`. Build the router with `router()` and serve it with
/// Hummingbird (`APIServer`).
public final class API: Sendable {
    public let plane: ControlPlane
    let tokens: TokenService
    let limiter = Mutex(LoginLimiter())
    let log: Logger

    public init(plane: ControlPlane, tokens: TokenService, logger: Logger = Logger(label: "dfs.api")) {
        self.plane = plane
        self.tokens = tokens
        self.log = logger
    }

    public func router() -> Router<APIContext> {
        let router = Router(context: APIContext.self)
        router.add(middleware: ProblemMiddleware(log: log))
        router.add(middleware: AuthMiddleware(api: self))
        addHealthRoutes(router)
        let v1 = router.group("api/v1")
        addAuthRoutes(v1)
        addUserRoutes(v1)
        addGroupRoutes(v1)
        addShareRoutes(v1)
        addStoreRoutes(v1)
        addAdapterRoutes(v1)
        addSystemRoutes(v1)
        return router
    }

    // MARK: helpers

    static let encoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return e
    }()

    /// A JSON response.
    static func json<T: Encodable>(_ value: T, status: HTTPResponse.Status = .ok) throws -> Response {
        let data = try encoder.encode(value)
        return Response(status: status, headers: [.contentType: "application/json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    static func noContent() -> Response { Response(status: .noContent) }

    static func problemResponse(_ p: Problem) -> Response {
        let data = (try? encoder.encode(p)) ?? Data("{\"title\":\"error\",\"status\":\(p.status)}".utf8)
        return Response(status: HTTPResponse.Status(code: p.status), headers: [.contentType: "application/problem+json"],
                        body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }

    /// Decode a JSON body as `T` (400 naming the field when malformed).
    static func body<T: Decodable>(_ request: Request, _ context: APIContext, as: T.Type) async throws -> T {
        let buffer = try await request.body.collect(upTo: context.maxUploadSize)
        guard buffer.readableBytes > 0 else { throw ControlError(.invalid, "this request needs a JSON body") }
        do {
            return try JSONDecoder().decode(T.self, from: Data(buffer.readableBytesView))
        } catch let e as DecodingError {
            throw ControlError(.invalid, "malformed JSON body: \(ProblemMapping.describe(e))")
        }
    }

    /// Run blocking control-plane work off the event loop.
    func run<T: Sendable>(_ body: @escaping @Sendable (ControlPlane) throws -> T) async throws -> T {
        let plane = self.plane
        return try await plane.run { try body(plane) }
    }
}
