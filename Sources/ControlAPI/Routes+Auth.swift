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
            guard let token = await self.tokens.verify(body.refreshToken, as: .refresh) else {
                throw ControlError(.unauthorized, "the refresh token is invalid or expired; log in again")
            }
            guard let (user, epoch) = try? await self.run({ try $0.db.userWithTokenEpoch(named: token.user) }) else {
                throw ControlError(.unauthorized, "the user of this token no longer exists")
            }
            guard epoch == token.epoch else {
                throw ControlError(.unauthorized, "this session has ended (logout or password change); log in again")
            }
            return try API.json(try await self.tokenPair(for: user))
        }

        // Ends every session of the caller: their access and refresh tokens,
        // on every client, are refused from now on.
        g.post("auth/logout") { _, context in
            let me = try context.user()
            try await self.run { try $0.db.revokeTokens(user: me.username) }
            return API.noContent()
        }
    }

    func tokenPair(for user: User) async throws -> TokenPair {
        let accessTTL = plane.settings.int("auth.access_token_ttl")
        let refreshTTL = plane.settings.int("auth.refresh_token_ttl")
        let epoch = try await run { try $0.db.tokenEpoch(user: user.name) }
        return TokenPair(accessToken: try await tokens.issue(.access, user: user.name, epoch: epoch, ttl: accessTTL),
                         refreshToken: try await tokens.issue(.refresh, user: user.name, epoch: epoch, ttl: refreshTTL),
                         expiresIn: accessTTL, username: user.name, role: user.role)
    }
}
