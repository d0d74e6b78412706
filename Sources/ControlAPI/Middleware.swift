import ControlModels
import Foundation
import HTTPTypes
import Hummingbird
import Logging

/// Outermost: a request id for every request (the client's `X-Request-Id`
/// when it sends a sane one), in the response and in the log line; every
/// error becomes a problem document; one log line per request.
struct ProblemMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let log: Logger

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        let started = ContinuousClock.now
        var id = request.headers[.xRequestID] ?? ""
        if id.isEmpty || id.count > 128 || !id.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_") }) {
            id = context.id
        }
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            let p = ProblemMapping.problem(for: error, instance: request.uri.path)
            response = API.problemResponse(p)
            if let limited = error as? RateLimited { response.headers[.retryAfter] = String(limited.seconds) }
        }
        response.headers[.xRequestID] = id
        let ms = (ContinuousClock.now - started).milliseconds
        log.info("\(request.method) \(request.uri.path) \(response.status.code) \(ms) ms",
                 metadata: ["request_id": .string(id), "user": .string(context.identity?.username ?? "-")])
        return response
    }
}

/// Reads `Authorization: Bearer <token>`; a valid access token of an
/// existing user sets `context.identity` (with the user's CURRENT role).
/// Routes decide whether they need it; a bad token on a route that needs
/// none is ignored, on one that does the route answers 401.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = APIContext
    let api: API

    func handle(_ request: Request, context: APIContext, next: (Request, APIContext) async throws -> Response) async throws -> Response {
        var context = context
        if let header = request.headers[.authorization] {
            let parts = header.split(separator: " ", maxSplits: 1)
            if parts.count != 2 || parts[0].lowercased() != "bearer" {
                context.authFailure = "the Authorization header must be \"Bearer <access token>\""
            } else if let token = await api.tokens.verify(String(parts[1]), as: .access) {
                let plane = api.plane
                if let (user, epoch) = try? await plane.run({ try plane.db.userWithTokenEpoch(named: token.user) }) {
                    if epoch == token.epoch {
                        context.identity = Identity(username: user.name, role: user.role)
                    } else {
                        context.authFailure = "this session has ended (logout or password change); log in again"
                    }
                } else {
                    context.authFailure = "the user of this token no longer exists"
                }
            } else {
                context.authFailure = "the access token is invalid or expired (refresh it with POST /api/v1/auth/refresh, or log in again)"
            }
        }
        return try await next(request, context)
    }
}

/// Too many failed logins from one address.
struct RateLimited: Error, CustomStringConvertible {
    let seconds: Int
    var description: String { "too many failed logins from this address; try again in \(seconds) s" }
}

extension HTTPField.Name {
    static let xRequestID = Self("X-Request-Id")!
}

extension Duration {
    var milliseconds: Int64 { components.seconds * 1000 + components.attoseconds / 1_000_000_000_000_000 }
}
