import ControlModels
import Foundation
import Hummingbird

extension API {
    func addAuthRoutes(_ g: RouterGroup<APIContext>) {
        g.post("auth/login") { request, context in
            let body = try await API.body(request, context, as: LoginRequest.self)
            let limit = self.plane.settings.int("auth.login_attempts_per_minute")
            if let wait = self.limiter.withLock({ $0.retryAfter(context.clientAddress, limit: limit) }) {
                throw RateLimited(seconds: wait)
            }
            let user = try await self.run { try $0.db.verifyPassword(name: body.username, password: body.password) }
            guard let user else {
                self.limiter.withLock { $0.recordFailure(context.clientAddress) }
                throw ControlError(.unauthorized, "wrong user name or password")
            }
            return try API.json(try await self.tokenPair(for: user))
        }

        g.post("auth/refresh") { request, context in
            let body = try await API.body(request, context, as: RefreshRequest.self)
            guard let name = await self.tokens.verify(body.refreshToken, as: .refresh) else {
                throw ControlError(.unauthorized, "the refresh token is invalid or expired; log in again")
            }
            guard let user = try? await self.run({ try $0.user(name) }) else {
                throw ControlError(.unauthorized, "the user of this token no longer exists")
            }
            return try API.json(try await self.tokenPair(for: user))
        }
    }

    func tokenPair(for user: User) async throws -> TokenPair {
        let accessTTL = plane.settings.int("auth.access_token_ttl")
        let refreshTTL = plane.settings.int("auth.refresh_token_ttl")
        return TokenPair(accessToken: try await tokens.issue(.access, user: user.name, ttl: accessTTL),
                         refreshToken: try await tokens.issue(.refresh, user: user.name, ttl: refreshTTL),
                         expiresIn: accessTTL, username: user.name, role: user.role)
    }
}
